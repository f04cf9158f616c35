import Foundation
import KAMCore
import KAMHTML
import KAMStore

struct PersonPageModel: Sendable {
    var person: KeyPerson
    var canEdit: Bool
    var showsPrivate: Bool
    var accountNames: [AccountID: String]
    var managerNames: [PersonID: String]
    var history: [PortraitAssessment]
    var userNames: [UserID: String]
    var portraitForm: FormState
    var replaceForm: FormState
}

enum PersonViews {
    static func list(_ t: Catalog, page: Page<PersonSummary>, search: String, account: AccountID? = nil, session: SignedInSession) -> HTML {
        Pages.layout(t, title: t.text("people.title"), session: session) {
            h1 { t.text("people.title") }
            form(.method("get"), .action(Paths.people), .class("filters"), .role("search")) {
                FormFields.text(t, "people.search", name: "q", state: FormState(values: ["q": search]), type: "search", id: "search")
                button(.type("submit")) { t.text("filter.apply") }
                a(.href(Paths.newPerson(account: nil)), .id("new-person")) { t.text("people.new") }
            }
            p(.class("muted")) { t.text(page.countIsCapped ? "people.count_more" : "people.count", t.number(page.total)) }
            table(.id("person-list")) {
                thead { tr { th { t.text("person.name") }; th { t.text("person.title") }; th { t.text("person.account") } } }
                tbody {
                    for row in page.items {
                        tr {
                            td {
                                a(.href(Paths.person(row.id)), .class("person-link")) { t.personName(row.name) }
                                if let reading = row.name.reading { span(.class("muted")) { " (\(reading))" } }
                            }
                            td { row.title ?? "" }
                            td { if let id = row.accountID { a(.href(Paths.account(id))) { row.accountName ?? "" } } }
                        }
                    }
                }
            }
            if let next = page.nextCursor {
                p { a(.href("\(Paths.people)?q=\(search.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")\(account.map { "&account=\($0)" } ?? "")&cursor=\(next.token)"), .id("next-page")) { t.text("list.next") } }
            }
        }
    }

    static func page(_ t: Catalog, _ m: PersonPageModel, session: SignedInSession) -> HTML {
        let p0 = m.person
        return Pages.layout(t, title: t.personName(p0.name), session: session) {
            h1(.id("person-name")) { t.personName(p0.name) }
            if let reading = p0.name.reading { p(.class("muted"), .id("person-reading")) { reading } }
            if p0.isPlaceholder {
                p(.class("notice"), .id("placeholder-notice")) { t.text("person.placeholder.notice") }
                if m.canEdit { replaceForm(t, m, csrf: session.csrfToken) }
            }
            if m.canEdit {
                div(.class("actions")) {
                    a(.href(Paths.editPerson(p0.id)), .id("edit-person")) { t.text("person.edit") }
                    form(.method("post"), .action(Paths.deletePerson(p0.id)), .class("inline")) {
                        Pages.csrfField(session.csrfToken)
                        input(.type("hidden"), .name("_version"), .value(String(p0.version)))
                        button(.type("submit"), .id("delete-person")) { t.text("person.delete") }
                    }
                }
            }
            div(.class("grid")) {
                section(.class("card")) {
                    h2 { t.text("person.contact") }
                    dl(.class("facts")) {
                        dt { t.text("person.email") }
                        dd { if let email = p0.email { a(.href("mailto:\(email)")) { email } } else { "—" } }
                        for phone in p0.phones { dt { phone.label.isEmpty ? t.text("person.phone") : phone.label }; dd { phone.number } }
                        dt { t.text("person.legal_basis") }; dd { t.label(p0.legalBasis) }
                        dt { t.text("person.kind") }; dd(.id("person-kind")) { t.label(p0.kind) }
                        if let organisation = p0.organisation { dt { t.text("person.organisation") }; dd(.id("person-organisation")) { organisation } }
                        if let account = p0.recordedForAccountID {
                            dt { t.text("person.recorded_for") }
                            dd(.id("person-recorded-for")) { a(.href(Paths.account(account))) { m.accountNames[account] ?? "#\(account)" } }
                        }
                        if let user = p0.userID { dt { t.text("person.user_id") }; dd(.id("person-user")) { m.userNames[user] ?? "#\(user)" } }
                    }
                }
                section(.class("card"), .id("employments")) {
                    h2 { t.text("person.employments") }
                    ul {
                        for job in p0.employments {
                            li {
                                a(.href(Paths.account(job.accountID))) { m.accountNames[job.accountID] ?? "#\(job.accountID)" }
                                " · \(job.title ?? "") \(job.department.map { "(\($0))" } ?? "")"
                                if let manager = job.reportsToID {
                                    " · \(t.text("person.reports_to")) "
                                    a(.href(Paths.person(manager))) { m.managerNames[manager] ?? "#\(manager)" }
                                }
                                span(.class("muted")) { " \(job.from.map(t.date) ?? "…") – \(job.to.map(t.date) ?? t.text("person.present"))" }
                            }
                        }
                    }
                }
            }
            section(.class("card"), .id("portrait")) {
                h2 { t.text("portrait.title") }
                if let portrait = p0.portrait {
                    dl(.class("facts")) {
                        dt { t.text("portrait.closeness") }; dd(.id("portrait-closeness")) { String(portrait.closeness) }
                        dt { t.text("portrait.recognition") }; dd(.id("portrait-recognition")) { String(portrait.recognition) }
                        dt { t.text("portrait.price_acceptance") }; dd(.id("portrait-price")) { String(portrait.priceAcceptance) }
                    }
                } else { p(.class("muted")) { t.text("portrait.none") } }
                if m.canEdit { portraitForm(t, m, csrf: session.csrfToken) }
                table(.id("portrait-history")) {
                    for entry in m.history {
                        tr {
                            td { t.dateTime(entry.assessedAt) }
                            td { "\(entry.portrait.closeness) / \(entry.portrait.recognition) / \(entry.portrait.priceAcceptance)" }
                            td { entry.evidence }
                            td { entry.assessedBy.flatMap { m.userNames[$0] } ?? "" }
                        }
                    }
                }
            }
            if m.showsPrivate {
                section(.class("card"), .id("private")) {
                    h2 { t.text("person.private") }
                    if let notes = p0.notes { p(.id("person-notes")) { notes } }
                    ul {
                        for fact in p0.facts {
                            li { "\(t.label(fact.kind)): \(fact.value)"; span(.class("muted")) { " — \(fact.source), \(t.date(fact.recordedOn))" } }
                        }
                    }
                }
            }
        }
    }

    static func replaceForm(_ t: Catalog, _ m: PersonPageModel, csrf: String) -> HTML {
        form(.method("post"), .action(Paths.replacePlaceholder(m.person.id)), .id("replace-form")) {
            Pages.csrfField(csrf)
            input(.type("hidden"), .name("_version"), .value(String(m.person.version)))
            if let error = m.replaceForm.generalError { p(.class("form-error"), .role("alert")) { error } }
            FormFields.text(t, "person.replace_with", name: "personID", state: m.replaceForm, maxLength: 20)
            button(.type("submit"), .id("replace-placeholder")) { t.text("person.replace") }
        }
    }

    static func portraitForm(_ t: Catalog, _ m: PersonPageModel, csrf: String) -> HTML {
        let scale = (1...5).map { (String($0), t.text("portrait.level.\($0)")) }
        return form(.method("post"), .action(Paths.personPortrait(m.person.id)), .id("portrait-form")) {
            Pages.csrfField(csrf)
            input(.type("hidden"), .name("_version"), .value(String(m.person.version)))
            if let error = m.portraitForm.generalError { p(.class("form-error"), .role("alert")) { error } }
            FormFields.select(t, "portrait.closeness", name: "closeness", state: m.portraitForm, choices: scale, blank: "—")
            FormFields.select(t, "portrait.recognition", name: "recognition", state: m.portraitForm, choices: scale, blank: "—")
            FormFields.select(t, "portrait.price_acceptance", name: "priceAcceptance", state: m.portraitForm, choices: scale, blank: "—")
            FormFields.text(t, "portrait.evidence", name: "evidence", state: m.portraitForm, maxLength: 4000)
            button(.type("submit"), .id("save-portrait")) { t.text("portrait.save") }
        }
    }
}
