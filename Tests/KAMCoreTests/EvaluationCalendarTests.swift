import Foundation
import KAMCore
import Testing

@Suite("The review calendar: cadences, anchoring, month ends, time zones")
struct EvaluationCalendarTests {
    static func date(_ text: String) -> CalendarDate { CalendarDate(text)! }

    static func moment(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }

    @Test func aRhythmStartingOnTheThirtyFirstKeepsItsDayAfterShortMonths() {
        let start = Self.date("2027-01-31")
        var due = EvaluationCalendar.nextDue(start: start, months: 1, anchoring: .anchored, last: nil)
        var seen: [String] = []
        for _ in 0..<4 {
            seen.append(due.description)
            due = EvaluationCalendar.nextDue(start: start, months: 1, anchoring: .anchored, last: HeldReview(dueOn: due, heldOn: due))
        }
        #expect(seen == ["2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31"])
    }

    @Test func leapYearsGiveTheTwentyNinthOfFebruary() {
        #expect(EvaluationCalendar.adding(months: 1, to: Self.date("2028-01-31")).description == "2028-02-29")
        #expect(EvaluationCalendar.adding(months: 12, to: Self.date("2028-02-29")).description == "2029-02-28")
        #expect(EvaluationCalendar.adding(months: 48, to: Self.date("2028-02-29")).description == "2032-02-29")
        // 2100 is not a leap year, 2000 was.
        #expect(EvaluationCalendar.adding(months: 1, to: Self.date("2100-01-30")).description == "2100-02-28")
        #expect(EvaluationCalendar.adding(months: 1, to: Self.date("2000-01-30")).description == "2000-02-29")
        #expect(EvaluationCalendar.adding(months: 3, to: Self.date("2027-11-30")).description == "2028-02-29")
    }

    @Test func anchoredReviewsHeldEarlyOrLateKeepTheRhythm() {
        let start = Self.date("2027-01-15")
        let first = EvaluationCalendar.nextDue(start: start, months: 3, anchoring: .anchored, last: nil)
        #expect(first.description == "2027-04-15")
        let early = HeldReview(dueOn: first, heldOn: Self.date("2027-03-20"))
        let late = HeldReview(dueOn: first, heldOn: Self.date("2027-06-02"))
        #expect(EvaluationCalendar.nextDue(start: start, months: 3, anchoring: .anchored, last: early).description == "2027-07-15")
        #expect(EvaluationCalendar.nextDue(start: start, months: 3, anchoring: .anchored, last: late).description == "2027-07-15")
        // Floating: from the day it was held.
        #expect(EvaluationCalendar.nextDue(start: start, months: 3, anchoring: .floating, last: early).description == "2027-06-20")
        #expect(EvaluationCalendar.nextDue(start: start, months: 3, anchoring: .floating, last: late).description == "2027-09-02")
    }

    @Test func aCadenceEditedMidPeriodAppliesFromTheNextDueDate() {
        let start = Self.date("2027-01-10")
        let held = HeldReview(dueOn: Self.date("2027-07-10"), heldOn: Self.date("2027-07-08"))
        var cadences = EvaluationCadences.standard
        let facts = EvaluationCalendar.AccountFacts(accountID: 1, accountClass: nil, keyAccountSince: start, today: Self.date("2027-08-01"),
                                                    lastHeld: [.coverage: held])
        let before = EvaluationCalendar.schedule(facts, cadences: cadences, investment: .standard, kinds: [.coverage])
        #expect(before.map(\.dueOn.description) == ["2028-01-10"])
        cadences.cadences[cadences.cadences.firstIndex { $0.kind == .coverage }!].months = 2
        let after = EvaluationCalendar.schedule(facts, cadences: cadences, investment: .standard, kinds: [.coverage])
        #expect(after.map(\.dueOn.description) == ["2027-09-10"])
        #expect(after[0].state == .upcoming && after[0].daysOverdue == -40)
    }

    @Test func aClassWithItsOwnRhythmIsReviewedAtItForTheKindsThatFollowIt() {
        let facts = EvaluationCalendar.AccountFacts(accountID: 1, accountClass: .a, keyAccountSince: Self.date("2027-01-10"),
                                                    today: Self.date("2027-02-25"), lastHeld: [:])
        let due = EvaluationCalendar.schedule(facts, cadences: .standard, investment: .standard)
        let byKind = Dictionary(uniqueKeysWithValues: due.map { ($0.kind, $0) })
        // Class A is reviewed monthly (investment strategy); coverage and strategy keep their six months.
        #expect(byKind[.planExecution]?.dueOn.description == "2027-02-10")
        #expect(byKind[.planExecution]?.state == .overdue)
        #expect(byKind[.planExecution]?.daysOverdue == 15)
        #expect(byKind[.customer]?.dueOn.description == "2027-02-10")
        #expect(byKind[.coverage]?.dueOn.description == "2027-07-10")
        #expect(byKind[.yearly]?.dueOn.description == "2028-01-10")
        var unclassified = facts
        unclassified.accountClass = nil
        let plain = EvaluationCalendar.schedule(unclassified, cadences: .standard, investment: .standard, kinds: [.customer])
        #expect(plain[0].dueOn.description == "2027-04-10" && plain[0].state == .upcoming)
    }

    @Test func dueSoonStartsTheConfiguredDaysBeforeTheDate() {
        let due = Self.date("2027-03-15")
        #expect(EvaluationCalendar.state(dueOn: due, today: Self.date("2027-02-28"), remindDaysBefore: 14) == .upcoming)
        #expect(EvaluationCalendar.state(dueOn: due, today: Self.date("2027-03-01"), remindDaysBefore: 14) == .dueSoon)
        #expect(EvaluationCalendar.state(dueOn: due, today: due, remindDaysBefore: 14) == .dueSoon)
        #expect(EvaluationCalendar.state(dueOn: due, today: Self.date("2027-03-16"), remindDaysBefore: 14) == .overdue)
    }

    @Test func todayIsTheAccountsDateNotUTCs() {
        // 15:30 UTC on 31 March is already 1 April in Tokyo and Seoul (UTC+9), still 31 March in Berlin.
        let moment = Self.moment("2027-03-31T15:30:00Z")
        #expect(EvaluationCalendar.today(at: moment, in: TimeZone(identifier: "Asia/Tokyo")!).description == "2027-04-01")
        #expect(EvaluationCalendar.today(at: moment, in: TimeZone(identifier: "Asia/Seoul")!).description == "2027-04-01")
        #expect(EvaluationCalendar.today(at: moment, in: TimeZone(identifier: "Europe/Berlin")!).description == "2027-03-31")
        #expect(EvaluationCalendar.today(at: moment, in: TimeZone(identifier: "UTC")!).description == "2027-03-31")
    }

    @Test func berlinsDateFollowsSummerTimeAcrossTheChange() {
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        // Summer time begins at 01:00 UTC on 28 March 2027: before it Berlin is UTC+1, after it UTC+2.
        #expect(EvaluationCalendar.today(at: Self.moment("2027-03-27T22:30:00Z"), in: berlin).description == "2027-03-27")
        #expect(EvaluationCalendar.today(at: Self.moment("2027-03-27T23:30:00Z"), in: berlin).description == "2027-03-28")
        #expect(EvaluationCalendar.today(at: Self.moment("2027-03-28T21:30:00Z"), in: berlin).description == "2027-03-28")
        #expect(EvaluationCalendar.today(at: Self.moment("2027-03-28T22:30:00Z"), in: berlin).description == "2027-03-29")
        // And back on 31 October 2027.
        #expect(EvaluationCalendar.today(at: Self.moment("2027-10-31T22:30:00Z"), in: berlin).description == "2027-10-31")
        #expect(EvaluationCalendar.today(at: Self.moment("2027-10-31T23:30:00Z"), in: berlin).description == "2027-11-01")
        // A review due on the 28th is overdue in Berlin from the first minute of the 29th local time.
        let due = Self.date("2027-03-28")
        let justBefore = EvaluationCalendar.today(at: Self.moment("2027-03-28T21:59:00Z"), in: berlin)
        let justAfter = EvaluationCalendar.today(at: Self.moment("2027-03-28T22:01:00Z"), in: berlin)
        #expect(EvaluationCalendar.state(dueOn: due, today: justBefore, remindDaysBefore: 0) == .dueSoon)
        #expect(EvaluationCalendar.state(dueOn: due, today: justAfter, remindDaysBefore: 0) == .overdue)
    }

    @Test func cadencesOfZeroOrNegativeMonthsAreRefusedByField() {
        var cadences = EvaluationCadences.standard
        cadences.cadences[0].months = 0
        cadences.cadences[2].months = -6
        cadences.cadences.removeLast()
        #expect(throws: ValidationFailure.self) { try cadences.validate() }
        do {
            try cadences.validate()
        } catch {
            let fields = Set(error.issues.map(\.field))
            #expect(fields == ["cadences[0].months", "cadences[2].months", "cadences"])
        }
        #expect(throws: Never.self) { try EvaluationCadences.standard.validate() }
    }

    @Test func theOnTimeShareCountsOverdueReviewsAsLate() {
        let share = OnTimeShare(held: 3, onTime: 2, overdue: 1) + OnTimeShare(held: 1, onTime: 1)
        #expect(share.percent == 60)
        #expect(OnTimeShare().percent == nil)
    }
}

@Suite struct ReviewTrendTests {
    @Test func theLastTwoScoresSetTheDirectionAndSmallMovesAreNoise() {
        #expect(TrendDirection(scores: []) == .unknown)
        #expect(TrendDirection(scores: [70]) == .unknown)
        #expect(TrendDirection(scores: [50, 70, 72]) == .improved)
        #expect(TrendDirection(scores: [80, 61.5]) == .declined)
        #expect(TrendDirection(scores: [60, 60.5]) == .unchanged)
        var trend = PortfolioTrend()
        for direction in [TrendDirection.improved, .improved, .declined, .unknown] { trend.add(direction) }
        #expect(trend.improved == 2 && trend.declined == 1 && trend.unchanged == 0 && trend.unknown == 1)
    }

    @Test func theOnTimeShareCountsOverdueReviewsAsLate() {
        let share = OnTimeShare(held: 3, onTime: 2, overdue: 1)
        #expect(share.percent == 50)
        #expect(OnTimeShare().percent == nil)
        #expect((share + OnTimeShare(held: 1, onTime: 1)).percent == 60)
    }
}
