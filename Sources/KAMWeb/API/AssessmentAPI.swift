import Foundation
import Hummingbird
import KAMCore
import KAMStore

extension Inputs {
    static func assessmentCriteria(_ value: JSONValue, fromForm: Bool) -> Parsed<AssessmentCriteria> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: ["targetsPercent", "reviewsOnTimePercent", "objectivesPercent", "customerScore"])
        var criteria = AssessmentCriteria.standard
        func read(_ key: String, _ into: inout Int) {
            if let value = r.int(key).value { into = Int(clamping: value) }
        }
        read("targetsPercent", &criteria.targetsPercent)
        read("reviewsOnTimePercent", &criteria.reviewsOnTimePercent)
        read("objectivesPercent", &criteria.objectivesPercent)
        read("customerScore", &criteria.customerScore)
        return Parsed(value: criteria, issues: r.issues)
    }

    /// A decision and the version it was taken on (0 for a first decision).
    static func assessmentDecision(_ value: JSONValue, fromForm: Bool) -> Parsed<(draft: AssessmentDecisionDraft, version: Int)> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: ["year", "subject", "subjectID", "decision", "comment", "version"])
        let year = r.int("year").value
        let subject = r.vocabulary("subject", AssessmentSubject.self).value
        let subjectID = r.int("subjectID").value
        let decision = r.vocabulary("decision", AssessmentDecision.self).value
        let comment = r.string("comment").value ?? ""
        let version = r.int("version").value ?? 0
        for (key, missing) in [("year", year == nil), ("subject", subject == nil), ("subjectID", subjectID == nil), ("decision", decision == nil)]
            where missing && !r.issues.contains(where: { $0.field == key }) {
            r.issues.append(FieldIssue(field: key, code: "required"))
        }
        if let year, !AssessmentYears.range.contains(Int(year)) {
            r.issues.append(FieldIssue(field: "year", code: "out_of_range", detail: "\(AssessmentYears.range.lowerBound)–\(AssessmentYears.range.upperBound)"))
        }
        if comment.count > 4000 { r.issues.append(FieldIssue(field: "comment", code: "too_long", detail: "4000")) }
        let draft = AssessmentDecisionDraft(year: Int(year ?? 0), subject: subject ?? .keyAccount, subjectID: subjectID ?? 0,
                                            decision: decision ?? .qualified, comment: comment)
        return Parsed(value: (draft, Int(version)), issues: r.issues)
    }
}

enum AssessmentYears {
    static let range = 2000...2100

    /// `?year=`, the current year when absent.
    static func year(_ request: Request, today: CalendarDate) throws -> Int {
        var issues: [FieldIssue] = []
        let year = APISupport.intParameter(request, "year", &issues).map(Int.init) ?? today.year
        if issues.isEmpty, !range.contains(year) { issues.append(FieldIssue(field: "year", code: "out_of_range", detail: "2000–2100")) }
        if !issues.isEmpty { throw AppError.invalid(issues) }
        return year
    }

    static func csv(_ lines: [YearlyAssessment]) -> String {
        var out = CSVWriter.row(["year", "subject", "subject_id", "name", "targets_percent", "reviews_on_time_percent", "objectives_percent",
                                 "customer_score", "suggestion", "decision", "comment", "decided_by"])
        for line in lines {
            let f = line.figures
            out += CSVWriter.row([String(line.year), line.subject.rawValue, String(line.subjectID), line.name, f.targetsPercent.map(String.init) ?? "",
                                  f.reviewsOnTimePercent.map(String.init) ?? "", f.objectivesPercent.map(String.init) ?? "",
                                  f.customerScore.map { String($0) } ?? "", line.suggestion?.rawValue ?? "", line.decision?.rawValue ?? "",
                                  line.comment, line.decidedBy ?? ""])
        }
        return out
    }
}

struct AssessmentList: Codable, Sendable {
    var year: Int
    var criteria: AssessmentCriteria
    var items: [YearlyAssessment]
}

extension APIHandlers {
    func listAssessments(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let year = try AssessmentYears.year(request, today: store.today())
        let items = try await store.assessments.year(year, caller: caller)
        return try APISupport.json(AssessmentList(year: year, criteria: try await store.documents.current(AssessmentCriteria.self).document, items: items))
    }

    func exportAssessments(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let year = try AssessmentYears.year(request, today: store.today())
        let csv = AssessmentYears.csv(try await store.assessments.year(year, caller: caller))
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                                               .contentDisposition: "attachment; filename=\"assessment-\(year).csv\""],
                        body: .init(byteBuffer: .init(string: csv)))
    }

    func decideAssessment(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let input = Inputs.assessmentDecision(try await APISupport.readJSON(request, context), fromForm: false)
        if !input.issues.isEmpty { throw AppError.invalid(input.issues) }
        let saved = try await store.assessments.decide(input.value.draft, expectedVersion: input.value.version, caller: caller)
        return try APISupport.json(saved, version: saved.version)
    }

    func getAssessmentCriteria(_ request: Request, _ context: AppContext) async throws -> Response {
        try await getDocument(AssessmentCriteria.self, context)
    }

    func saveAssessmentCriteria(_ request: Request, _ context: AppContext) async throws -> Response {
        try await saveDocument(request, context) { Inputs.assessmentCriteria($0, fromForm: false) }
    }
}
