import Foundation

extension DemoGenerator {
    // MARK: Key persons

    /// About `perAccount` key persons for one account (varied by up to ±4, averaging `perAccount`),
    /// named in the region's script with readings, titled in its language, with e-mail, phones,
    /// legal basis, personal facts, portrait and a reporting tree: person 0 is the top and every
    /// other person reports to an earlier one. Depends only on (seed, accountIndex, region, perAccount,
    /// emailDomain), never on other calls. Without `emailDomain`, addresses use
    /// `account<N>.example.<tld>`; pass `DemoAccount.emailDomain` (or use `people(for:)`) to match the account.
    public func people(forAccount accountIndex: Int, region: Region, perAccount: Int = 10,
                       emailDomain: String? = nil) -> [DemoPerson] {
        guard perAccount > 0 else { return [] }
        var (rng, count) = peopleStream(forAccount: accountIndex, perAccount: perAccount)
        let words = DemoPeopleWords.forRegion(region)
        let domain = emailDomain ?? "account\(accountIndex + 1).example.\(words.emailTLD)"
        let officerCount = min(count - 1, max(1, (count + 2) / 4), words.officers.count)
        let firstDepartment = rng.int(words.officers.count)

        var departments: [Int] = []      // officer index per person; -1 for the top
        departments.reserveCapacity(count)
        var usedEmails = Set<String>()
        var people: [DemoPerson] = []
        people.reserveCapacity(count)
        for k in 0..<count {
            let title: String
            let department: Int
            let boss: Int?
            if k == 0 {
                (title, department, boss) = (words.topTitle, -1, nil)
            } else if k <= officerCount {
                department = (firstDepartment + k - 1) % words.officers.count
                (title, boss) = (words.officers[department].title, 0)
            } else {
                let j = k - 1 - officerCount
                let managers = 1 + officerCount
                let chosen: Int
                if j < officerCount {
                    // The first manager of each officer's department.
                    chosen = 1 + j
                    title = rng.pick(words.managerTitles)
                } else {
                    // Staff report to a manager, or now and then straight to an officer.
                    chosen = rng.chance(15) ? 1 + rng.int(officerCount) : managers + rng.int(officerCount)
                    title = rng.pick(words.staffTitles)
                }
                boss = chosen
                department = departments[chosen]
            }
            departments.append(department)

            let family = rng.pick(words.families)
            let given = rng.pick(words.givens)
            var email: String?
            if rng.chance(92) {
                var local = words.emailLocalPart(family: family, given: given)
                if !usedEmails.insert(local).inserted {
                    local += String(k)
                    usedEmails.insert(local)
                }
                email = local + "@" + domain
            }
            var phones = [Phone(label: words.officeLabel, number: Self.phone(rng.pick(words.officePatterns), &rng))]
            if rng.chance(55) {
                phones.append(Phone(label: words.mobileLabel, number: Self.phone(rng.pick(words.mobilePatterns), &rng)))
            }
            let legalBasis: LegalBasis = rng.pick([(.legitimateInterest, 65), (.consent, 25), (.contract, 10)])
            let since = k == 0 ? rng.date(years: 2008...2022) : rng.date(years: 1998...2025)
            let facts = Self.facts(words, &rng)
            let portrait = Portrait(closeness: rng.int(in: 1...5), recognition: rng.int(in: 1...5),
                                    priceAcceptance: rng.int(in: 1...5))
            let notes = rng.chance(25) ? rng.pick(words.notes) : nil
            people.append(DemoPerson(
                localIndex: k,
                name: PersonName(family: family.text, given: given.text,
                                 familyReading: family.reading, givenReading: given.reading),
                email: email, phones: phones, legalBasis: legalBasis, title: title,
                department: department < 0 ? words.topDepartment : words.officers[department].department,
                reportsToLocalIndex: boss, since: since, facts: facts, portrait: portrait, notes: notes))
        }
        return people
    }

    /// The people of `account`, with e-mail addresses at the account's domain.
    /// How many key persons `people(forAccount:…)` makes for this account, without making them,
    /// so a bulk load can number the persons of many accounts before generating them in parallel.
    public func peopleCount(forAccount accountIndex: Int, perAccount: Int = 10) -> Int {
        perAccount > 0 ? peopleStream(forAccount: accountIndex, perAccount: perAccount).count : 0
    }

    private func peopleStream(forAccount accountIndex: Int, perAccount: Int) -> (DemoRandom, count: Int) {
        var rng = DemoRandom(seed: seed, stream: Stream.people.rawValue, index: accountIndex)
        let spread = min(4, perAccount - 1)
        let count = perAccount + rng.int(in: -spread...spread)
        return (rng, count)
    }

    public func people(for account: DemoAccount, perAccount: Int = 10) -> [DemoPerson] {
        people(forAccount: account.index, region: account.region, perAccount: perAccount,
               emailDomain: account.emailDomain)
    }

    /// Fills each `#` of a pattern with a random digit.
    static func phone(_ pattern: String, _ rng: inout DemoRandom) -> String {
        var out = ""
        out.reserveCapacity(pattern.utf8.count)
        for ch in pattern {
            if ch == "#" {
                out.append(Character(Unicode.Scalar(UInt8(48 + rng.int(10)))))
            } else {
                out.append(ch)
            }
        }
        return out
    }

    /// One to three facts of different kinds, each with a source and the date it was recorded.
    static func facts(_ words: DemoPeopleWords, _ rng: inout DemoRandom) -> [PersonalFact] {
        let kinds: [PersonalFactKind] = [.hobby, .school, .pastEmployer]
        let n = rng.int(in: 1...3)
        let start = rng.int(kinds.count)
        var facts: [PersonalFact] = []
        facts.reserveCapacity(n)
        for i in 0..<n {
            let kind = kinds[(start + i) % kinds.count]
            let value = switch kind {
            case .hobby: rng.pick(words.hobbies)
            case .school: rng.pick(words.schools)
            default: rng.pick(words.employers)
            }
            facts.append(PersonalFact(kind: kind, value: value, source: rng.pick(words.sources),
                                      recordedOn: rng.date(years: 2021...2025)))
        }
        return facts
    }

    // MARK: Opportunities

    /// Zero to four opportunities (1.35 on average, so the 30-account demo has about 40), named in the
    /// region's language, priced in its currency (JPY, KRW, CNY, EUR, USD) in minor units. Open ones
    /// close 2 weeks to a year after `today`; won and lost ones closed within the last half year.
    public func opportunities(forAccount accountIndex: Int, region: Region, ownerIndex: Int,
                              today: CalendarDate) -> [DemoOpportunity] {
        var rng = DemoRandom(seed: seed, stream: Stream.opportunities.rawValue, index: accountIndex)
        let n = rng.weighted([35, 20, 25, 15, 5])
        guard n > 0 else { return [] }
        let words = DemoPeopleWords.forRegion(region)
        let start = rng.int(words.projects.count)
        let multipliers: [Int64] = [1, 2, 3, 5, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100]
        var result: [DemoOpportunity] = []
        result.reserveCapacity(n)
        for k in 0..<n {
            // Step 3 through a list of 10 keeps an account's projects distinct.
            let project = words.projects[(start + 3 * k) % words.projects.count]
            let stage: OpportunityStage = rng.pick([(.prospecting, 25), (.qualification, 25), (.proposal, 20),
                                                    (.negotiation, 15), (.won, 8), (.lost, 7)])
            let offset = stage == .won || stage == .lost ? -rng.int(in: 1...180) : rng.int(in: 14...365)
            let close = DemoCalendar.adding(offset, to: today)
            let amount = Money(minorUnits: rng.pick(multipliers) * words.amountUnit, currency: words.currency)
            result.append(DemoOpportunity(localIndex: k, name: words.opportunityName(project: project, year: close.year),
                                          amount: amount, stage: stage, expectedClose: close, ownerIndex: ownerIndex))
        }
        return result
    }

    /// The opportunities of `account`, owned by its owner.
    public func opportunities(for account: DemoAccount, today: CalendarDate) -> [DemoOpportunity] {
        opportunities(forAccount: account.index, region: account.region, ownerIndex: account.ownerIndex, today: today)
    }
}
