import KAMCore
import KAMStore

/// Where each person of a relationship map is drawn: the org chart as a tree (managers above
/// their reports, each parent centred over its children), people outside the account in rows of
/// their own underneath. A manager's reports who have no reports of their own are stacked in
/// columns under them, as org charts print a team, so a map of a few hundred people stays a few
/// screens wide instead of one box per column. Pure and deterministic, so a snapshot of the page
/// is stable.
struct RelationshipMapLayout {
    struct Box: Hashable {
        var x: Double
        var y: Double
    }

    static let boxWidth = 150.0, boxHeight = 52.0, columnGap = 18.0, rowGap = 64.0, margin = 20.0
    /// A team of more than `stackAfter` leaves is stacked, `stackRows` boxes to a column, `stackGap` apart.
    static let stackAfter = 3, stackRows = 6, stackGap = 12.0, stackIndent = 14.0
    /// Outsiders wrap into rows no wider than the org chart (and at least this many boxes).
    static let outsidersPerRowAtLeast = 8

    var boxes: [PersonID: Box] = [:]
    /// Reports drawn in a stack under their manager: their line runs down the stack's left side.
    var stacked: Set<PersonID> = []
    var width = 0.0
    var height = 0.0

    init(people: [MapPerson], lines: [RelationshipMap.ReportingLine]) {
        let onMap = Set(people.map(\.id))
        let inside = people.filter { $0.affiliation == .account }.map(\.id).sorted()
        var reports: [PersonID: [PersonID]] = [:]
        var hasManager: Set<PersonID> = []
        for line in lines where onMap.contains(line.manager) && onMap.contains(line.report) && line.manager != line.report {
            reports[line.manager, default: []].append(line.report)
            hasManager.insert(line.report)
        }
        for key in reports.keys { reports[key]?.sort() }
        var boxes: [PersonID: Box] = [:]
        var slot = 0.0
        var placed: Set<PersonID> = []
        var stacked: Set<PersonID> = []
        var bottom = 0.0
        let level = Self.boxHeight + Self.rowGap
        // Leaves take the next free column; a manager sits centred over their reports.
        func place(_ person: PersonID, depth: Int) -> Double {
            placed.insert(person)
            bottom = max(bottom, Double(depth) * level + Self.boxHeight)
            let children = (reports[person] ?? []).filter { !placed.contains($0) }
            var centre: Double
            if children.isEmpty {
                centre = slot
                slot += 1
            } else if children.count > Self.stackAfter && children.allSatisfy({ (reports[$0] ?? []).allSatisfy(placed.contains) }) {
                let columns = (children.count + Self.stackRows - 1) / Self.stackRows
                for (index, child) in children.enumerated() {
                    let column = Double(index / Self.stackRows), row = Double(index % Self.stackRows)
                    let y = Double(depth + 1) * level + row * (Self.boxHeight + Self.stackGap)
                    boxes[child] = Box(x: Self.margin + Self.stackIndent + (slot + column) * (Self.boxWidth + Self.columnGap),
                                       y: Self.margin + y)
                    placed.insert(child)
                    stacked.insert(child)
                    bottom = max(bottom, y + Self.boxHeight)
                }
                centre = slot + Double(columns - 1) / 2
                slot += Double(columns)
            } else {
                let xs = children.map { place($0, depth: depth + 1) }
                centre = ((xs.min() ?? 0) + (xs.max() ?? 0)) / 2
            }
            boxes[person] = Box(x: Self.margin + centre * (Self.boxWidth + Self.columnGap), y: Self.margin + Double(depth) * level)
            return centre
        }
        for root in inside where !hasManager.contains(root) && !placed.contains(root) { _ = place(root, depth: 0) }
        // Whoever is left sits in a reporting loop the data should not have; drawn as roots anyway.
        for person in inside where !placed.contains(person) { _ = place(person, depth: 0) }
        let outsiders = people.filter { $0.affiliation != .account }.map(\.id).sorted()
        let perRow = max(Int(slot), Self.outsidersPerRowAtLeast)
        let outsidersTop = inside.isEmpty ? 0 : bottom + Self.rowGap
        for (index, person) in outsiders.enumerated() {
            let y = outsidersTop + Double(index / perRow) * level
            boxes[person] = Box(x: Self.margin + Double(index % perRow) * (Self.boxWidth + Self.columnGap), y: Self.margin + y)
            bottom = max(bottom, y + Self.boxHeight)
        }
        let columns = max(slot, Double(min(outsiders.count, perRow)))
        self.boxes = boxes
        self.stacked = stacked
        width = Self.margin * 2 + max(columns, 1) * (Self.boxWidth + Self.columnGap) - Self.columnGap + Self.stackIndent
        height = Self.margin * 2 + max(bottom, Self.boxHeight)
    }
}
