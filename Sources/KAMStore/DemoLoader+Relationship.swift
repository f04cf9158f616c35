import Foundation
import KAMCore

extension DemoLoader {
    /// The demo's relationship maps: generated influence and conflict connections between the
    /// current people of each account, written through the repository (checked and audited).
    public func loadRelationshipMaps(_ generator: DemoGenerator) async throws {
        let store = KAMStore(database: database, now: now)
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT e.account_id, e.person_id, e.reports_to_id FROM employments e JOIN accounts a ON a.id = e.account_id
                WHERE e.to_date IS NULL AND a.deleted_at IS NULL ORDER BY e.account_id, e.person_id
                """).all().map { (try $0.int64("account_id"), try $0.int64("person_id"), try $0.optionalInt64("reports_to_id")) }
        }
        var byAccount: [AccountID: (people: [PersonID], managers: [PersonID: PersonID])] = [:]
        for (account, person, manager) in rows {
            byAccount[account, default: ([], [:])].people.append(person)
            if let manager { byAccount[account]?.managers[person] = manager }
        }
        for (index, account) in byAccount.keys.sorted().enumerated() {
            guard let entry = byAccount[account] else { continue }
            for draft in generator.influences(accountIndex: index, people: entry.people, managers: entry.managers) {
                _ = try await store.connections.create(draft, caller: .system)
            }
        }
        try await loadOutsidePeople(generator, byAccount: byAccount, store: store)
        try await loadDecisionChains(generator, byAccount: byAccount, store: store)
    }

    /// Each open deal's decision chain, with its own reporting line or influence where the
    /// generator gives one: what makes the deal maps and indirect key persons of the demo speak.
    func loadDecisionChains(_ generator: DemoGenerator, byAccount: [AccountID: (people: [PersonID], managers: [PersonID: PersonID])],
                            store: KAMStore) async throws {
        let deals = try await database.read { db in
            try await db.raw("""
                SELECT o.id, o.account_id FROM opportunities o JOIN accounts a ON a.id = o.account_id
                WHERE o.deleted_at IS NULL AND a.deleted_at IS NULL ORDER BY o.id
                """).all().map { (try $0.int64("id"), try $0.int64("account_id")) }
        }
        for (index, (deal, account)) in deals.enumerated() {
            guard let entry = byAccount[account] else { continue }
            let chain = generator.decisionChain(dealIndex: index, opportunityID: deal, people: entry.people, managers: entry.managers)
            guard !chain.entries.isEmpty else { continue }
            _ = try await store.decisionChains.save(opportunity: deal, entries: chain.entries, expectedVersion: 0, caller: .system)
            for draft in chain.connections {
                _ = try await store.connections.create(draft, caller: .system)
            }
        }
    }

    /// Our own people (each account owner's entry), partners recorded for some accounts, and
    /// placeholders for positions nobody fills yet: what makes the best path and coverage gaps
    /// of the demo maps say something.
    func loadOutsidePeople(_ generator: DemoGenerator, byAccount: [AccountID: (people: [PersonID], managers: [PersonID: PersonID])],
                           store: KAMStore) async throws {
        let owners = try await database.read { db in
            try await db.raw("""
                SELECT a.id, a.owner_id, u.display_name FROM accounts a JOIN users u ON u.id = a.owner_id
                WHERE a.deleted_at IS NULL ORDER BY a.id
                """).all().map { (try $0.int64("id"), try $0.int64("owner_id"), try $0.string("display_name")) }
        }
        var colleagueOf: [UserID: PersonID] = [:]
        let ownerByAccount = Dictionary(owners.map { ($0.0, ($0.1, $0.2)) }, uniquingKeysWith: { first, _ in first })
        for (index, account) in byAccount.keys.sorted().enumerated() {
            guard let entry = byAccount[account] else { continue }
            let links = generator.outsideLinks(accountIndex: index, people: entry.people, managers: entry.managers)
            if let (owner, name) = ownerByAccount[account] {
                if colleagueOf[owner] == nil {
                    colleagueOf[owner] = try await store.persons.create(generator.colleague(userID: owner, displayName: name), portrait: nil,
                                                                        caller: .system).id
                }
                for link in links.ownerInfluences {
                    _ = try await store.connections.create(
                        PersonConnectionDraft(fromPersonID: colleagueOf[owner] ?? 0, toPersonID: link.to, strength: link.strength,
                                              stance: .supporter, status: .verified, evidence: "Regular executive meetings"),
                        caller: .system)
                }
            }
            if let partner = links.partner {
                let person = try await store.persons.create(
                    KeyPersonDraft(name: PersonName(family: "Partner", given: "Account lead"), kind: .partner,
                                   organisation: partner.organisation, recordedForAccountID: account),
                    portrait: nil, caller: .system)
                _ = try await store.connections.create(
                    PersonConnectionDraft(fromPersonID: person.id, toPersonID: partner.to, strength: partner.strength,
                                          stance: .neutral, status: .hypothesis, evidence: "Partner says they advise on the roadmap"),
                    caller: .system)
            }
            if let manager = links.placeholderUnder {
                _ = try await store.persons.create(
                    KeyPersonDraft(name: PersonName(family: "CFO", given: ""), isPlaceholder: true,
                                   employments: [Employment(accountID: account, title: "CFO", department: "Finance", reportsToID: manager)]),
                    portrait: nil, caller: .system)
            }
        }
    }
}
