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
