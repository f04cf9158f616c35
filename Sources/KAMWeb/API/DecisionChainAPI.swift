import Foundation
import Hummingbird
import KAMCore
import KAMStore

extension Inputs {
    /// `{"entries": [{"personID", "role", "current": {…}, "target": {…}, "note"}]}`: the whole chain.
    static func decisionChain(_ value: JSONValue) -> Parsed<[DecisionChainEntry]> {
        var r = InputReader(value, fromForm: false)
        r.rejectUnknown(except: ["entries"])
        var entries: [DecisionChainEntry] = []
        guard let rows = r.objects("entries") else {
            if !r.issues.contains(where: { $0.field == "entries" }) { r.issues.append(FieldIssue(field: "entries", code: "required")) }
            return Parsed(value: [], issues: r.issues)
        }
        for var row in rows {
            row.rejectUnknown(except: ["personID", "role", "current", "target", "note"])
            let person = required(row.int("personID"), row.path("personID"), true, &row, current: 0)
            let roleField = row.vocabulary("role", RelationshipMap.DecisionRole.self)
            if roleField.value == nil, !row.issues.contains(where: { $0.field == row.path("role") }) {
                row.issues.append(FieldIssue(field: row.path("role"), code: "required"))
            }
            let role = roleField.value ?? .influencer
            var entry = DecisionChainEntry(personID: person, role: role, note: row.string("note").value)
            for name in ["current", "target"] {
                guard var attitudes = row.object(name) else { continue }
                attitudes.rejectUnknown(except: ["closeness", "recognition", "priceAcceptance"])
                let levels = ["closeness", "recognition", "priceAcceptance"].map { key in
                    Int(required(attitudes.int(key), attitudes.path(key), true, &attitudes, current: 0))
                }
                row.issues += attitudes.issues
                let portrait = Portrait(closeness: levels[0], recognition: levels[1], priceAcceptance: levels[2])
                if name == "current" { entry.current = portrait } else { entry.target = portrait }
            }
            r.issues += row.issues
            entries.append(entry)
        }
        return Parsed(value: entries, issues: r.issues)
    }
}

/// An opportunity's decision chain with the analytics of that deal's map (API and CLI).
public struct DecisionChainResponse: Encodable, Sendable {
    struct IndirectKeyPerson: Encodable {
        var personID: PersonID
        var decisionMakerID: PersonID
        var product: Double
        var path: [PersonID]
        var decisionMakersSwayed: [PersonID]
    }

    var opportunityID: OpportunityID
    var accountID: AccountID
    var version: Int
    var entries: [DecisionChainEntry]
    var indirectKeyPersons: [IndirectKeyPerson]
    var map: RelationshipMapResponse

    public init(_ chain: DecisionChain, map: AccountRelationshipMap, today: CalendarDate) {
        opportunityID = chain.opportunityID
        accountID = chain.accountID
        version = chain.version
        entries = chain.entries
        indirectKeyPersons = map.analytics.indirectKeyPersons().map {
            IndirectKeyPerson(personID: $0.person, decisionMakerID: $0.decisionMaker, product: $0.product, path: $0.chain.people,
                              decisionMakersSwayed: $0.decisionMakersSwayed)
        }
        self.map = RelationshipMapResponse(map, today: today)
    }
}

extension APIHandlers {
    func getDecisionChain(_ request: Request, _ context: AppContext) async throws -> Response {
        let found = try await store.decisionChains.map(opportunity: try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(DecisionChainResponse(found.chain, map: found.map, today: store.today()), version: found.chain.version)
    }

    func saveDecisionChain(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try APISupport.id(context)
        let input = Inputs.decisionChain(try await APISupport.readJSON(request, context))
        // A chain never saved has version 0, so the first save needs no If-Match; later ones do.
        let current = try await store.decisionChains.get(opportunity: id, caller: caller).chain
        let version = try APISupport.ifMatch(request, required: current.version > 0) ?? 0
        _ = try await store.decisionChains.save(opportunity: id, entries: input.value, expectedVersion: version, caller: caller,
                                                inputIssues: input.issues)
        let found = try await store.decisionChains.map(opportunity: id, caller: caller)
        return try APISupport.json(DecisionChainResponse(found.chain, map: found.map, today: store.today()), version: found.chain.version)
    }
}
