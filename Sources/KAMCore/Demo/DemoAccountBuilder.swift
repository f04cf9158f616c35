import Foundation

/// Builds the accounts of `DemoGenerator.accounts(count:ownerCount:)` in one sequential pass.
struct DemoAccountBuilder {
    private enum Kind {
        case holding, headquarters, standalone, branch
    }

    private static let regions: [Region] = [.japan, .korea, .china, .europe, .northAmerica]
    /// The first roots follow this pattern (indices into `regions`) so that a small demo shows every region.
    private static let regionPattern = [0, 1, 2, 3, 4, 0, 2, 1, 0, 3]
    private static let regionWeights = [30, 20, 20, 15, 15]
    private static let primaryIndustries: [Industry] = [.banking, .manufacturing, .telecom, .publicSector, .retail]
    private static let industryWeights: [(Industry, Int)] = [
        (.banking, 16), (.manufacturing, 16), (.telecom, 12), (.publicSector, 10), (.retail, 12), (.insurance, 6),
        (.automotive, 6), (.energy, 5), (.healthcare, 5), (.logistics, 5), (.technology, 5), (.other, 2),
    ]

    let count: Int
    private(set) var accounts: [DemoAccount] = []
    private var rng: DemoRandom
    private let ownerCount: Int
    /// Owner indices per entry of `regions`.
    private var ownersByRegion: [[Int]]
    private var rootOrdinals: [Int]
    private var roots = 0
    private let regionOffset: Int
    private let industryOffset: Int
    private let stemOffset: Int

    init(seed: UInt64, count: Int, ownerCount: Int) {
        self.count = count
        self.ownerCount = max(1, ownerCount)
        var rng = DemoRandom(seed: seed, stream: DemoGenerator.Stream.accounts.rawValue, index: 0)
        regionOffset = rng.int(Self.regionPattern.count)
        industryOffset = rng.int(Self.primaryIndustries.count)
        stemOffset = rng.int(1000)
        self.rng = rng
        rootOrdinals = Array(repeating: 0, count: Self.regions.count)
        ownersByRegion = Array(repeating: [], count: Self.regions.count)
        let ownerRegions = DemoGenerator.ownerRegions
        for owner in 0..<self.ownerCount where !ownerRegions.isEmpty {
            if let slot = Self.regions.firstIndex(of: ownerRegions[owner % ownerRegions.count]) {
                ownersByRegion[slot].append(owner)
            }
        }
        accounts.reserveCapacity(count)
    }

    mutating func run() {
        while accounts.count < count { addRoot() }
    }

    private mutating func pickOwner(_ slot: Int) -> Int {
        let candidates = ownersByRegion[slot]
        return candidates.isEmpty ? rng.int(ownerCount) : rng.pick(candidates)
    }

    /// One standalone account, or a group: optional holding, a headquarters and its branches.
    private mutating func addRoot() {
        let slot = roots < Self.regionPattern.count
            ? Self.regionPattern[(roots + regionOffset) % Self.regionPattern.count] : rng.weighted(Self.regionWeights)
        let industry = roots < Self.regionPattern.count
            ? Self.primaryIndustries[(roots + industryOffset) % Self.primaryIndustries.count] : rng.pick(Self.industryWeights)
        roots += 1
        let region = Self.regions[slot]
        let words = DemoAccountWords.forRegion(region)

        // Each root of a region gets the next stem; once the stems are used up, a regional qualifier
        // and then a number keep the names (and domains) unique.
        let ordinal = rootOrdinals[slot]
        rootOrdinals[slot] += 1
        let stem = words.stems[(ordinal + stemOffset) % words.stems.count]
        let generation = ordinal / words.stems.count
        var qualifier = "", qualifierSlug = "", number = "", numberSlug = ""
        if generation > 0 {
            let q = words.qualifiers[(generation - 1) % words.qualifiers.count]
            qualifier = q.text
            qualifierSlug = q.slug
            let n = (generation - 1) / words.qualifiers.count
            if n > 0 {
                number = " \(n + 1)"
                numberSlug = "-\(n + 1)"
            }
        }
        let baseSlug = qualifierSlug + stem.slug
        let owner = pickOwner(slot)
        let roll = rng.int(100)
        let grouped = industry != .publicSector && roll < 35
        let withHolding = grouped && roll < 10

        var parent: Int?
        if withHolding {
            let form = words.holding
            let domain = "\(baseSlug)\(form.slug)\(numberSlug).example.\(words.tld)"
            parent = append(name: form.prefix + qualifier + stem.text + form.suffix + number, kind: .holding,
                            parent: nil, industry: industry, region: region, words: words, owner: owner,
                            procurement: nil, domain: domain)
            if parent == nil { return }
        }
        let form = rng.pick(words.forms(for: industry))
        let name = form.prefix + qualifier + stem.text + form.suffix + number
        let domain = "\(baseSlug)\(form.slug)\(numberSlug).example.\(words.tld)"
        guard let head = append(name: name, kind: grouped ? .headquarters : .standalone, parent: parent,
                                industry: industry, region: region, words: words, owner: owner,
                                procurement: nil, domain: domain),
              grouped else { return }
        let procurement = accounts[head].procurementMode
        let branches = rng.int(in: 1...3)
        let start = rng.int(words.cities.count)
        for k in 0..<branches {
            let city = words.cities[(start + k) % words.cities.count]
            let branchName = name + " " + city + words.branchSeparator + words.branchWord(for: industry)
            let branchOwner = rng.chance(80) ? owner : pickOwner(slot)
            guard append(name: branchName, kind: .branch, parent: head, industry: industry, region: region,
                         words: words, owner: branchOwner, procurement: procurement, domain: domain) != nil
            else { return }
        }
    }

    /// Appends one account and returns its index, or nil when `count` accounts exist already.
    private mutating func append(name: String, kind: Kind, parent: Int?, industry: Industry, region: Region,
                                 words: DemoAccountWords, owner: Int, procurement inherited: ProcurementMode?,
                                 domain: String) -> Int? {
        guard accounts.count < count else { return nil }
        let size: AccountSize = switch kind {
        case .holding: .enterprise
        case .headquarters: rng.chance(60) ? .enterprise : .large
        case .standalone: rng.pick([(.small, 15), (.medium, 35), (.large, 35), (.enterprise, 15)])
        case .branch: rng.pick([(.small, 30), (.medium, 50), (.large, 20)])
        }
        let procurement: ProcurementMode = inherited ?? (kind == .standalone
            ? rng.pick([(.centralised, 60), (.decentralised, 20), (.mixed, 20)])
            : rng.pick([(.centralised, 50), (.mixed, 30), (.decentralised, 20)]))
        let status: KeyAccountStatus = switch kind {
        case .branch: rng.chance(90) ? .none : .candidate
        case .holding: rng.pick([(.qualified, 50), (.candidate, 30), (.none, 20)])
        case .headquarters where parent != nil: rng.pick([(.qualified, 40), (.candidate, 30), (.none, 30)])
        default: rng.pick([(.none, 35), (.candidate, 25), (.qualified, 30), (.disqualified, 10)])
        }
        let scene: LifecycleScene = switch status {
        case .qualified: rng.pick([(.acquisition, 15), (.orderWinning, 40), (.deliveryAndService, 45)])
        case .disqualified: rng.chance(50) ? .acquisition : .deliveryAndService
        default: rng.pick([(.acquisition, 50), (.orderWinning, 30), (.deliveryAndService, 20)])
        }
        let stage: RelationshipStage = switch scene {
        case .acquisition: .building
        case .orderWinning: rng.chance(50) ? .building : .stable
        case .deliveryAndService: rng.chance(60) ? .stable : .strengthening
        }
        let described = rng.chance(kind == .branch ? 30 : 75)
        let description = described
            ? words.labels.description(industry: industry, size: size, procurement: procurement) : nil
        let index = accounts.count
        accounts.append(DemoAccount(
            index: index, parentIndex: parent, name: name, industry: industry, region: region, size: size,
            procurementMode: procurement, ownerIndex: owner, website: kind == .branch ? nil : "https://www.\(domain)",
            description: description, emailDomain: domain, scene: scene, stage: stage, status: status))
        return index
    }
}
