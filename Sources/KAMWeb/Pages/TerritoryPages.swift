import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

enum TerritoryViews {
    static func models(_ t: Catalog, _ models: [TerritoryModel], form state: FormState, session: SignedInSession) -> HTML {
        Pages.layout(t, title: t.text("territories.title"), session: session) {
            h1 { t.text("territories.title") }
            p(.class("muted")) { t.text("territories.intro") }
            if models.isEmpty { p(.class("muted")) { t.text("territories.none") } }
            ul(.id("territory-models")) {
                for model in models {
                    li(.data("model", String(model.id))) {
                        a(.href(Paths.territoryModel(model.id))) { model.name }
                        " "
                        span(.class("badge \(model.state.rawValue)")) { t.label(model.state) }
                        " · "
                        t.text("territories.count", t.number(model.territories.count))
                    }
                }
            }
            if session.caller.policy.isAdministrator {
                section(.class("card"), .id("new-territory-model")) {
                    h2 { t.text("territories.new_model") }
                    form(.method("post"), .action(Paths.territoryModels)) {
                        Pages.csrfField(session.csrfToken)
                        FormFields.text(t, "territories.model_name", name: "name", state: state, required: true)
                        FormFields.select(t, "territories.copy_from", name: "copyFrom", state: state,
                                          choices: models.map { (String($0.id), $0.name) }, blank: "—")
                        button(.type("submit")) { t.text("territories.create_draft") }
                    }
                }
            }
        }
    }

    static func model(_ t: Catalog, _ model: TerritoryModel, moves: [TerritoryMove], users: [User], teams: [SalesTeam],
                      form state: FormState, session: SignedInSession) -> HTML {
        let userNames = Dictionary(uniqueKeysWithValues: users.map { ($0.id, $0.displayName) })
        let teamNames = Dictionary(uniqueKeysWithValues: teams.map { ($0.id, $0.name) })
        let territoryNames = Dictionary(uniqueKeysWithValues: model.territories.map { ($0.id, $0.name) })
        let editable = model.state == .draft && session.caller.policy.isAdministrator
        func rule(_ r: TerritoryRule) -> String {
            let parts = r.regions.map { t.label($0) }.sorted() + r.industries.map { t.label($0) }.sorted()
                + r.sizes.map { t.label($0) }.sorted() + r.statuses.map { t.label($0) }.sorted()
            return parts.isEmpty ? t.text("territories.any") : parts.joined(separator: ", ")
        }
        return Pages.layout(t, title: model.name, session: session) {
            h1 { model.name; " "; span(.class("badge \(model.state.rawValue)"), .id("model-state")) { t.label(model.state) } }
            p { a(.href(Paths.territoryModels)) { t.text("territories.title") } }
            table(.id("territories")) {
                thead {
                    tr {
                        th(.scope("col")) { t.text("territories.name") }
                        th(.scope("col")) { t.text("territories.parent") }
                        th(.scope("col")) { t.text("coverage.line") }
                        th(.scope("col")) { t.text("territories.rule") }
                        th(.scope("col")) { t.text("coverage.covered_by") }
                    }
                }
                tbody {
                    for territory in model.territories {
                        tr(.data("territory", String(territory.id))) {
                            td { territory.name }
                            td { territory.parentID.flatMap { territoryNames[$0] } ?? "—" }
                            td { t.label(territory.line) }
                            td { rule(territory.rule) }
                            td { territory.userID.flatMap { userNames[$0] } ?? territory.salesTeamID.flatMap { teamNames[$0] } ?? t.text("territories.grouping") }
                        }
                    }
                }
            }
            if editable {
                section(.class("card"), .id("add-territory")) {
                    h2 { t.text("territories.add") }
                    if let error = state.generalError { p(.class("form-error"), .role("alert")) { error } }
                    form(.method("post"), .action(Paths.territoryModelTerritories(model.id))) {
                        Pages.csrfField(session.csrfToken)
                        FormFields.text(t, "territories.name", name: "name", state: state, required: true)
                        FormFields.select(t, "territories.parent", name: "parentID", state: state,
                                          choices: model.territories.map { (String($0.id), $0.name) }, blank: "—")
                        FormFields.vocabulary(t, "coverage.line", name: "line", state: state, CoverageLine.self)
                        FormFields.multiple(t, "accounts.region", name: "rule.regions", state: state,
                                            choices: Region.allCases.map { ($0.rawValue, t.label($0)) })
                        FormFields.multiple(t, "accounts.industry", name: "rule.industries", state: state,
                                            choices: Industry.allCases.map { ($0.rawValue, t.label($0)) })
                        FormFields.multiple(t, "account.size", name: "rule.sizes", state: state,
                                            choices: AccountSize.allCases.map { ($0.rawValue, t.label($0)) })
                        FormFields.multiple(t, "accounts.status", name: "rule.statuses", state: state,
                                            choices: KeyAccountStatus.allCases.map { ($0.rawValue, t.label($0)) })
                        FormFields.select(t, "coverage.person", name: "userID", state: state,
                                          choices: users.filter(\.active).map { (String($0.id), $0.displayName) }, blank: "—")
                        FormFields.select(t, "coverage.sales_team", name: "salesTeamID", state: state,
                                          choices: teams.map { (String($0.id), $0.name) }, blank: "—")
                        button(.type("submit")) { t.text("territories.add") }
                    }
                }
            }
            if session.caller.policy.isAdministrator { section(.class("card"), .id("territory-preview")) {
                h2 { t.text("territories.preview") }
                p(.id("preview-count")) { t.text("territories.moves", t.number(moves.count)) }
                if !moves.isEmpty {
                    table {
                        thead {
                            tr {
                                th(.scope("col")) { t.text("accounts.name") }
                                th(.scope("col")) { t.text("coverage.line") }
                                th(.scope("col")) { t.text("territories.from") }
                                th(.scope("col")) { t.text("territories.to") }
                            }
                        }
                        tbody {
                            for move in moves.prefix(500) {
                                tr(.class("territory-move")) {
                                    td { a(.href(Paths.account(move.accountID))) { move.accountName } }
                                    td { t.label(move.line) }
                                    td { move.from.map { territoryNames[$0] ?? "#\($0)" } ?? "—" }
                                    td { move.to.map { territoryNames[$0] ?? "#\($0)" } ?? "—" }
                                }
                            }
                        }
                    }
                }
                if model.state != .archived && session.caller.policy.isAdministrator {
                    form(.method("post"), .action(Paths.applyTerritoryModel(model.id))) {
                        Pages.csrfField(session.csrfToken)
                        input(.type("hidden"), .name("_version"), .value(String(model.version)))
                        button(.type("submit"), .id("apply-model")) { t.text("territories.apply") }
                    }
                }
            } }
        }
    }
}

extension PageHandlers {
    func territoryModelsPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let models = try await store.territories.models(caller: session.caller)
        return Pages.response(TerritoryViews.models(Catalog(context.language), models, form: FormState(), session: session))
    }

    func createTerritoryModel(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        do {
            let model = try await store.territories.createModel(name: FormBody.value(form, "name") ?? "",
                                                                copyFrom: FormBody.value(form, "copyFrom").flatMap { Int64($0) },
                                                                caller: session.caller)
            return Pages.redirect(Paths.territoryModel(model.id))
        } catch {
            let failed = try FormState.failed(error, form: form, version: nil, Catalog(context.language))
            let models = try await store.territories.models(caller: session.caller)
            return Pages.response(TerritoryViews.models(Catalog(context.language), models, form: failed.state, session: session),
                                  status: .unprocessableContent)
        }
    }

    func territoryModelPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        return try await renderTerritoryModel(try APISupport.id(context), session: session, context: context, form: FormState())
    }

    func renderTerritoryModel(_ id: TerritoryModelID, session: SignedInSession, context: AppContext, form: FormState,
                              status: HTTPResponse.Status = .ok) async throws -> Response {
        let model = try await store.territories.model(id, caller: session.caller)
        // The preview names accounts company-wide: administrators (who apply models) see it.
        let moves = model.state == .archived || !session.caller.policy.isAdministrator ? []
            : try await store.territories.preview(id, caller: session.caller)
        let html = TerritoryViews.model(Catalog(context.language), model, moves: moves, users: try await store.users.all(),
                                        teams: try await store.salesTeams.list(), form: form, session: session)
        return Pages.response(html, status: status)
    }

    func addTerritory(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let form = FormBody.joined(try await FormBody.read(request, context, csrfExpected: session.csrfToken))
        do {
            let input = Inputs.territory(JSONValue.fromForm(form), fromForm: true, base: TerritoryDraft(name: "", line: .regional), creating: true)
            _ = try await store.territories.addTerritory(to: id, input.value, caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(Paths.territoryModel(id))
        } catch {
            let failed = try FormState.failed(error, form: form, version: nil, Catalog(context.language))
            return try await renderTerritoryModel(id, session: session, context: context, form: failed.state, status: .unprocessableContent)
        }
    }

    func applyTerritoryModel(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        _ = try await store.territories.apply(id, expectedVersion: Int(FormBody.value(form, "_version") ?? "") ?? 0, caller: session.caller)
        return Pages.redirect(Paths.territoryModel(id))
    }
}
