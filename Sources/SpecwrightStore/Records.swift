import Foundation
import GRDB

/// A spec as the server stores it: identity, headline facts of its current revision, and state.
public struct SpecRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "spec"

    public var id: Int64?
    public var slug: String
    public var title: String
    public var template: String?
    public var status: String?
    public var version: String?
    public var author: String
    public var createdAt: Date
    public var updatedAt: Date
    /// The number of the current revision (1-based).
    public var currentRevision: Int
    /// SHA-256 of the current revision's text (the ETag).
    public var contentHash: String
    public var archived: Bool

    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let slug = Column(CodingKeys.slug)
        public static let title = Column(CodingKeys.title)
        public static let template = Column(CodingKeys.template)
        public static let status = Column(CodingKeys.status)
        public static let archived = Column(CodingKeys.archived)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One saved text of a spec.
public struct RevisionRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "revision"

    public var id: Int64?
    public var specID: Int64
    public var number: Int
    public var markdown: String
    public var contentHash: String
    public var author: String
    public var message: String
    public var createdAt: Date
    /// The server's analysis of this text, and the key it was made with (both nil until then).
    public var analysis: Data?
    public var analysisKey: String?

    public init(id: Int64? = nil, specID: Int64, number: Int, markdown: String, contentHash: String, author: String, message: String,
                createdAt: Date, analysis: RevisionAnalysis? = nil) {
        self.id = id
        self.specID = specID
        self.number = number
        self.markdown = markdown
        self.contentHash = contentHash
        self.author = author
        self.message = message
        self.createdAt = createdAt
        self.analysis = analysis?.data
        self.analysisKey = analysis?.key
    }

    /// The stored analysis, if it was made with `key`.
    public func analysis(key: String) -> Data? { analysisKey == key ? analysis : nil }

    public enum Columns {
        public static let specID = Column(CodingKeys.specID)
        public static let number = Column(CodingKeys.number)
        public static let analysis = Column(CodingKeys.analysis)
        public static let analysisKey = Column(CodingKeys.analysisKey)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A sign-off recorded by the server: who signed for which role, bound to a content hash.
public struct SignOffRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "signoff"

    public var id: Int64?
    public var specID: Int64
    public var revision: Int
    public var role: String
    public var user: String
    /// The normative-content signature (`sha256:…`) at signing.
    public var contentHash: String
    public var createdAt: Date

    public enum Columns {
        public static let specID = Column(CodingKeys.specID)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A user of the server and the role their tokens carry.
public struct UserRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "user"

    public var id: Int64?
    public var name: String
    public var role: String
    public var createdAt: Date

    public enum Columns {
        public static let name = Column(CodingKeys.name)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// An API token: only its SHA-256 is stored.
public struct TokenRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "token"

    public var id: Int64?
    public var userID: Int64
    public var tokenHash: String
    /// The first characters of the token, to tell tokens apart in listings.
    public var prefix: String
    public var createdAt: Date
    public var revokedAt: Date?

    public enum Columns {
        public static let tokenHash = Column(CodingKeys.tokenHash)
        public static let userID = Column(CodingKeys.userID)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// Who did what, when, from where, with what outcome.
public struct AuditRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "audit"

    public var id: Int64?
    public var time: Date
    public var user: String?
    public var action: String
    public var target: String?
    public var address: String?
    /// An HTTP status or `ok` / `refused`.
    public var outcome: String

    public init(id: Int64? = nil, time: Date = Date(), user: String?, action: String, target: String?, address: String?, outcome: String) {
        self.id = id
        self.time = time
        self.user = user
        self.action = action
        self.target = target
        self.address = address
        self.outcome = outcome
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
