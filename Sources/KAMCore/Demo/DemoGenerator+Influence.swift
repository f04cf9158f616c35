extension DemoGenerator {
    /// Influence the demo records between the people of one account: a few people sway their
    /// manager or a colleague in another department, a few of them still a hypothesis, and now
    /// and then two people in conflict. `people` are ids in the account's order, `managers` who
    /// reports to whom; the same account always gets the same connections.
    public func influences(accountIndex: Int, people: [PersonID], managers: [PersonID: PersonID]) -> [PersonConnectionDraft] {
        guard people.count >= 3 else { return [] }
        var random = DemoRandom(seed: seed, stream: 0x1F1E_ACE5, index: accountIndex)
        var drafts: [PersonConnectionDraft] = []
        var taken: Set<[PersonID]> = []
        let wanted = min(people.count, 2 + random.int(people.count / 2 + 1))
        var attempts = 0
        while drafts.count < wanted && attempts < wanted * 6 {
            attempts += 1
            let from = people[random.int(people.count)]
            // Upward influence on one's own manager is the common, visible case; otherwise anyone.
            let to = random.chance(50) ? (managers[from] ?? people[random.int(people.count)]) : people[random.int(people.count)]
            guard from != to, taken.insert([from, to]).inserted else { continue }
            let conflict = random.chance(8)
            let stances: [RelationshipMap.Stance] = [.supporter, .supporter, .neutral, .neutral, .opponent]
            drafts.append(PersonConnectionDraft(kind: conflict ? .conflict : .influence, fromPersonID: from, toPersonID: to,
                                                strength: random.int(in: 1...5), stance: stances[random.int(stances.count)],
                                                status: random.chance(40) ? .hypothesis : .verified,
                                                evidence: conflict ? "Competing for the same budget" : "Seen together at steering meetings"))
        }
        return drafts
    }
}

extension DemoGenerator {
    /// One of our own employees as a key person, named as their user is: CJK and Hangul names
    /// family first (a space between the parts where the user wrote one), Latin names given first.
    public func colleague(userID: UserID, displayName: String) -> KeyPersonDraft {
        let parts = displayName.split(separator: " ").map(String.init)
        let cjk = displayName.unicodeScalars.contains { (0x3040...0x9FFF).contains($0.value) || (0xAC00...0xD7AF).contains($0.value) }
        let name: PersonName
        switch (parts.count, cjk) {
        case (1, true): name = PersonName(family: String(displayName.prefix(1)), given: String(displayName.dropFirst()))
        case (_, true): name = PersonName(family: parts[0], given: parts.dropFirst().joined(separator: " "))
        case (1, false): name = PersonName(family: displayName, given: "")
        default: name = PersonName(family: parts[parts.count - 1], given: parts.dropLast().joined(separator: " "))
        }
        return KeyPersonDraft(name: name, kind: .colleague, organisation: "Key Account Management", userID: userID,
                              legalBasis: .contract)
    }

    /// How our side and the people around an account come into the demo: the owner's own entry
    /// sways one or two people there, every third account has a partner recorded for it with a
    /// guessed influence, and every fourth account is missing a CFO (a placeholder under its top
    /// manager). The same account always gets the same answer.
    public struct OutsideLinks: Sendable {
        public var ownerInfluences: [(to: PersonID, strength: Int)]
        public var partner: (organisation: String, to: PersonID, strength: Int)?
        public var placeholderUnder: PersonID?
    }

    public func outsideLinks(accountIndex: Int, people: [PersonID], managers: [PersonID: PersonID]) -> OutsideLinks {
        var random = DemoRandom(seed: seed, stream: 0x0075_1DE5, index: accountIndex)
        guard !people.isEmpty else { return OutsideLinks(ownerInfluences: [], partner: nil, placeholderUnder: nil) }
        let tops = people.filter { managers[$0] == nil }
        var targets: [PersonID] = [tops.first ?? people[0]]
        if people.count > 3 && random.chance(60) {
            let other = people[random.int(people.count)]
            if !targets.contains(other) { targets.append(other) }
        }
        let influences = targets.map { (to: $0, strength: random.int(in: 3...5)) }
        let partners = ["Systems integrator", "Regional reseller", "Implementation consultancy", "Cloud platform partner"]
        let partner = accountIndex % 3 == 0
            ? (organisation: random.pick(partners), to: people[random.int(people.count)], strength: random.int(in: 2...4)) : nil
        return OutsideLinks(ownerInfluences: influences, partner: partner,
                            placeholderUnder: accountIndex % 4 == 1 ? tops.first : nil)
    }
}

extension DemoGenerator {
    /// A demo deal's decision chain: the account's top manager decides (cold now, warmer as the
    /// target), two or three others evaluate, influence or coach; on every third deal someone
    /// works for the decision maker directly for this project (a reporting line of the deal's
    /// own), and the coach sways the decision maker more strongly than they do account-wide.
    public struct DemoDecisionChain: Sendable {
        public var entries: [DecisionChainEntry]
        public var connections: [PersonConnectionDraft]
    }

    public func decisionChain(dealIndex: Int, opportunityID: OpportunityID, people: [PersonID],
                              managers: [PersonID: PersonID]) -> DemoDecisionChain {
        guard people.count >= 4, let top = people.first(where: { managers[$0] == nil }) else {
            return DemoDecisionChain(entries: [], connections: [])
        }
        var random = DemoRandom(seed: seed, stream: 0x00DE_C1DE, index: dealIndex)
        func portrait(_ range: ClosedRange<Int>) -> Portrait {
            Portrait(closeness: random.int(in: range), recognition: random.int(in: range), priceAcceptance: random.int(in: range))
        }
        var entries = [DecisionChainEntry(personID: top, role: .decisionMaker, current: portrait(1...3), target: portrait(4...5))]
        var others = people.filter { $0 != top }
        let roles: [RelationshipMap.DecisionRole] = [.evaluator, .influencer, .coach]
        for role in roles.prefix(min(others.count, 2 + random.int(2))) {
            let person = others.remove(at: random.int(others.count))
            entries.append(DecisionChainEntry(personID: person, role: role, current: portrait(2...4),
                                              target: role == .evaluator ? portrait(4...5) : nil))
        }
        var connections: [PersonConnectionDraft] = []
        if dealIndex % 3 == 0, let seconded = people.first(where: { managers[$0] != nil && managers[$0] != top }) {
            connections.append(PersonConnectionDraft(kind: .reporting, fromPersonID: top, toPersonID: seconded, strength: 2,
                                                     status: .verified, evidence: "Seconded to the project team",
                                                     opportunityID: opportunityID))
        }
        if let coach = entries.first(where: { $0.role == .coach }) {
            connections.append(PersonConnectionDraft(fromPersonID: coach.personID, toPersonID: top, strength: 5, stance: .supporter,
                                                     status: .hypothesis, evidence: "Sponsors this project", opportunityID: opportunityID))
        }
        return DemoDecisionChain(entries: entries, connections: connections)
    }
}
