import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

/// What the map page shows: the account, its map, and whether hypotheses are hidden.
struct RelationshipMapModel {
    var accountID: AccountID
    var accountName: String
    var map: AccountRelationshipMap
    var hideHypotheses: Bool
    var today: CalendarDate
    /// Set when the map shows one opportunity's decision chain rather than the account's.
    var opportunity: (id: OpportunityID, name: String, chain: DecisionChain)? = nil
    /// Whether the caller may record and change connections here, and the form as last typed.
    var canEdit = false
    /// The strongest chain the user asked for (`?from=&to=`), nil when none reaches, absent when not asked.
    var bestPath: (from: PersonID?, to: PersonID, chain: RelationshipMap.InfluenceChain?)? = nil
    var form = FormState(values: ["kind": ConnectionKind.influence.rawValue, "strength": "3",
                                  "stance": RelationshipMap.Stance.neutral.rawValue,
                                  "status": RelationshipMap.InfluenceStatus.hypothesis.rawValue])

    /// Which page of the connections table is shown (`?page=`), 0 first; of the people table (`?people_page=`).
    var connectionsPage = 0
    var peoplePage = 0
    /// The day of the org chart shown on an account's map (`?on=`), nil for today; the field as typed.
    var day: CalendarDate? = nil
    var dayForm = FormState()

    var shownConnections: [PersonConnection] {
        hideHypotheses ? map.connections.filter { $0.status == .verified } : map.connections
    }

    /// Beyond this many connections a drawing is a hairball and costs more to send than to read:
    /// the drawing keeps the strongest (verified first), the table keeps them all, page by page.
    static let drawnConnectionsAtMost = 1_500
    static let connectionsPerTablePage = 500
    static let peoplePerTablePage = 500

    /// What the drawing shows as curves, in the table's order (a deal's reporting lines are drawn
    /// in the org chart instead).
    func drawnConnections(_ listed: [PersonConnection]) -> [PersonConnection] {
        let shown = listed.contains { $0.kind == .reporting } ? listed.filter { $0.kind != .reporting } : listed
        guard shown.count > Self.drawnConnectionsAtMost else { return shown }
        // Small keys sorted, not the connections: verified first, then strongest, then oldest.
        let keys = shown.indices.map { ($0, shown[$0].status == .verified ? 1 : 0, shown[$0].strength, shown[$0].id) }
        let kept = keys.sorted { ($0.1, $0.2, -$0.3) > ($1.1, $1.2, -$1.3) }.prefix(Self.drawnConnectionsAtMost).map(\.0)
        return kept.sorted().map { shown[$0] }
    }

    /// The link to another page of one table, keeping the deal, the filter and the other table's page.
    func tablePageLink(connections: Int? = nil, people: Int? = nil) -> String {
        var query: [String] = []
        if let opportunity { query.append("opportunity=\(opportunity.id)") }
        if let day { query.append("on=\(day)") }
        if hideHypotheses { query.append("hypotheses=hide") }
        let (connectionsPage, peoplePage) = (connections ?? self.connectionsPage, people ?? self.peoplePage)
        if connectionsPage > 0 { query.append("page=\(connectionsPage)") }
        if peoplePage > 0 { query.append("people_page=\(peoplePage)") }
        let anchor = people == nil ? "#map-connections" : "#map-people"
        return Paths.relationshipMap(accountID) + (query.isEmpty ? "" : "?" + query.joined(separator: "&")) + anchor
    }

    /// One page of a table: its rows, and where it sits among `count` rows.
    static func slice(count: Int, page: Int, size: Int) -> (range: Range<Int>, page: Int, pages: Int) {
        let pages = max(1, (count + size - 1) / size)
        let page = min(max(page, 0), pages - 1)
        return (page * size..<min(count, (page + 1) * size), page, pages)
    }
}

/// An account's relationship map drawn on the server as SVG (reporting lines as the org chart,
/// influence as curved arrows, width by strength and colour by stance, each person's box
/// showing their three attitudes), with the same data as tables for screen readers and print.
enum RelationshipMapView {
    static func render(_ t: Catalog, _ model: RelationshipMapModel, session: SignedInSession) -> HTML {
        let names = Dictionary(uniqueKeysWithValues: model.map.people.map { ($0.id, label(t, $0)) })
        let pickable = Self.pickable(model, names: names)
        let ranking = model.map.analytics.influenceRanking()
        let rank = Dictionary(uniqueKeysWithValues: ranking.enumerated().map { ($1.person, ($0 + 1, $1.value)) })
        let shown = model.shownConnections
        let drawn = model.drawnConnections(shown)
        let tablePage = RelationshipMapModel.slice(count: shown.count, page: model.connectionsPage,
                                                   size: RelationshipMapModel.connectionsPerTablePage)
        let (page, pages) = (tablePage.page, tablePage.pages)
        return Pages.layout(t, title: t.text("map.title", model.accountName), session: session) {
            p { a(.href(Paths.account(model.accountID))) { "← \(model.accountName)" } }
            h1 { t.text("map.title", model.accountName) }
            if let deal = model.opportunity {
                p(.id("map-deal")) {
                    t.text("map.for_deal"); " "; a(.href(Paths.opportunity(deal.id))) { deal.name }; " · "
                    a(.href(Paths.relationshipMap(model.accountID))) { t.text("map.whole_account") }
                }
            }
            p(.class("muted")) { t.text("map.intro") }
            if model.opportunity == nil { dayForm(t, model) }
            p {
                let base = Paths.relationshipMap(model.accountID)
                    + (model.opportunity.map { "?opportunity=\($0.id)" } ?? model.day.map { "?on=\($0)" } ?? "")
                let joiner = model.opportunity == nil && model.day == nil ? "?" : "&"
                if model.hideHypotheses {
                    a(.href(base), .id("map-show-hypotheses")) { t.text("map.show_hypotheses") }
                } else {
                    a(.href(base + joiner + "hypotheses=hide"), .id("map-hide-hypotheses")) { t.text("map.hide_hypotheses") }
                }
                " · "
                a(.href(exportPath(model, graphML: true)), .id("map-export-graphml")) { t.text("map.export_graphml") }
                " · "
                a(.href(exportPath(model, graphML: false)), .id("map-export-json")) { t.text("map.export_json") }
            }
            if model.map.people.isEmpty {
                p(.class("muted"), .id("map-empty")) { t.text("map.empty") }
            } else {
                figure(.class("relationship-map")) { drawing(t, model, connections: drawn, names: names) }
                // Fewer drawn than listed only because of the cap (a deal's reporting lines are in the org chart).
                if drawn.count == RelationshipMapModel.drawnConnectionsAtMost, drawn.count < shown.count {
                    p(.class("muted"), .id("map-drawing-capped")) { t.text("map.drawing_capped", t.number(drawn.count), t.number(shown.count)) }
                }
                legend(t)
                insights(t, model, ranking: ranking, names: names)
                pathFinder(t, model, people: pickable, names: names)
            }
            h2 { t.text("map.people") }
            let peopleSlice = RelationshipMapModel.slice(count: model.map.people.count, page: model.peoplePage,
                                                         size: RelationshipMapModel.peoplePerTablePage)
            if peopleSlice.pages > 1 {
                p(.id("map-people-pages")) {
                    t.text("map.people_page", t.number(peopleSlice.range.lowerBound + 1), t.number(peopleSlice.range.upperBound),
                           t.number(model.map.people.count))
                    if peopleSlice.page > 0 {
                        " "; a(.href(model.tablePageLink(people: peopleSlice.page - 1)), .id("map-people-previous")) { t.text("list.previous") }
                    }
                    if peopleSlice.page + 1 < peopleSlice.pages {
                        " "; a(.href(model.tablePageLink(people: peopleSlice.page + 1)), .id("map-people-next")) { t.text("list.next") }
                    }
                }
            }
            table(.id("map-people")) {
                thead {
                    tr {
                        th(.scope("col")) { t.text("map.name") }
                        th(.scope("col")) { t.text("map.job_title") }
                        th(.scope("col")) { t.text("map.affiliation") }
                        if model.opportunity != nil { th(.scope("col")) { t.text("chain.role") } }
                        th(.scope("col")) { t.text("portrait.closeness") }
                        th(.scope("col")) { t.text("portrait.recognition") }
                        th(.scope("col")) { t.text("portrait.price_acceptance") }
                        th(.scope("col")) { t.text("map.influence_rank") }
                    }
                }
                tbody {
                    for person in model.map.people[peopleSlice.range] {
                        tr {
                            td { personLink(person, names[person.id] ?? "") }
                            td {
                                person.title ?? ""
                                if person.isPlaceholder { span(.class("muted placeholder")) { " (\(t.text("map.placeholder")))" } }
                            }
                            td {
                                t.label(person.affiliation)
                                if let kind = person.kind, kind.isOutside { " · \(t.label(kind))" }
                                if let organisation = person.organisation { " · \(organisation)" }
                            }
                            if let deal = model.opportunity {
                                td { deal.chain.entries.first { $0.personID == person.id }.map { t.label($0.role) } ?? "" }
                            }
                            td { person.portrait.map { String($0.closeness) } ?? "–" }
                            td { person.portrait.map { String($0.recognition) } ?? "–" }
                            td { person.portrait.map { String($0.priceAcceptance) } ?? "–" }
                            td { rank[person.id].map { "\($0.0) (\(Self.threeDecimals($0.1)))" } ?? "" }
                        }
                    }
                }
            }
            h2 { t.text("map.connections") }
            if shown.isEmpty {
                p(.class("muted"), .id("map-no-connections")) { t.text("map.no_connections") }
            } else {
                if pages > 1 {
                    p(.id("map-connections-pages")) {
                        t.text("map.connections_page", t.number(tablePage.range.lowerBound + 1), t.number(tablePage.range.upperBound),
                               t.number(shown.count))
                        if page > 0 { " "; a(.href(model.tablePageLink(connections: page - 1)), .id("map-connections-previous")) { t.text("list.previous") } }
                        if page + 1 < pages { " "; a(.href(model.tablePageLink(connections: page + 1)), .id("map-connections-next")) { t.text("list.next") } }
                    }
                }
                table(.id("map-connections")) {
                    thead {
                        tr {
                            th(.scope("col")) { t.text("map.from") }
                            th(.scope("col")) { t.text("map.to") }
                            th(.scope("col")) { t.text("map.kind") }
                            th(.scope("col")) { t.text("map.strength") }
                            th(.scope("col")) { t.text("map.stance") }
                            th(.scope("col")) { t.text("map.status") }
                            th(.scope("col")) { t.text("map.evidence") }
                            if model.canEdit { th(.scope("col")) { "" } }
                        }
                    }
                    tbody {
                        for connection in shown[tablePage.range] {
                            tr(.class(connection.status == .hypothesis ? "hypothesis" : "")) {
                                td { names[connection.fromPersonID] ?? "#\(connection.fromPersonID)" }
                                td { names[connection.toPersonID] ?? "#\(connection.toPersonID)" }
                                td { t.label(connection.kind) }
                                td { String(connection.strength) }
                                td { t.label(connection.stance) }
                                td { t.label(connection.status) }
                                td { connection.evidence ?? "" }
                                if model.canEdit { td { connectionActions(t, connection, csrf: session.csrfToken) } }
                            }
                        }
                    }
                }
            }
            if model.canEdit { connectionForm(t, model, people: pickable, csrf: session.csrfToken) }
            peopleList(pickable)
        }
    }

    /// Verify a hypothesis, or remove the connection; both carry the version the user saw.
    static func connectionActions(_ t: Catalog, _ connection: PersonConnection, csrf: String) -> HTML {
        div(.class("actions")) {
            if connection.status == .hypothesis {
                form(.method("post"), .action(Paths.verifyConnection(connection.id)), .class("inline")) {
                    Pages.csrfField(csrf)
                    input(.type("hidden"), .name("_version"), .value(String(connection.version)))
                    button(.type("submit"), .class("link")) { t.text("map.verify") }
                }
            }
            form(.method("post"), .action(Paths.removeConnection(connection.id)), .class("inline")) {
                Pages.csrfField(csrf)
                input(.type("hidden"), .name("_version"), .value(String(connection.version)))
                button(.type("submit"), .class("link")) { t.text("map.remove") }
            }
        }
    }

    static func connectionForm(_ t: Catalog, _ model: RelationshipMapModel, people: [(String, String)], csrf: String) -> HTML {
        return form(.method("post"), .action(Paths.accountConnections(model.accountID)), .id("connection-form")) {
            h2 { t.text("map.record_connection") }
            Pages.csrfField(csrf)
            if let deal = model.opportunity { input(.type("hidden"), .name("opportunityID"), .value(String(deal.id))) }
            if let error = model.form.generalError { p(.class("form-error"), .role("alert")) { error } }
            personPicker(t, "map.from", name: "fromPersonID", state: model.form, people: people, blank: "—")
            personPicker(t, "map.to", name: "toPersonID", state: model.form, people: people, blank: "—")
            FormFields.select(t, "map.kind", name: "kind", state: model.form,
                              choices: ConnectionKind.allCases.filter { $0 != .reporting || model.opportunity != nil }.map { ($0.rawValue, t.label($0)) })
            FormFields.select(t, "map.strength", name: "strength", state: model.form, choices: (1...5).map { (String($0), String($0)) })
            FormFields.select(t, "map.stance", name: "stance", state: model.form,
                              choices: RelationshipMap.Stance.allCases.map { ($0.rawValue, t.label($0)) })
            FormFields.select(t, "map.status", name: "status", state: model.form,
                              choices: RelationshipMap.InfluenceStatus.allCases.map { ($0.rawValue, t.label($0)) })
            FormFields.text(t, "map.evidence", name: "evidence", state: model.form, maxLength: PersonConnectionDraft.evidenceLimit)
            button(.type("submit"), .id("save-connection")) { t.text("map.save_connection") }
        }
    }

    /// Who weighs most, who sits between others, and (on a deal) who sways a decision maker from
    /// outside their reporting line: the analytics of the map, in words.
    static func insights(_ t: Catalog, _ model: RelationshipMapModel, ranking: [RelationshipMap.Score], names: [PersonID: String]) -> HTML {
        let top = Array(ranking.prefix(5))
        let brokers = Array(AnalyticsMemo.brokers(of: model.map.analytics).filter { $0.value > 0 }.prefix(5))
        let indirect = model.opportunity == nil ? [] : Array(model.map.analytics.indirectKeyPersons().prefix(5))
        return div(.class("map-insights"), .id("map-insights")) {
            section {
                h2 { t.text("map.weighs_most") }
                ol(.id("map-top-influence")) { for score in top { li { names[score.person] ?? "#\(score.person)" } } }
            }
            section {
                h2 { t.text("map.brokers") }
                if brokers.isEmpty { p(.class("muted")) { t.text("map.no_brokers") } } else {
                    ol(.id("map-brokers")) { for score in brokers { li { names[score.person] ?? "#\(score.person)" } } }
                }
            }
            if model.opportunity != nil {
                section {
                    h2 { t.text("map.indirect_key_persons") }
                    if indirect.isEmpty { p(.class("muted")) { t.text("map.no_indirect") } } else {
                        ul(.id("map-indirect")) {
                            for found in indirect {
                                li { t.text("map.sways", names[found.person] ?? "#\(found.person)", names[found.decisionMaker] ?? "#\(found.decisionMaker)",
                                            String(format: "%.2f", found.product)) }
                            }
                        }
                    }
                }
            }
        }
    }

    /// "How do we reach X?": the strongest chain of influence from one person to another, hop by hop.
    /// Beyond this many people a select is a long scroll and, four times on a page, most of its
    /// weight: the pickers become type-ahead fields over one shared list of names.
    static let selectAtMost = 300
    static let peopleListID = "map-people-choices"

    /// The people a picker offers: everyone on the map the caller may see, by name.
    static func pickable(_ model: RelationshipMapModel, names: [PersonID: String]) -> [(String, String)] {
        model.map.people.filter { $0.name != nil }.map { (String($0.id), names[$0.id] ?? "") }
    }

    /// A select of the map's people, or on a large map a field typed ahead over `peopleList`
    /// (the browser offers the names; the id is what is sent).
    static func personPicker(_ t: Catalog, _ labelKey: String, name: String, state: FormState, people: [(String, String)],
                             blank: String) -> HTML {
        guard people.count > selectAtMost else {
            return FormFields.select(t, labelKey, name: name, state: state, choices: people, blank: blank)
        }
        let fid = FormFields.fieldID(name)
        return div(.class(state.errors[name] != nil ? "field invalid" : "field")) {
            KAMHTML.label(.for(fid)) { t.text(labelKey) }
            input(.type("text"), .name(name), .id(fid), .value(state[name]), .attr("list", peopleListID), .attr("inputmode", "numeric"),
                  .placeholder(blank), .maxlength(20), .when(state.errors[name] != nil, .aria("invalid", "true")))
            FormFields.errors(state, name)
        }
    }

    /// The one list of names the type-ahead pickers share, written once.
    static func peopleList(_ people: [(String, String)]) -> HTML {
        guard people.count > selectAtMost else { return .empty }
        return datalist(.id(peopleListID)) {
            HTML.stream(capacity: people.count * 48) { w in
                for (value, name) in people { w.element("option", ["value": value], text: "\(name) (#\(value))") }
            }
        }
    }

    static func pathFinder(_ t: Catalog, _ model: RelationshipMapModel, people: [(String, String)], names: [PersonID: String]) -> HTML {
        var state = FormState()
        if let asked = model.bestPath { state.values = ["from": asked.from.map(String.init) ?? "", "to": String(asked.to)] }
        return section(.id("map-path")) {
            h2 { t.text("map.best_path") }
            form(.method("get"), .action(Paths.relationshipMap(model.accountID)), .id("path-form")) {
                if let deal = model.opportunity { input(.type("hidden"), .name("opportunity"), .value(String(deal.id))) }
                if let day = model.day { input(.type("hidden"), .name("on"), .value(day.description)) }
                personPicker(t, "map.from", name: "from", state: state, people: people, blank: t.text("map.from_our_people"))
                personPicker(t, "map.to", name: "to", state: state, people: people, blank: "—")
                button(.type("submit"), .id("find-path")) { t.text("map.find_path") }
            }
            if let asked = model.bestPath {
                if let chain = asked.chain {
                    p(.id("path-product")) { t.text("map.path_strength", String(format: "%.2f", chain.product), String(chain.hops.count)) }
                    ol(.id("path-hops")) {
                        for hop in chain.hops {
                            li {
                                "\(names[hop.from] ?? "#\(hop.from)") → \(names[hop.to] ?? "#\(hop.to)"): \(hop.strength)/5"
                                if hop.isReportingLine { " · "; t.text("map.via_reporting_line") } else if let stance = hop.stance { " · "; t.label(stance) }
                                if hop.status == .hypothesis { " · "; t.label(hop.status) }
                            }
                        }
                    }
                } else {
                    p(.class("muted"), .id("path-none")) { t.text("map.no_path") }
                }
            }
        }
    }

    /// A person's name as the reader writes names; someone the caller may not see stays anonymous.
    static func label(_ t: Catalog, _ person: MapPerson) -> String {
        person.name.map(t.personName) ?? t.text("map.restricted_person")
    }

    /// `0.123` for a score between 0 and 1; String(format:) costs more than the rest of a table row.
    static func threeDecimals(_ value: Double) -> String {
        let thousandths = Int((max(value, 0) * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    static func personLink(_ person: MapPerson, _ name: String) -> HTML {
        person.name == nil ? HTML.text(name) : a(.href(Paths.person(person.id)), .class("map-person-link")) { name }
    }


    /// The org chart as it was on a past day: people who held a job at the account that day, under
    /// whom they reported then (connections are as they are now).
    static func dayForm(_ t: Catalog, _ model: RelationshipMapModel) -> HTML {
        form(.method("get"), .action(Paths.relationshipMap(model.accountID)), .id("map-day-form"), .class("filters")) {
            FormFields.text(t, "map.on_day", name: "on", state: model.dayForm, type: "date", maxLength: 10)
            button(.type("submit"), .id("map-show-day")) { t.text("map.show_day") }
            if let day = model.day { p(.class("notice"), .id("map-as-of")) { t.text("map.as_of", t.date(day)) } }
        }
    }

    /// The API's answers, which a signed-in browser may fetch with its session: the map (or the
    /// deal's chain with its map) as JSON, and as GraphML for Gephi, yEd or networkx.
    static func exportPath(_ model: RelationshipMapModel, graphML: Bool) -> String {
        let day = model.day.map { "?on=\($0)" } ?? ""
        if graphML {
            return "/api/v1/accounts/\(model.accountID)/relationship-map/graphml" + (model.opportunity.map { "?opportunity=\($0.id)" } ?? day)
        }
        return model.opportunity.map { "/api/v1/opportunities/\($0.id)/decision-chain" } ?? "/api/v1/accounts/\(model.accountID)/relationship-map\(day)"
    }
}
