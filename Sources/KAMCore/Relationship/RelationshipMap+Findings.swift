import Foundation

extension RelationshipMap {
    /// Someone inside the account who can sway a decision maker without being in their
    /// reporting line: the people domain.md calls indirect key persons.
    public struct IndirectKeyPerson: Sendable, Hashable {
        public var person: PersonID
        /// The decision maker this person sways most, and the strongest chain to them.
        public var decisionMaker: PersonID
        public var chain: InfluenceChain
        /// ∏ strength / 5 of that chain: how much.
        public var product: Double { chain.product }
        /// Every decision maker this person reaches from outside their reporting line, ascending.
        public var decisionMakersSwayed: [PersonID]
    }

    /// The indirect key persons of the opportunity the people's roles describe, strongest first.
    ///
    /// A candidate is a person of the account (not ours, not an outsider, not a placeholder,
    /// not a decision maker: those are key persons already) with a chain of influence to a
    /// decision maker, who is neither that decision maker's manager nor report, however far up
    /// or down: the org chart already shows those. The chain may pass through anyone.
    /// Ranked by the strongest chain's product (equal products: fewer hops first), then by how
    /// many decision makers they reach, then by person id.
    public func indirectKeyPersons() -> [IndirectKeyPerson] {
        let decisionMakers = people.filter { $0.role == .decisionMaker && !$0.isPlaceholder }.map(\.id).sorted()
        let candidates = people.filter { $0.affiliation == .account && !$0.isPlaceholder && $0.role != .decisionMaker }.map(\.id)
        guard !decisionMakers.isEmpty, !candidates.isEmpty else { return [] }
        // Chains into a decision maker are chains out of them on the reversed graph: one
        // search per decision maker gives everyone's strongest sway over them.
        let reversed = graph.reversed()
        var best: [PersonID: (cost: ChainCost, decisionMaker: PersonID, swayed: [PersonID])] = [:]
        for decisionMaker in decisionMakers {
            guard let tree = try? reversed.strongestPaths(from: [decisionMaker]) else { continue }
            let line = reportingLine(of: decisionMaker)
            for candidate in candidates where !line.contains(candidate) && candidate != decisionMaker {
                guard let cost = tree.cost(to: candidate) else { continue }
                if var kept = best[candidate] {
                    kept.swayed.append(decisionMaker)
                    if cost < kept.cost { (kept.cost, kept.decisionMaker) = (cost, decisionMaker) }
                    best[candidate] = kept
                } else {
                    best[candidate] = (cost, decisionMaker, [decisionMaker])
                }
            }
        }
        let ranked = best.sorted { a, b in
            if a.value.cost != b.value.cost { return a.value.cost < b.value.cost }
            if a.value.swayed.count != b.value.swayed.count { return a.value.swayed.count > b.value.swayed.count }
            return a.key < b.key
        }
        return ranked.compactMap { person, found in
            guard let chain = chain(try? graph.strongestPath(from: person, to: found.decisionMaker)) else { return nil }
            return IndirectKeyPerson(person: person, decisionMaker: found.decisionMaker, chain: chain,
                                     decisionMakersSwayed: found.swayed)
        }
    }

    /// Everyone above `person` and below them in the reporting lines, themself included.
    func reportingLine(of person: PersonID) -> Set<PersonID> {
        var managers: [PersonID: [PersonID]] = [:], reports: [PersonID: [PersonID]] = [:]
        for line in reportingLines {
            managers[line.report, default: []].append(line.manager)
            reports[line.manager, default: []].append(line.report)
        }
        var line: Set<PersonID> = [person]
        for links in [managers, reports] {
            var frontier = [person]
            while let next = frontier.popLast() {
                for linked in links[next] ?? [] where line.insert(linked).inserted { frontier.append(linked) }
            }
        }
        return line
    }

    /// A hole in our coverage of the decision chain, to be closed before the decision.
    public enum CoverageGap: Sendable, Hashable {
        /// No chain of verified influence (reporting lines count) reaches them from our people.
        case noVerifiedPath(decisionMaker: PersonID)
        case lowCloseness(decisionMaker: PersonID, closeness: Int)
        /// Nobody on our side, nor a supporter, sways this opponent (except against us).
        case opponentWithoutCounterInfluencer(opponent: PersonID)
        case roleWithoutPerson(placeholder: PersonID, role: DecisionRole)
        /// The portrait is older than the limit, or there is none (`lastUpdated` nil).
        case stalePortrait(person: PersonID, lastUpdated: CalendarDate?)
    }

    /// The coverage gaps, in the order of `CoverageGap`'s cases, each kind by person id.
    ///
    /// Closeness is low at `lowClosenessAtMost` or below (unknown closeness is a stale portrait,
    /// not a low one). A portrait is stale when `portraitStaleAfterDays` or more days have
    /// passed since it was last updated; only the account's people are checked, since a
    /// portrait is their attitude towards us.
    public func coverageGaps(today: CalendarDate, lowClosenessAtMost: Int = 2, portraitStaleAfterDays: Int = 90) -> [CoverageGap] {
        let sorted = personByID.values.sorted { $0.id < $1.id }
        let decisionMakers = sorted.filter { $0.role == .decisionMaker && !$0.isPlaceholder }
        var gaps: [CoverageGap] = []

        let covered = reachedByVerifiedInfluence()
        gaps += decisionMakers.filter { !covered.contains($0.id) }.map { .noVerifiedPath(decisionMaker: $0.id) }
        gaps += decisionMakers.compactMap { person in
            guard let closeness = person.closeness, closeness <= lowClosenessAtMost else { return nil }
            return .lowCloseness(decisionMaker: person.id, closeness: closeness)
        }
        gaps += sorted.filter { $0.stance == .opponent && $0.affiliation != .ourSide && !$0.isPlaceholder && !hasCounterInfluencer($0.id) }
            .map { .opponentWithoutCounterInfluencer(opponent: $0.id) }
        gaps += sorted.compactMap { person in
            guard person.isPlaceholder, let role = person.role else { return nil }
            return .roleWithoutPerson(placeholder: person.id, role: role)
        }
        gaps += sorted.compactMap { person in
            guard person.affiliation == .account, !person.isPlaceholder else { return nil }
            if let updated = person.portraitUpdatedOn, updated.days(until: today) < portraitStaleAfterDays { return nil }
            return .stalePortrait(person: person.id, lastUpdated: person.portraitUpdatedOn)
        }
        return gaps
    }

    /// Everyone our people reach over verified influences and reporting lines (manager → report).
    func reachedByVerifiedInfluence() -> Set<PersonID> {
        var next: [PersonID: [PersonID]] = [:]
        for influence in influences where influence.status == .verified {
            next[influence.influencer, default: []].append(influence.influenced)
        }
        for line in reportingLines { next[line.manager, default: []].append(line.report) }
        var reached = Set(people.filter { $0.affiliation == .ourSide && !$0.isPlaceholder }.map(\.id))
        var frontier = Array(reached)
        while let person = frontier.popLast() {
            for other in next[person] ?? [] where reached.insert(other).inserted { frontier.append(other) }
        }
        return reached
    }

    /// Whether one of ours or a supporter sways `opponent`, by an influence not against us or as
    /// their manager.
    func hasCounterInfluencer(_ opponent: PersonID) -> Bool {
        func counters(_ influencer: PersonID) -> Bool {
            guard let person = personByID[influencer], !person.isPlaceholder else { return false }
            return person.affiliation == .ourSide || person.stance == .supporter
        }
        return influences.contains { $0.influenced == opponent && $0.stance != .opponent && counters($0.influencer) }
            || reportingLines.contains { $0.report == opponent && counters($0.manager) }
    }
}
