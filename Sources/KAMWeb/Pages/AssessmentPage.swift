import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

extension PageHandlers {
    func assessmentsPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let year = try AssessmentYears.year(request, today: store.today())
        return Pages.response(try await renderAssessments(year, session: session, context: context, failed: nil))
    }

    func decideAssessmentFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let pairs = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let fields = pairs.filter { !$0.0.hasPrefix("_") }
        let input = Inputs.assessmentDecision(JSONValue.fromForm(fields), fromForm: true)
        let year = AssessmentYears.range.contains(input.value.draft.year) ? input.value.draft.year : store.today().year
        do {
            if !input.issues.isEmpty { throw AppError.invalid(input.issues) }
            _ = try await store.assessments.decide(input.value.draft, expectedVersion: input.value.version, caller: session.caller)
            return Pages.redirect(Paths.assessments + "?year=\(year)")
        } catch {
            let (state, _) = try FormState.failed(error, form: fields, version: nil, Catalog(context.language))
            let failed = (key: "\(input.value.draft.subject.rawValue)-\(input.value.draft.subjectID)", state: state)
            let status: HTTPResponse.Status = if case StoreError.versionConflict = error { .conflict } else { .unprocessableContent }
            return Pages.response(try await renderAssessments(year, session: session, context: context, failed: failed), status: status)
        }
    }

    func renderAssessments(_ year: Int, session: SignedInSession, context: AppContext, failed: (key: String, state: FormState)?) async throws -> HTML {
        let lines = try await store.assessments.year(year, caller: session.caller)
        let criteria = try await store.documents.current(AssessmentCriteria.self).document
        let canDecide = [.administrator, .executive].contains(session.user.role)
        return AssessmentView.render(Catalog(context.language), year: year, lines: lines, criteria: criteria, canDecide: canDecide, failed: failed,
                                     session: session)
    }
}

enum AssessmentView {
    static func render(_ t: Catalog, year: Int, lines: [YearlyAssessment], criteria: AssessmentCriteria, canDecide: Bool,
                       failed: (key: String, state: FormState)?, session: SignedInSession) -> HTML {
        Pages.layout(t, title: t.text("assessment.title", String(year)), session: session) {
            h1 { t.text("assessment.title", String(year)) }
            p(.class("actions")) {
                a(.href(Paths.assessments + "?year=\(year - 1)"), .id("previous-year")) { "← " + String(year - 1) }
                a(.href(Paths.assessments + "?year=\(year + 1)"), .id("next-year")) { String(year + 1) + " →" }
                a(.href("/api/v1/exports/assessments.csv?year=\(year)"), .id("export-assessments")) { t.text("assessment.export") }
            }
            p(.class("muted"), .id("criteria")) {
                t.text("assessment.criteria", String(criteria.targetsPercent), String(criteria.reviewsOnTimePercent),
                       String(criteria.objectivesPercent), String(criteria.customerScore))
            }
            for subject in AssessmentSubject.allCases {
                h2 { t.label(subject) }
                let rows = lines.filter { $0.subject == subject }
                if rows.isEmpty { p(.class("muted")) { t.text("assessment.none") } }
                table(.id("assessment-\(subject.rawValue)")) {
                    thead {
                        tr {
                            th(.scope("col")) { "" }
                            for criterion in AssessmentCriterion.allCases { th(.scope("col")) { t.label(criterion) } }
                            th(.scope("col")) { t.text("assessment.suggestion") }; th(.scope("col")) { t.text("assessment.decision") }
                        }
                    }
                    tbody {
                        for line in rows { row(t, line, canDecide: canDecide, failed: failed, session: session) }
                    }
                }
            }
        }
    }

    static func row(_ t: Catalog, _ line: YearlyAssessment, canDecide: Bool, failed: (key: String, state: FormState)?, session: SignedInSession) -> HTML {
        let key = "\(line.subject.rawValue)-\(line.subjectID)"
        let state = failed?.key == key ? failed?.state : nil
        let f = line.figures
        let cells: [(AssessmentCriterion, String?)] = [(.targets, f.targetsPercent.map { "\($0)%" }), (.reviewsOnTime, f.reviewsOnTimePercent.map { "\($0)%" }),
                                                      (.objectives, f.objectivesPercent.map { "\($0)%" }), (.customerScore, f.customerScore.map { t.decimal($0) })]
        return tr(.id("assessment-\(key)"), .data("suggestion", line.suggestion?.rawValue ?? "")) {
            th(.scope("row")) {
                if line.subject == .keyAccount { a(.href(Paths.account(line.subjectID))) { line.name } } else { line.name }
            }
            for (criterion, text) in cells {
                td(.class(line.met[criterion.rawValue].map { $0 ? "met" : "missed" } ?? "")) { text ?? "—" }
            }
            td { line.suggestion.map { t.label($0) } ?? "—" }
            td {
                if let decision = line.decision {
                    p { span(.class("badge decision")) { t.label(decision) }; " "; span(.class("muted")) { line.decidedBy ?? "" } }
                    if !line.comment.isEmpty { p(.class("comment")) { line.comment } }
                }
                if canDecide {
                    form(.method("post"), .action(Paths.assessmentDecisions), .class("inline")) {
                        Pages.csrfField(session.csrfToken)
                        if let error = state?.generalError { p(.class("form-error"), .role("alert")) { error } }
                        input(.type("hidden"), .name("year"), .value(String(line.year)))
                        input(.type("hidden"), .name("subject"), .value(line.subject.rawValue))
                        input(.type("hidden"), .name("subjectID"), .value(String(line.subjectID)))
                        input(.type("hidden"), .name("version"), .value(String(line.version)))
                        select(.name("decision"), .ariaLabel(t.text("assessment.decision") + " · " + line.name)) {
                            for decision in AssessmentDecision.allCases {
                                option(.value(decision.rawValue), .selected((state?["decision"]).map { $0 == decision.rawValue }
                                                                            ?? ((line.decision ?? line.suggestion) == decision))) { t.label(decision) }
                            }
                        }
                        input(.type("text"), .name("comment"), .value(state?["comment"] ?? line.comment), .ariaLabel(t.text("assessment.comment") + " · " + line.name))
                        if let state { FormFields.errors(state, "comment") }
                        button(.type("submit"), .class("decide")) { t.text("assessment.save") }
                    }
                }
            }
        }
    }
}
