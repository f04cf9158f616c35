import Foundation

/// A company-wide setting an administrator edits as a whole (classification rules, the
/// investment strategy per class, the strategy library). Each save is kept as a revision; a
/// company that never edited one works with `standard`, which counts as revision 0.
public protocol CompanyDocument: Codable, Sendable, Hashable {
    /// Where its revisions are kept; stable, it is stored.
    static var kind: String { get }
    static var standard: Self { get }
    func validate() throws(ValidationFailure)
}

/// One revision of a company document. Encoded flat: the document's own fields beside
/// `revision`, `createdAt` and `createdBy`, so API clients read `rules.contribution`, not
/// `rules.body.contribution`.
public struct Revised<Document: CompanyDocument>: Sendable, Hashable {
    public var revision: Int
    public var document: Document
    /// nil for the shipped standard (revision 0).
    public var createdAt: Date?
    public var createdBy: String?

    public init(revision: Int, document: Document, createdAt: Date?, createdBy: String?) {
        self.revision = revision
        self.document = document
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    public static var standard: Revised { Revised(revision: 0, document: .standard, createdAt: nil, createdBy: nil) }
}

extension Revised: Codable {
    private enum Keys: String, CodingKey { case revision, createdAt, createdBy }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        self.init(revision: try container.decode(Int.self, forKey: .revision), document: try Document(from: decoder),
                  createdAt: try container.decodeIfPresent(Date.self, forKey: .createdAt),
                  createdBy: try container.decodeIfPresent(String.self, forKey: .createdBy))
    }

    public func encode(to encoder: any Encoder) throws {
        try document.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(revision, forKey: .revision)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(createdBy, forKey: .createdBy)
    }
}
