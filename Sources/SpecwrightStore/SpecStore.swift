import Foundation

/// Storage for the server: specs with their revision history, sign-offs, users and API tokens,
/// and the audit log. Every backend (SQLite today, in `SpecwrightSQLite`) passes the same contract
/// test suite (`Tests/SpecwrightStoreTests`). This module holds the protocol and plain records and
/// imports no database library.
public protocol SpecStore: ReviewStore {
    /// Creates a spec with its first revision; throws ``StoreError/conflict(_:)`` if the slug exists.
    func createSpec(_ facts: SpecFacts, markdown: String, author: String, message: String) async throws -> SpecRecord
    /// A spec by slug (archived ones included).
    func spec(slug: String) async throws -> SpecRecord?
    /// A spec and its current revision, read together (the hot path of every GET).
    func specWithCurrentRevision(slug: String) async throws -> (SpecRecord, RevisionRecord)?
    /// Specs in `query`'s order after its cursor or offset, at most `query.limit`, archived ones excluded.
    func listSpecs(_ query: SpecQuery) async throws -> [SpecRecord]
    /// How many specs (not archived) `query`'s filters select.
    func countSpecs(_ query: SpecQuery) async throws -> Int
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

    /// The sign-offs `user` recorded, newest first, on specs not archived.
    func signOffs(byUser user: String) async throws -> [SignOffEntry]
    /// How many specs (not archived) have each status; specs without one count under "".
    func statusCounts() async throws -> [String: Int]

    /// Creates a user (``StoreError/conflict(_:)`` if the name is taken), with a password hash if given.
    func createUser(name: String, role: UserRole, passwordHash: String?, mustChangePassword: Bool) async throws -> UserRecord
    func user(named name: String) async throws -> UserRecord?
    /// Every user, by name.
    func users() async throws -> [UserRecord]
    /// Changes a user's password hash, role or disabled state (nil: unchanged); ``StoreError/notFound(_:)`` for an unknown user.
    /// A new password or disabling ends the user's sessions.
    func updateUser(named name: String, _ change: UserChange) async throws -> UserRecord

    /// Stores a new session.
    func createSession(_ session: SessionRecord) async throws -> SessionRecord
    /// The session whose cookie hashes to `idHash`, with its user: nil when unknown, past its
    /// absolute expiry, idle since before `idleSince`, or its user disabled.
    func session(idHash: String, idleSince: Date) async throws -> (SessionRecord, UserRecord)?
    /// Records activity on a session.
    func touchSession(idHash: String, at time: Date) async throws
    func deleteSession(idHash: String) async throws
    /// Stores a token's hash for a user.
    func addToken(userID: Int64, tokenHash: String, prefix: String) async throws -> TokenRecord
    /// The user a (hashed) token belongs to, unless it is revoked or the user disabled.
    func user(forTokenHash hash: String) async throws -> UserRecord?
    func revokeToken(prefix: String) async throws -> Bool
    /// Every token, oldest first, with its user: revoked ones too (the token itself is never kept).
    func tokens() async throws -> [TokenEntry]
    func tokenCount() async throws -> Int

    /// Writes audit entries and queues events (for every active webhook that takes each), in order,
    /// in one transaction; each once per idempotency key, so writing a batch again (a retry of a
    /// write whose outcome was unknown) adds nothing. Returns how many deliveries it made.
    @discardableResult
    func writeFollowUps(_ followUps: [FollowUp]) async throws -> Int
    /// The audit entries `query` selects, newest first.
    func auditLog(_ query: AuditQuery) async throws -> [AuditRecord]

    /// Checks the database answers (for readiness probes).
    func ping() async throws
}

/// Everything a store holds, as records with their ids, hashes and times: what moving from one
/// backend to another copies.
public struct StoreContents: Sendable {
    public var specs: [SpecRecord] = []
    public var revisions: [RevisionRecord] = []
    public var signOffs: [SignOffRecord] = []
    public var users: [UserRecord] = []
    public var tokens: [TokenRecord] = []
    public var sessions: [SessionRecord] = []
    public var audit: [AuditRecord] = []
    public var threads: [ThreadRecord] = []
    public var comments: [CommentRecord] = []
    public var inboxItems: [InboxItemRecord] = []
    public var webhooks: [WebhookRecord] = []
    public var deliveries: [DeliveryRecord] = []

    public init() {}

    /// Rows per kind, in a fixed order (for printing and comparing).
    public var counts: [(String, Int)] {
        [("specs", specs.count), ("revisions", revisions.count), ("sign-offs", signOffs.count), ("users", users.count),
         ("tokens", tokens.count), ("sessions", sessions.count), ("audit entries", audit.count), ("threads", threads.count),
         ("comments", comments.count), ("inbox items", inboxItems.count), ("webhooks", webhooks.count), ("deliveries", deliveries.count)]
    }
}

/// A store whose whole contents can be read out and written in (`specwright admin migrate`).
public protocol SpecStoreTransfer: SpecStore {
    func exportContents() async throws -> StoreContents
    /// Writes `contents` in one transaction, keeping ids, and sets each id sequence past the
    /// largest id. ``ImportMode/intoEmpty`` refuses (``StoreError/conflict(_:)``) a store that
    /// holds specs or users; ``ImportMode/replacing`` removes whatever it held first;
    /// ``ImportMode/adding`` keeps it (a clash of ids or unique keys is a conflict, and nothing is written).
    func importContents(_ contents: StoreContents, mode: ImportMode) async throws
}

/// A store shared by several processes that tells each about the others' writes, so what a
/// server keeps in memory stays true (PostgreSQL: `LISTEN`/`NOTIFY`).
public protocol SpecChangeFeed: Sendable {
    /// Calls `changed` with the slug of every spec anyone writes (this process included), or ""
    /// when changes may have been missed (after a lost connection): then everything kept is stale.
    /// Returns when the calling task is cancelled; reconnects on its own until then.
    func followChanges(_ changed: @escaping @Sendable (String) -> Void) async
}

extension SpecStore {
    /// Writes one audit entry (a batch of one, with a key of its own).
    public func audit(_ entry: AuditRecord) async throws {
        try await writeFollowUps([FollowUp(.audit(entry))])
    }

    /// Queues `event` for every active webhook that takes it (a batch of one, with a key of its
    /// own); returns how many deliveries it made.
    @discardableResult
    public func enqueueEvent(_ event: String, payload: Data, at time: Date) async throws -> Int {
        try await writeFollowUps([FollowUp(.event(event, payload: payload, at: time))])
    }

    /// The newest `limit` audit entries.
    public func auditLog(limit: Int) async throws -> [AuditRecord] { try await auditLog(AuditQuery(limit: limit)) }

    /// Creates a user who signs in with tokens only.
    public func createUser(name: String, role: UserRole) async throws -> UserRecord {
        try await createUser(name: name, role: role, passwordHash: nil, mustChangePassword: false)
    }
}

/// A write that follows a request: its audit entry, or an event of the change it made, with the
/// idempotency key that makes writing it twice harmless.
public struct FollowUp: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case audit(AuditRecord)
        /// An event (`spec.created` …) with its JSON payload, for the webhooks that take it.
        case event(String, payload: Data, at: Date)
    }

    public var kind: Kind
    public var key: String

    public init(_ kind: Kind, key: String = UUID().uuidString) {
        self.kind = kind
        self.key = key
    }
}

/// What ``SpecStore/updateUser(named:_:)`` changes; nil fields stay as they are.
public struct UserChange: Sendable, Equatable {
    public var passwordHash: String?
    public var mustChangePassword: Bool?
    public var role: UserRole?
    public var disabled: Bool?

    public init(passwordHash: String? = nil, mustChangePassword: Bool? = nil, role: UserRole? = nil, disabled: Bool? = nil) {
        self.passwordHash = passwordHash
        self.mustChangePassword = mustChangePassword
        self.role = role
        self.disabled = disabled
    }
}

/// Filters for ``SpecStore/auditLog(_:)``: exact user, action prefix, outcome; entries before an id.
public struct AuditQuery: Sendable, Equatable {
    public var limit: Int
    public var user: String?
    /// Entries whose action starts with this (`PUT`, `POST /api/v1/specs`).
    public var action: String?
    public var outcome: String?
    /// Only entries older than this id (the next page).
    public var before: Int64?

    public init(limit: Int = 100, user: String? = nil, action: String? = nil, outcome: String? = nil, before: Int64? = nil) {
        self.limit = limit
        self.user = user
        self.action = action
        self.outcome = outcome
        self.before = before
    }
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
    /// Completeness (0…1), finding counts and sign-off counts, kept on the spec for lists.
    public var completeness: Double?
    public var errorCount: Int?
    public var warningCount: Int?
    public var signOffCounts: SignOffCounts?

    public init(slug: String, title: String, template: String?, status: String?, version: String?, analysis: RevisionAnalysis? = nil,
                completeness: Double? = nil, errorCount: Int? = nil, warningCount: Int? = nil, signOffCounts: SignOffCounts? = nil) {
        self.slug = slug
        self.title = title
        self.template = template
        self.status = status
        self.version = version
        self.analysis = analysis
        self.completeness = completeness
        self.errorCount = errorCount
        self.warningCount = warningCount
        self.signOffCounts = signOffCounts
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

/// Filters, order and pagination for ``SpecStore/listSpecs(_:)``: keyset pagination by slug
/// (`cursor`), or any order with an offset (ties broken by slug).
public struct SpecQuery: Sendable, Equatable {
    /// What a list can be sorted by.
    public enum Order: String, Sendable, CaseIterable {
        case slug, title, status, template, version, author, updated, completeness, findings
    }

    public var limit: Int
    /// The last slug of the previous page (slug order only).
    public var cursor: String?
    public var status: String?
    public var template: String?
    /// Case-insensitive text search in titles.
    public var text: String?
    public var order: Order
    public var descending: Bool
    /// Rows to skip (for orders other than slug).
    public var offset: Int

    public init(limit: Int = 20, cursor: String? = nil, status: String? = nil, template: String? = nil, text: String? = nil,
                order: Order = .slug, descending: Bool = false, offset: Int = 0) {
        self.limit = limit
        self.cursor = cursor
        self.status = status
        self.template = template
        self.text = text
        self.order = order
        self.descending = descending
        self.offset = offset
    }

    /// The same filters, counted rather than listed (no cursor, order or paging).
    public var filters: SpecQuery { SpecQuery(limit: limit, status: status, template: template, text: text) }
}

public enum StoreError: Error, Sendable, Equatable {
    case notFound(String)
    case conflict(String)
    case preconditionFailed(current: String)
    /// The database cannot be reached now (restarting, network down); nothing was written. Worth
    /// retrying shortly.
    case unavailable(String)
}

extension String {
    /// This text as a literal inside a SQL `LIKE` pattern with `ESCAPE '\\'`: the escape character
    /// and the wildcards `%` and `_` lose their meaning.
    public var likeEscaped: String {
        replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}
