import Foundation
import Testing
@testable import KAMCore

@Suite struct ICalendarTests {
    @Test func textValuesEscapeTheCharactersRFC5545Reserves() {
        #expect(ICalendar.text(#"a\b;c,d"#) == #"a\\b\;c\,d"#)
        #expect(ICalendar.text("line one\r\nline two\nthree") == #"line one\nline two\nthree"#)
        #expect(ICalendar.text("tab\there") == "tab here")
    }

    @Test func longJapaneseAndKoreanLinesFoldWithoutSplittingACharacter() throws {
        let summary = "SUMMARY:" + String(repeating: "顧客再評価・株式会社東京製作所", count: 6) + "고객 재평가 — 서울은행"
        let folded = ICalendar.fold(summary)
        let lines = folded.components(separatedBy: "\r\n")
        #expect(lines.count > 1)
        for (index, line) in lines.enumerated() {
            #expect(line.utf8.count <= 75, "line \(index) has \(line.utf8.count) octets")
            if index > 0 { #expect(line.hasPrefix(" ")) }
        }
        // Unfolding (remove CRLF + one space) gives the line back, character for character.
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == summary)
        // A full line of three-octet characters: the last one would cross 75, so it moves down.
        let kana = "SUMMARY:" + String(repeating: "あ", count: 30)
        let first = try #require(ICalendar.fold(kana).components(separatedBy: "\r\n").first)
        #expect(first.utf8.count == 8 + 3 * 22)
    }

    @Test func aFeedHasAllDayEventsWithStableUIDsAndCRLFLineEnds() throws {
        let stamp = Date(timeIntervalSince1970: 1_796_232_678)  // 2026-12-02T17:31:18Z
        let events = [
            CalendarFeedEvent(uid: "review-7-customer-2026-12-31@openkam", day: try #require(CalendarDate("2026-12-31")),
                              summary: "顧客の再評価: 東京銀行", description: "Due, class A; owner 田中", url: "https://kam.example/accounts/7/reviews"),
        ]
        let feed = ICalendar.feed(name: "OpenKAM — reviews", events: events, stamp: stamp)
        #expect(feed.hasSuffix("END:VCALENDAR\r\n"))
        #expect(!feed.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(feed.contains("DTSTART;VALUE=DATE:20261231\r\n"))
        // All-day: ends the next day, across the year end.
        #expect(feed.contains("DTEND;VALUE=DATE:20270101\r\n"))
        #expect(feed.contains("DTSTAMP:20261202T173118Z\r\n"))
        #expect(feed.contains("UID:review-7-customer-2026-12-31@openkam\r\n"))
        #expect(feed.contains(#"DESCRIPTION:Due\, class A\; owner 田中"#))
    }
}
