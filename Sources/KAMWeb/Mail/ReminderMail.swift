import Foundation
import KAMCore
import KAMStore

/// Writes a user's daily reminder digest as an RFC 5322 message in their language.
public enum ReminderMail {
    /// nil when the user's address cannot be put on an envelope safely.
    static func message(_ digest: ClaimedDigest, from: String, publicURL: URL, at date: Date) -> MailMessage? {
        guard let to = digest.user.email, isSafeAddress(to), isSafeAddress(from) else { return nil }
        let t = Catalog(digest.user.locale.flatMap(UILanguage.init(rawValue:)) ?? .en)
        let reviewsURL = publicURL.appendingPathComponent("reviews").absoluteString
        var body = [t.text("mail.greeting", digest.user.displayName), "", t.text("mail.intro"), ""]
        for reminder in digest.reminders {
            let key = reminder.reason == .overdue ? "mail.line_overdue" : "mail.line_before_due"
            body.append(t.text(key, reminder.accountName, t.label(reminder.kind), t.date(reminder.dueOn)))
            body.append("  " + publicURL.appendingPathComponent("accounts/\(reminder.accountID)/reviews").absoluteString)
        }
        body += ["", t.text("mail.footer", reviewsURL)]
        let headers = [
            "From: " + encodedWord("OpenKAM") + " <\(from)>",
            "To: " + encodedWord(digest.user.displayName) + " <\(to)>",
            "Subject: " + encodedWord(t.text("mail.subject", t.number(digest.reminders.count))),
            "Date: " + rfc5322Date(date),
            "Message-ID: " + digest.messageID,
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
            // Tells auto-responders not to answer (RFC 3834).
            "Auto-Submitted: auto-generated",
        ]
        let encoded = Data(body.joined(separator: "\r\n").utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return MailMessage(from: from, to: to, text: headers.joined(separator: "\r\n") + "\r\n\r\n" + encoded + "\r\n")
    }

    /// An address for the envelope and the header: one @, no spaces, angle brackets or line breaks.
    public static func isSafeAddress(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty && address.utf8.count <= 254
            && !address.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F || "<>()[]\\,;:\"".unicodeScalars.contains($0) }
    }

    /// RFC 2047 encoded word (UTF-8, base64) for any header text, so names in any script and any
    /// punctuation travel safely and cannot break out of the header.
    static func encodedWord(_ text: String) -> String {
        // 39 bytes of text make 52 base64 characters: a word is 64 long, under RFC 2047's 75, and
        // "Subject: " with its first word stays within the 78 a header line should keep to.
        var words: [[UInt8]] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(character.utf8)
            if chunk.count + bytes.count > 39 {
                words.append(chunk)
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?" + Data($0).base64EncodedString() + "?=" }.joined(separator: "\r\n ")
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = .gmt
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
