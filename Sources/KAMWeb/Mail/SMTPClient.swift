import Foundation
import NIOCore
import NIOPosix

/// The mail server reminders go through: `smtp://host:port`. Plain SMTP to a relay the operator
/// runs (a local Postfix, a sink in tests); STARTTLS and authentication are not spoken yet.
public struct SMTPServer: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// The name we give in EHLO.
    public var heloName: String

    /// Parses `smtp://host[:port]`; nil with a reason otherwise, for the start-up error.
    public static func parse(_ text: String, heloName: String = "openkam.invalid") -> Result<SMTPServer, SMTPConfigurationError> {
        guard let url = URL(string: text), url.scheme?.lowercased() == "smtp", let host = url.host, !host.isEmpty else {
            return .failure(SMTPConfigurationError(reason: "--smtp must look like smtp://host:port, got \(text)"))
        }
        let port = url.port ?? 25
        guard (1...65535).contains(port) else { return .failure(SMTPConfigurationError(reason: "--smtp port must be 1–65535")) }
        return .success(SMTPServer(host: host, port: port, heloName: heloName))
    }
}

public struct SMTPConfigurationError: Error, CustomStringConvertible, Sendable {
    public var reason: String
    public var description: String { reason }
}

/// One message ready for the wire: the envelope and the RFC 5322 text (CRLF line ends).
public struct MailMessage: Sendable {
    public var from: String
    public var to: String
    public var text: String
}

/// The server answered something other than what the step needs. Carries no message text: the
/// replies can quote addresses, which stay out of the logs.
public struct SMTPFailure: Error, CustomStringConvertible, Sendable {
    public var step: String
    public var code: Int?
    public var description: String { "SMTP \(step) failed" + (code.map { " with \($0)" } ?? ": connection closed") }
}

/// A small SMTP client (RFC 5321) over SwiftNIO: one connection, several messages.
public struct SMTPClient: Sendable {
    public var server: SMTPServer
    /// A connection silent for this long is closed, so a hung server cannot hold a sender forever.
    public var idleTimeout: TimeAmount = .seconds(30)

    public init(server: SMTPServer) { self.server = server }

    /// Sends the messages in order on one connection and calls `accepted` with each one's index
    /// as soon as the server has taken it, so the caller can record it before the next.
    public func send(_ messages: [MailMessage], accepted: (Int) async throws -> Void) async throws {
        guard !messages.isEmpty else { return }
        let timeout = idleTimeout
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .connect(host: server.host, port: server.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([IdleStateHandler(readTimeout: timeout), CloseWhenIdle()])
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let helo = server.heloName
        try await channel.executeThenClose { inbound, outbound in
            var replies = ReplyReader(inbound.makeAsyncIterator())
            try await replies.expect([220], "greeting")
            try await outbound.write(ByteBuffer(string: "EHLO \(helo)\r\n"))
            try await replies.expect([250], "EHLO")
            for (index, message) in messages.enumerated() {
                try await outbound.write(ByteBuffer(string: "MAIL FROM:<\(message.from)>\r\n"))
                try await replies.expect([250], "MAIL FROM")
                try await outbound.write(ByteBuffer(string: "RCPT TO:<\(message.to)>\r\n"))
                try await replies.expect([250, 251], "RCPT TO")
                try await outbound.write(ByteBuffer(string: "DATA\r\n"))
                try await replies.expect([354], "DATA")
                try await outbound.write(ByteBuffer(string: Self.dotStuffed(message.text) + ".\r\n"))
                try await replies.expect([250], "message")
                try await accepted(index)
            }
            try await outbound.write(ByteBuffer(string: "QUIT\r\n"))
            _ = try? await replies.next()
        }
    }

    /// RFC 5321 §4.5.2: a line starting with a dot gets another; the text ends with CRLF.
    static func dotStuffed(_ text: String) -> String {
        var lines = text.components(separatedBy: "\r\n")
        if lines.last == "" { lines.removeLast() }
        return lines.map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n") + "\r\n"
    }
}

/// Reads SMTP replies: lines "250-…" continue a reply, "250 …" ends it.
struct ReplyReader {
    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var pending: [UInt8] = []

    init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) { self.iterator = iterator }

    mutating func expect(_ codes: Set<Int>, _ step: String) async throws {
        let code = try await next()
        guard let code, codes.contains(code) else { throw SMTPFailure(step: step, code: code) }
    }

    /// The code of the next complete reply; nil when the connection closed first.
    mutating func next() async throws -> Int? {
        while true {
            while let end = lineEnd() {
                let line = Array(pending[..<end])
                pending.removeFirst(end + 2)
                guard line.count >= 3, let code = Int(String(decoding: line[0..<3], as: UTF8.self)) else { return -1 }
                if line.count == 3 || line[3] == UInt8(ascii: " ") { return code }
            }
            guard var buffer = try await iterator.next() else { return nil }
            pending += buffer.readBytes(length: buffer.readableBytes) ?? []
        }
    }

    private func lineEnd() -> Int? {
        guard pending.count >= 2 else { return nil }
        for index in 0..<(pending.count - 1) where pending[index] == 13 && pending[index + 1] == 10 { return index }
        return nil
    }
}

/// Closes the connection when IdleStateHandler says the server has gone quiet.
final class CloseWhenIdle: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent { context.close(promise: nil) } else { context.fireUserInboundEventTriggered(event) }
    }
}
