import Foundation
import Hummingbird
import KAMCore
import KAMStore

extension APIHandlers {
    func getSalesProcess(_ request: Request, _ context: AppContext) async throws -> Response {
        try await getDocument(SalesProcess.self, context)
    }

    func saveSalesProcess(_ request: Request, _ context: AppContext) async throws -> Response {
        try await saveDocument(request, context) { Inputs.salesProcess($0, fromForm: false) }
    }

    func getPursuit(_ request: Request, _ context: AppContext) async throws -> Response {
        let pursuit = try await store.opportunities.pursuit(try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(pursuit, version: pursuit.version)
    }

    /// PUT with If-Match: the opportunity's version.
    func savePursuit(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let version = try APISupport.ifMatch(request) ?? 0
        let input = Inputs.pursuit(try await APISupport.readJSON(request, context), fromForm: false)
        let saved = try await store.opportunities.savePursuit(try APISupport.id(context), input.value, expectedVersion: version,
                                                              caller: caller, inputIssues: input.issues)
        return try APISupport.json(saved, version: saved.version)
    }

    func pipelineBoard(_ request: Request, _ context: AppContext) async throws -> Response {
        let query = try Self.pipelineQuery(request)
        return try APISupport.json(try await store.pipeline.board(query, caller: try context.requireCaller()))
    }

    func forecast(_ request: Request, _ context: AppContext) async throws -> Response {
        let query = try Self.pipelineQuery(request)
        return try APISupport.json(try await store.pipeline.forecast(query, caller: try context.requireCaller()))
    }

    static func pipelineQuery(_ request: Request) throws -> PipelineQuery {
        var issues: [FieldIssue] = []
        var query = PipelineQuery()
        query.ownerID = APISupport.intParameter(request, "owner", &issues)
        query.accountID = APISupport.intParameter(request, "account", &issues)
        query.from = APISupport.dateParameter(request, "from", &issues)
        query.to = APISupport.dateParameter(request, "to", &issues)
        query.grouping = APISupport.vocabularyParameter(request, "by", ForecastGrouping.self, &issues) ?? .quarter
        // One end given: the window is the year from (or up to) it.
        if let from = query.from, query.to == nil {
            query.to = CalendarDate(year: from.year + 1, month: from.month, day: min(from.day, CalendarDate.daysIn(month: from.month, year: from.year + 1)))
                .adding(days: -1)
        }
        if let to = query.to, query.from == nil {
            query.from = CalendarDate(year: to.year - 1, month: to.month, day: min(to.day, CalendarDate.daysIn(month: to.month, year: to.year - 1)))
                .adding(days: 1)
        }
        if let from = query.from, let to = query.to {
            if to < from { issues.append(FieldIssue(field: "to", code: "before_from")) }
            // Ten years of months is the most a forecast table shows.
            else if from.days(until: to) > 3_660 { issues.append(FieldIssue(field: "to", code: "out_of_range", detail: "10 years")) }
        }
        if !issues.isEmpty { throw AppError.invalid(issues) }
        return query
    }
}
