import Foundation
import Testing
@testable import KAMCore

@Suite("Domain rules")
struct DomainRulesTests {
    @Test func accountDraftReportsEveryBadField() {
        var v = Validator()
        let draft = AccountDraft(name: "  ", industry: .banking, region: .japan, size: .large, timeZone: "Tokyo/Nowhere",
                                 ownerID: 1, website: "javascript:alert(1)", description: String(repeating: "x", count: 10_001),
                                 customFields: ["tier": "gold", "ghost": "1"])
        let tier = CustomFieldDefinition(id: 1, key: "tier", label: "Tier", type: .choice, choices: ["silver"], industry: .banking)
        let mandatory = CustomFieldDefinition(id: 2, key: "since", label: "Since", type: .date, required: true)
        draft.validate(into: &v, customFieldDefinitions: [tier, mandatory])
        #expect(Set(v.issues.map(\.field)) == ["name", "timeZone", "website", "description", "customFields.tier",
                                                "customFields.ghost", "customFields.since"])
    }

    @Test func customFieldsApplyOnlyToTheirIndustry() {
        let field = CustomFieldDefinition(id: 1, key: "branch_count", label: "Branches", type: .number, industry: .banking)
        var v = Validator()
        AccountDraft(name: "Shop", industry: .retail, region: .korea, size: .small, ownerID: 1, customFields: ["branch_count": "3"])
            .validate(into: &v, customFieldDefinitions: [field])
        #expect(v.issues == [FieldIssue(field: "customFields.branch_count", code: "unknown_field")])
        var n = Validator()
        field.validate("three", into: &n)
        #expect(n.issues.map(\.code) == ["invalid_number"])
    }

    @Test(arguments: ["javascript:alert(1)", " JAVASCRIPT:x", "data:text/html,x", "vbscript:x", "ftp://x", "//evil.example"])
    func unsafeLinksAreRefused(_ link: String) {
        #expect(!SafeURL.isAllowed(link))
    }

    @Test func calendarDatesKnowTheCalendar() {
        #expect(CalendarDate("2024-02-29") != nil)
        #expect(CalendarDate("2025-02-29") == nil)
        #expect(CalendarDate("1900-02-29") == nil)
        #expect(CalendarDate("2000-02-29") != nil)
        #expect(CalendarDate("2025-13-01") == nil)
        #expect(CalendarDate("2025-4-1") == nil)
        #expect(CalendarDate("2025-04-31") == nil)
        // Only the ISO form: no signs, no shifted fields, no other separators, no non-ASCII digits.
        for text in ["+202-01-01", "2025-1-011", "2025/01/01", "2025-01-0１", " 2025-01-1", "0000-01-01", "2025-00-10"] {
            #expect(CalendarDate(text) == nil, "\(text)")
        }
        #expect(CalendarDate("9999-12-31")?.description == "9999-12-31")
        #expect(CalendarDate(year: 2025, month: 1, day: 31) < CalendarDate(year: 2025, month: 2, day: 1))
    }

    @Test func hierarchyFindsLoopsOfAnyLength() {
        let parents: [Int: Int] = [2: 1, 3: 2, 4: 3]
        #expect(Hierarchy.wouldCreateCycle(child: 1, newParent: 4, parentOf: { parents[$0] }))
        #expect(Hierarchy.wouldCreateCycle(child: 1, newParent: 1, parentOf: { parents[$0] }))
        #expect(!Hierarchy.wouldCreateCycle(child: 5, newParent: 4, parentOf: { parents[$0] }))
        #expect(!Hierarchy.wouldCreateCycle(child: 1, newParent: nil, parentOf: { parents[$0] }))
        let order = Hierarchy.treeOrder([(id: 3, parent: 2, sortKey: "c"), (id: 1, parent: nil, sortKey: "a"),
                                         (id: 2, parent: 1, sortKey: "b"), (id: 9, parent: 42, sortKey: "z")])
        #expect(order.map(\.id) == [1, 2, 3, 9])
        #expect(order.map(\.depth) == [0, 1, 2, 0])
    }

    @Test func namesAreWrittenInTheReadersOrder() {
        let latin = PersonName(family: "Müller", given: "Anna")
        #expect(latin.display(localeIdentifier: "en") == "Anna Müller")
        #expect(latin.display(localeIdentifier: "ja") == "Müller Anna")
        let japanese = PersonName(family: "山田", given: "太郎", familyReading: "やまだ", givenReading: "たろう")
        #expect(japanese.display(localeIdentifier: "en") == "山田太郎")
        #expect(japanese.reading == "やまだ たろう")
        #expect(PersonName(family: "김", given: "민지").display(localeIdentifier: "en") == "김민지")
    }

    @Test func portraitsStayOnTheOneToFiveScale() throws {
        #expect(throws: ValidationFailure.self) { _ = try PortraitInput(closeness: 0, recognition: 3, priceAcceptance: 6, evidence: nil).validated() }
        do {
            _ = try PortraitInput(closeness: 0, recognition: nil, priceAcceptance: 6, evidence: nil).validated()
        } catch {
            #expect(error.issues.map(\.field) == ["closeness", "recognition", "priceAcceptance"])
        }
        let (portrait, _) = try PortraitInput(closeness: 1, recognition: 5, priceAcceptance: 3, evidence: "x").validated()
        #expect(portrait == Portrait(closeness: 1, recognition: 5, priceAcceptance: 3))
    }

    @Test func accessFollowsTheRoleTable() {
        func policy(_ role: Role, id: UserID = 10, below: Set<UserID> = []) -> AccessPolicy {
            AccessPolicy(user: User(id: id, username: "u", displayName: "u", role: role), subordinates: below)
        }
        let own = Account(id: 1, draft: AccountDraft(name: "a", industry: .banking, region: .japan, size: .large, ownerID: 10),
                          createdAt: Date(), updatedAt: Date())
        let teams = Account(id: 2, draft: AccountDraft(name: "b", industry: .banking, region: .japan, size: .large, ownerID: 11),
                            createdAt: Date(), updatedAt: Date())
        #expect(policy(.salesperson).canEdit(own) && !policy(.salesperson).canView(teams))
        #expect(policy(.salesDirector, id: 5, below: [11]).canEdit(teams) && !policy(.salesDirector, id: 5).canView(teams))
        #expect(policy(.executive).canView(teams) && !policy(.executive).canEdit(teams))
        #expect(policy(.readOnly).canView(teams) && !policy(.readOnly).canSeePrivateFields(of: teams))
        #expect(!policy(.expert).canView(teams) && !policy(.expert).canSeePrivateFields(of: own))
        #expect(policy(.administrator).canEdit(teams) && policy(.administrator).canSeePrivateFields(of: nil))
        #expect(AccessPolicy.subordinates(of: 1, managers: [2: 1, 3: 2, 4: 3, 1: 4]) == [2, 3, 4])
    }

    /// Every role against every relation to an account: the pure function behind every route.
    @Test(arguments: Role.allCases)
    func accessMatrix(_ role: Role) {
        enum Relation: CaseIterable { case owner, teamRead, teamEdit, managerAboveOwner, managerAboveMember, none }
        let me: UserID = 10, report: UserID = 20, stranger: UserID = 30
        func account(_ relation: Relation) -> Account {
            var a = Account(id: 1, draft: AccountDraft(name: "a", industry: .banking, region: .japan, size: .large,
                                                       ownerID: relation == .owner ? me : relation == .managerAboveOwner ? report : stranger),
                            createdAt: Date(), updatedAt: Date())
            switch relation {
            case .teamRead: a.team = [me: .read]
            case .teamEdit: a.team = [me: .edit]
            case .managerAboveMember: a.team = [report: .edit]
            case .owner, .managerAboveOwner, .none: break
            }
            return a
        }
        let policy = AccessPolicy(user: User(id: me, username: "u", displayName: "u", role: role), subordinates: [report])
        func expected(_ relation: Relation) -> AccountAccess {
            switch role {
            case .administrator: return .edit
            case .executive, .readOnly: return .read
            case .salesDirector: return relation == .none ? .none : .edit
            case .keyAccountManager, .salesperson, .expert, .presales:
                switch relation {
                case .owner, .teamEdit: return .edit
                case .teamRead, .managerAboveOwner, .managerAboveMember: return .read
                case .none: return .none
                }
            }
        }
        for relation in Relation.allCases {
            #expect(policy.access(to: account(relation)) == expected(relation), "\(role) \(relation)")
            #expect(policy.canView(account(relation)) == (expected(relation) >= .read))
        }
        let scopeIsAll = [.administrator, .executive, .readOnly].contains(role)
        #expect(policy.readScope == (scopeIsAll ? .all : .tiedTo([me, report])))
    }

    @Test func acceptLanguagePicksTheBestSupportedLanguage() {
        #expect(UILanguage.negotiate(acceptLanguage: "ko-KR,ko;q=0.9,en-US;q=0.8") == .ko)
        #expect(UILanguage.negotiate(acceptLanguage: "fr-FR, en;q=0.5, ja;q=0.7") == .ja)
        #expect(UILanguage.negotiate(acceptLanguage: "zh-Hans-CN") == .zh)
        #expect(UILanguage.negotiate(acceptLanguage: "fr") == .en)
        #expect(UILanguage.negotiate(acceptLanguage: nil) == .en)
        #expect(UILanguage.negotiate(acceptLanguage: "ja;q=0") == .en)
    }

    @Test func moneyKnowsEachCurrencysMinorUnits() {
        #expect(Money(minorUnits: 123456, currency: "USD").decimalString == "1234.56")
        #expect(Money(minorUnits: 5, currency: "EUR").decimalString == "0.05")
        #expect(Money(minorUnits: -5, currency: "EUR").decimalString == "-0.05")
        #expect(Money(minorUnits: 120_000, currency: "JPY").decimalString == "120000")
        var v = Validator()
        OpportunityDraft(name: "x", accountID: 1, amount: Money(minorUnits: -1, currency: "ABC"), ownerID: 1).validate(into: &v)
        #expect(Set(v.issues.map(\.field)) == ["amount.currency", "amount.minorUnits"])
    }

    @Test func movesMustChangeSomethingAndGiveAReason() throws {
        let account = Account(id: 1, draft: AccountDraft(name: "a", industry: .banking, region: .japan, size: .large, ownerID: 1),
                              createdAt: Date(), updatedAt: Date())
        #expect(throws: ValidationFailure.self) { try MoveRequest(field: .stage, to: "building", reason: "why").validate(current: account) }
        #expect(throws: ValidationFailure.self) { try MoveRequest(field: .stage, to: "stable", reason: "").validate(current: account) }
        #expect(throws: ValidationFailure.self) { try MoveRequest(field: .scene, to: "stable", reason: "x").validate(current: account) }
        try MoveRequest(field: .status, to: "qualified", reason: "scored 82").validate(current: account)
        var moved = account
        moved.apply(MoveRequest(field: .status, to: "qualified", reason: "scored 82"))
        #expect(moved.status == .qualified)
    }
}

@Suite("Calendar dates")
struct CalendarDateTextTests {
    @Test func writesISODatesWithPadding() {
        #expect(CalendarDate(year: 2026, month: 11, day: 23).description == "2026-11-23")
        #expect(CalendarDate(year: 999, month: 1, day: 5).description == "0999-01-05")
        #expect(CalendarDate("2026-02-09")?.description == "2026-02-09")
    }
}

@Suite("Iron triangle")
struct IronTriangleTests {
    @Test func cornersComeFromTheOwnerAndCurrentTeamRoles() {
        let day = CalendarDate(year: 2026, month: 11, day: 23)
        func member(_ id: TeamMemberID, _ role: TeamRole, to: CalendarDate? = nil) -> AccountTeamMember {
            AccountTeamMember(id: id, accountID: 1, userID: id + 100, userName: "u\(id)", role: role, access: .read,
                              from: CalendarDate(year: 2026, month: 1, day: 1), to: to)
        }
        let empty = IronTriangle(accountID: 1, owner: 7, team: [], on: day)
        #expect(empty.accountManager == 7 && empty.missing == [.customerLeadExpert, .solutionManager])
        #expect(empty.needsLeadExpert(status: .qualified) && !empty.needsLeadExpert(status: .candidate))
        // An ended membership and another account's member do not count.
        var elsewhere = member(3, .solutionManager)
        elsewhere.accountID = 2
        let partial = IronTriangle(accountID: 1, owner: 7, team: [member(1, .customerLeadExpert, to: day), elsewhere, member(4, .expert)], on: day)
        #expect(partial.missing == [.customerLeadExpert, .solutionManager])
        let full = IronTriangle(accountID: 1, owner: 7, team: [member(1, .customerLeadExpert), member(2, .solutionManager)], on: day)
        #expect(full.isComplete && !full.needsLeadExpert(status: .qualified))
    }
}
