/// The demo company's organisation beyond its users: directory entries for the experts, sales
/// teams per region, and a territory model that covers every account on the regional and
/// industry lines. Named by username so it can be applied after the users exist.
public struct DemoOrganisation: Sendable {
    public struct Team: Sendable {
        public let name: String
        public let leader: String
        public let members: [String]
    }

    public struct TerritorySpec: Sendable {
        public let name: String
        public let parent: String?
        public let line: CoverageLine
        public let rule: TerritoryRule
        /// A username or a team name (exactly one).
        public let user: String?
        public let team: String?
    }

    public let experts: [(username: String, profile: ExpertProfileDraft)]
    public let teams: [Team]
    public let modelName: String
    public let territories: [TerritorySpec]
    /// Expert requests left pending: (account owner username, expert username, hours).
    public let pendingRequests: [(owner: String, expert: String, hours: Int)]
}

extension DemoGenerator {
    public func organisation() -> DemoOrganisation {
        DemoOrganisation(
            experts: [
                ("ito", ExpertProfileDraft(skills: ["core banking", "payments", "mainframe migration"], industries: [.banking, .insurance],
                                           languages: ["ja", "en"], seniority: .principal, capacityHoursPerQuarter: 240)),
                ("garcia", ExpertProfileDraft(skills: ["5g core", "network automation", "cloud"], industries: [.telecom, .technology],
                                              languages: ["en", "es"], seniority: .senior, capacityHoursPerQuarter: 200)),
                ("park.seoyeon", ExpertProfileDraft(skills: ["demo", "solution design", "bid management"],
                                                    industries: [.manufacturing, .retail, .telecom], languages: ["ko", "en"],
                                                    seniority: .senior, capacityHoursPerQuarter: 300)),
            ],
            teams: [
                DemoOrganisation.Team(name: "Asia key accounts", leader: "sato",
                                      members: ["tanaka", "suzuki.hana", "kim.minji", "lee.junho", "wang.lei", "chen.jing"]),
                DemoOrganisation.Team(name: "Europe & Americas", leader: "schmidt", members: ["mueller", "dubois", "johnson"]),
            ],
            modelName: "FY2027 territories",
            territories: [
                .init(name: "Asia", parent: nil, line: .regional, rule: TerritoryRule(regions: [.japan, .korea, .china]), user: nil,
                      team: "Asia key accounts"),
                .init(name: "Japan", parent: "Asia", line: .regional, rule: TerritoryRule(regions: [.japan]), user: "tanaka", team: nil),
                .init(name: "Korea", parent: "Asia", line: .regional, rule: TerritoryRule(regions: [.korea]), user: "kim.minji", team: nil),
                .init(name: "China", parent: "Asia", line: .regional, rule: TerritoryRule(regions: [.china]), user: "wang.lei", team: nil),
                .init(name: "West", parent: nil, line: .regional, rule: TerritoryRule(regions: [.europe, .northAmerica, .other]),
                      user: nil, team: "Europe & Americas"),
                .init(name: "Financial services", parent: nil, line: .industry, rule: TerritoryRule(industries: [.banking, .insurance]),
                      user: "ito", team: nil),
                .init(name: "Telecom and technology", parent: nil, line: .industry, rule: TerritoryRule(industries: [.telecom, .technology]),
                      user: "garcia", team: nil),
            ],
            pendingRequests: [("tanaka", "garcia", 40)])
    }
}
