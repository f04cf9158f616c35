import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

/// Administrators define account profile fields, for every industry or one.
extension PageHandlers {
    func customFieldsPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        guard session.caller.policy.isAdministrator else { throw StoreError.forbidden }
        return Pages.response(customFieldsView(Catalog(context.language), try await store.customFields.all(), FormState(), session: session))
    }

    func createCustomField(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let t = Catalog(context.language)
        let value = { (key: String) in FormBody.value(form, key) ?? "" }
        do {
            guard let type = CustomFieldType(rawValue: value("type")) else {
                throw AppError.invalid([FieldIssue(field: "type", code: "invalid_choice", detail: CustomFieldType.allRawValues.joined(separator: ", "))])
            }
            let choices = value("choices").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            _ = try await store.customFields.create(key: value("key"), label: value("label"), type: type, choices: choices,
                                                    industry: Industry(rawValue: value("industry")), required: value("required") == "on",
                                                    caller: session.caller)
            return Pages.redirect(Paths.customFields)
        } catch {
            let failed = try FormState.failed(error, form: form, version: nil, t)
            return Pages.response(customFieldsView(t, try await store.customFields.all(), failed.state, session: session),
                                  status: .unprocessableContent)
        }
    }

    func deleteCustomField(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        _ = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        try await store.customFields.delete(id: try APISupport.id(context), caller: session.caller)
        return Pages.redirect(Paths.customFields)
    }

    func customFieldsView(_ t: Catalog, _ fields: [CustomFieldDefinition], _ state: FormState, session: SignedInSession) -> HTML {
        Pages.layout(t, title: t.text("fields.title"), session: session) {
            h1 { t.text("fields.title") }
            table(.id("custom-fields")) {
                thead { tr { th { t.text("fields.key") }; th { t.text("fields.label") }; th { t.text("fields.type") }
                             th { t.text("fields.industry") }; th { t.text("fields.choices") }; th { "" } } }
                tbody {
                    for field in fields {
                        tr {
                            td { code { field.key } }
                            td { field.label }
                            td { t.label(field.type) }
                            td { field.industry.map(t.label) ?? t.text("fields.all_industries") }
                            td { field.choices.joined(separator: ", ") }
                            td {
                                form(.method("post"), .action(Paths.deleteCustomField(field.id)), .class("inline")) {
                                    Pages.csrfField(session.csrfToken)
                                    button(.type("submit")) { t.text("fields.delete") }
                                }
                            }
                        }
                    }
                }
            }
            h2 { t.text("fields.new") }
            form(.method("post"), .action(Paths.customFields), .id("custom-field-form")) {
                Pages.csrfField(session.csrfToken)
                FormFields.text(t, "fields.key", name: "key", state: state, required: true, maxLength: 60)
                FormFields.text(t, "fields.label", name: "label", state: state, required: true)
                FormFields.vocabulary(t, "fields.type", name: "type", state: state, CustomFieldType.self)
                FormFields.vocabulary(t, "fields.industry", name: "industry", state: state, Industry.self, blank: t.text("fields.all_industries"))
                FormFields.textArea(t, "fields.choices_help", name: "choices", state: state, rows: 3)
                button(.type("submit"), .id("create-field")) { t.text("fields.create") }
            }
        }
    }
}
