import Foundation
import HTTPTypes
import Hummingbird
import KAMCore
import KAMStore

/// Errors the web layer raises itself; `StoreError`s are mapped alongside in `Problem`.
enum AppError: Error {
    case unauthenticated
    case forbidden
    case notFound
    case methodNotAllowed
    case badRequest(code: String)
    case invalid([FieldIssue])
    case preconditionRequired
    case tooManyAttempts(retryAfterSeconds: Int)
    case csrfRejected
    case unsupportedMediaType
}

/// An RFC 9457 problem document. `errors` lists each failing field for 422s.
struct Problem: Codable, Sendable {
    var type: String
    var title: String
    var status: Int
    var detail: String?
    var code: String
    var errors: [ProblemField]?
    var currentVersion: Int?
    var changedBy: String?
    /// Seconds until a refused sign-in may be tried again (also sent as Retry-After).
    var retryAfter: Int?

    struct ProblemField: Codable, Sendable {
        var field: String
        var code: String
        var message: String
        /// For a CSV file: the row as a spreadsheet numbers it (`field` is then the column).
        var row: Int?
    }

    static func from(_ error: any Error, catalog: Catalog) -> Problem? {
        func make(_ status: HTTPResponse.Status, _ code: String, detail: String? = nil) -> Problem {
            Problem(type: "https://openkam.example/problems/\(code)", title: catalog.text("problem.\(code)"),
                    status: Int(status.code), detail: detail, code: code)
        }
        switch error {
        case let error as AppError:
            switch error {
            case .unauthenticated: return make(.unauthorized, "unauthenticated")
            case .forbidden: return make(.forbidden, "forbidden")
            case .notFound: return make(.notFound, "not_found")
            case .methodNotAllowed: return make(.methodNotAllowed, "method_not_allowed")
            case .badRequest(let code): return make(.badRequest, code)
            case .invalid(let issues): return invalid(issues, catalog: catalog)
            case .preconditionRequired: return make(.init(code: 428), "precondition_required")
            case .tooManyAttempts(let seconds):
                var problem = make(.tooManyRequests, "too_many_attempts", detail: catalog.text("problem.too_many_attempts.detail", String(seconds / 60 + 1)))
                problem.retryAfter = seconds
                return problem
            case .csrfRejected: return make(.forbidden, "csrf_rejected")
            case .unsupportedMediaType: return make(.unsupportedMediaType, "unsupported_media_type")
            }
        case let error as StoreError:
            switch error {
            case .notFound: return make(.notFound, "not_found")
            case .forbidden: return make(.forbidden, "forbidden")
            case .validation(let failure): return invalid(failure.issues, catalog: catalog)
            case .conflict(let code, let field):
                var p = make(.conflict, code)
                if let field { p.errors = [ProblemField(field: field, code: code, message: catalog.text("error.\(code)"))] }
                return p
            case .versionConflict(let version, let by, let at):
                var p = make(.preconditionFailed, "version_conflict",
                             detail: catalog.text("problem.version_conflict.detail", by ?? "?", catalog.dateTime(at)))
                p.currentVersion = version
                p.changedBy = by
                return p
            }
        case let error as ValidationFailure:
            return invalid(error.issues, catalog: catalog)
        case let error as CSVFailure:
            return Problem(type: "https://openkam.example/problems/csv", title: catalog.text("problem.csv"), status: 422, detail: nil,
                           code: "csv", errors: error.issues.map {
                               ProblemField(field: $0.column ?? "file", code: $0.code,
                                            message: catalog.message(for: FieldIssue(field: $0.column ?? "file", code: $0.code, detail: $0.detail)),
                                            row: $0.row)
                           })
        default:
            return nil
        }
    }

    static func invalid(_ issues: [FieldIssue], catalog: Catalog) -> Problem {
        Problem(type: "https://openkam.example/problems/validation", title: catalog.text("problem.validation"),
                status: 422, detail: nil, code: "validation",
                errors: issues.map { ProblemField(field: $0.field, code: $0.code, message: catalog.message(for: $0)) })
    }

    func response() -> Response {
        let data = (try? JSONText.encoder.encode(self)) ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: "application/problem+json", .cacheControl: "no-store"]
        if status == 401 { headers[.wwwAuthenticate] = "Cookie realm=\"OpenKAM\"" }
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}
