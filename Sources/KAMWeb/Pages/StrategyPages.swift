import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

struct AccountStrategyPageModel: Sendable {
    var account: Account
    var strategy: AccountStrategy
    var placement: StoredPlacement?
    var classMoves: [StateMove]
    var library: StrategyLibrary
    var owners: [(id: UserID, name: String)]
    var canEdit: Bool
    var assignForm: FormState
    var reportingCurrency: String
}

extension PageHandlers {
    /// An account's class and why, what the class entitles it to against the effort it gets, and
    /// the strategies and tactics assigned to it.
    func accountStrategyPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        return Pages.response(try await renderStrategy(try APISupport.id(context), form: FormState(), session: session, context: context))
    }

    func assignStrategyFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let pairs = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let input = Inputs.strategyAssignment(JSONValue.fromForm(pairs.filter { !$0.0.hasPrefix("_") }), fromForm: true, base: nil,
                                              defaultOwner: session.user.id)
        do {
            _ = try await store.strategies.assign(id, input.value, caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(Paths.accountStrategy(id))
        } catch {
            let (failed, _) = try FormState.failed(error, form: pairs, version: nil, Catalog(context.language))
            return Pages.response(try await renderStrategy(id, form: failed, session: session, context: context), status: .unprocessableContent)
        }
    }

    /// Status, owner, due date and note of one assignment (a row's own small form).
    func updateStrategyAssignmentFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let pairs = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let current = try await store.strategies.assignment(id, caller: session.caller)
        let version = Int(FormBody.value(pairs, "_version") ?? "") ?? 0
        let input = Inputs.strategyAssignment(JSONValue.fromForm(pairs.filter { !$0.0.hasPrefix("_") }), fromForm: true, base: current.draft,
                                              defaultOwner: current.ownerID)
        do {
            _ = try await store.strategies.update(id, input.value, expectedVersion: version, caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(Paths.accountStrategy(current.accountID))
        } catch {
            var (failed, _) = try FormState.failed(error, form: [], version: nil, Catalog(context.language))
            failed.generalError = failed.generalError ?? failed.errors.values.flatMap { $0 }.joined(separator: " ")
            return Pages.response(try await renderStrategy(current.accountID, form: failed, session: session, context: context),
                                  status: .unprocessableContent)
        }
    }

    func renderStrategy(_ id: AccountID, form: FormState, session: SignedInSession, context: AppContext) async throws -> HTML {
        let account = try await store.accounts.get(id, caller: session.caller)
        let strategy = try await store.strategies.strategy(of: id, caller: session.caller)
        var state = form
        if state.values["ownerID"] == nil { state.values["ownerID"] = String(account.ownerID) }
        let model = AccountStrategyPageModel(
            account: account, strategy: strategy, placement: try await store.classification.placement(of: id, caller: session.caller),
            classMoves: try await store.accounts.moves(of: id).filter { $0.field == .accountClass },
            library: try await store.strategies.library().document, owners: try await store.users.ownerChoices(visibleTo: session.caller),
            canEdit: session.caller.policy.mayEditAnything && session.caller.policy.canEdit(account), assignForm: state,
            reportingCurrency: try await store.catalogue.settings().reportingCurrency)
        return AccountStrategyView.render(Catalog(context.language), model, session: session)
    }
}

enum AccountStrategyView {
    static func render(_ t: Catalog, _ m: AccountStrategyPageModel, session: SignedInSession) -> HTML {
        Pages.layout(t, title: t.text("strategy.title", m.account.name), session: session) {
            h1 { t.text("strategy.title", m.account.name) }
            p { a(.href(Paths.account(m.account.id))) { t.text("purchases.back") }; " · "; a(.href(Paths.portfolio)) { t.text("portfolio.title") } }
            if let error = m.assignForm.generalError { p(.class("form-error"), .role("alert")) { error } }
            div(.class("grid")) {
                classSection(t, m)
                entitlementsSection(t, m)
            }
            assignmentsSection(t, m, csrf: session.csrfToken)
            if m.canEdit { assignForm(t, m, csrf: session.csrfToken) }
        }
    }

    static func classSection(_ t: Catalog, _ m: AccountStrategyPageModel) -> HTML {
        section(.class("card"), .id("account-classification")) {
            h2 { t.text("strategy.class") }
            if let accountClass = m.account.accountClass {
                p(.id("strategy-class")) { span(.class("badge class-\(accountClass.rawValue.lowercased())")) { t.text("classification.class_badge", accountClass.rawValue) } }
            } else {
                p(.class("muted"), .id("strategy-class")) { t.text("strategy.unclassified") }
            }
            if let stored = m.placement, let placement = stored.placement, let at = stored.classifiedAt {
                p(.class("muted")) { t.text("strategy.classified_on", t.dateTime(at), String(stored.rulesRevision ?? 0)) }
                PlacementExplanation.details(t, placement, currency: m.reportingCurrency)
            }
            if !m.classMoves.isEmpty {
                h3 { t.text("strategy.class_history") }
                ul(.id("class-history")) {
                    for move in m.classMoves {
                        li { t.text("strategy.class_move", t.dateTime(move.at), move.from.isEmpty ? "—" : move.from, move.to, move.reason) }
                    }
                }
            }
        }
    }

    static func entitlementsSection(_ t: Catalog, _ m: AccountStrategyPageModel) -> HTML {
        section(.class("card"), .id("entitlements")) {
            h2 { t.text("strategy.entitlements") }
            if let check = m.strategy.entitlements {
                table {
                    thead {
                        tr {
                            th(.scope("col")) { t.text("strategy.item") }; th(.scope("col")) { t.text("strategy.entitled") }
                            th(.scope("col")) { t.text("strategy.actual") }; th(.scope("col")) { t.text("strategy.effort") }
                        }
                    }
                    tbody {
                        for line in check.lines {
                            tr(.class(line.effort == .short || line.effort == .over ? "flagged" : ""), .id("entitlement-\(line.item.rawValue)")) {
                                td { t.label(line.item) }
                                td { words(t, line.entitled) }
                                td { line.actual.map { words(t, $0) } ?? "—" }
                                td { t.label(line.effort) }
                            }
                        }
                    }
                }
            } else {
                p(.class("muted")) { t.text("strategy.no_entitlements") }
            }
        }
    }

    static func words(_ t: Catalog, _ value: String) -> String {
        value == "yes" ? t.text("strategy.yes") : value == "no" ? t.text("strategy.no") : value
    }

    static func assignmentsSection(_ t: Catalog, _ m: AccountStrategyPageModel, csrf: String) -> HTML {
        section(.id("strategy-assignments")) {
            h2 { t.text("strategy.assigned") }
            if m.strategy.assignments.isEmpty { p(.class("muted")) { t.text("strategy.none_assigned") } } else {
                table {
                    thead {
                        tr {
                            th(.scope("col")) { t.text("strategy.strategy") }; th(.scope("col")) { t.text("strategy.tactic") }
                            th(.scope("col")) { t.text("strategy.owner") }; th(.scope("col")) { t.text("strategy.status") }
                            th(.scope("col")) { t.text("strategy.due") }; th(.scope("col")) { t.text("strategy.note") }
                        }
                    }
                    tbody {
                        for item in m.strategy.assignments {
                            tr(.id("assignment-\(item.id)")) {
                                td { item.strategyName }
                                td { item.tacticName ?? "—" }
                                td { item.ownerName }
                                td {
                                    if m.canEdit {
                                        form(.method("post"), .action(Paths.strategyAssignment(item.id)), .class("inline")) {
                                            Pages.csrfField(csrf)
                                            input(.type("hidden"), .name("_version"), .value(String(item.version)))
                                            select(.name("status"), .ariaLabel(t.text("strategy.status"))) {
                                                for status in AssignmentStatus.allCases {
                                                    option(.value(status.rawValue), .selected(status == item.status)) { t.label(status) }
                                                }
                                            }
                                            button(.type("submit")) { t.text("strategy.update") }
                                        }
                                    } else {
                                        t.label(item.status)
                                    }
                                }
                                td { item.dueOn.map { t.date($0) } ?? "—" }
                                td { item.note ?? "" }
                            }
                        }
                    }
                }
            }
        }
    }

    static func assignForm(_ t: Catalog, _ m: AccountStrategyPageModel, csrf: String) -> HTML {
        let suggested = Set(m.strategy.suggested)
        let ordered = m.library.strategies.filter { suggested.contains($0.key) } + m.library.strategies.filter { !suggested.contains($0.key) }
        return section(.class("card"), .id("assign-strategy")) {
            h2 { t.text("strategy.assign") }
            form(.method("post"), .action(Paths.strategyAssignments(m.account.id))) {
                Pages.csrfField(csrf)
                FormFields.select(t, "strategy.strategy", name: "strategyKey", state: m.assignForm, choices: ordered.map { strategy in
                    (strategy.key, strategy.name + (suggested.contains(strategy.key) && m.account.accountClass != nil ? " ★" : ""))
                })
                FormFields.select(t, "strategy.tactic", name: "tacticKey", state: m.assignForm, choices: ordered.flatMap { strategy in
                    strategy.tactics.map { ($0.key, "\(strategy.name): \($0.name)") }
                }, blank: t.text("strategy.whole_strategy"))
                FormFields.select(t, "strategy.owner", name: "ownerID", state: m.assignForm, choices: m.owners.map { (String($0.id), $0.name) })
                FormFields.vocabulary(t, "strategy.status", name: "status", state: m.assignForm, AssignmentStatus.self)
                FormFields.text(t, "strategy.due", name: "dueOn", state: m.assignForm, type: "date")
                FormFields.textArea(t, "strategy.note", name: "note", state: m.assignForm, rows: 2)
                button(.type("submit"), .id("assign-submit")) { t.text("strategy.assign") }
            }
        }
    }
}
