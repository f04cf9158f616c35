import Foundation
import HTTPTypes
import KAMCore
import KAMStore
import KAMTestSupport
@testable import KAMWeb
import Testing

@Suite("Reminders: in-app notifications, digests claimed once, the calendar feed")
struct ReminderTests {
    @Test(arguments: TestEngine.allCases)
    func reviewsComingDueNotifyTheirOwnerOnceAndOnlyThem(_ engine: TestEngine) async throws {
        let clock = TestClock("2027-01-10T03:00:00Z")
        try await WebHarness.run(engine, now: { clock.now }) { web in
            let c = web.company
            let admin = try await web.signIn(c.admin)
            let account = try await c.account("Reminder Bank", owner: c.sales)
            try await EvaluationAPITests.qualify(web, account, admin: admin)
            let scheduler = ReminderScheduler(store: web.store, settings: ReminderSettings(instance: "test"))

            // Three months on less 14 days: the customer and plan reviews (due 10 April) come due soon.
            clock.set("2027-03-30T01:00:00Z")
            var pass = try await scheduler.pass()
            #expect(pass.refresh.notificationsCreated == 2)
            #expect(try await scheduler.pass().refresh.notificationsCreated == 0, "a second pass notifies nobody again")
            var sales = try await web.signIn(c.sales)
            var listed = try await web.send(.get, "/api/v1/notifications", cookie: sales)
            #expect(listed.status == .ok, Comment(rawValue: listed.text))
            #expect(try listed.jsonObject()["unread"] as? Int == 2)
            #expect(Set(try listed.items().map { $0["kind"] as? String }) == ["customer", "plan_execution"])
            #expect(Set(try listed.items().map { $0["reason"] as? String }) == ["before_due"])
            // Someone else's account: nothing for them, and they cannot mark these read.
            let other = try await web.signIn(c.otherSales)
            #expect(try await web.send(.get, "/api/v1/notifications", cookie: other).items().isEmpty)
            let first = try #require(try listed.items().first?["id"] as? Int)
            #expect(try await web.send(.post, "/api/v1/notifications/\(first)/read", cookie: other).status == .notFound)
            #expect(try await web.send(.get, "/api/v1/notifications?unread=maybe&limit=0", cookie: sales).problemFields() == ["unread", "limit"])

            // Overdue: a second reminder per review, with its own reason.
            clock.set("2027-04-12T01:00:00Z")
            pass = try await scheduler.pass()
            #expect(pass.refresh.notificationsCreated == 2)
            sales = try await web.signIn(c.sales)
            #expect(try await web.send(.post, "/api/v1/notifications/\(first)/read", cookie: sales).status == .noContent)
            listed = try await web.send(.get, "/api/v1/notifications?unread=true", cookie: sales)
            #expect(try listed.jsonObject()["unread"] as? Int == 3)
            #expect(try listed.items().filter { $0["reason"] as? String == "overdue" }.count == 2)

            // The page lists them, the navigation counts the unread, and the form marks them all read.
            let page = try await web.send(.get, "/notifications", cookie: sales)
            #expect(page.status == .ok)
            #expect(page.text.contains("id=\"unread-count\">3<") && page.text.contains("Reminder Bank"))
            let read = try await web.form("/notifications/read", cookie: sales, [("_csrf", try await web.csrf(sales))])
            #expect(read.status == .seeOther)
            #expect(try await web.send(.get, "/api/v1/notifications", cookie: sales).jsonObject()["unread"] as? Int == 0)
            #expect(!(try await web.send(.get, "/notifications", cookie: sales).text.contains("unread-count")))
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aDigestIsHandedToOneSenderAtATimeAndKeepsItsMessageIDWhenTakenOver(_ engine: TestEngine) async throws {
        let clock = TestClock("2027-01-10T03:00:00Z")
        try await WebHarness.run(engine, now: { clock.now }) { web in
            let c = web.company
            let admin = try await web.signIn(c.admin)
            try await EvaluationAPITests.qualify(web, try await c.account("Digest Bank", owner: c.sales), admin: admin)
            try await EvaluationAPITests.qualify(web, try await c.account("Digest Steel", owner: c.sales), admin: admin)
            clock.set("2027-04-12T01:00:00Z")
            let reminders = web.store.reminders
            let made = try await reminders.refresh(digests: true, messageIDDomain: "kam.example")
            #expect(made.notificationsCreated == 4 && made.digestsCreated == 1)
            #expect(try await reminders.refresh(digests: true, messageIDDomain: "kam.example").digestsCreated == 0)

            let first = try await reminders.claimDigests(owner: "one", lease: 60, limit: 10)
            #expect(first.count == 1)
            let digest = try #require(first.first)
            #expect(digest.user.id == c.sales.id && digest.reminders.count == 4)
            #expect(digest.messageID == "<openkam-reminders-\(c.sales.id)-2027-04-12@kam.example>")
            #expect(try await reminders.claimDigests(owner: "two", lease: 60, limit: 10).isEmpty, "a leased digest is nobody else's")

            // The first sender went quiet: when its lease runs out another takes over, same Message-ID.
            clock.set("2027-04-12T01:01:01Z")
            let retaken = try await reminders.claimDigests(owner: "two", lease: 60, limit: 10)
            #expect(retaken.map(\.messageID) == [digest.messageID])
            #expect(try await reminders.markSent(digest.id, owner: "one") == false, "a sender that lost its lease records nothing")
            #expect(try await reminders.markSent(digest.id, owner: "two"))
            clock.set("2027-04-12T02:00:00Z")
            #expect(try await reminders.claimDigests(owner: "three", lease: 60, limit: 10).isEmpty, "a sent digest is not sent again")
            #expect(try await reminders.digestCounts() == (1, 0))
            // Later the same day nothing new: tomorrow's digest holds what comes after.
            #expect(try await reminders.refresh(digests: true, messageIDDomain: "kam.example").digestsCreated == 0)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func theCalendarFeedAnswersItsSecretOnlyUntilRotated(_ engine: TestEngine) async throws {
        let clock = TestClock("2027-01-10T03:00:00Z")
        try await WebHarness.run(engine, now: { clock.now }) { web in
            let c = web.company
            let admin = try await web.signIn(c.admin)
            let account = try await c.account("Feed Bank; Tokyo, Japan", owner: c.sales)
            try await EvaluationAPITests.qualify(web, account, admin: admin)
            let sales = try await web.signIn(c.sales)
            #expect(try await web.send(.get, "/api/v1/calendar-feed", cookie: sales).jsonObject()["active"] as? Bool == false)
            let made = try await web.send(.post, "/api/v1/calendar-feed", cookie: sales)
            #expect(made.status == .created)
            let url = try #require(try made.jsonObject()["url"] as? String)
            let path = try #require(URLComponents(string: url)?.path)
            #expect(path.hasPrefix("/feeds/") && path.hasSuffix(".ics"))
            #expect(try await web.send(.get, "/api/v1/calendar-feed", cookie: sales).jsonObject()["url"] == nil, "the secret is shown once")

            // No session needed: the address is the credential.
            let feed = try await web.send(.get, path)
            #expect(feed.status == .ok)
            #expect(feed.headers[.contentType] == "text/calendar; charset=utf-8")
            #expect(feed.text.contains("DTSTART;VALUE=DATE:20270410\r\n"))
            #expect(feed.text.contains("UID:review-\(account.id)-customer-2027-04-10@openkam\r\n"))
            #expect(feed.text.replacingOccurrences(of: "\r\n ", with: "").contains(#"Feed Bank\; Tokyo\, Japan"#))
            #expect(feed.text.components(separatedBy: "BEGIN:VEVENT").count - 1 == 5)
            #expect(try await web.send(.get, "/feeds/not-a-secret.ics").status == .notFound)

            // Rotating from the page shows the new address once; the old one stops working.
            let page = try await web.form("/reviews/calendar-feed", cookie: sales, [("_csrf", try await web.csrf(sales))])
            #expect(page.status == .ok)
            let field = try #require(page.text.range(of: #"id="feed-url"[^>]* value="[^"]+""#, options: .regularExpression).map { String(page.text[$0]) })
            let newURL = try #require(field.components(separatedBy: "value=\"").last?.dropLast())
            let newPath = try #require(URLComponents(string: String(newURL))?.path)
            #expect(newPath != path)
            #expect(try await web.send(.get, path).status == .notFound)
            #expect(try await web.send(.get, newPath).status == .ok)
            #expect(try await web.send(.delete, "/api/v1/calendar-feed", cookie: sales).status == .noContent)
            #expect(try await web.send(.get, newPath).status == .notFound)
        }
    }

    @Test func theDigestIsOneBase64TextPartWithEncodedHeadersAndLinks() throws {
        let user = User(id: 7, username: "kim", displayName: "김민준 <kim@x>\r\nBcc: evil@example.com", email: "kim@kam.example", role: .keyAccountManager,
                        locale: "ko")
        let reminder = ReviewReminder(id: 1, accountID: 42, accountName: "서울은행", kind: .customer, dueOn: CalendarDate(year: 2027, month: 4, day: 10),
                                      reason: .overdue, createdAt: Date())
        let digest = ClaimedDigest(id: 3, messageID: "<openkam-reminders-7-2027-04-12@kam.example>", day: CalendarDate(year: 2027, month: 4, day: 12),
                                   user: user, reminders: [reminder])
        let message = try #require(ReminderMail.message(digest, from: "kam@kam.example", publicURL: URL(string: "https://kam.example")!, at: Date()))
        let (head, body) = try #require(message.text.components(separatedBy: "\r\n\r\n").split(at: 1))
        #expect(head.contains("Message-ID: <openkam-reminders-7-2027-04-12@kam.example>"))
        #expect(!head.contains("Bcc:"), "a display name cannot add a header")
        #expect(head.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 78 })
        let text = String(decoding: try #require(Data(base64Encoded: body.replacingOccurrences(of: "\r\n", with: ""))), as: UTF8.self)
        #expect(text.contains("서울은행") && text.contains("https://kam.example/accounts/42/reviews"))
        var bad = digest
        bad.user.email = "kim@kam.example>\r\nRCPT TO:<x@y"
        #expect(ReminderMail.message(bad, from: "kam@kam.example", publicURL: URL(string: "https://kam.example")!, at: Date()) == nil)
    }
}

private extension Array where Element == String {
    /// The first `count` parts joined back, and the rest.
    func split(at count: Int) -> (String, String)? {
        guard self.count > count else { return nil }
        return (self[..<count].joined(separator: "\r\n\r\n"), self[count...].joined(separator: "\r\n\r\n"))
    }
}
