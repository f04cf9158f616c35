import Testing
@testable import KAMCore

private let today = CalendarDate(year: 2026, month: 3, day: 15)
private let ownerCount = 9

private extension Unicode.Scalar {
    var isHan: Bool { (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value) }
    var isKana: Bool { (0x3040...0x30FF).contains(value) }
    var isKatakana: Bool { (0x30A0...0x30FF).contains(value) }
    var isHangul: Bool {
        (0xAC00...0xD7AF).contains(value) || (0x1100...0x11FF).contains(value) || (0x3130...0x318F).contains(value)
    }
    var isEastAsian: Bool { isHan || isKana || isHangul }
}

private func has(_ text: String, _ test: (Unicode.Scalar) -> Bool) -> Bool {
    text.unicodeScalars.contains(where: test)
}

@Suite struct DemoGeneratorTests {
    @Test func sameSeedGivesIdenticalOutput() {
        let a = DemoGenerator(seed: 7)
        let b = DemoGenerator(seed: 7)
        #expect(a.users() == b.users())
        let accountsA = a.accounts(count: 300, ownerCount: ownerCount)
        #expect(accountsA == b.accounts(count: 300, ownerCount: ownerCount))
        for account in accountsA.prefix(60) {
            #expect(a.people(for: account) == b.people(for: account))
            #expect(a.opportunities(for: account, today: today) == b.opportunities(for: account, today: today))
        }
    }

    @Test func differentSeedGivesDifferentOutput() {
        let a = DemoGenerator(seed: 1)
        let b = DemoGenerator(seed: 2)
        #expect(a.accounts(count: 100, ownerCount: ownerCount) != b.accounts(count: 100, ownerCount: ownerCount))
        #expect(a.people(forAccount: 3, region: .japan) != b.people(forAccount: 3, region: .japan))
        let oppsA = (0..<20).map { a.opportunities(forAccount: $0, region: .europe, ownerIndex: 0, today: today) }
        let oppsB = (0..<20).map { b.opportunities(forAccount: $0, region: .europe, ownerIndex: 0, today: today) }
        #expect(oppsA != oppsB)
    }

    @Test func peopleDoNotDependOnCallOrder() {
        let g = DemoGenerator()
        let direct = g.people(forAccount: 123, region: .china)
        let directOpps = g.opportunities(forAccount: 123, region: .china, ownerIndex: 4, today: today)
        for i in (0..<200).reversed() {
            _ = g.people(forAccount: i, region: .china)
            _ = g.opportunities(forAccount: i, region: .china, ownerIndex: 4, today: today)
        }
        #expect(g.people(forAccount: 123, region: .china) == direct)
        #expect(g.opportunities(forAccount: 123, region: .china, ownerIndex: 4, today: today) == directOpps)
        #expect(DemoGenerator().people(forAccount: 123, region: .china) == direct)
    }

    @Test func smallerCountIsPrefixOfLargerCount() {
        let g = DemoGenerator()
        let small = g.accounts(count: 30, ownerCount: ownerCount)
        let large = g.accounts(count: 500, ownerCount: ownerCount)
        #expect(small.count == 30)
        #expect(Array(large.prefix(30)) == small)
    }

    @Test func accountHierarchyPointsBackwards() {
        let accounts = DemoGenerator().accounts(count: 2_000, ownerCount: ownerCount)
        #expect(accounts.count == 2_000)
        var children: [Int: Int] = [:]
        for (position, account) in accounts.enumerated() {
            #expect(account.index == position)
            #expect((0..<ownerCount).contains(account.ownerIndex))
            if let parent = account.parentIndex {
                #expect(parent >= 0 && parent < account.index)
                #expect(accounts[parent].region == account.region)
                children[parent, default: 0] += 1
            }
            var depth = 0
            var cursor = account.parentIndex
            while let next = cursor {
                depth += 1
                cursor = accounts[next].parentIndex
            }
            #expect(depth <= 2)
        }
        #expect(!children.isEmpty)
        #expect(children.values.allSatisfy { (1...3).contains($0) })
        #expect(Set(accounts.map(\.region)) == [.japan, .korea, .china, .europe, .northAmerica])
        let industries = Set(accounts.map(\.industry))
        #expect(industries.isSuperset(of: [.banking, .manufacturing, .telecom, .publicSector, .retail]))
    }

    @Test func reportingLinesFormATreeOfEarlierPeople() throws {
        let g = DemoGenerator()
        for account in g.accounts(count: 300, ownerCount: ownerCount) {
            let people = g.people(for: account)
            #expect(!people.isEmpty)
            #expect(people.first?.reportsToLocalIndex == nil)
            for (position, person) in people.enumerated() {
                #expect(person.localIndex == position)
                if position > 0 {
                    let boss = try #require(person.reportsToLocalIndex)
                    #expect(boss >= 0 && boss < position)
                }
                // Walking up always reaches person 0 without revisiting anyone.
                var seen: Set<Int> = [position]
                var cursor = person.reportsToLocalIndex
                while let next = cursor {
                    #expect(seen.insert(next).inserted)
                    cursor = people[next].reportsToLocalIndex
                }
                #expect(seen.contains(0))
            }
        }
    }

    @Test func everyDraftPassesValidation() throws {
        let g = DemoGenerator()
        for user in g.users() {
            #expect(throws: Never.self) {
                try User.validateNew(username: user.username, displayName: user.displayName,
                                     password: "demo-password-1", email: user.email, timeZone: user.timeZone)
            }
        }
        let accounts = g.accounts(count: 600, ownerCount: ownerCount)
        var personID: PersonID = 0
        for account in accounts {
            let accountID = AccountID(account.index + 1)
            var v = Validator()
            account.draft(ownerID: UserID(account.ownerIndex + 1), parentID: account.parentIndex.map { AccountID($0 + 1) })
                .validate(into: &v, customFieldDefinitions: [])
            #expect(v.issues.isEmpty, "\(account.name): \(v.issues)")

            let base = personID
            for person in g.people(for: account) {
                personID += 1
                var pv = Validator()
                let draft = person.draft(accountID: accountID,
                                         reportsToID: person.reportsToLocalIndex.map { base + PersonID($0) + 1 })
                draft.validate(into: &pv, selfID: personID)
                #expect(pv.issues.isEmpty, "\(person.name): \(pv.issues)")
                #expect((1...2).contains(person.phones.count))
                #expect((1...3).contains(person.facts.count))
                for score in [person.portrait.closeness, person.portrait.recognition, person.portrait.priceAcceptance] {
                    #expect((1...5).contains(score))
                }
                if let email = person.email {
                    #expect(email.allSatisfy { $0.isASCII })
                    #expect(email.hasSuffix(account.emailDomain))
                }
            }
            for opportunity in g.opportunities(for: account, today: today) {
                var ov = Validator()
                opportunity.draft(accountID: accountID, ownerID: UserID(account.ownerIndex + 1)).validate(into: &ov)
                #expect(ov.issues.isEmpty, "\(opportunity.name): \(ov.issues)")
            }
        }
        // Without an account, addresses fall back to an `.example` domain; `.other` uses English.
        for person in g.people(forAccount: 5, region: .other) {
            var v = Validator()
            person.draft(accountID: 6, reportsToID: nil).validate(into: &v)
            #expect(v.issues.isEmpty)
            #expect(person.email.map { $0.contains(".example.") } ?? true)
        }
    }

    @Test func namesUseTheRegionsScript() {
        let g = DemoGenerator()
        for account in g.accounts(count: 400, ownerCount: ownerCount) {
            let name = account.name
            switch account.region {
            case .japan:
                #expect(has(name) { $0.isHan || $0.isKana } && !has(name, \.isHangul), "\(name)")
            case .korea:
                #expect(has(name, \.isHangul) && !has(name, \.isKana), "\(name)")
            case .china:
                #expect(has(name, \.isHan) && !has(name, \.isKana) && !has(name, \.isHangul), "\(name)")
            case .europe, .northAmerica, .other:
                #expect(!has(name, \.isEastAsian), "\(name)")
            }
            #expect(account.website.map { $0.hasPrefix("https://") && $0.contains(".example.") } ?? true)
            #expect(account.emailDomain.allSatisfy { $0.isASCII } && account.emailDomain.contains(".example."))

            for person in g.people(for: account) {
                let n = person.name
                switch account.region {
                case .japan:
                    #expect(has(n.family, \.isHan) && has(n.given) { $0.isHan || $0.isKana })
                    #expect(n.familyReading.map { $0.unicodeScalars.allSatisfy { $0.isKatakana } } == true)
                    #expect(n.givenReading.map { $0.unicodeScalars.allSatisfy { $0.isKatakana } } == true)
                    #expect(has(person.title) { $0.isHan || $0.isKana })
                case .korea:
                    #expect(n.family.unicodeScalars.allSatisfy { $0.isHangul } && n.given.unicodeScalars.allSatisfy { $0.isHangul })
                    #expect(n.reading.map { $0.allSatisfy { $0.isASCII } } == true)
                    #expect(has(person.title, \.isHangul))
                case .china:
                    #expect(has(n.family + n.given, \.isHan) && !has(n.family + n.given, \.isKana))
                    #expect(n.reading.map { !has($0, \.isEastAsian) && $0.contains { $0.isLetter } } == true)
                    #expect(has(person.department, \.isHan))
                case .europe, .northAmerica, .other:
                    #expect(!has(n.family + n.given, \.isEastAsian))
                    #expect(n.reading == nil)
                    #expect(!has(person.title, \.isEastAsian))
                }
            }
        }
    }

    @Test(arguments: [10, 4])
    func averagePeoplePerAccountIsNearTheRequest(perAccount: Int) {
        let g = DemoGenerator()
        let regions: [Region] = [.japan, .korea, .china, .europe, .northAmerica]
        var total = 0
        for i in 0..<1_000 {
            let people = g.people(forAccount: i, region: regions[i % regions.count], perAccount: perAccount)
            #expect(people.count >= max(1, perAccount - 4) && people.count <= perAccount + 4)
            total += people.count
        }
        let average = Double(total) / 1_000
        #expect(abs(average - Double(perAccount)) <= 1, "average \(average)")
    }

    @Test func usersFormTheDemoCompany() {
        let users = DemoGenerator().users()
        #expect(users.filter { $0.role == .administrator }.count == 1)
        #expect(users.first { $0.role == .administrator }?.username == "admin")
        #expect(users.filter { $0.role == .executive }.count >= 1)
        #expect(users.filter { $0.role == .salesDirector }.count == 2)
        #expect(users.filter { $0.role == .keyAccountManager || $0.role == .salesperson }.count >= 6)
        #expect(users.filter { $0.role == .expert }.count == 2)
        #expect(users.filter { $0.role == .presales }.count == 1)
        #expect(users.filter { $0.role == .readOnly }.count == 1)
        #expect(Set(users.map(\.username)).count == users.count)
        for (i, user) in users.enumerated() {
            #expect(user.username.allSatisfy { $0.isASCII && !$0.isUppercase })
            if let manager = user.managerUsername {
                // Managers come first, so ids 1…n can be assigned in order.
                #expect(users.prefix(i).contains { $0.username == manager })
            }
        }
        let owners = DemoGenerator().accountOwners()
        #expect(owners.count == DemoGenerator.ownerRegions.count)
        #expect(owners.allSatisfy { $0.managerUsername.map { m in users.contains { $0.username == m && $0.role == .salesDirector } } == true })
    }

    @Test func opportunitiesMatchRegionAndDates() {
        let g = DemoGenerator()
        let accounts = g.standardAccounts()
        #expect(accounts.count == DemoGenerator.standardAccountCount)
        let currencies: [Region: String] = [.japan: "JPY", .korea: "KRW", .china: "CNY", .europe: "EUR", .northAmerica: "USD"]
        var total = 0
        for account in accounts {
            for opportunity in g.opportunities(for: account, today: today) {
                total += 1
                #expect(opportunity.amount.currency == currencies[account.region])
                #expect(opportunity.amount.minorUnits > 0)
                #expect(opportunity.ownerIndex == account.ownerIndex)
                let days = DemoCalendar.dayNumber(opportunity.expectedClose) - DemoCalendar.dayNumber(today)
                #expect(abs(days) <= 366)
                if account.region != .europe && account.region != .northAmerica {
                    #expect(has(opportunity.name, \.isEastAsian))
                }
            }
        }
        #expect((15...80).contains(total))
    }

    @Test func calendarArithmeticRoundTrips() {
        let start = CalendarDate(year: 2024, month: 2, day: 28)
        #expect(DemoCalendar.adding(1, to: start) == CalendarDate(year: 2024, month: 2, day: 29))
        #expect(DemoCalendar.adding(2, to: start) == CalendarDate(year: 2024, month: 3, day: 1))
        #expect(DemoCalendar.adding(-59, to: start) == CalendarDate(year: 2023, month: 12, day: 31))
        #expect(DemoCalendar.adding(366, to: start) == CalendarDate(year: 2025, month: 2, day: 28))
        #expect(DemoCalendar.dayNumber(CalendarDate(year: 1970, month: 1, day: 1)) == 0)
    }

    @Test func largeDemoHasUniqueNames() {
        let accounts = DemoGenerator().accounts(count: 100_000, ownerCount: 40)
        #expect(accounts.count == 100_000)
        #expect(Set(accounts.map(\.name)).count == accounts.count)
        #expect(accounts.allSatisfy { (0..<40).contains($0.ownerIndex) })
    }
}

@Suite("Demo people count")
struct DemoPeopleCountTests {
    @Test func countMatchesThePeopleGenerated() {
        let generator = DemoGenerator(seed: 99)
        for account in generator.accounts(count: 200, ownerCount: 4) {
            for perAccount in [1, 3, 10] {
                #expect(generator.peopleCount(forAccount: account.index, perAccount: perAccount)
                        == generator.people(for: account, perAccount: perAccount).count)
            }
        }
        #expect(generator.peopleCount(forAccount: 0, perAccount: 0) == 0)
    }
}
