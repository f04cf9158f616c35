import KAMCore
import KAMStore

/// Where each person of a relationship map is drawn: the org chart as a tree (managers above
/// their reports, each parent centred over its children), people outside the account in a row
/// of their own underneath. Pure and deterministic, so a snapshot of the page is stable.
struct RelationshipMapLayout {
    struct Box: Hashable {
        var x: Double
        var y: Double
    }

    static let boxWidth = 150.0, boxHeight = 52.0, columnGap = 18.0, rowGap = 64.0, margin = 20.0

    var boxes: [PersonID: Box] = [:]
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
        var deepest = 0
        // Leaves take the next free column; a manager sits centred over their reports.
        func place(_ person: PersonID, depth: Int) -> Double {
            placed.insert(person)
            deepest = max(deepest, depth)
            let children = (reports[person] ?? []).filter { !placed.contains($0) }
            var centre: Double
            if children.isEmpty {
                centre = slot
                slot += 1
            } else {
                let xs = children.map { place($0, depth: depth + 1) }
                centre = ((xs.min() ?? 0) + (xs.max() ?? 0)) / 2
            }
            boxes[person] = Box(x: Self.margin + centre * (Self.boxWidth + Self.columnGap),
                                y: Self.margin + Double(depth) * (Self.boxHeight + Self.rowGap))
            return centre
        }
        for root in inside where !hasManager.contains(root) && !placed.contains(root) { _ = place(root, depth: 0) }
        // Whoever is left sits in a reporting loop the data should not have; drawn as roots anyway.
        for person in inside where !placed.contains(person) { _ = place(person, depth: 0) }
        let outsiders = people.filter { $0.affiliation != .account }.map(\.id).sorted()
        let outsiderRow = inside.isEmpty ? 0 : deepest + 1
        for (index, person) in outsiders.enumerated() {
            boxes[person] = Box(x: Self.margin + Double(index) * (Self.boxWidth + Self.columnGap),
                                y: Self.margin + Double(outsiderRow) * (Self.boxHeight + Self.rowGap))
        }
        let columns = max(slot, Double(outsiders.count))
        let rows = Double(outsiders.isEmpty ? deepest + 1 : outsiderRow + 1)
        self.boxes = boxes
        width = Self.margin * 2 + max(columns, 1) * (Self.boxWidth + Self.columnGap) - Self.columnGap
        height = Self.margin * 2 + max(rows, 1) * (Self.boxHeight + Self.rowGap) - Self.rowGap
    }
}
