import Foundation
import KAMCore
import KAMHTML
import KAMStore

/// View model of the account list (and of the recycle bin, which is the same list of deleted accounts).
struct AccountListModel: Sendable {
    var page: Page<AccountSummary>
    var filters: [String: String]
    var owners: [(id: UserID, name: String)]
    var recycleBin: Bool
    var csrf: String
    var customFields: [CustomFieldDefinition]
    /// The recycle bin also lists deleted key persons the user may see.
    var deletedPeople: [PersonSummary] = []
    /// Rows can be picked for re-scoring (the quarterly requalification) by those who change data.
    var canRescore = false
}

enum AccountListView {
    static func render(_ t: Catalog, _ m: AccountListModel, session: SignedInSession) -> HTML {
        let heading = t.text(m.recycleBin ? "recycle.title" : "accounts.title")
        return Pages.layout(t, title: heading, session: session) {
            h1 { heading }
            if !m.recycleBin {
                div(.class("actions")) {
                    a(.href(Paths.newAccount), .id("new-account")) { t.text("accounts.new") }
                    a(.href(exportLink(m.filters)), .id("export-csv")) { t.text("accounts.export_csv") }
                }
                filters(t, m)
            }
            p(.class("muted"), .id("account-count")) {
                t.text(m.page.countIsCapped ? "accounts.count_more" : "accounts.count", t.number(m.page.total))
            }
            table(.id("account-list")) {
                thead {
                    tr {
                        if m.canRescore { th(.scope("col")) { span(.class("muted")) { "✓" } } }
                        th(.scope("col")) { sortLink(t, "accounts.name", "name", m) }
                        th(.scope("col")) { t.text("accounts.industry") }
                        th(.scope("col")) { t.text("accounts.region") }
                        th(.scope("col")) { t.text("accounts.status") }
                        th(.scope("col")) { t.text("accounts.owner") }
                        th(.scope("col")) { sortLink(t, "accounts.updated", "updated", m) }
                        if m.recycleBin { th(.scope("col")) { t.text("recycle.action") } }
                    }
                }
                tbody {
                    for row in m.page.items {
                        tr {
                            if m.canRescore {
                                td { input(.type("checkbox"), .name("account"), .value(String(row.id)), .form("rescore-form"), .ariaLabel(row.name)) }
                            }
                            td {
                                if m.recycleBin { row.name } else { a(.href(Paths.account(row.id)), .class("account-link")) { row.name } }
                            }
                            td { t.label(row.industry) }
                            td { t.label(row.region) }
                            td {
                                span(.class("badge")) { t.label(row.status) }
                                if let accountClass = row.accountClass { " "; span(.class("badge class-\(accountClass.rawValue.lowercased())")) { accountClass.rawValue } }
                            }
                            td { row.ownerName }
                            td { t.dateTime(row.updatedAt) }
                            if m.recycleBin {
                                td {
                                    form(.method("post"), .action(Paths.restoreAccount(row.id)), .class("inline")) {
                                        Pages.csrfField(m.csrf)
                                        button(.type("submit"), .class("restore")) { t.text("recycle.restore") }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if m.page.items.isEmpty { p(.class("muted")) { t.text("accounts.empty") } }
            if m.canRescore && !m.page.items.isEmpty {
                // The checkboxes above belong to this form through their form attribute.
                form(.id("rescore-form"), .method("post"), .action(Paths.rescoreAccounts)) {
                    Pages.csrfField(m.csrf)
                    button(.type("submit"), .id("rescore-selected")) { t.text("scoring.rescore_selected") }
                }
            }
            if let next = m.page.nextCursor {
                p { a(.href(link(m.filters.merging(["cursor": next.token]) { $1 }, recycle: m.recycleBin)), .id("next-page")) { t.text("list.next") } }
            }
            if m.recycleBin { deletedPeople(t, m) }
        }
    }

    static func filters(_ t: Catalog, _ m: AccountListModel) -> HTML {
        var state = FormState()
        state.values = m.filters
        return form(.method("get"), .action(Paths.accounts), .class("filters"), .role("search")) {
            FormFields.text(t, "accounts.search", name: "q", state: state, type: "search", id: "search")
            FormFields.vocabulary(t, "accounts.industry", name: "industry", state: state, Industry.self, blank: t.text("filter.any"))
            FormFields.vocabulary(t, "accounts.region", name: "region", state: state, Region.self, blank: t.text("filter.any"))
            FormFields.vocabulary(t, "accounts.status", name: "status", state: state, KeyAccountStatus.self, blank: t.text("filter.any"))
            FormFields.vocabulary(t, "accounts.class", name: "class", state: state, AccountClass.self, blank: t.text("filter.any"))
            FormFields.select(t, "accounts.owner", name: "owner", state: state,
                              choices: m.owners.map { (String($0.id), $0.name) }, blank: t.text("filter.any"))
            for field in m.customFields {
                if field.type == .choice {
                    FormFields.select(t, "", name: "cf.\(field.key)", state: state, choices: field.choices.map { ($0, $0) },
                                      blank: t.text("filter.any"), rawLabel: field.label)
                } else {
                    FormFields.text(t, "", name: "cf.\(field.key)", state: state, rawLabel: field.label)
                }
            }
            button(.type("submit"), .id("apply-filters")) { t.text("filter.apply") }
        }
    }

    static func sortLink(_ t: Catalog, _ key: String, _ column: String, _ m: AccountListModel) -> HTML {
        let current = m.filters["sort"] ?? "name"
        let next = current == column ? "-\(column)" : column
        var params = m.filters
        params["sort"] = next
        params["cursor"] = nil
        return a(.href(link(params, recycle: m.recycleBin))) { t.text(key) }
    }

    static func exportLink(_ params: [String: String]) -> String {
        var components = URLComponents()
        components.path = "/api/v1/exports/accounts.csv"
        components.queryItems = params.filter { !$0.value.isEmpty && $0.key != "cursor" }.sorted { $0.key < $1.key }
            .map { URLQueryItem(name: $0.key, value: $0.value) }
        return components.string ?? components.path
    }

    static func deletedPeople(_ t: Catalog, _ m: AccountListModel) -> HTML {
        section(.id("deleted-people")) {
            h2 { t.text("recycle.people") }
            if m.deletedPeople.isEmpty {
                p(.class("muted")) { t.text("recycle.people_empty") }
            } else {
                table {
                    thead {
                        tr {
                            th(.scope("col")) { t.text("person.name") }
                            th(.scope("col")) { t.text("person.account") }
                            th(.scope("col")) { t.text("recycle.action") }
                        }
                    }
                    tbody {
                        for person in m.deletedPeople {
                            tr {
                                td { t.personName(person.name) }
                                td { person.accountName ?? "" }
                                td {
                                    form(.method("post"), .action(Paths.restorePerson(person.id)), .class("inline")) {
                                        Pages.csrfField(m.csrf)
                                        button(.type("submit"), .class("restore-person")) { t.text("recycle.restore") }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static func link(_ params: [String: String], recycle: Bool) -> String {
        var components = URLComponents()
        components.path = recycle ? Paths.recycleBin : Paths.accounts
        components.queryItems = params.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        return components.string ?? components.path
    }
}
