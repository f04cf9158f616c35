import Foundation
import Testing
@testable import KAMCore

@Suite("Organisation rules: coverage, territories, experts, access")
struct OrganisationRulesTests {
    let today = CalendarDate("2026-11-23")!

    func covered(_ id: CoverageID, account: AccountID, _ line: CoverageLine, by name: String, to: CalendarDate? = nil) -> CoverageAssignment {
        CoverageAssignment(id: id, accountID: account, line: line, userID: id, salesTeamID: nil, coveredBy: name,
                           from: CalendarDate("2026-01-01")!, to: to)
    }

    @Test func coverageMatrixMarksGapsAndOverlapsAndIgnoresEndedRows() {
        let assignments = [
            covered(1, account: 1, .regional, by: "Aoki"), covered(2, account: 1, .regional, by: "Baek"),
            covered(3, account: 1, .industry, by: "Chen"), covered(4, account: 1, .solution, by: "Dietz", to: today),
            covered(5, account: 2, .support, by: "Endo"),
        ]
        let matrix = CoverageMatrix(accounts: [(1, "Alpha"), (2, "Beta")], assignments: assignments, on: today)
        let alpha = matrix.rows[0]
        #expect(alpha.cells.map(\.state) == [.overlap, .covered, .gap, .gap])
        #expect(alpha.cells[0].coveredBy == ["Aoki", "Baek"])
        #expect(matrix.rows[1].cells.map(\.state) == [.gap, .gap, .gap, .covered])
        #expect(matrix.gapCount == 5)
        #expect(matrix.overlapCount == 1)
    }

    func territory(_ id: TerritoryID, parent: TerritoryID? = nil, _ line: CoverageLine = .regional, rule: TerritoryRule,
                   user: UserID? = 7) -> Territory {
        Territory(id: id, modelID: 1, parentID: parent, name: "T\(id)", line: line, rule: rule, userID: user, salesTeamID: nil)
    }

    @Test func theDeepestMatchingTerritoryTakesAnAccountAndParentsMustMatchToo() {
        let territories = [
            territory(1, rule: TerritoryRule(regions: [.japan])),
            territory(2, parent: 1, rule: TerritoryRule(industries: [.banking])),
            territory(3, parent: 1, rule: TerritoryRule(industries: [.banking], sizes: [.enterprise])),
            // A banking child under Korea never takes a Japanese bank.
            territory(4, rule: TerritoryRule(regions: [.korea])),
            territory(5, parent: 4, rule: TerritoryRule(industries: [.banking])),
            territory(6, .industry, rule: TerritoryRule(industries: [.banking])),
        ]
        let bigBank = TerritoryCandidate(id: 1, name: "Big", region: .japan, industry: .banking, size: .enterprise, status: .qualified)
        let smallBank = TerritoryCandidate(id: 2, name: "Small", region: .japan, industry: .banking, size: .small, status: .none)
        let shop = TerritoryCandidate(id: 3, name: "Shop", region: .japan, industry: .retail, size: .small, status: .none)
        let euShop = TerritoryCandidate(id: 4, name: "EU", region: .europe, industry: .retail, size: .small, status: .none)
        // Same depth: the narrower rule (industry + size) wins over industry alone.
        #expect(TerritoryRules.assignments(for: bigBank, in: territories) == [.regional: 3, .industry: 6])
        #expect(TerritoryRules.assignments(for: smallBank, in: territories) == [.regional: 2, .industry: 6])
        #expect(TerritoryRules.assignments(for: shop, in: territories) == [.regional: 1])
        #expect(TerritoryRules.assignments(for: euShop, in: territories).isEmpty)
    }

    @Test func aGroupingNodeWithoutCovererPassesAccountsToItsChildren() {
        let territories = [
            territory(1, rule: TerritoryRule(regions: [.japan]), user: nil),
            territory(2, parent: 1, rule: TerritoryRule(statuses: [.qualified])),
        ]
        let key = TerritoryCandidate(id: 1, name: "Key", region: .japan, industry: .telecom, size: .large, status: .qualified)
        let other = TerritoryCandidate(id: 2, name: "Other", region: .japan, industry: .telecom, size: .large, status: .candidate)
        #expect(TerritoryRules.assignments(for: key, in: territories) == [.regional: 2])
        #expect(TerritoryRules.assignments(for: other, in: territories).isEmpty)
    }

    @Test func previewListsOnlyAccountsThatMoveIncludingOnesLeavingEveryTerritory() {
        let territories = [territory(10, rule: TerritoryRule(regions: [.japan])), territory(11, rule: TerritoryRule(regions: [.korea]))]
        let stays = TerritoryCandidate(id: 1, name: "Stays", region: .japan, industry: .retail, size: .small, status: .none)
        let moves = TerritoryCandidate(id: 2, name: "Moves", region: .korea, industry: .retail, size: .small, status: .none)
        let leaves = TerritoryCandidate(id: 3, name: "Leaves", region: .china, industry: .retail, size: .small, status: .none)
        let fresh = TerritoryCandidate(id: 4, name: "Fresh", region: .korea, industry: .retail, size: .small, status: .none)
        let current: [AccountID: [CoverageLine: TerritoryID]] = [1: [.regional: 10], 2: [.regional: 10], 3: [.regional: 99]]
        let preview = TerritoryRules.preview(accounts: [stays, moves, leaves, fresh], territories: territories, current: current)
        #expect(preview.map { "\($0.accountName):\($0.from.map(String.init) ?? "-")>\($0.to.map(String.init) ?? "-")" }
                == ["Moves:10>11", "Leaves:99>-", "Fresh:->11"])
    }

    @Test func parentLinksThatLoopAreFound() {
        let parents: [TerritoryID: TerritoryID] = [2: 1, 3: 2]
        #expect(TerritoryRules.makesLoop(territory: 1, parent: 3, parents: parents))
        #expect(TerritoryRules.makesLoop(territory: 1, parent: 1, parents: parents))
        #expect(!TerritoryRules.makesLoop(territory: 4, parent: 3, parents: parents))
        #expect(!TerritoryRules.makesLoop(territory: nil, parent: 3, parents: parents))
    }

    func expert(_ id: UserID, _ name: String, skills: [String], industries: [Industry] = [], languages: [String] = ["en"],
                capacity: Int = 200) -> ExpertProfile {
        ExpertProfile(userID: id, name: name, managerID: nil, skills: skills, industries: industries, languages: languages,
                      seniority: .senior, capacityHoursPerQuarter: capacity)
    }

    @Test func directoryRanksByFitThenFreeCapacity() {
        let profiles = [
            expert(1, "Busy Full Fit", skills: ["core banking", "sap"], industries: [.banking]),
            expert(2, "Free Full Fit", skills: ["core banking", "sap"], industries: [.banking]),
            expert(3, "Half Fit", skills: ["sap"], industries: [.banking]),
            expert(4, "Wrong Industry", skills: ["core banking", "sap"], industries: [.retail]),
            expert(5, "No Skill", skills: ["crm"], industries: [.banking]),
        ]
        let loads: [UserID: ExpertLoad] = [1: ExpertLoad(accounts: 3, committedHoursPerQuarter: 180, capacityHoursPerQuarter: 200),
                     2: ExpertLoad(accounts: 1, committedHoursPerQuarter: 20, capacityHoursPerQuarter: 200)]
        let found = ExpertDirectory.search(ExpertSearch(skills: ["SAP ", "Core Banking"], industry: .banking), profiles: profiles, loads: loads)
        #expect(found.map(\.profile.userID) == [2, 1, 3])
        #expect(found.map(\.fit) == [100, 100, 66])
        #expect(found[2].matchedSkills == ["sap"])
        #expect(found[2].load.freeHoursPerQuarter == 200)
    }

    @Test func loadPastCapacityIsOverAllocated() {
        let load = ExpertLoad(accounts: 2, committedHoursPerQuarter: 150, capacityHoursPerQuarter: 200)
        #expect(!load.isOverAllocated)
        #expect(load.percent == 75)
        let after = load.adding(hours: 80)
        #expect(after.isOverAllocated)
        #expect(after.percent == 115)
        #expect(after.accounts == 3)
        #expect(ExpertLoad(accounts: 1, committedHoursPerQuarter: 10, capacityHoursPerQuarter: 0).isOverAllocated)
    }

    @Test func aDeclineNeedsAReasonAndOnlyTheApproverOrAnAdministratorDecides() {
        var v = Validator()
        ExpertDecision(accept: false, reason: "  ").validate(into: &v)
        #expect(v.issues.map(\.field) == ["reason"])
        var ok = Validator()
        ExpertDecision(accept: true, reason: nil).validate(into: &ok)
        #expect(ok.issues.isEmpty)
        let request = ExpertRequest(id: 1, accountID: 1, accountName: "A", expertID: 5, expertName: "E", requestedBy: 2,
                                    requestedByName: "K", approverID: 9, hoursPerQuarter: 10, note: nil, status: .pending,
                                    decisionReason: nil, decidedBy: nil, teamMemberID: nil, createdAt: Date(), decidedAt: nil, version: 1)
        #expect(request.mayDecide(User(id: 9, username: "m", displayName: "M", role: .salesDirector)))
        #expect(request.mayDecide(User(id: 1, username: "a", displayName: "A", role: .administrator)))
        #expect(!request.mayDecide(User(id: 2, username: "k", displayName: "K", role: .keyAccountManager)))
        #expect(!request.mayDecide(User(id: 5, username: "e", displayName: "E", role: .expert)))
    }

    @Test func coveringAnAccountGivesReadingToTheCovererAndTheManagersAboveButNoEditing() {
        let coverer = User(id: 3, username: "c", displayName: "C", role: .salesperson, managerID: 2)
        let director = User(id: 2, username: "d", displayName: "D", role: .salesDirector)
        let stranger = User(id: 4, username: "s", displayName: "S", role: .keyAccountManager)
        var account = Account(id: 1, draft: AccountDraft(name: "A", industry: .banking, region: .japan, size: .large, ownerID: 9),
                              createdAt: Date(), updatedAt: Date())
        account.coverers = [3]
        #expect(AccessPolicy(user: coverer, subordinates: []).access(to: account) == .read)
        #expect(AccessPolicy(user: director, subordinates: [3]).access(to: account) == .edit)
        #expect(AccessPolicy(user: stranger, subordinates: []).access(to: account) == .none)
        #expect(AccessPolicy(user: coverer, subordinates: []).canSeePrivateFields(of: account))
        #expect(!AccessPolicy(user: director, subordinates: []).canManageCoverage(of: account))
        #expect(AccessPolicy(user: director, subordinates: [3]).canManageCoverage(of: account))
    }

    @Test func expertsSeePersonalFieldsOnlyOnAccountsThatGrantIt() {
        let expert = User(id: 5, username: "e", displayName: "E", role: .expert)
        var account = Account(id: 1, draft: AccountDraft(name: "A", industry: .banking, region: .japan, size: .large, ownerID: 9),
                              createdAt: Date(), updatedAt: Date())
        account.team = [5: .read]
        let policy = AccessPolicy(user: expert, subordinates: [])
        #expect(policy.canView(account))
        #expect(!policy.canSeePrivateFields(of: account))
        account.privateFieldGrants = [5]
        #expect(policy.canSeePrivateFields(of: account))
        // A grant left on an account the expert no longer sees grants nothing.
        account.team = [:]
        #expect(!policy.canSeePrivateFields(of: account))
        #expect(!policy.canSeePrivateFields(of: nil))
    }
}
