import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

/// The coverage card of the account page.
struct AccountCoverageModel: Sendable {
    var rows: [CoverageAssignment]
    var canManage: Bool
    var users: [User]
    var teams: [SalesTeam]
    var form: FormState
    var today: CalendarDate
}

enum CoverageViews {
    static func accountCard(_ t: Catalog, account: AccountID, _ m: AccountCoverageModel, csrf: String) -> HTML {
        section(.class("card"), .id("account-coverage")) {
            h2 { t.text("coverage.title") }
            let current = m.rows.filter { $0.isCurrent(on: m.today) }
            ul(.class("coverage-lines")) {
                for line in CoverageLine.allCases {
                    let names = current.filter { $0.line == line }.map(\.coveredBy)
                    li(.class("coverage-\(CoverageState(coverers: names.count).rawValue)"), .data("line", line.rawValue)) {
                        strong { t.label(line) }
                        ": "
                        names.isEmpty ? t.text("coverage.gap") : names.joined(separator: ", ")
                    }
                }
            }
            if !m.rows.isEmpty {
                table {
                    thead {
                        tr {
                            th(.scope("col")) { t.text("coverage.line") }
                            th(.scope("col")) { t.text("coverage.covered_by") }
                            th(.scope("col")) { t.text("team.from") }
                            th(.scope("col")) { t.text("team.to") }
                            if m.canManage { th(.scope("col")) { t.text("recycle.action") } }
                        }
                    }
                    tbody {
                        for row in m.rows {
                            tr(.class(row.isCurrent(on: m.today) ? "coverage current" : "coverage ended")) {
                                td { t.label(row.line) }
                                td { row.coveredBy; if row.territoryID != nil { " "; span(.class("badge")) { t.text("coverage.by_territory") } } }
                                td { t.date(row.from) }
                                td { row.to.map(t.date) ?? "—" }
                                if m.canManage {
                                    td {
                                        if row.to.map({ m.today < $0 }) ?? true {
                                            form(.method("post"), .action(Paths.endCoverage(row.id)), .class("inline")) {
                                                Pages.csrfField(csrf)
                                                input(.type("hidden"), .name("_version"), .value(String(row.version)))
                                                button(.type("submit"), .class("end-coverage")) { t.text("team.end") }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if m.canManage {
                if let error = m.form.generalError { p(.class("form-error"), .role("alert")) { error } }
                form(.method("post"), .action(Paths.accountCoverage(account)), .id("add-coverage")) {
                    Pages.csrfField(csrf)
                    FormFields.vocabulary(t, "coverage.line", name: "line", state: m.form, CoverageLine.self)
                    FormFields.select(t, "coverage.person", name: "userID", state: m.form,
                                      choices: m.users.map { (String($0.id), $0.displayName) }, blank: "—")
                    FormFields.select(t, "coverage.sales_team", name: "salesTeamID", state: m.form,
                                      choices: m.teams.map { (String($0.id), $0.name) }, blank: "—")
                    FormFields.text(t, "team.from", name: "from", state: m.form, type: "date", maxLength: 10)
                    button(.type("submit"), .id("add-coverage-submit")) { t.text("coverage.add") }
                }
            }
        }
    }

    static func matrix(_ t: Catalog, _ matrix: CoverageMatrix, filters: FormState, session: SignedInSession) -> HTML {
        Pages.layout(t, title: t.text("coverage.matrix_title"), session: session) {
            h1 { t.text("coverage.matrix_title") }
            form(.method("get"), .action(Paths.coverageMatrix), .class("filters")) {
                FormFields.vocabulary(t, "accounts.region", name: "region", state: filters, Region.self, blank: "—")
                FormFields.vocabulary(t, "accounts.industry", name: "industry", state: filters, Industry.self, blank: "—")
                FormFields.vocabulary(t, "accounts.status", name: "status", state: filters, KeyAccountStatus.self, blank: "—")
                div(.class("field")) {
                    label(.for("problems-only")) {
                        input(.type("checkbox"), .name("problems"), .value("true"), .id("problems-only"), .checked(filters["problems"] == "true"))
                        " "
                        t.text("coverage.problems_only")
                    }
                }
                button(.type("submit")) { t.text("coverage.apply_filters") }
            }
            p(.id("coverage-summary")) { t.text("coverage.summary", t.number(matrix.gapCount), t.number(matrix.overlapCount)) }
            table(.id("coverage-matrix")) {
                thead {
                    tr {
                        th(.scope("col")) { t.text("accounts.name") }
                        for line in matrix.lines { th(.scope("col")) { t.label(line) } }
                    }
                }
                tbody {
                    for row in matrix.rows {
                        tr(.data("account", String(row.accountID))) {
                            th(.scope("row")) { a(.href(Paths.account(row.accountID))) { row.name } }
                            for cell in row.cells {
                                td(.class("cell \(cell.state.rawValue)"), .title(t.label(cell.state))) {
                                    cell.coveredBy.isEmpty ? t.text("coverage.gap") : cell.coveredBy.joined(separator: ", ")
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static func salesTeams(_ t: Catalog, _ teams: [SalesTeam], users: [User], canShape: Bool, forms: [SalesTeamID: FormState],
                           newForm: FormState, session: SignedInSession) -> HTML {
        let names = Dictionary(uniqueKeysWithValues: users.map { ($0.id, $0.displayName) })
        let choices = users.filter(\.active).map { (String($0.id), $0.displayName) }
        return Pages.layout(t, title: t.text("sales_teams.title"), session: session) {
            h1 { t.text("sales_teams.title") }
            if teams.isEmpty { p(.class("muted")) { t.text("sales_teams.none") } }
            for team in teams {
                section(.class("card sales-team"), .data("team", String(team.id))) {
                    h2 { team.name }
                    p { t.text("sales_teams.leader"); ": "; team.leaderID.flatMap { names[$0] } ?? "—" }
                    p { t.text("sales_teams.members"); ": "; team.memberIDs.compactMap { names[$0] }.joined(separator: ", ") }
                    if canShape {
                        let state = forms[team.id] ?? FormState(values: ["name": team.name, "leaderID": team.leaderID.map(String.init) ?? "",
                                                                         "memberIDs": team.memberIDs.map(String.init).joined(separator: ",")])
                        details {
                            summary { t.text("sales_teams.edit") }
                            teamForm(t, action: Paths.salesTeam(team.id), state: state, choices: choices, version: team.version,
                                     csrf: session.csrfToken)
                        }
                    }
                }
            }
            if canShape {
                section(.class("card"), .id("new-sales-team")) {
                    h2 { t.text("sales_teams.new") }
                    teamForm(t, action: Paths.salesTeams, state: newForm, choices: choices, version: nil, csrf: session.csrfToken)
                }
            }
        }
    }

    static func teamForm(_ t: Catalog, action: String, state: FormState, choices: [(String, String)], version: Int?, csrf: String) -> HTML {
        form(.method("post"), .action(action)) {
            Pages.csrfField(csrf)
            if let version { input(.type("hidden"), .name("_version"), .value(String(version))) }
            if let error = state.generalError { p(.class("form-error"), .role("alert")) { error } }
            FormFields.text(t, "sales_teams.name", name: "name", state: state, required: true)
            FormFields.select(t, "sales_teams.leader", name: "leaderID", state: state, choices: choices, blank: "—")
            FormFields.multiple(t, "sales_teams.members", name: "memberIDs", state: state, choices: choices)
            button(.type("submit")) { t.text("form.save") }
        }
    }
}

extension PageHandlers {
    /// The account's coverage; the people and teams to choose from are read only for those who may change it.
    func coverageCard(_ account: Account, users: [User], session: SignedInSession, form: FormState?) async throws -> AccountCoverageModel {
        let today = store.today()
        let canManage = session.caller.policy.canManageCoverage(of: account)
        return AccountCoverageModel(rows: try await store.coverage.list(for: account, caller: session.caller), canManage: canManage,
                                    users: users.filter(\.active), teams: canManage ? try await store.salesTeams.list() : [],
                                    form: form ?? FormState(values: ["from": today.description]), today: today)
    }

    func addCoverage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        do {
            let input = Inputs.coverage(JSONValue.fromForm(form), fromForm: true, base: CoverageDraft(line: .regional, from: store.today()),
                                        creating: true)
            _ = try await store.coverage.add(to: id, input.value, caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(Paths.account(id) + "#account-coverage")
        } catch {
            let failed = try FormState.failed(error, form: form, version: nil, Catalog(context.language))
            return Pages.response(try await renderAccount(id, session: session, context: context, moveForm: FormState(),
                                                          coverageForm: failed.state), status: .unprocessableContent)
        }
    }

    func endCoverage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let row = try await store.coverage.get(try APISupport.id(context), caller: session.caller)
        var ended = row.draft
        ended.to = max(store.today(), row.from)
        _ = try await store.coverage.update(row.id, ended, expectedVersion: Int(FormBody.value(form, "_version") ?? "") ?? 0,
                                            caller: session.caller)
        return Pages.redirect(Paths.account(row.accountID) + "#account-coverage")
    }

    func coverageMatrixPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let (filter, limit) = (try? APIHandlers.coverageFilter(request)) ?? (CoverageFilter(), 200)
        var filters = FormState()
        for key in ["region", "industry", "status", "problems"] { filters.values[key] = APISupport.query(request, key) }
        let matrix = try await store.coverage.matrix(caller: session.caller, filter: filter, limit: limit)
        return Pages.response(CoverageViews.matrix(Catalog(context.language), matrix, filters: filters, session: session))
    }

    func salesTeamsPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        return try await renderSalesTeams(session: session, context: context)
    }

    func renderSalesTeams(session: SignedInSession, context: AppContext, forms: [SalesTeamID: FormState] = [:], newForm: FormState = FormState(),
                          status: HTTPResponse.Status = .ok) async throws -> Response {
        let html = CoverageViews.salesTeams(Catalog(context.language), try await store.salesTeams.list(), users: try await store.users.all(),
                                            canShape: session.caller.policy.mayShapeOrganisation, forms: forms, newForm: newForm,
                                            session: session)
        return Pages.response(html, status: status)
    }

    func saveSalesTeam(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = context.parameters.get("id").flatMap { Int64($0) }
        let form = FormBody.joined(try await FormBody.read(request, context, csrfExpected: session.csrfToken))
        let version = Int(FormBody.value(form, "_version") ?? "")
        do {
            if let id {
                let current = try await store.salesTeams.get(id)
                let input = Inputs.salesTeam(JSONValue.fromForm(form), fromForm: true, base: current.draft)
                _ = try await store.salesTeams.update(id, input.value, expectedVersion: version ?? 0, caller: session.caller,
                                                      inputIssues: input.issues)
            } else {
                let input = Inputs.salesTeam(JSONValue.fromForm(form), fromForm: true, base: SalesTeamDraft(name: ""))
                _ = try await store.salesTeams.create(input.value, caller: session.caller, inputIssues: input.issues)
            }
            return Pages.redirect(Paths.salesTeams)
        } catch {
            let failed = try FormState.failed(error, form: form, version: version, Catalog(context.language))
            if let id { return try await renderSalesTeams(session: session, context: context, forms: [id: failed.state], status: .unprocessableContent) }
            return try await renderSalesTeams(session: session, context: context, newForm: failed.state, status: .unprocessableContent)
        }
    }
}
