import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

struct TimelinePageModel: Sendable {
    var account: Account
    var page: TimelineRepository.Page
    var sources: Set<TimelineSource>
}

extension PageHandlers {
    /// The account's story newest first: activities, portraits, moves and opportunities.
    func timelinePage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        // The filter's checkboxes send `sources` once each; the older-link sends them comma-separated.
        let sent = (request.uri.query ?? "").split(separator: "&").compactMap { pair -> String? in
            let parts = pair.split(separator: "=", maxSplits: 1)
            return parts.count == 2 && parts[0] == "sources" ? String(parts[1]).removingPercentEncoding : nil
        }
        let chosen = Set(sent.flatMap { $0.split(separator: ",") }.compactMap { TimelineSource(rawValue: String($0)) })
        let sources = chosen.isEmpty ? Set(TimelineSource.allCases) : chosen
        let account = try await store.accounts.get(id, caller: session.caller)
        let cursor = APISupport.query(request, "cursor").flatMap { TimelineCursor($0) == nil ? nil : $0 }
        let page = try await store.timeline.page(of: id, sources: sources, cursor: cursor, limit: 50, caller: session.caller)
        return Pages.response(TimelineView.render(Catalog(context.language), TimelinePageModel(account: account, page: page, sources: sources),
                                                  session: session))
    }
}

enum TimelineView {
    static func render(_ t: Catalog, _ m: TimelinePageModel, session: SignedInSession) -> HTML {
        Pages.layout(t, title: t.text("timeline.title", m.account.name), session: session) {
            h1 { t.text("timeline.title", m.account.name) }
            p {
                a(.href(Paths.account(m.account.id))) { t.text("purchases.back") }; " · "
                a(.href(Paths.activities(m.account.id))) { t.text("activity.open") }
            }
            form(.method("get"), .action(Paths.timeline(m.account.id)), .class("inline"), .id("timeline-filter")) {
                for source in TimelineSource.allCases {
                    label {
                        input(.type("checkbox"), .name("sources"), .value(source.rawValue), .checked(m.sources.contains(source)))
                        " "; t.label(source)
                    }
                    " "
                }
                button(.type("submit")) { t.text("timeline.filter") }
            }
            if m.page.items.isEmpty { p(.class("muted")) { t.text("timeline.empty") } }
            ol(.class("timeline"), .id("timeline")) {
                for entry in m.page.items {
                    li(.class("timeline-\(entry.source.rawValue)"), .id("timeline-\(entry.source.rawValue)-\(entry.id)")) {
                        span(.class("muted")) { t.date(entry.on) }; " "
                        span(.class("badge")) { t.label(entry.source) }; " "
                        line(t, entry, account: m.account.id)
                        if let actor = entry.actorName { " "; span(.class("muted")) { "— "; actor } }
                    }
                }
            }
            if let next = m.page.nextCursor {
                p { a(.href(olderLink(m, next)), .rel("next"), .id("timeline-older")) { t.text("activity.older") } }
            }
        }
    }

    static func olderLink(_ m: TimelinePageModel, _ next: String) -> String {
        var link = Paths.timeline(m.account.id) + "?cursor=" + next
        if m.sources.count < TimelineSource.allCases.count {
            link += "&sources=" + TimelineSource.allCases.filter(m.sources.contains).map(\.rawValue).joined(separator: ",")
        }
        return link
    }

    static func line(_ t: Catalog, _ entry: TimelineEntry, account: AccountID) -> HTML {
        HTML {
            switch entry.source {
            case .activity:
                if let kind = entry.activityKind { t.label(kind); ": " }
                a(.href(Paths.activity(entry.id))) { entry.title }
            case .portrait:
                let name = entry.personName.map(t.personName) ?? entry.title
                if let person = entry.personID { a(.href(Paths.person(person))) { name } } else { name }
                if let portrait = entry.portrait {
                    " "; t.text("timeline.portrait", String(portrait.closeness), String(portrait.recognition), String(portrait.priceAcceptance))
                }
                if let detail = entry.detail, !detail.isEmpty { " ("; detail; ")" }
            case .move:
                let field = entry.field.flatMap(TrackedAccountField.init(rawValue:))
                t.text("timeline.move", field.map { t.label($0) } ?? entry.title, moveValue(t, field, entry.from), moveValue(t, field, entry.to),
                       entry.detail ?? "")
            case .incident:
                if let severity = entry.field.flatMap(IncidentSeverity.init(rawValue:)) { t.label(severity); ": " }
                a(.href(Paths.incident(entry.id))) { entry.title }
                if let status = entry.to.flatMap(IncidentStatus.init(rawValue:)) { " ("; t.label(status); ")" }
            case .complaint:
                a(.href(Paths.complaints(account) + "#complaint-\(entry.id)")) { entry.title }
                if entry.to != nil { " ("; t.text("complaint.resolved"); ")" }
            case .opportunity:
                a(.href(Paths.opportunity(entry.id))) { entry.title }
                if let amount = entry.amount { " "; t.money(amount) }
                if let stage = entry.to.map(OpportunityStage.init(rawValue:)) { " ("; t.stageName(stage); ")" }
            }
        }
    }

    /// A moved value in the reader's words where it is one of ours (a stage, a status).
    static func moveValue(_ t: Catalog, _ field: TrackedAccountField?, _ raw: String?) -> String {
        guard let raw, !raw.isEmpty else { return "—" }
        switch field {
        case .scene: return LifecycleScene(rawValue: raw).map { t.label($0) } ?? raw
        case .stage: return RelationshipStage(rawValue: raw).map { t.label($0) } ?? raw
        case .status: return KeyAccountStatus(rawValue: raw).map { t.label($0) } ?? raw
        default: return raw
        }
    }
}
