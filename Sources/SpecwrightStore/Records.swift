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
    /// How complete the current revision is (0…1), and its findings by severity: what lists show
    /// and sort by without reading the text (nil: not known, for rows saved before they were kept).
    public var completeness: Double?
    public var errorCount: Int?
    public var warningCount: Int?
    /// The sign-off table's rows: signed over the current text, signed over another, not signed.
    public var signOffCounts: SignOffCounts?

    public init(id: Int64?, slug: String, title: String, template: String?, status: String?, version: String?, author: String, createdAt: Date, updatedAt: Date, currentRevision: Int, contentHash: String, archived: Bool,
                completeness: Double? = nil, errorCount: Int? = nil, warningCount: Int? = nil, signOffCounts: SignOffCounts? = nil) {
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
        self.completeness = completeness
        self.errorCount = errorCount
        self.warningCount = warningCount
        self.signOffCounts = signOffCounts
    }
}

/// How many rows of a spec's sign-off table are validly signed, stale, and unsigned.
public struct SignOffCounts: Codable, Sendable, Equatable {
    public var valid: Int
    public var stale: Int
    public var missing: Int

    public init(valid: Int, stale: Int, missing: Int) {
        self.valid = valid
        self.stale = stale
        self.missing = missing
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

/// A user of the server and the role their tokens and sessions carry.
public struct UserRecord: Codable, Sendable, Equatable {
    public var id: Int64?
    public var name: String
    public var role: UserRole
    public var createdAt: Date
    /// The bcrypt hash of the user's password; nil: the user cannot sign in (tokens only).
    public var passwordHash: String?
    /// Set for a one-time password: the user must choose a new one at first sign-in.
    public var mustChangePassword: Bool
    /// A disabled user can neither sign in nor use their tokens; their history stays.
    public var disabled: Bool

    public init(id: Int64?, name: String, role: UserRole, createdAt: Date, passwordHash: String? = nil, mustChangePassword: Bool = false, disabled: Bool = false) {
        self.id = id
        self.name = name
        self.role = role
        self.createdAt = createdAt
        self.passwordHash = passwordHash
        self.mustChangePassword = mustChangePassword
        self.disabled = disabled
    }
}

/// A signed-in browser session. Only the SHA-256 of its cookie value is stored, so a copy of the
/// database does not let anyone in.
public struct SessionRecord: Codable, Sendable, Equatable {
    public var id: Int64?
    public var idHash: String
    public var userID: Int64
    /// The token every state-changing form and request of this session must carry.
    public var csrfToken: String
    public var createdAt: Date
    public var lastSeenAt: Date
    /// The absolute end of the session, whatever its activity.
    public var expiresAt: Date
    public var address: String?

    public init(id: Int64? = nil, idHash: String, userID: Int64, csrfToken: String, createdAt: Date, lastSeenAt: Date, expiresAt: Date, address: String?) {
        self.id = id
        self.idHash = idHash
        self.userID = userID
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
        self.address = address
    }
}

/// A sign-off with the spec it belongs to (a user's own sign-offs, across specs).
public struct SignOffEntry: Sendable, Equatable {
    public var slug: String
    public var title: String
    public var signOff: SignOffRecord

    public init(slug: String, title: String, signOff: SignOffRecord) {
        self.slug = slug
        self.title = title
        self.signOff = signOff
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
