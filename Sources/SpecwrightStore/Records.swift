import Foundation

/// A spec as the server stores it: identity, headline facts of its current revision, and state.
public struct SpecRecord: Codable, Sendable, Equatable {
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

    public init(id: Int64?, slug: String, title: String, template: String?, status: String?, version: String?, author: String, createdAt: Date, updatedAt: Date, currentRevision: Int, contentHash: String, archived: Bool) {
        self.id = id
        self.slug = slug
        self.title = title
        self.template = template
        self.status = status
        self.version = version
        self.author = author
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.currentRevision = currentRevision
        self.contentHash = contentHash
        self.archived = archived
    }
}

/// One saved text of a spec.
public struct RevisionRecord: Codable, Sendable, Equatable {
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
}

/// A sign-off recorded by the server: who signed for which role, bound to a content hash.
public struct SignOffRecord: Codable, Sendable, Equatable {
    public var id: Int64?
    public var specID: Int64
    public var revision: Int
    public var role: String
    public var user: String
    /// The normative-content signature (`sha256:…`) at signing.
    public var contentHash: String
    public var createdAt: Date

    public init(id: Int64?, specID: Int64, revision: Int, role: String, user: String, contentHash: String, createdAt: Date) {
        self.id = id
        self.specID = specID
        self.revision = revision
        self.role = role
        self.user = user
        self.contentHash = contentHash
        self.createdAt = createdAt
    }
}

/// A user of the server and the role their tokens carry.
public struct UserRecord: Codable, Sendable, Equatable {
    public var id: Int64?
    public var name: String
    public var role: UserRole
    public var createdAt: Date

    public init(id: Int64?, name: String, role: UserRole, createdAt: Date) {
        self.id = id
        self.name = name
        self.role = role
        self.createdAt = createdAt
    }
}

/// An API token: only its SHA-256 is stored.
public struct TokenRecord: Codable, Sendable, Equatable {
    public var id: Int64?
    public var userID: Int64
    public var tokenHash: String
    /// The first characters of the token, to tell tokens apart in listings.
    public var prefix: String
    public var createdAt: Date
    public var revokedAt: Date?

    public init(id: Int64?, userID: Int64, tokenHash: String, prefix: String, createdAt: Date, revokedAt: Date?) {
        self.id = id
        self.userID = userID
        self.tokenHash = tokenHash
        self.prefix = prefix
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// Who did what, when, from where, with what outcome.
public struct AuditRecord: Codable, Sendable, Equatable {
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
}
