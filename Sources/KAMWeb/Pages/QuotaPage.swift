import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

extension PageHandlers {
    /// Quotas per salesperson and sales team: everyone reads them, administrators and sales
    /// directors set them.
    func quotasPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        return Pages.response(try await renderQuotas(session: session, context: context, failed: nil))
    }

    func createQuotaFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let pairs = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        do {
            let input = Inputs.quota(JSONValue.fromForm(pairs.filter { !$0.0.hasPrefix("_") }), fromForm: true, base: nil)
            _ = try await store.quotas.create(input.value, caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(Paths.quotas)
        } catch {
            var (failed, _) = try FormState.failed(error, form: pairs, version: nil, Catalog(context.language))
            if let messages = failed.errors["amount.minorUnits"] { failed.errors["amount.decimal", default: []] += messages }
            return Pages.response(try await renderQuotas(session: session, context: context, failed: failed), status: .unprocessableContent)
        }
    }

    func renderQuotas(session: SignedInSession, context: AppContext, failed: FormState?) async throws -> HTML {
        let today = store.today()
        let currency = try await store.catalogue.settings().reportingCurrency
        let state = failed ?? FormState(values: ["periodStart": CalendarDate(year: today.year + 1, month: 1, day: 1).description,
                                                 "periodEnd": CalendarDate(year: today.year + 1, month: 12, day: 31).description,
                                                 "amount.currency": currency])
        return QuotaView.render(Catalog(context.language), try await store.quotas.list(caller: session.caller), users: try await userNames(),
                                teams: try await store.salesTeams.list().map { ($0.id, $0.name) }, form: state,
                                canEdit: session.caller.policy.mayShapeOrganisation, session: session)
    }
}

enum QuotaView {
    static func render(_ t: Catalog, _ quotas: [Quota], users: [UserID: String], teams: [(id: SalesTeamID, name: String)], form s: FormState,
                       canEdit: Bool, session: SignedInSession) -> HTML {
        Pages.layout(t, title: t.text("quotas.title"), session: session) {
            h1 { t.text("quotas.title") }
            table(.id("quotas")) {
                thead { tr { th(.scope("col")) { t.text("quotas.who") }; th(.scope("col")) { t.text("plans.period") }; th(.scope("col")) { t.text("quotas.amount") } } }
                tbody {
                    for quota in quotas {
                        tr {
                            td { quota.userID.flatMap { users[$0] } ?? quota.salesTeamID.flatMap { id in teams.first { $0.id == id }?.name } ?? "?" }
                            td { t.date(quota.periodStart); " – "; t.date(quota.periodEnd) }
                            td(.class("number")) { t.money(quota.amount) }
                        }
                    }
                }
            }
            if canEdit {
                form(.method("post"), .action(Paths.quotas), .class("card"), .id("quota-form")) {
                    Pages.csrfField(session.csrfToken)
                    if let error = s.generalError { p(.class("form-error"), .role("alert")) { error } }
                    div(.class("grid")) {
                        FormFields.select(t, "quotas.salesperson", name: "userID", state: s, choices: users.sorted { $0.value < $1.value }.map { (String($0.key), $0.value) },
                                          blank: "—")
                        FormFields.select(t, "quotas.team", name: "salesTeamID", state: s, choices: teams.map { (String($0.id), $0.name) }, blank: "—")
                        FormFields.text(t, "plans.period_start", name: "periodStart", state: s, type: "date", maxLength: 10)
                        FormFields.text(t, "plans.period_end", name: "periodEnd", state: s, type: "date", maxLength: 10)
                        FormFields.text(t, "quotas.amount", name: "amount.decimal", state: s, maxLength: 24)
                        FormFields.text(t, "documents.currency", name: "amount.currency", state: s, maxLength: 3)
                    }
                    button(.type("submit"), .id("add-quota")) { t.text("quotas.add") }
                }
            }
        }
    }
}
