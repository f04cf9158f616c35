/// The model a new company starts with: the indicators the method names (domain.md §4), each on
/// 1–5, weighted toward fit, steady purchasing and strategic value.
extension ScoringModelDraft {
    public static let standard = ScoringModelDraft(name: "Key-account qualification", indicators: [
        entered("product_fit", "Product fit", "How well our products fit what they buy.", weight: 15, [
            "Nothing they buy is in our range", "A few items", "Some product lines", "Most of what they buy in our area", "Our range is what they buy"]),
        entered("centralised_procurement", "Centralised procurement", "Whether the main purchases are decided centrally.", weight: 10, [
            "Every unit buys alone", "Mostly local", "Mixed", "Mostly central", "Main systems bought centrally"]),
        ScoringIndicator(key: "continuous_purchasing", name: "Continuous purchasing",
                         description: "Steady repeat buying: quarters with purchases, from the purchase history.", levels: levels([
                            "No purchase in the observed quarters", "Occasional", "About half the quarters", "Most quarters", "Nearly every quarter"]),
                         weight: 15, source: .continuousPurchasing),
        ScoringIndicator(key: "size", name: "Size", description: "The account's size.", levels: levels([
            "Small", "Medium", "—", "Large", "Enterprise"]), weight: 10, source: .size),
        entered("industry_position", "Industry position", "Their standing in their industry.", weight: 10, [
            "Marginal", "Follower", "Established", "Among the leaders", "Industry leader"]),
        entered("strategic_value", "Strategic value", "What winning them means beyond revenue (reference, market entry).", weight: 15, [
            "None", "Little", "Some", "High", "A flagship reference"]),
        entered("scale_match", "Scale match", "Whether our scale matches theirs.", weight: 5, [
            "Far too small or large for us", "Strained", "Workable", "Good", "Ideal"]),
        entered("industry_understanding", "Industry understanding", "How well we understand their industry.", weight: 10, [
            "New to us", "Basic", "Working knowledge", "Deep", "Recognised expert"]),
        entered("tailoring", "Ability to tailor", "Whether we can tailor a solution to them.", weight: 10, [
            "Not at all", "Minor options", "Configurable", "Largely tailored", "Fully tailored"]),
    ], threshold: 60)

    private static func levels(_ meanings: [String]) -> [ScaleLevel] {
        meanings.enumerated().map { ScaleLevel($0.offset + 1, $0.element) }
    }

    private static func entered(_ key: String, _ name: String, _ description: String, weight: Double, _ meanings: [String]) -> ScoringIndicator {
        ScoringIndicator(key: key, name: name, description: description, levels: levels(meanings), weight: weight)
    }
}
