import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

extension PageHandlers {
    func reviewReportPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let report = try await store.evaluations.report(caller: session.caller)
        return Pages.response(ReviewTrendViews.report(Catalog(context.language), report, session: session))
    }
}

enum ReviewTrendViews {
    static func report(_ t: Catalog, _ report: ReviewReport, session: SignedInSession) -> HTML {
        Pages.layout(t, title: t.text("review_report.title"), session: session) {
            h1 { t.text("review_report.title") }
            p { a(.href(Paths.reviews)) { t.text("nav.reviews") } }
            p(.class("muted")) { t.text("review_report.since", t.date(report.since)) }
            section(.class("card"), .id("portfolio-trend")) {
                h2 { t.text("review_report.trend") }
                dl(.class("figures")) {
                    for (direction, count) in [(TrendDirection.improved, report.trend.improved), (.declined, report.trend.declined),
                                               (.unchanged, report.trend.unchanged), (.unknown, report.trend.unknown)] {
                        dt { t.label(direction) }
                        dd(.id("trend-\(direction.rawValue)")) { t.number(count) }
                    }
                }
            }
            h2 { t.text("review_report.by_team") }
            table(t, rows: report.byTeam, id: "on-time-by-team", label: { $0.key.isEmpty ? t.text("review_report.no_team") : $0.key })
            h2 { t.text("review_report.by_class") }
            table(t, rows: report.byClass, id: "on-time-by-class",
                  label: { row in row.key.isEmpty ? t.text("review_report.no_class") : AccountClass(rawValue: row.key).map { t.label($0) } ?? row.key })
            p(.id("on-time-total")) { t.text("review_report.total", report.total.percent.map { t.percent(Double($0) / 100) } ?? "—") }
        }
    }

    static func table(_ t: Catalog, rows: [OnTimeRow], id: String, label: (OnTimeRow) -> String) -> HTML {
        KAMHTML.table(.id(id)) {
            thead {
                tr {
                    th(.scope("col")) { "" }; th(.scope("col")) { t.text("review_report.accounts") }; th(.scope("col")) { t.text("review_report.held") }
                    th(.scope("col")) { t.text("review_report.on_time") }; th(.scope("col")) { t.text("review_report.overdue") }
                    th(.scope("col")) { t.text("review_report.share") }
                }
            }
            tbody {
                for row in rows {
                    tr(.data("key", row.key)) {
                        th(.scope("row")) { label(row) }
                        td { t.number(row.accounts) }; td { t.number(row.share.held) }; td { t.number(row.share.onTime) }
                        td { t.number(row.share.overdue) }
                        td(.class("share")) { row.percent.map { t.percent(Double($0) / 100) } ?? "—" }
                    }
                }
            }
        }
    }

    /// The account's scores as a line and its reviews as marks along the bottom, coloured by result.
    static func trend(_ t: Catalog, _ reviews: AccountReviews, timeZone: String) -> HTML {
        let f = SVGNumber.format
        let (width, height, margin) = (560.0, 200.0, 36.0)
        let times = reviews.scores.map(\.scoredAt.timeIntervalSince1970) + reviews.held.map { Double($0.heldOn.daysSince1970) * 86_400 }
        let start = times.min() ?? 0, end = max(times.max() ?? 1, start + 86_400)
        func x(_ time: Double) -> Double { margin + (time - start) / (end - start) * (width - 2 * margin) }
        func y(_ score: Double) -> Double { height - margin - min(max(score, 0), 100) / 100 * (height - 2 * margin) }
        let direction = TrendDirection(scores: reviews.scores.map(\.total))
        return figure(.id("review-trend")) {
            h2 { t.text("reviews.trend") }
            if times.isEmpty {
                p(.class("muted"), .id("no-trend")) { t.text("reviews.no_trend") }
            } else {
                p { t.text("reviews.direction"); ": "; span(.class("badge"), .id("trend-direction")) { t.label(direction) } }
                svg(.attr("viewBox", "0 0 \(f(width)) \(f(height))"), .attr("width", f(width)), .attr("height", f(height)), .role("img"),
                    .ariaLabel(t.text("reviews.trend")), .id("trend-svg")) {
                    rect(.attr("x", f(margin)), .attr("y", f(margin)), .attr("width", f(width - 2 * margin)), .attr("height", f(height - 2 * margin)),
                         .class("plot"))
                    for score in [0.0, 50, 100] {
                        svgText(.attr("x", f(margin - 6)), .attr("y", f(y(score) + 4)), .attr("text-anchor", "end"), .class("axis-label")) { f(score) }
                    }
                    if reviews.scores.count > 1 {
                        polyline(.attr("points", reviews.scores.map { "\(f(x($0.scoredAt.timeIntervalSince1970))),\(f(y($0.total)))" }.joined(separator: " ")),
                                 .class("trend-line"))
                    }
                    for point in reviews.scores {
                        circle(.attr("cx", f(x(point.scoredAt.timeIntervalSince1970))), .attr("cy", f(y(point.total))), .attr("r", "4"), .class("score-dot")) {
                            title { t.dateTime(point.scoredAt, timeZone: timeZone) + " · " + t.decimal(point.total) }
                        }
                    }
                    for evaluation in reviews.held {
                        rect(.attr("x", f(x(Double(evaluation.heldOn.daysSince1970) * 86_400) - 4)), .attr("y", f(height - margin + 6)), .attr("width", "8"),
                             .attr("height", "8"), .class("review-mark result-\(evaluation.result.rawValue)")) {
                            title { t.date(evaluation.heldOn) + " · " + t.label(evaluation.kind) + " · " + t.label(evaluation.result) }
                        }
                    }
                }
            }
        }
    }
}
