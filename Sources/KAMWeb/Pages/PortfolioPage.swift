import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

/// The portfolio's classification: the 2×2, the rules that draw it, what a change of rules would
/// move, and (for administrators) saving the rules and reclassifying.
struct PortfolioPageModel: Sendable {
    var stored: Revised<ClassificationRules>
    var run: ClassificationRun
    /// The form shows proposed rules that are not saved: the page is a preview.
    var previewing: Bool
    var form: FormState
    var canApply: Bool
    var appliedMoves: Int?
}

/// The rules form: one weight per input and axis (`contribution.weight.revenue_12m`), a
/// threshold kind and value per axis; a top share is typed in percent.
enum PortfolioForm {
    static let axes = ["contribution", "potential"]

    static func values(_ rules: ClassificationRules) -> [String: String] {
        var values: [String: String] = [:]
        for (name, axis) in [("contribution", rules.contribution), ("potential", rules.potential)] {
            for input in ClassificationInput.allCases {
                let weight = axis.inputs.first { $0.input == input }?.weight ?? 0
                values["\(name).weight.\(input.rawValue)"] = format(weight)
            }
            values["\(name).threshold.kind"] = axis.threshold.kind.rawValue
            let shown = axis.threshold.kind == .topShare ? axis.threshold.value * 100 : axis.threshold.value
            values["\(name).threshold.value"] = format((shown * 1_000_000).rounded() / 1_000_000)
        }
        return values
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
    }

    /// Whether the request carries rules at all (a bare GET shows the stored ones).
    static func present(_ pairs: [(String, String)]) -> Bool { pairs.contains { $0.0.hasPrefix("contribution.") || $0.0.hasPrefix("potential.") } }

    static func read(_ pairs: [(String, String)]) -> (rules: ClassificationRules, issues: [FieldIssue]) {
        let form = Dictionary(pairs, uniquingKeysWith: { first, _ in first })
        var issues: [FieldIssue] = []
        func axis(_ name: String) -> AxisDefinition {
            var inputs: [WeightedInput] = []
            for input in ClassificationInput.allCases {
                let field = "\(name).weight.\(input.rawValue)"
                let text = (form[field] ?? "").trimmingCharacters(in: .whitespaces)
                if text.isEmpty { continue }
                guard let weight = Double(text), weight.isFinite else { issues.append(FieldIssue(field: field, code: "expected_number")); continue }
                if weight < 0 { issues.append(FieldIssue(field: field, code: "negative")) } else if weight > 0 { inputs.append(WeightedInput(input, weight: weight)) }
            }
            let kindField = "\(name).threshold.kind", valueField = "\(name).threshold.value"
            let kind = AxisThreshold.Kind(rawValue: form[kindField] ?? "")
            if kind == nil { issues.append(FieldIssue(field: kindField, code: "invalid_choice", detail: AxisThreshold.Kind.allRawValues.joined(separator: ", "))) }
            let value = Double((form[valueField] ?? "").trimmingCharacters(in: .whitespaces))
            if value == nil || !(value ?? 0).isFinite { issues.append(FieldIssue(field: valueField, code: "expected_number")) }
            let threshold = AxisThreshold(kind: kind ?? .topShare, value: kind == .topShare ? (value ?? 30) / 100 : (value ?? 0))
            return AxisDefinition(inputs: inputs, threshold: threshold)
        }
        let rules = ClassificationRules(contribution: axis("contribution"), potential: axis("potential"))
        do throws(ValidationFailure) { try rules.validate() } catch {
            // The domain names the axis' threshold and input list; the form shows them at its fields.
            for issue in error.issues {
                let field = issue.field.hasSuffix(".threshold") ? issue.field + ".value" : issue.field
                if !issues.contains(where: { $0.field.hasPrefix(field) }) { issues.append(FieldIssue(field: field, code: issue.code, detail: issue.detail)) }
            }
        }
        return (rules, issues)
    }
}

extension PageHandlers {
    func portfolioPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let t = Catalog(context.language)
        // Hummingbird decodes query values but not keys; a browser leaves these names as they are, a script may not.
        let pairs = request.uri.queryParameters.map { (String($0.key).removingPercentEncoding ?? String($0.key), String($0.value)) }
        let stored = try await store.classification.rules()
        var form = FormState()
        form.values = PortfolioForm.values(stored.document)
        var proposed: ClassificationRules?
        var status: HTTPResponse.Status = .ok
        if PortfolioForm.present(pairs) {
            let read = PortfolioForm.read(pairs)
            for (key, value) in pairs { form.values[key] = value }
            if read.issues.isEmpty { proposed = read.rules } else { form.add(read.issues, t); status = .unprocessableContent }
        }
        let run = try await store.classification.preview(proposed, caller: session.caller)
        let model = PortfolioPageModel(stored: stored, run: run, previewing: proposed != nil && proposed != stored.document, form: form,
                                       canApply: session.caller.policy.isAdministrator,
                                       appliedMoves: APISupport.query(request, "applied").flatMap { Int($0) })
        return Pages.response(PortfolioView.render(t, model, session: session), status: status)
    }

    /// Saves the rules in the form (when changed) and reclassifies every key account with the reason given.
    func applyClassificationFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let t = Catalog(context.language)
        let pairs = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let read = PortfolioForm.read(pairs)
        let revision = Int(FormBody.value(pairs, "_version") ?? "") ?? 0
        let reason = FormBody.value(pairs, "reason") ?? ""
        do {
            if !read.issues.isEmpty { throw AppError.invalid(read.issues) }
            let run = try await store.classification.apply(reason: reason, proposed: (read.rules, revision), caller: session.caller)
            return Pages.redirect(Paths.portfolio + "?applied=\(run.moves.count + run.leaving.count)")
        } catch {
            let (failed, _) = try FormState.failed(error, form: pairs, version: nil, t)
            let stored = try await store.classification.rules()
            let run = try await store.classification.preview(read.issues.isEmpty ? read.rules : nil, caller: session.caller)
            let model = PortfolioPageModel(stored: stored, run: run, previewing: read.issues.isEmpty && read.rules != stored.document,
                                           form: failed, canApply: session.caller.policy.isAdministrator, appliedMoves: nil)
            return Pages.response(PortfolioView.render(t, model, session: session), status: .unprocessableContent)
        }
    }
}

enum PortfolioView {
    static func render(_ t: Catalog, _ m: PortfolioPageModel, session: SignedInSession) -> HTML {
        Pages.layout(t, title: t.text("portfolio.title"), session: session) {
            h1 { t.text("portfolio.title") }
            if let moved = m.appliedMoves { p(.class("notice"), .id("portfolio-applied"), .role("status")) { t.text("portfolio.applied", String(moved)) } }
            p(.class("muted"), .id("portfolio-rules-revision")) {
                m.stored.revision == 0 ? t.text("portfolio.rules_standard")
                    : t.text("portfolio.rules_revision", String(m.stored.revision), m.stored.createdBy ?? "", m.stored.createdAt.map { t.dateTime($0) } ?? "")
            }
            p(.id("portfolio-summary")) {
                t.text("portfolio.summary", String(m.run.portfolioSize), t.decimal(m.run.contributionCut), t.decimal(m.run.potentialCut))
                if m.run.hiddenAccounts > 0 { " " + t.text("portfolio.hidden", String(m.run.hiddenAccounts)) }
            }
            div(.class("grid")) {
                section(.class("card")) { PortfolioDrawing.matrix(t, m.run) }
                section(.class("card")) { rulesForm(t, m, csrf: session.csrfToken) }
            }
            if m.previewing || !m.run.leaving.isEmpty { movesSection(t, m.run) }
            placementsTable(t, m.run)
        }
    }

    static func rulesForm(_ t: Catalog, _ m: PortfolioPageModel, csrf: String) -> HTML {
        HTML {
            h2 { t.text("portfolio.rules") }
            if let error = m.form.generalError { p(.class("form-error"), .role("alert")) { error } }
            form(.method("get"), .action(Paths.portfolio), .id("rules-form")) {
                for axis in PortfolioForm.axes {
                    fieldset(.id("axis-\(axis)")) {
                        legend { t.text("portfolio.axis.\(axis)") }
                        FormFields.errors(m.form, "\(axis).inputs")
                        for input in ClassificationInput.allCases {
                            FormFields.text(t, "", name: "\(axis).weight.\(input.rawValue)", state: m.form, type: "number", maxLength: 12,
                                            rawLabel: t.text("portfolio.weight_of", t.label(input)))
                        }
                        FormFields.vocabulary(t, "portfolio.threshold_kind", name: "\(axis).threshold.kind", state: m.form, AxisThreshold.Kind.self)
                        FormFields.text(t, "portfolio.threshold_value", name: "\(axis).threshold.value", state: m.form, type: "number", maxLength: 12)
                    }
                }
                button(.type("submit"), .id("preview-rules")) { t.text("portfolio.preview") }
            }
            if m.canApply {
                form(.method("post"), .action(Paths.portfolio), .id("apply-form")) {
                    Pages.csrfField(csrf)
                    input(.type("hidden"), .name("_version"), .value(String(m.stored.revision)))
                    for (key, value) in m.form.values.sorted(by: { $0.key < $1.key }) where PortfolioForm.axes.contains(where: { key.hasPrefix($0 + ".") }) {
                        input(.type("hidden"), .name(key), .value(value))
                    }
                    FormFields.text(t, "portfolio.reason", name: "reason", state: m.form, required: true, maxLength: 2000)
                    button(.type("submit"), .id("apply-classification")) { t.text(m.previewing ? "portfolio.save_and_apply" : "portfolio.apply") }
                }
            }
        }
    }

    static func movesSection(_ t: Catalog, _ run: ClassificationRun) -> HTML {
        let moves = run.moves
        return section(.id("portfolio-moves")) {
            h2 { t.text("portfolio.moves", String(moves.count + run.leaving.count)) }
            if moves.isEmpty && run.leaving.isEmpty { p(.class("muted")) { t.text("portfolio.no_moves") } } else {
                table {
                    thead { tr { th(.scope("col")) { t.text("accounts.name") }; th(.scope("col")) { t.text("portfolio.from") }; th(.scope("col")) { t.text("portfolio.to") } } }
                    tbody {
                        for move in moves {
                            tr(.class("move")) {
                                td { a(.href(Paths.account(move.accountID))) { move.name } }
                                td { move.currentClass?.rawValue ?? "—" }
                                td { move.placement.accountClass.rawValue }
                            }
                        }
                        // Classified before, no longer key accounts: applying removes the class.
                        for leaving in run.leaving {
                            tr(.class("move leaving")) {
                                td { a(.href(Paths.account(leaving.accountID))) { leaving.name } }
                                td { leaving.currentClass.rawValue }
                                td { t.text("portfolio.leaves") }
                            }
                        }
                    }
                }
            }
        }
    }

    /// A page, not a download: a portfolio larger than this lists its first accounts by name (the API and `kam classify --json` have all).
    static let tableLimit = 500

    static func placementsTable(_ t: Catalog, _ run: ClassificationRun) -> HTML {
        section(.id("portfolio-table")) {
            h2 { t.text("portfolio.accounts") }
            if run.accounts.count > tableLimit { p(.class("muted")) { t.text("portfolio.table_capped", String(tableLimit), String(run.accounts.count)) } }
            table {
                thead {
                    tr {
                        th(.scope("col")) { t.text("accounts.name") }; th(.scope("col")) { t.text("portfolio.current_class") }
                        th(.scope("col")) { t.text("portfolio.rules_class") }; th(.scope("col")) { t.text("portfolio.axis.contribution") }
                        th(.scope("col")) { t.text("portfolio.axis.potential") }; th(.scope("col")) { t.text("portfolio.why") }
                    }
                }
                tbody {
                    for entry in run.accounts.prefix(tableLimit) {
                        tr(.id("placement-\(entry.accountID)")) {
                            td { a(.href(Paths.account(entry.accountID))) { entry.name } }
                            td { entry.currentClass?.rawValue ?? "—" }
                            td(.class("class-\(entry.placement.accountClass.rawValue.lowercased())")) { entry.placement.accountClass.rawValue }
                            td { t.decimal(entry.placement.contribution) }
                            td { t.decimal(entry.placement.potential) }
                            td { PlacementExplanation.details(t, entry.placement, currency: run.reportingCurrency) }
                        }
                    }
                }
            }
        }
    }
}

/// Each axis of a placement down to its inputs: the value, its percentile in the portfolio, its
/// share of the axis and the points it adds.
enum PlacementExplanation {
    static func details(_ t: Catalog, _ placement: ClassPlacement, currency: String) -> HTML {
        KAMHTML.details {
            summary { t.text("portfolio.explain") }
            for (axis, parts) in [("contribution", placement.contributionParts), ("potential", placement.potentialParts)] {
                p { strong { t.text("portfolio.axis.\(axis)") } }
                ul {
                    for part in parts {
                        li {
                            t.text("portfolio.part", t.label(part.input), part.value.map { format(t, $0, part.input, currency) } ?? "—",
                                   t.decimal(part.percentile), t.percent(part.share), t.decimal(part.points))
                        }
                    }
                }
            }
        }
    }

    static func format(_ t: Catalog, _ value: Double, _ input: ClassificationInput, _ currency: String) -> String {
        switch input {
        case .revenue, .margin, .expectedValue, .lookAlikeValue: t.money(Money(minorUnits: Int64(value.rounded()), currency: currency))
        case .regularity: t.percent(value)
        case .score: t.decimal(value)
        }
    }
}
