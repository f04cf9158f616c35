import Foundation
import KAMCore
import KAMWeb
import Testing

@Suite("Translation catalogues")
struct CatalogTests {
    /// Values that are the same in every language on purpose: each language's own name.
    static let identicalToEnglish: Set<String> = ["language.en", "language.ja", "language.ko", "language.zh"]

    @Test(arguments: [UILanguage.ja, .ko, .zh])
    func everyCatalogueHasTheSameKeysAsEnglish(_ language: UILanguage) {
        let english = Set(Catalog.catalogues[.en]?.keys ?? [:].keys)
        let other = Set(Catalog.catalogues[language]?.keys ?? [:].keys)
        #expect(english.subtracting(other).sorted() == [], "missing in \(language)")
        #expect(other.subtracting(english).sorted() == [], "extra in \(language)")
    }

    @Test(arguments: [UILanguage.ja, .ko, .zh])
    func translationsAreNotLeftInEnglish(_ language: UILanguage) {
        let english = Catalog.catalogues[.en] ?? [:]
        let other = Catalog.catalogues[language] ?? [:]
        let untranslated = other.filter { english[$0.key] == $0.value && !Self.identicalToEnglish.contains($0.key) }.keys.sorted()
        #expect(untranslated == [])
    }

    @Test(arguments: UILanguage.allCases)
    func placeholdersMatchEnglish(_ language: UILanguage) {
        let english = Catalog.catalogues[.en] ?? [:]
        for (key, value) in Catalog.catalogues[language] ?? [:] {
            for placeholder in ["%1", "%2"] {
                #expect(value.contains(placeholder) == (english[key] ?? "").contains(placeholder), "\(language) \(key)")
            }
        }
    }

    @Test func everyVocabularyValueHasALabel() {
        let english = Catalog.catalogues[.en] ?? [:]
        var keys: [String] = []
        func add<V: DomainVocabulary>(_: V.Type) { keys += V.allCases.map(\.catalogKey) }
        add(Industry.self); add(Region.self); add(AccountSize.self); add(ProcurementMode.self); add(LifecycleScene.self)
        add(RelationshipStage.self); add(KeyAccountStatus.self); add(Role.self); add(LegalBasis.self)
        add(PersonalFactKind.self); add(CustomFieldType.self); add(TrackedAccountField.self); add(TeamRole.self); add(TeamAccess.self); add(IronTriangleRole.self)
        add(CoverageLine.self); add(CoverageState.self); add(TerritoryModelState.self); add(Seniority.self); add(ExpertRequestStatus.self)
        add(PresalesKind.self); add(PresalesStatus.self)
        add(ConnectionKind.self); add(RelationshipMap.Stance.self); add(RelationshipMap.InfluenceStatus.self); add(RelationshipMap.Affiliation.self); add(RelationshipMap.DecisionRole.self)
        add(IndicatorSource.self); add(AccountClass.self); add(ClassificationInput.self); add(AxisThreshold.Kind.self)
        add(EntitlementCheck.Item.self); add(EntitlementCheck.Effort.self); add(AssignmentStatus.self)
        add(ActivityKind.self); add(TaskStatus.self); add(TaskSource.self); add(TimelineSource.self); add(ChannelKind.self)
        add(IncidentSeverity.self); add(IncidentStatus.self); add(ResponsibleParty.self); add(GovernanceBody.self)
        add(SalesTrack.self); add(CriterionCheck.self); add(ForecastGrouping.self); add(SalesDocumentKind.self); add(SalesDocumentStatus.self)
        add(EvaluationKind.self); add(CadenceAnchoring.self); add(DueState.self); add(EvaluationResult.self); add(ReminderReason.self); add(TrendDirection.self); add(AssessmentSubject.self); add(AssessmentCriterion.self); add(AssessmentDecision.self)
        keys += OpportunityStage.standardStages.map(\.catalogKey)
        #expect(keys.filter { english[$0] == nil } == [])
    }

    /// The checklist's items are labelled by key (`lifecycle.item.KEY`), which the literal-key test cannot see.
    @Test func everyChecklistItemHasALabel() {
        let english = Catalog.catalogues[.en] ?? [:]
        let checklist = LifecycleChecklist.evaluate(LifecycleFacts(status: .none), today: CalendarDate(year: 2026, month: 1, day: 1))
        let keys = (checklist.scenes.flatMap(\.items) + checklist.stages.flatMap(\.items)).map { "lifecycle.item.\($0.key)" }
        #expect(keys.count > 10 && keys.filter { english[$0] == nil } == [])
    }

    @Test func everyReviewChecklistPointAndVerdictHasALabel() {
        let facts = ReviewChecklist.Facts(people: [(1, "A", "lead")], strategies: [(2, "S")], lastScore: 70)
        for language in UILanguage.allCases {
            let entries = Catalog.catalogues[language] ?? [:]
            for kind in EvaluationKind.allCases {
                let keys = ReviewChecklist.points(kind, facts: facts).map(\.labelKey) + ReviewChecklist.verdicts(kind).map { "checklist.verdict.\($0)" }
                #expect(!keys.isEmpty && keys.filter { entries[$0] == nil } == [], "\(language) \(kind)")
            }
        }
    }

    /// Every literal key the web code asks for exists: a typo shows up here, not on a page.
    @Test func everyKeyUsedInTheCodeExists() throws {
        let english = Catalog.catalogues[.en] ?? [:]
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/KAMWeb")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" && !$0.path.contains("Localization") } ?? []
        #expect(files.count > 10)
        let pattern = try Regex(#"text\("([a-z_]+(?:\.[a-z0-9_]+)+)""#)
        var missing: [String] = []
        var used = 0
        for file in files {
            let source = try String(contentsOf: file, encoding: .utf8)
            for match in source.matches(of: pattern) {
                guard let key = match.output[1].substring.map(String.init) else { continue }
                used += 1
                if english[key] == nil { missing.append(key) }
            }
        }
        #expect(used > 100)
        #expect(missing == [])
    }

    @Test func everyValidationCodeHasAMessage() {
        let english = Catalog.catalogues[.en] ?? [:]
        let codes = ["required", "too_long", "out_of_range", "invalid_email", "unsafe_url", "invalid_time_zone", "invalid_choice",
                     "unchanged", "unknown_field", "invalid_number", "invalid_date", "cycle", "unknown_account", "unknown_person",
                     "unknown_user", "not_permitted", "invalid_phone", "invalid_currency", "negative", "expected_integer",
                     "expected_string", "expected_boolean", "has_branches", "parent_deleted", "key_taken", "username_taken",
                     "already_held", "not_key_account", "not_due", "in_future", "not_for_kind", "before_review", "missing_kind"]
        #expect(codes.filter { english["error.\($0)"] == nil } == [])
    }

    @Test func datesAndNumbersFollowTheLocale() {
        let date = CalendarDate(year: 2026, month: 11, day: 23)
        #expect(Catalog(.ja).date(date).contains("2026年11月23日"))
        #expect(Catalog(.ko).date(date) == "2026년 11월 23일")
        #expect(Catalog(.en).date(date).contains("Nov 23, 2026"))
        #expect(Catalog(.en).number(1234567) == "1,234,567")
        #expect(Catalog(.ja).money(Money(minorUnits: 120_000_000, currency: "JPY")).contains("120,000,000"))
        #expect(Catalog(.en).money(Money(minorUnits: 123456, currency: "USD")) == "$1,234.56")
    }
}
