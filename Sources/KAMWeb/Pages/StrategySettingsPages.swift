import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

extension PageHandlers {
    /// The investment rules of the four classes: everyone reads them, administrators edit them.
    func investmentPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let current = try await store.strategies.investment()
        return Pages.response(InvestmentView.render(Catalog(context.language), current, form: InvestmentView.values(current.document),
                                                    canEdit: session.caller.policy.isAdministrator, session: session))
    }

    func saveInvestmentFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let pairs = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let revision = Int(FormBody.value(pairs, "_version") ?? "") ?? 0
        let input = Inputs.investmentStrategy(JSONValue.fromForm(pairs.filter { !$0.0.hasPrefix("_") }), fromForm: true)
        do {
            _ = try await store.documents.save(input.value, expectedRevision: revision, caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(Paths.investmentStrategy)
        } catch {
            let t = Catalog(context.language)
            let (failed, _) = try FormState.failed(error, form: pairs, version: nil, t)
            return Pages.response(InvestmentView.render(t, try await store.strategies.investment(), form: failed, canEdit: true, session: session),
                                  status: .unprocessableContent)
        }
    }

    func strategyLibraryPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        return Pages.response(StrategyLibraryView.render(Catalog(context.language), try await store.strategies.library(), session: session))
    }
}

enum InvestmentView {
    static let numbers = ["visitsPerQuarter", "expertHoursPerQuarter", "discountAuthorityPercent", "reviewCadenceMonths"]

    static func values(_ strategy: InvestmentStrategy) -> FormState {
        var state = FormState()
        for (index, rules) in AccountClass.allCases.compactMap({ strategy.rules(for: $0) }).enumerated() {
            let prefix = "classes[\(index)]."
            state.values[prefix + "accountClass"] = rules.accountClass.rawValue
            state.values[prefix + "visitsPerQuarter"] = String(rules.visitsPerQuarter)
            state.values[prefix + "expertHoursPerQuarter"] = String(rules.expertHoursPerQuarter)
            state.values[prefix + "discountAuthorityPercent"] = PortfolioForm.format(rules.discountAuthorityPercent)
            state.values[prefix + "reviewCadenceMonths"] = String(rules.reviewCadenceMonths)
            state.values[prefix + "presalesTier"] = String(rules.presalesTier.rawValue)
            state.values[prefix + "executiveSponsorRequired"] = rules.executiveSponsorRequired ? "true" : ""
        }
        return state
    }

    static func render(_ t: Catalog, _ current: Revised<InvestmentStrategy>, form state: FormState, canEdit: Bool, session: SignedInSession) -> HTML {
        Pages.layout(t, title: t.text("investment.title"), session: session) {
            h1 { t.text("investment.title") }
            p(.class("muted")) {
                current.revision == 0 ? t.text("investment.standard")
                    : t.text("portfolio.rules_revision", String(current.revision), current.createdBy ?? "", current.createdAt.map { t.dateTime($0) } ?? "")
            }
            if let error = state.generalError { p(.class("form-error"), .role("alert")) { error } }
            FormFields.errors(state, "classes")
            form(.method("post"), .action(Paths.investmentStrategy), .id("investment-form")) {
                Pages.csrfField(session.csrfToken)
                input(.type("hidden"), .name("_version"), .value(String(current.revision)))
                table {
                    thead {
                        tr {
                            th(.scope("col")) { t.text("investment.class") }
                            for item in ["visits", "executive_sponsor", "expert_hours", "presales_tier", "discount_authority", "review_cadence"] {
                                th(.scope("col")) { t.text("enum.entitlement.\(item)") }
                            }
                        }
                    }
                    tbody {
                        for index in 0..<AccountClass.allCases.count {
                            let prefix = "classes[\(index)]."
                            tr {
                                td {
                                    input(.type("hidden"), .name(prefix + "accountClass"), .value(state[prefix + "accountClass"]))
                                    strong { state[prefix + "accountClass"] }
                                }
                                cell(state, prefix + "visitsPerQuarter", canEdit)
                                td {
                                    input(.type("checkbox"), .name(prefix + "executiveSponsorRequired"), .value("true"),
                                          .checked(state[prefix + "executiveSponsorRequired"] == "true"), .disabled(!canEdit),
                                          .ariaLabel(t.text("enum.entitlement.executive_sponsor")))
                                }
                                cell(state, prefix + "expertHoursPerQuarter", canEdit)
                                td {
                                    select(.name(prefix + "presalesTier"), .disabled(!canEdit), .ariaLabel(t.text("enum.entitlement.presales_tier"))) {
                                        for tier in PresalesTier.allCases {
                                            option(.value(String(tier.rawValue)), .selected(state[prefix + "presalesTier"] == String(tier.rawValue))) { String(tier.rawValue) }
                                        }
                                    }
                                    FormFields.errors(state, prefix + "presalesTier")
                                }
                                cell(state, prefix + "discountAuthorityPercent", canEdit)
                                cell(state, prefix + "reviewCadenceMonths", canEdit)
                            }
                        }
                    }
                }
                if canEdit { button(.type("submit"), .id("save-investment")) { t.text("investment.save") } }
            }
        }
    }

    static func cell(_ form: FormState, _ name: String, _ canEdit: Bool) -> HTML {
        td(.class(form.errors[name] != nil ? "invalid" : "")) {
            input(.type("number"), .name(name), .id(FormFields.fieldID(name)), .value(form[name]), .attr("step", "any"), .disabled(!canEdit),
                  .ariaLabel(name))
            FormFields.errors(form, name)
        }
    }
}

enum StrategyLibraryView {
    static func render(_ t: Catalog, _ library: Revised<StrategyLibrary>, session: SignedInSession) -> HTML {
        Pages.layout(t, title: t.text("library.title"), session: session) {
            h1 { t.text("library.title") }
            p(.class("muted")) { t.text("library.edit_by_api") }
            for strategy in library.document.strategies {
                section(.class("card"), .id("strategy-\(strategy.key)")) {
                    h2 { strategy.name }
                    p(.class("muted")) { t.text("library.classes", strategy.classes.map(\.rawValue).joined(separator: ", ")) }
                    p { strategy.description }
                    ul {
                        for tactic in strategy.tactics { li { strong { tactic.name }; " — "; tactic.description } }
                    }
                }
            }
        }
    }
}
