import Foundation
import KAMCore
import KAMHTML

struct PersonFormModel: Sendable {
    var personID: PersonID?
    var version: Int?
    var state: FormState
    var showsPrivate: Bool
}

enum PersonFormView {
    static let employmentRows = 3
    static let phoneRows = 2
    static let factRows = 5

    static func state(from d: KeyPersonDraft) -> FormState {
        var s = FormState()
        s.values = ["name.family": d.name.family, "name.given": d.name.given, "name.familyReading": d.name.familyReading ?? "",
                    "name.givenReading": d.name.givenReading ?? "", "email": d.email ?? "", "legalBasis": d.legalBasis.rawValue,
                    "notes": d.notes ?? "", "kind": d.kind.rawValue, "organisation": d.organisation ?? "",
                    "recordedForAccountID": d.recordedForAccountID.map(String.init) ?? "", "userID": d.userID.map(String.init) ?? "",
                    "isPlaceholder": d.isPlaceholder ? "true" : "false"]
        for (i, phone) in d.phones.enumerated() {
            s.values["phones[\(i)].label"] = phone.label
            s.values["phones[\(i)].number"] = phone.number
        }
        for (i, job) in d.employments.enumerated() {
            s.values["employments[\(i)].accountID"] = String(job.accountID)
            s.values["employments[\(i)].title"] = job.title ?? ""
            s.values["employments[\(i)].department"] = job.department ?? ""
            s.values["employments[\(i)].reportsToID"] = job.reportsToID.map(String.init) ?? ""
            s.values["employments[\(i)].from"] = job.from?.description ?? ""
            s.values["employments[\(i)].to"] = job.to?.description ?? ""
        }
        for (i, fact) in d.facts.enumerated() {
            s.values["facts[\(i)].kind"] = fact.kind.rawValue
            s.values["facts[\(i)].value"] = fact.value
            s.values["facts[\(i)].source"] = fact.source
            s.values["facts[\(i)].recordedOn"] = fact.recordedOn.description
        }
        return s
    }

    static func render(_ t: Catalog, _ m: PersonFormModel, session: SignedInSession) -> HTML {
        let heading = t.text(m.personID == nil ? "person.new_title" : "person.edit_title")
        let s = m.state
        return Pages.layout(t, title: heading, session: session) {
            h1 { heading }
            if let error = s.generalError { p(.class("notice"), .role("alert"), .id("form-notice")) { error } }
            form(.method("post"), .action(m.personID.map(Paths.person) ?? Paths.people), .id("person-form"), .novalidate(true)) {
                Pages.csrfField(session.csrfToken)
                if let version = m.version { input(.type("hidden"), .name("_version"), .value(String(version))) }
                fieldset {
                    legend { t.text("person.name") }
                    FormFields.text(t, "person.family_name", name: "name.family", state: s, required: true, maxLength: 100)
                    FormFields.text(t, "person.given_name", name: "name.given", state: s, maxLength: 100)
                    FormFields.text(t, "person.family_reading", name: "name.familyReading", state: s, maxLength: 100)
                    FormFields.text(t, "person.given_reading", name: "name.givenReading", state: s, maxLength: 100)
                }
                fieldset(.id("person-kind")) {
                    legend { t.text("person.who") }
                    FormFields.vocabulary(t, "person.kind", name: "kind", state: s, PersonKind.self)
                    FormFields.text(t, "person.organisation", name: "organisation", state: s, maxLength: 200)
                    FormFields.text(t, "person.recorded_for", name: "recordedForAccountID", state: s, maxLength: 20)
                    FormFields.text(t, "person.user_id", name: "userID", state: s, maxLength: 20)
                    FormFields.select(t, "person.placeholder", name: "isPlaceholder", state: s,
                                      choices: [("false", t.text("person.placeholder.no")), ("true", t.text("person.placeholder.yes"))])
                }
                fieldset {
                    legend { t.text("person.contact") }
                    FormFields.text(t, "person.email", name: "email", state: s, type: "email", maxLength: 254)
                    for i in 0..<phoneRows {
                        FormFields.text(t, "person.phone_label", name: "phones[\(i)].label", state: s, maxLength: 40)
                        FormFields.text(t, "person.phone", name: "phones[\(i)].number", state: s, type: "tel", maxLength: 40)
                    }
                    FormFields.vocabulary(t, "person.legal_basis", name: "legalBasis", state: s, LegalBasis.self)
                }
                fieldset(.id("employment-rows")) {
                    legend { t.text("person.employments") }
                    for i in 0..<max(employmentRows, rowCount(s, "employments") + 1) {
                        div(.class("card")) {
                            FormFields.text(t, "person.account_id", name: "employments[\(i)].accountID", state: s, maxLength: 20)
                            FormFields.text(t, "person.title", name: "employments[\(i)].title", state: s)
                            FormFields.text(t, "person.department", name: "employments[\(i)].department", state: s)
                            FormFields.text(t, "person.reports_to_id", name: "employments[\(i)].reportsToID", state: s, maxLength: 20)
                            FormFields.text(t, "person.from", name: "employments[\(i)].from", state: s, type: "date", maxLength: 10)
                            FormFields.text(t, "person.to", name: "employments[\(i)].to", state: s, type: "date", maxLength: 10)
                        }
                    }
                    FormFields.errors(s, "employments")
                }
                if m.showsPrivate {
                    fieldset(.id("private-fields")) {
                        legend { t.text("person.private") }
                        FormFields.textArea(t, "person.notes", name: "notes", state: s)
                        for i in 0..<max(factRows, rowCount(s, "facts") + 1) {
                            div(.class("card")) {
                                FormFields.vocabulary(t, "fact.kind", name: "facts[\(i)].kind", state: s, PersonalFactKind.self, blank: "—")
                                FormFields.text(t, "fact.value", name: "facts[\(i)].value", state: s, maxLength: 500)
                                FormFields.text(t, "fact.source", name: "facts[\(i)].source", state: s, maxLength: 500)
                                FormFields.text(t, "fact.recorded_on", name: "facts[\(i)].recordedOn", state: s, type: "date", maxLength: 10)
                            }
                        }
                    }
                }
                if m.personID == nil {
                    fieldset {
                        legend { t.text("portrait.title") }
                        let scale = (1...5).map { (String($0), t.text("portrait.level.\($0)")) }
                        FormFields.select(t, "portrait.closeness", name: "portrait.closeness", state: s, choices: scale, blank: "—")
                        FormFields.select(t, "portrait.recognition", name: "portrait.recognition", state: s, choices: scale, blank: "—")
                        FormFields.select(t, "portrait.price_acceptance", name: "portrait.priceAcceptance", state: s, choices: scale, blank: "—")
                        FormFields.text(t, "portrait.evidence", name: "portrait.evidence", state: s, maxLength: 4000)
                    }
                }
                div(.class("actions")) {
                    button(.type("submit"), .id("save")) { t.text("form.save") }
                    a(.href(m.personID.map(Paths.person) ?? Paths.people)) { t.text("form.cancel") }
                }
            }
        }
    }

    /// How many rows of a repeated group have values, so a failed save shows every typed row.
    static func rowCount(_ s: FormState, _ group: String) -> Int {
        let indexes = s.values.keys.compactMap { key -> Int? in
            guard key.hasPrefix("\(group)["), let close = key.firstIndex(of: "]") else { return nil }
            return Int(key[key.index(key.startIndex, offsetBy: group.count + 1)..<close])
        }
        return (indexes.max() ?? -1) + 1
    }
}
