import Foundation
import Hummingbird
import KAMCore
import KAMStore

/// The scoring model and the accounts' scorecards through the API.
extension APIHandlers {
    func getScoringModel(_ request: Request, _ context: AppContext) async throws -> Response {
        _ = try context.requireCaller()
        let model = try await store.scoring.model()
        return try APISupport.json(model, version: model.revision)
    }

    func listScoringRevisions(_ request: Request, _ context: AppContext) async throws -> Response {
        _ = try context.requireCaller()
        let revisions = try await store.scoring.revisions()
        return try APISupport.json(ListResponse(items: revisions, nextCursor: nil, total: revisions.count, totalIsLowerBound: false))
    }

    /// PUT with If-Match: the revision the edit started from; the answer is the new revision.
    func saveScoringModel(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let revision = try APISupport.ifMatch(request) ?? 0
        let input = Inputs.scoringModel(try await APISupport.readJSON(request, context))
        let model = try await store.scoring.saveModel(input.value, expectedRevision: revision, caller: caller, inputIssues: input.issues)
        return try APISupport.json(model, version: model.revision)
    }

    func scoreAccount(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        var r = InputReader(try await APISupport.readJSON(request, context), fromForm: false)
        r.rejectUnknown(except: ["levels", "note"])
        var levels: [String: Int] = [:]
        if var object = r.object("levels") {
            for key in object.object.keys.sorted() {
                if let level = object.int(key).value { levels[key] = Int(level) }
            }
            r.issues += object.issues
        }
        let note = r.string("note").value
        let score = try await store.scoring.score(try APISupport.id(context), entered: levels, note: note, caller: caller, inputIssues: r.issues)
        return try APISupport.json(score, status: .created)
    }

    func listAccountScores(_ request: Request, _ context: AppContext) async throws -> Response {
        let scores = try await store.scoring.scores(of: try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(ListResponse(items: scores, nextCursor: nil, total: scores.count, totalIsLowerBound: false))
    }

    func rescoreAccounts(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        var r = InputReader(try await APISupport.readJSON(request, context), fromForm: false)
        r.rejectUnknown(except: ["accountIDs"])
        let ids = r.ids("accountIDs").or([])
        if !r.issues.isEmpty { throw AppError.invalid(r.issues) }
        let scores = try await store.scoring.rescore(ids, caller: caller)
        return try APISupport.json(ListResponse(items: scores, nextCursor: nil, total: scores.count, totalIsLowerBound: false))
    }
}

extension Inputs {
    /// A form sends the same names (`indicators[0].levels[1].meaning`); its blank rows are skipped.
    static func scoringModel(_ value: JSONValue, fromForm: Bool = false) -> Parsed<ScoringModelDraft> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: ["name", "threshold", "indicators"])
        var draft = ScoringModelDraft(name: r.string("name").or(""), indicators: [], threshold: 0)
        if let threshold = r.number("threshold") { draft.threshold = threshold }
        else if !r.issues.contains(where: { $0.field == "threshold" }) { r.issues.append(FieldIssue(field: "threshold", code: "required")) }
        for var item in r.objects("indicators") ?? [] {
            item.rejectUnknown(except: ["key", "name", "description", "weight", "source", "levels"])
            let weight = item.number("weight")
            var indicator = ScoringIndicator(key: item.string("key").or(""), name: item.string("name").or(""),
                                             description: item.string("description").or(""), levels: [],
                                             weight: weight ?? 0, source: item.vocabulary("source", IndicatorSource.self).or(.entered))
            if weight == nil, !item.issues.contains(where: { $0.field == item.path("weight") }) {
                item.issues.append(FieldIssue(field: item.path("weight"), code: "required"))
            }
            for var level in item.objects("levels") ?? [] {
                level.rejectUnknown(except: ["level", "meaning"])
                indicator.levels.append(ScaleLevel(Int(level.int("level").or(0)), level.string("meaning").or("")))
                item.issues += level.issues
            }
            draft.indicators.append(indicator)
            r.issues += item.issues
        }
        return Parsed(value: draft, issues: r.issues)
    }
}
