import Foundation
import HTTPTypes
import Hummingbird
import KAMCore
import KAMStore
import NIOCore

enum APISupport {
    static func readJSON(_ request: Request, _ context: AppContext) async throws -> JSONValue {
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        if buffer.readableBytes == 0 { return .object([:]) }
        // A body is JSON only when it says so: no guessing from content (or from a missing type).
        let mediaType = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        guard mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json")) else {
            throw AppError.unsupportedMediaType
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(Data(buffer: buffer))
        } catch {
            throw AppError.badRequest(code: "invalid_json")
        }
        // Every body the API takes is one object: a list or a bare value is not read as an empty one.
        guard case .object = value else { throw AppError.badRequest(code: "expected_object") }
        return value
    }

    /// The version a client saw, from `If-Match: "3"` (a weak `W/"3"` is accepted too).
    static func ifMatch(_ request: Request, required: Bool = true) throws -> Int? {
        guard let header = request.headers[.ifMatch] else {
            if required { throw AppError.preconditionRequired }
            return nil
        }
        let digits = header.replacingOccurrences(of: "W/", with: "").trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        guard let version = Int(digits) else { throw AppError.badRequest(code: "invalid_if_match") }
        return version
    }

    static func id(_ context: AppContext) throws -> Int64 {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else { throw AppError.notFound }
        return id
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok, version: Int? = nil, location: String? = nil) throws -> Response {
        let data = try JSONText.encoder.encode(value)
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"]
        if let version { headers[.eTag] = "\"\(version)\"" }
        if let location { headers[.location] = location }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: data)))
    }

    static func noContent() -> Response { Response(status: .noContent) }

    static func query(_ request: Request, _ key: String) -> String? {
        guard let value = request.uri.queryParameters.get(key), !value.isEmpty else { return nil }
        return value
    }

    /// Query parameters that must parse; a bad one is a 422 naming it rather than being ignored.
    static func vocabularyParameter<V: DomainVocabulary>(_ request: Request, _ key: String, _ type: V.Type,
                                                         _ issues: inout [FieldIssue]) -> V? {
        guard let raw = query(request, key) else { return nil }
        guard let value = V(rawValue: raw) else {
            issues.append(FieldIssue(field: key, code: "invalid_choice", detail: V.allRawValues.joined(separator: ", ")))
            return nil
        }
        return value
    }

    /// A yes/no query parameter: `true` or `false` (empty or absent: false); anything else is a 422.
    static func flagParameter(_ request: Request, _ key: String, _ issues: inout [FieldIssue]) -> Bool {
        guard let raw = query(request, key) else { return false }
        guard raw == "true" || raw == "false" else {
            issues.append(FieldIssue(field: key, code: "invalid_choice", detail: "true, false"))
            return false
        }
        return raw == "true"
    }

    /// A page size within `range` (absent or empty: `absent`); outside it, a 422 naming the range.
    static func limitParameter(_ request: Request, in range: ClosedRange<Int64>, absent: Int, _ issues: inout [FieldIssue]) -> Int {
        guard let value = intParameter(request, "limit", &issues) else { return absent }
        guard range.contains(value) else {
            issues.append(FieldIssue(field: "limit", code: "out_of_range", detail: "\(range.lowerBound)–\(range.upperBound)"))
            return absent
        }
        return Int(value)
    }

    static func dateParameter(_ request: Request, _ key: String, _ issues: inout [FieldIssue]) -> CalendarDate? {
        guard let raw = query(request, key) else { return nil }
        guard let value = CalendarDate(raw) else {
            issues.append(FieldIssue(field: key, code: "invalid_date"))
            return nil
        }
        return value
    }

    static func intParameter(_ request: Request, _ key: String, _ issues: inout [FieldIssue]) -> Int64? {
        guard let raw = query(request, key) else { return nil }
        guard let value = Int64(raw) else {
            issues.append(FieldIssue(field: key, code: "expected_integer"))
            return nil
        }
        return value
    }
}

/// JSON shapes of lists: the items and the cursor for the next page.
struct ListResponse<Item: Encodable & Sendable>: Encodable, Sendable {
    var items: [Item]
    var nextCursor: String?
    var total: Int?
    var totalIsLowerBound: Bool?
}

struct AccountDetailJSON: Encodable, Sendable {
    var account: Account
    var canEdit: Bool
}

struct PersonDetailJSON: Encodable, Sendable {
    var person: KeyPerson
    var canEdit: Bool
    var showsPrivateFields: Bool
}
