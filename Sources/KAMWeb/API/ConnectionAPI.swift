import Foundation
import Hummingbird
import NIOCore
import KAMCore
import KAMStore

extension Inputs {
    static let connectionFields: Set<String> = ["kind", "fromPersonID", "toPersonID", "strength", "stance", "status", "evidence",
                                                "opportunityID"]

    static func connection(_ value: JSONValue, fromForm: Bool = false, base: PersonConnectionDraft, creating: Bool) -> Parsed<PersonConnectionDraft> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: connectionFields)
        var d = base
        d.kind = r.vocabulary("kind", ConnectionKind.self).or(d.kind)
        d.fromPersonID = required(r.int("fromPersonID"), "fromPersonID", creating, &r, current: d.fromPersonID)
        d.toPersonID = required(r.int("toPersonID"), "toPersonID", creating, &r, current: d.toPersonID)
        d.strength = Int(required(r.int("strength"), "strength", creating, &r, current: Int64(d.strength)))
        d.stance = r.vocabulary("stance", RelationshipMap.Stance.self).or(d.stance)
        d.status = r.vocabulary("status", RelationshipMap.InfluenceStatus.self).or(d.status)
        d.evidence = r.string("evidence").orOptional(d.evidence)
        d.opportunityID = r.int("opportunityID").orOptional(d.opportunityID)
        return Parsed(value: d, issues: r.issues)
    }
}

/// The relationship map as the API and the CLI answer it: people, lines, connections and the analytics.
public struct RelationshipMapResponse: Encodable, Sendable {
    struct Line: Encodable { var report: PersonID; var manager: PersonID }
    struct Score: Encodable { var personID: PersonID; var value: Double }
    struct Gap: Encodable {
        var kind: String
        var personID: PersonID
        var closeness: Int?
        var lastUpdated: CalendarDate?
    }

    var accountID: AccountID
    var people: [MapPerson]
    var reportingLines: [Line]
    var connections: [PersonConnection]
    var influenceRanking: [Score]
    var brokers: [Score]
    var coverageGaps: [Gap]

    public init(_ map: AccountRelationshipMap, today: CalendarDate) {
        accountID = map.accountID
        people = map.people
        reportingLines = map.reportingLines.map { Line(report: $0.report, manager: $0.manager) }
        connections = map.connections
        influenceRanking = map.analytics.influenceRanking().map { Score(personID: $0.person, value: $0.value) }
        brokers = AnalyticsMemo.brokers(of: map.analytics).map { Score(personID: $0.person, value: $0.value) }
        coverageGaps = map.analytics.coverageGaps(today: today).map(Self.gap)
    }

    static func gap(_ gap: RelationshipMap.CoverageGap) -> Gap {
        switch gap {
        case .noVerifiedPath(let person): Gap(kind: "no_verified_path", personID: person)
        case .lowCloseness(let person, let closeness): Gap(kind: "low_closeness", personID: person, closeness: closeness)
        case .opponentWithoutCounterInfluencer(let person): Gap(kind: "opponent_without_counter_influencer", personID: person)
        case .roleWithoutPerson(let person, _): Gap(kind: "role_without_person", personID: person)
        case .stalePortrait(let person, let lastUpdated): Gap(kind: "stale_portrait", personID: person, lastUpdated: lastUpdated)
        }
    }
}

/// The strongest chain of influence to a person, hop by hop, or `path: null` when none exists.
public struct BestPathResponse: Encodable, Sendable {
    struct Hop: Encodable {
        var from: PersonID
        var to: PersonID
        var strength: Int
        var stance: RelationshipMap.Stance?
        var status: RelationshipMap.InfluenceStatus
        var reportingLine: Bool
    }

    var path: [PersonID]?
    var product: Double?
    var hops: [Hop]?

    public init(_ chain: RelationshipMap.InfluenceChain?) {
        path = chain?.people
        product = chain?.product
        hops = chain?.hops.map {
            Hop(from: $0.from, to: $0.to, strength: $0.strength, stance: $0.stance, status: $0.status, reportingLine: $0.isReportingLine)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        // `path: null` is said explicitly: no chain of influence reaches the person.
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encodeIfPresent(product, forKey: .product)
        try container.encodeIfPresent(hops, forKey: .hops)
    }

    enum CodingKeys: String, CodingKey { case path, product, hops }
}

extension APIHandlers {
    func listConnections(_ request: Request, _ context: AppContext) async throws -> Response {
        let items = try await store.connections.list(account: try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(ListResponse(items: items, nextCursor: nil, total: nil, totalIsLowerBound: nil))
    }

    func createConnection(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let input = Inputs.connection(try await APISupport.readJSON(request, context),
                                      base: PersonConnectionDraft(fromPersonID: 0, toPersonID: 0, strength: 0), creating: true)
        let connection = try await store.connections.create(input.value, caller: caller, inputIssues: input.issues)
        return try APISupport.json(connection, status: .created, version: connection.version, location: "/api/v1/connections/\(connection.id)")
    }

    func getConnection(_ request: Request, _ context: AppContext) async throws -> Response {
        let found = try await store.connections.get(try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(found.connection, version: found.connection.version)
    }

    func updateConnection(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try APISupport.id(context)
        let version = try APISupport.ifMatch(request) ?? 0
        let current = try await store.connections.get(id, caller: caller)
        let input = Inputs.connection(try await APISupport.readJSON(request, context), base: current.connection.draft, creating: false)
        let connection = try await store.connections.update(id, input.value, expectedVersion: version, caller: caller, inputIssues: input.issues)
        return try APISupport.json(connection, version: connection.version)
    }

    func deleteConnection(_ request: Request, _ context: AppContext) async throws -> Response {
        try await store.connections.delete(try APISupport.id(context), expectedVersion: try APISupport.ifMatch(request) ?? 0,
                                           caller: try context.requireCaller())
        return APISupport.noContent()
    }

    /// `?on=YYYY-MM-DD` shows the org chart as it was on that day.
    func relationshipMap(_ request: Request, _ context: AppContext) async throws -> Response {
        var issues: [FieldIssue] = []
        let day = APISupport.dateParameter(request, "on", &issues)
        if !issues.isEmpty { throw AppError.invalid(issues) }
        let map = try await store.connections.map(account: try APISupport.id(context), on: day, caller: try context.requireCaller())
        return try APISupport.json(RelationshipMapResponse(map, today: store.today()))
    }

    /// The map as GraphML (opens in Gephi, yEd, networkx): people with their attitudes, reporting
    /// lines, influence and conflict connections; `?opportunity=ID` the map as it holds on that
    /// deal (its own connections and reporting lines over the account's), `?on=YYYY-MM-DD` the
    /// org chart as it was that day. Names as English readers order them.
    func exportRelationshipMap(_ request: Request, _ context: AppContext) async throws -> Response {
        let id = try APISupport.id(context)
        let caller = try context.requireCaller()
        var issues: [FieldIssue] = []
        let opportunity = APISupport.intParameter(request, "opportunity", &issues)
        let day = APISupport.dateParameter(request, "on", &issues)
        if !issues.isEmpty { throw AppError.invalid(issues) }
        let map: AccountRelationshipMap
        if let opportunity {
            let found = try await store.decisionChains.map(opportunity: opportunity, caller: caller)
            guard found.chain.accountID == id else { throw AppError.invalid([FieldIssue(field: "opportunity", code: "other_account")]) }
            map = found.map
        } else {
            map = try await store.connections.map(account: id, on: day, caller: caller)
        }
        let t = Catalog(.en)
        let nodes = map.people.map {
            GraphML.Node(id: String($0.id), label: $0.name.map(t.personName) ?? "#\($0.id)", affiliation: $0.affiliation.rawValue,
                         closeness: $0.portrait?.closeness, recognition: $0.portrait?.recognition, priceAcceptance: $0.portrait?.priceAcceptance)
        }
        let lines = map.reportingLines.map {
            GraphML.Edge(source: String($0.manager), target: String($0.report), kind: "reporting", strength: 2, stance: nil, status: "verified")
        }
        // A deal's reporting connections are already among the reporting lines.
        let connections = map.connections.filter { $0.kind != .reporting }.map {
            GraphML.Edge(source: String($0.fromPersonID), target: String($0.toPersonID), kind: $0.kind.rawValue, strength: $0.strength,
                         stance: $0.stance.rawValue, status: $0.status.rawValue)
        }
        return Response(status: .ok, headers: [.contentType: "application/graphml+xml; charset=utf-8", .cacheControl: "no-store",
                                               .contentDisposition: "attachment; filename=\"relationship-map-\(id).graphml\""],
                        body: .init(byteBuffer: ByteBuffer(string: GraphML.document(nodes: nodes, edges: lines + connections))))
    }

    /// `?to=ID[&from=ID,ID]`: the strongest chain of influence from any of the `from` people (by
    /// default our own people on the map) to `to`, on the account's map (reporting lines count as
    /// influence of strength 2).
    func bestPath(_ request: Request, _ context: AppContext) async throws -> Response {
        var issues: [FieldIssue] = []
        let target = APISupport.intParameter(request, "to", &issues)
        if target == nil, !issues.contains(where: { $0.field == "to" }) { issues.append(FieldIssue(field: "to", code: "required")) }
        var sources: Set<PersonID> = []
        for (index, part) in (APISupport.query(request, "from") ?? "").split(separator: ",").enumerated() {
            if let id = Int64(part.trimmingCharacters(in: .whitespaces)) { sources.insert(id) } else {
                issues.append(FieldIssue(field: "from[\(index)]", code: "expected_integer"))
            }
        }
        if !issues.isEmpty { throw AppError.invalid(issues) }
        let map = try await store.connections.map(account: try APISupport.id(context), caller: try context.requireCaller())
        let onMap = Set(map.people.map(\.id))
        // Without `from`, the chain starts from any of our own people on the map.
        let ours = map.people.filter { $0.affiliation == .ourSide && !$0.isPlaceholder }.map(\.id)
        if sources.isEmpty && ours.isEmpty { issues.append(FieldIssue(field: "from", code: "no_people_of_ours_on_map")) }
        if let target, !onMap.contains(target) { issues.append(FieldIssue(field: "to", code: "not_on_map")) }
        if let stranger = sources.sorted().first(where: { !onMap.contains($0) }) {
            issues.append(FieldIssue(field: "from", code: "not_on_map", detail: String(stranger)))
        }
        if !issues.isEmpty { throw AppError.invalid(issues) }
        let chain = try? map.analytics.bestPath(to: target ?? 0, from: sources.isEmpty ? nil : sources)
        return try APISupport.json(BestPathResponse(chain))
    }
}
