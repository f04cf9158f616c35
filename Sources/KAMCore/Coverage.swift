/// The four lines along which the vendor covers an account (domain.md §6).
public enum CoverageLine: String, DomainVocabulary {
    case regional, industry, solution, support
    public static let vocabularyName = "coverageline"
}

public typealias SalesTeamID = Int64
public typealias CoverageID = Int64

/// A standing team on our side (a region's sales team, an industry desk): it can cover accounts
/// on a line as a whole, and everyone in it sees what it covers.
public struct SalesTeam: Sendable, Hashable, Codable, Identifiable {
    public var id: SalesTeamID
    public var name: String
    public var leaderID: UserID?
    public var memberIDs: [UserID]
    public var version: Int

    public init(id: SalesTeamID, name: String, leaderID: UserID?, memberIDs: [UserID], version: Int = 1) {
        self.id = id
        self.name = name
        self.leaderID = leaderID
        self.memberIDs = memberIDs
        self.version = version
    }

    public var draft: SalesTeamDraft { SalesTeamDraft(name: name, leaderID: leaderID, memberIDs: memberIDs) }
}

public struct SalesTeamDraft: Sendable, Hashable {
    public var name: String
    public var leaderID: UserID?
    public var memberIDs: [UserID]

    public init(name: String, leaderID: UserID? = nil, memberIDs: [UserID] = []) {
        self.name = name
        self.leaderID = leaderID
        self.memberIDs = memberIDs
    }

    /// The leader is a member too: one list answers "who is in this team".
    public var everyone: Set<UserID> { Set(memberIDs).union(leaderID.map { [$0] } ?? []) }

    public func validate(into v: inout Validator) {
        v.text(name, "name", required: true, max: 200)
        if Set(memberIDs).count != memberIDs.count { v.add("memberIDs", "duplicate") }
    }
}

/// Who covers an account on a line: one person or one sales team, dated. A territory that
/// assigned it is named, so re-running the territory rules knows which rows are its own.
public struct CoverageAssignment: Sendable, Hashable, Codable, Identifiable {
    public var id: CoverageID
    public var accountID: AccountID
    public var line: CoverageLine
    public var userID: UserID?
    public var salesTeamID: SalesTeamID?
    /// The person's or team's name, for lists and the matrix.
    public var coveredBy: String
    public var territoryID: TerritoryID?
    public var from: CalendarDate
    public var to: CalendarDate?
    public var version: Int

    public init(id: CoverageID, accountID: AccountID, line: CoverageLine, userID: UserID?, salesTeamID: SalesTeamID?,
                coveredBy: String, territoryID: TerritoryID? = nil, from: CalendarDate, to: CalendarDate? = nil, version: Int = 1) {
        self.id = id
        self.accountID = accountID
        self.line = line
        self.userID = userID
        self.salesTeamID = salesTeamID
        self.coveredBy = coveredBy
        self.territoryID = territoryID
        self.from = from
        self.to = to
        self.version = version
    }

    public func isCurrent(on day: CalendarDate) -> Bool {
        from <= day && (to.map { day < $0 } ?? true)
    }

    public var draft: CoverageDraft {
        CoverageDraft(line: line, userID: userID, salesTeamID: salesTeamID, from: from, to: to)
    }
}

public struct CoverageDraft: Sendable, Hashable {
    public var line: CoverageLine
    public var userID: UserID?
    public var salesTeamID: SalesTeamID?
    public var from: CalendarDate
    public var to: CalendarDate?

    public init(line: CoverageLine, userID: UserID? = nil, salesTeamID: SalesTeamID? = nil, from: CalendarDate, to: CalendarDate? = nil) {
        self.line = line
        self.userID = userID
        self.salesTeamID = salesTeamID
        self.from = from
        self.to = to
    }

    /// Exactly one coverer: a person or a team.
    public func validate(into v: inout Validator) {
        switch (userID, salesTeamID) {
        case (nil, nil): v.add("userID", "person_or_team")
        case (.some, .some): v.add("salesTeamID", "person_or_team")
        default: break
        }
        if let to, to < from { v.add("to", "before_start") }
    }
}

/// One cell of the coverage matrix: how many coverers an account has on a line today.
public enum CoverageState: String, DomainVocabulary {
    case gap, covered, overlap
    public static let vocabularyName = "coveragestate"

    public init(coverers: Int) {
        self = coverers == 0 ? .gap : coverers == 1 ? .covered : .overlap
    }
}

/// Accounts × lines: who covers what today, and where nobody or more than one does.
public struct CoverageMatrix: Sendable, Hashable, Codable {
    public struct Row: Sendable, Hashable, Codable {
        public var accountID: AccountID
        public var name: String
        public var cells: [Cell]

        public var gaps: Int { cells.filter { $0.state == .gap }.count }
        public var overlaps: Int { cells.filter { $0.state == .overlap }.count }
    }

    public struct Cell: Sendable, Hashable, Codable {
        public var line: CoverageLine
        public var state: CoverageState
        public var coveredBy: [String]
    }

    public var lines: [CoverageLine]
    public var rows: [Row]

    /// Accounts keep the order given; assignments not current on `day` are left out.
    public init(accounts: [(id: AccountID, name: String)], assignments: [CoverageAssignment], on day: CalendarDate,
                lines: [CoverageLine] = CoverageLine.allCases) {
        let current = Dictionary(grouping: assignments.filter { $0.isCurrent(on: day) }, by: \.accountID)
        self.lines = lines
        rows = accounts.map { account in
            let mine = current[account.id] ?? []
            let cells = lines.map { line in
                let names = mine.filter { $0.line == line }.map(\.coveredBy)
                return Cell(line: line, state: CoverageState(coverers: names.count), coveredBy: names)
            }
            return Row(accountID: account.id, name: account.name, cells: cells)
        }
    }

    public var gapCount: Int { rows.reduce(0) { $0 + $1.gaps } }
    public var overlapCount: Int { rows.reduce(0) { $0 + $1.overlaps } }
}
