import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

extension PageHandlers {
    /// The board of large opportunities by stage, the weighted forecast by quarter and cycle times,
    /// over the accounts the user may see (`?mine=true`: their own opportunities).
    func pipelinePage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        var query = try APIHandlers.pipelineQuery(request)
        let mine = APISupport.query(request, "mine") == "true"
        if mine { query.ownerID = session.user.id }
        let board = try await store.pipeline.board(query, caller: session.caller)
        let forecast = try await store.pipeline.forecast(query, caller: session.caller)
        return Pages.response(PipelineView.render(Catalog(context.language), board: board, forecast: forecast, process: try await salesProcess(),
                                                  mine: mine, session: session))
    }
}

enum PipelineView {
    static func render(_ t: Catalog, board: PipelineBoard, forecast: ForecastReport, process: SalesProcess, mine: Bool,
                       session: SignedInSession) -> HTML {
        Pages.layout(t, title: t.text("pipeline.title"), session: session) {
            h1 { t.text("pipeline.title") }
            p {
                if mine { a(.href(Paths.pipeline), .id("pipeline-all")) { t.text("pipeline.all") } }
                else { a(.href(Paths.pipeline + "?mine=true"), .id("pipeline-mine")) { t.text("pipeline.mine") } }
                " · "; a(.href(Paths.opportunities + "?track=fast_track")) { t.text("pipeline.fast_track_list") }
                " · "; a(.href(Paths.salesProcess)) { t.text("nav.sales_process") }
            }
            div(.class("board"), .id("pipeline-board")) {
                for column in board.columns {
                    section(.class("board-column"), .data("stage", column.stage.rawValue)) {
                        h2 { t.stageName(column.stage, process: process); " "; span(.class("muted")) { t.text("pursuit.percent", String(column.probabilityPercent)) } }
                        p(.class("board-sum")) {
                            t.text("pipeline.column_sum", t.number(column.count), t.money(column.amount), t.money(column.weighted))
                        }
                        ul(.class("cards")) {
                            for card in column.cards {
                                li(.class("card")) {
                                    a(.href(Paths.opportunity(card.opportunity.id)), .class("opportunity-card")) { card.opportunity.name }
                                    br()
                                    span(.class("muted")) { card.accountName; " · "; card.ownerName }
                                    br()
                                    t.money(card.opportunity.amount); " · "; card.opportunity.expectedClose.map(t.date) ?? t.text("pipeline.no_close")
                                }
                            }
                        }
                        if column.count > column.cards.count {
                            p { a(.href(Paths.opportunities + "?track=staged&stage=\(column.stage.rawValue)")) {
                                t.text("pipeline.more", t.number(column.count - column.cards.count)) } }
                        }
                    }
                }
            }
            forecastTable(t, forecast, process: process)
            h2 { t.text("pipeline.cycle_title") }
            table(.id("cycle-times")) {
                thead { tr { th(.scope("col")) { t.text("opportunity.track") }; th(.scope("col")) { t.text("pipeline.won_count") }
                             th(.scope("col")) { t.text("pipeline.average_days") }; th(.scope("col")) { t.text("pipeline.median_days") } } }
                tbody {
                    for cycle in board.cycleTimes {
                        tr {
                            td { t.label(cycle.track) }
                            td(.class("number")) { t.number(cycle.wonCount) }
                            td(.class("number")) { cycle.averageDays.map { t.decimal($0) } ?? "—" }
                            td(.class("number")) { cycle.medianDays.map(String.init) ?? "—" }
                        }
                    }
                }
            }
        }
    }

    static func forecastTable(_ t: Catalog, _ forecast: ForecastReport, process: SalesProcess) -> HTML {
        section(.id("forecast")) {
            h2 { t.text("pipeline.forecast_title", forecast.reportingCurrency) }
            if !forecast.unconvertedCurrencies.isEmpty {
                p(.class("notice"), .role("status")) { t.text("pipeline.unconverted", forecast.unconvertedCurrencies.joined(separator: ", ")) }
            }
            table(.id("forecast-table")) {
                thead {
                    tr {
                        th(.scope("col")) { t.text("pipeline.period") }; th(.scope("col")) { t.text("pipeline.open") }
                        th(.scope("col")) { t.text("pipeline.pipeline") }; th(.scope("col")) { t.text("pipeline.weighted") }
                        th(.scope("col")) { t.text("pipeline.won") }
                    }
                }
                tbody {
                    for period in forecast.periods + [forecast.total] {
                        tr(.class(period.period == "total" ? "total" : "")) {
                            th(.scope("row")) { period.period == "total" ? t.text("pipeline.total") : period.period }
                            td(.class("number")) { t.number(period.openCount) }
                            td(.class("number")) { t.money(period.pipeline) }
                            td(.class("number weighted")) { t.money(period.weighted) }
                            td(.class("number")) { t.money(period.won); " ("; t.number(period.wonCount); ")" }
                        }
                    }
                }
            }
            if forecast.undatedOpenCount > 0 { p(.class("muted")) { t.text("pipeline.undated", t.number(forecast.undatedOpenCount)) } }
        }
    }
}
