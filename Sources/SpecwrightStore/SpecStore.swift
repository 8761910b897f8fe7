import Foundation

/// Storage for the server: specs with their revision history, sign-offs, users and API tokens,
/// and the audit log. Every backend (SQLite today, in `SpecwrightSQLite`) passes the same contract
/// test suite (`Tests/SpecwrightStoreTests`). This module holds the protocol and plain records and
/// imports no database library.
public protocol SpecStore: Sendable {
    /// Creates a spec with its first revision; throws ``StoreError/conflict(_:)`` if the slug exists.
    func createSpec(_ facts: SpecFacts, markdown: String, author: String, message: String) async throws -> SpecRecord
    /// A spec by slug (archived ones included).
    func spec(slug: String) async throws -> SpecRecord?
    /// A spec and its current revision, read together (the hot path of every GET).
    func specWithCurrentRevision(slug: String) async throws -> (SpecRecord, RevisionRecord)?
    /// Specs ordered by slug after `query.cursor`, at most `query.limit`, archived ones excluded.
    func listSpecs(_ query: SpecQuery) async throws -> [SpecRecord]
    /// Saves a new revision. When `expectedHash` is given and is not the current content hash,
    /// throws ``StoreError/preconditionFailed(current:)`` and saves nothing. An unchanged text
    /// makes no revision and returns the spec as it is.
    func addRevision(slug: String, _ facts: SpecFacts, markdown: String, author: String, message: String, expectedHash: String?) async throws -> SpecRecord
    /// Marks a spec archived (its history stays).
    func archiveSpec(slug: String) async throws -> SpecRecord

    /// Stores `analysis` with revision `number` of `slug`, replacing any earlier one (revisions
    /// saved before their analysis existed, or analysed by another checker).
    func setAnalysis(slug: String, revision number: Int, _ analysis: RevisionAnalysis) async throws
    /// A spec's revisions, oldest first (with their text).
    func revisions(slug: String) async throws -> [RevisionRecord]
    func revision(slug: String, number: Int) async throws -> RevisionRecord?
    /// Records a sign-off for a sign-off role (a row of the spec's sign-off table, not a ``UserRole``).
    func addSignOff(slug: String, role: String, user: String, contentHash: String) async throws -> SignOffRecord
    func signOffs(slug: String) async throws -> [SignOffRecord]

    func createUser(name: String, role: UserRole) async throws -> UserRecord
    func user(named name: String) async throws -> UserRecord?
    /// Stores a token's hash for a user.
    func addToken(userID: Int64, tokenHash: String, prefix: String) async throws -> TokenRecord
    /// The user a (hashed) token belongs to, unless it is revoked.
    func user(forTokenHash hash: String) async throws -> UserRecord?
    func revokeToken(prefix: String) async throws -> Bool
    /// Every token, oldest first, with its user: revoked ones too (the token itself is never kept).
    func tokens() async throws -> [TokenEntry]
    func tokenCount() async throws -> Int

    func audit(_ entry: AuditRecord) async throws
    /// The newest audit entries first.
    func auditLog(limit: Int) async throws -> [AuditRecord]

    /// Checks the database answers (for readiness probes).
    func ping() async throws
}

/// The headline facts of a revision, read from its Markdown.
public struct SpecFacts: Sendable, Equatable {
    public var slug: String
    public var title: String
    public var template: String?
    public var status: String?
    public var version: String?
    /// What the server derived from the text (stored with the revision; nil: nothing yet).
    public var analysis: RevisionAnalysis?

    public init(slug: String, title: String, template: String?, status: String?, version: String?, analysis: RevisionAnalysis? = nil) {
        self.slug = slug
        self.title = title
        self.template = template
        self.status = status
        self.version = version
        self.analysis = analysis
    }
}

/// What the server computed once from a revision's text, kept with the revision so reads need not
/// compute it again. The store treats it as opaque bytes.
public struct RevisionAnalysis: Sendable, Equatable {
    /// Identifies what produced `data` (for the server: its checker's fingerprint); a reader with
    /// another key must not use it.
    public var key: String
    public var data: Data

    public init(key: String, data: Data) {
        self.key = key
        self.data = data
    }
}

/// A token as an administrator sees it: its first characters, whose it is, and its state.
public struct TokenEntry: Sendable, Equatable {
    public var prefix: String
    public var user: String
    public var role: UserRole
    public var createdAt: Date
    public var revokedAt: Date?

    public init(prefix: String, user: String, role: UserRole, createdAt: Date, revokedAt: Date?) {
        self.prefix = prefix
        self.user = user
        self.role = role
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// Filters and keyset pagination for ``SpecStore/listSpecs(_:)``.
public struct SpecQuery: Sendable, Equatable {
    public var limit: Int
    /// The last slug of the previous page.
    public var cursor: String?
    public var status: String?
    public var template: String?
    /// Case-insensitive text search in titles.
    public var text: String?

    public init(limit: Int = 20, cursor: String? = nil, status: String? = nil, template: String? = nil, text: String? = nil) {
        self.limit = limit
        self.cursor = cursor
        self.status = status
        self.template = template
        self.text = text
    }
}

public enum StoreError: Error, Sendable, Equatable {
    case notFound(String)
    case conflict(String)
    case preconditionFailed(current: String)
}
