import KAMCore
import Testing

@Suite("Calendar day arithmetic")
struct CalendarDateTests {
    @Test func daysCountFromTheEpochAcrossLeapYears() throws {
        #expect(CalendarDate(year: 1970, month: 1, day: 1).daysSince1970 == 0)
        #expect(CalendarDate(year: 2000, month: 3, day: 1).daysSince1970 == 11_017)
        #expect(CalendarDate(year: 1969, month: 12, day: 31).daysSince1970 == -1)
        let leapDay = CalendarDate(year: 2024, month: 2, day: 29)
        #expect(leapDay.adding(days: 1) == CalendarDate(year: 2024, month: 3, day: 1))
        #expect(CalendarDate(year: 2023, month: 2, day: 28).adding(days: 1) == CalendarDate(year: 2023, month: 3, day: 1))
        #expect(CalendarDate(year: 2026, month: 11, day: 23).days(until: CalendarDate(year: 2027, month: 2, day: 21)) == 90)
        for n in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CalendarDate(daysSince1970: n).daysSince1970 == n)
        }
    }
}
