import Foundation
import KAMCore
import KAMHTML

struct AccountFormModel: Sendable {
    var accountID: AccountID?
    var version: Int?
    var state: FormState
    var owners: [User]
    var customFields: [CustomFieldDefinition]
}

enum AccountFormView {
    static func state(from draft: AccountDraft) -> FormState {
        var s = FormState()
        s.values = ["name": draft.name, "industry": draft.industry.rawValue, "region": draft.region.rawValue,
                    "size": draft.size.rawValue, "timeZone": draft.timeZone ?? "", "parentID": draft.parentID.map(String.init) ?? "",
                    "procurementMode": draft.procurementMode.rawValue, "ownerID": String(draft.ownerID),
                    "website": draft.website ?? "", "description": draft.description ?? ""]
        for (key, value) in draft.customFields { s.values["customFields.\(key)"] = value }
        return s
    }

    static func render(_ t: Catalog, _ m: AccountFormModel, session: SignedInSession) -> HTML {
        let heading = m.accountID == nil ? t.text("account.new_title") : t.text("account.edit_title", m.state["name"])
        return Pages.layout(t, title: heading, session: session) {
            h1 { heading }
            if let error = m.state.generalError { p(.class("notice"), .role("alert"), .id("form-notice")) { error } }
            form(.method("post"), .action(m.accountID.map(Paths.account) ?? Paths.accounts), .id("account-form"), .novalidate(true)) {
                Pages.csrfField(session.csrfToken)
                if let version = m.version { input(.type("hidden"), .name("_version"), .value(String(version))) }
                FormFields.text(t, "accounts.name", name: "name", state: m.state, required: true)
                FormFields.vocabulary(t, "accounts.industry", name: "industry", state: m.state, Industry.self)
                FormFields.vocabulary(t, "accounts.region", name: "region", state: m.state, Region.self)
                FormFields.vocabulary(t, "account.size", name: "size", state: m.state, AccountSize.self)
                FormFields.text(t, "account.time_zone", name: "timeZone", state: m.state, maxLength: 64)
                FormFields.text(t, "account.parent_id", name: "parentID", state: m.state, maxLength: 20)
                FormFields.vocabulary(t, "account.procurement", name: "procurementMode", state: m.state, ProcurementMode.self)
                FormFields.select(t, "account.owner", name: "ownerID", state: m.state, choices: m.owners.map { (String($0.id), $0.displayName) })
                FormFields.text(t, "account.website", name: "website", state: m.state, type: "url", maxLength: 2000)
                FormFields.textArea(t, "account.description", name: "description", state: m.state)
                for field in m.customFields {
                    customField(t, field, m.state)
                }
                div(.class("actions")) {
                    button(.type("submit"), .id("save")) { t.text("form.save") }
                    a(.href(m.accountID.map(Paths.account) ?? Paths.accounts)) { t.text("form.cancel") }
                }
            }
        }
    }

    static func customField(_ t: Catalog, _ field: CustomFieldDefinition, _ state: FormState) -> HTML {
        let name = "customFields.\(field.key)"
        let fid = FormFields.fieldID(name)
        return div(.class(state.errors[name] != nil ? "field invalid" : "field"), .data("industry", field.industry?.rawValue ?? "")) {
            label(.for(fid)) {
                field.label
                if let industry = field.industry { span(.class("muted")) { " (\(t.label(industry)))" } }
            }
            switch field.type {
            case .choice:
                select(.name(name), .id(fid)) {
                    option(.value(""), .selected(state[name].isEmpty)) { "—" }
                    for choice in field.choices { option(.value(choice), .selected(state[name] == choice)) { choice } }
                }
            case .date: input(.type("date"), .name(name), .id(fid), .value(state[name]))
            case .number: input(.type("text"), .attr("inputmode", "decimal"), .name(name), .id(fid), .value(state[name]))
            case .text: input(.type("text"), .name(name), .id(fid), .value(state[name]), .maxlength(2000))
            }
            FormFields.errors(state, name)
        }
    }
}
