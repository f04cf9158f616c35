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
