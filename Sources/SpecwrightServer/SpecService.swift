import Foundation
import Hummingbird
import SpecwrightCore
import SpecwrightStore

/// What the API does with specs, on top of the store: reading facts from Markdown, creating from
/// templates, checking, and the core's spec operations (gates, sign-offs, change log) on stored
/// text, saved as new revisions (``StoredRevision``).
public struct SpecService: Sendable {
    public let store: any SpecStore
    public let environment: SpecEnvironment
    /// The user role each sign-off role needs (default: approver).
    public let signOffRoles: [String: UserRole]
    /// The checker's fingerprint: stored analyses made with another are computed again.
    public let analysisKey: String

    /// Current revisions by slug, with their text and detail view ready to send. Every write
    /// through this service refreshes its entry, so reads of these specs need no database; a server
    /// should be the only writer of its database (the CLI's `admin` commands touch users and tokens
    /// only).
    ///
    /// Bounded by bytes (``ServerConfiguration/specCacheBytes``), so a server with many large specs
    /// stays small: when full it lets its oldest entries go, and those specs are read from the
    /// database again as they are asked for.
    let currentRevisions: BoundedCache<String, CurrentRevision>
    /// Encoded list pages by query; any write through this service clears them.
    let listPages = BoundedCache<String, ByteBuffer>(limit: 1024, byteLimit: 8 << 20) { $0.readableBytes }
    /// Counts this service's writes, so what is computed from many specs (counts, review queues)
    /// can be kept until the next one.
    let writes = WriteCounter()
    /// Where events go for webhooks.
    public let events: EventPublisher
    /// What review pages and lists compute from a revision's text, kept by content hash: the
    /// parsed spec, each thread anchor's place in it, and comments rendered to HTML (by id and edit
    /// time), so a spec page with many threads costs little more than one without.
    let parsedSpecs = BoundedCache<String, Spec>(limit: 512, byteLimit: 64 << 20) { $0.document.bytes.count * 6 + 256 }
    let anchorLocations = BoundedCache<String, ThreadAnchor.Location>(limit: 50_000)
    let commentHTML = BoundedCache<String, String>(limit: 20_000, byteLimit: 16 << 20) { $0.utf8.count + 64 }

    /// - Parameter followUps: what writes audit entries and events behind requests (by default, a
    ///   writer of this service's own over `store`; a server shares one, ``ServerDependencies/followUps``).
    public init(store: any SpecStore, environment: SpecEnvironment, signOffRoles: [String: UserRole] = [:], cacheBytes: Int = 64 << 20,
                followUps: FollowUpWriter? = nil) {
        self.currentRevisions = BoundedCache(limit: 100_000, byteLimit: cacheBytes) { $0.size }
        self.store = store
        self.environment = environment
        self.signOffRoles = signOffRoles
        self.analysisKey = environment.checker.fingerprint
        self.events = EventPublisher(followUps: followUps ?? FollowUpWriter(store: store))
    }

    var checker: Checker { environment.checker }

    /// Where audit entries and events are written.
    public var followUps: FollowUpWriter { events.followUps }

    /// Whether `slug` is 1 to 100 of `a-z`, `0-9` and `-`, starting with a letter or digit.
    public static func isValidSlug(_ slug: String) -> Bool {
        let bytes = slug.utf8
        guard (1...100).contains(bytes.count), bytes.first != UInt8(ascii: "-") else { return false }
        return bytes.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-") }
    }

    /// The facts the store indexes, read from a spec's text, with its analysis.
    public func facts(_ markdown: String, slug: String) -> SpecFacts {
        facts(SpecSession(bytes: Array(markdown.utf8), path: slug, environment: environment), slug: slug)
    }

    func facts(_ session: SpecSession, slug: String) -> SpecFacts {
        let measured = measure(session.spec)
        return SpecFacts(slug: slug, title: session.spec.title ?? slug, template: session.template?.name, status: session.status, version: session.version,
                         analysis: measured.analysis, completeness: measured.completeness, errorCount: measured.errors, warningCount: measured.warnings,
                         signOffCounts: Self.signOffCounts(session.spec))
    }

    /// The sign-off table's rows by state, for lists (nil: the spec has no sign-off table).
    static func signOffCounts(_ spec: Spec) -> SignOffCounts? {
        guard let table = SignOffTable(spec) else { return nil }
        let hash = NormativeContent.hash(of: spec)
        let signed = table.entries.compactMap(\.signedHash)
        return SignOffCounts(valid: signed.count { $0 == hash }, stale: signed.count { $0 != hash }, missing: table.entries.count - signed.count)
    }

    /// A slug for text without one given: from its title, else from a hash of `seed`.
    private static func slug(title: String?, seed: String) -> String {
        let derived = SpecGenerator.slug(title ?? "")
        return derived.isEmpty ? "untitled-" + String(SHA256.hex(Array(seed.utf8)).prefix(8)) : String(derived.prefix(100))
    }

    public func create(title: String?, template: String?, markdown: String?, slug: String?, user: AuthenticatedUser) async throws -> CurrentRevision {
        if let title, title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || title.unicodeScalars.count > 200 {
            throw APIError(.badRequest, "title must be 1 to 200 characters")
        }
        if let template, checker.catalog.template(named: template) == nil {
            throw APIError(.badRequest, "unknown template '\(template)'", details: checker.catalog.names)
        }
        let text: String
        let resolvedSlug: String
        if let markdown {
            text = markdown
            // Text without a usable title still gets a stable slug from its content.
            resolvedSlug = slug ?? Self.slug(title: Spec(bytes: Array(markdown.utf8), path: "").title ?? title, seed: markdown)
        } else {
            guard let title else { throw APIError(.badRequest, "give 'title' (and 'template'), or 'markdown'") }
            text = try environment.newSpec(title: title, template: template, author: user.name).text
            resolvedSlug = slug ?? Self.slug(title: title, seed: title)
        }
        guard Self.isValidSlug(resolvedSlug) else { throw APIError(.badRequest, "slug '\(resolvedSlug)' must be 1–100 of a-z, 0-9 and '-', starting with a letter or digit") }
        let facts = facts(text, slug: resolvedSlug)
        let record = try await store.createSpec(facts, markdown: text, author: user.name, message: "created")
        let current = try CurrentRevision(record: record, markdown: text, analysis: facts.analysis?.data)
        currentRevisions.set(resolvedSlug, current)
        wrote()
        events.publish(EventPayload(.specCreated, actor: user.name, spec: record))
        events.publish(EventPayload(.revisionCreated, actor: user.name, spec: record))
        return current
    }

    /// A spec that exists and is not archived (archived specs keep their history in the database,
    /// but the API treats them as gone).
    public func live(_ slug: String) async throws -> SpecRecord {
        try await current(slug).record
    }

    /// The current revision of a live spec, from memory when the server has it.
    public func current(_ slug: String) async throws -> CurrentRevision {
        if let cached = currentRevisions.cached(slug) { return cached }
        guard let (record, revision) = try await store.specWithCurrentRevision(slug: slug), !record.archived else { throw APIError(.notFound, "no spec '\(slug)'") }
        let current = try CurrentRevision(record: record, markdown: revision.markdown, analysis: revision.analysis(key: analysisKey))
        currentRevisions.set(slug, current)
        return current
    }

    /// Saves a revision through the store and refreshes the cache with it; tells webhooks, and the
    /// signers whose sign-offs it made stale.
    func store(_ slug: String, session: SpecSession, replacing previous: ReplacedText, author: String, message: String, expectedHash: String?) async throws -> CurrentRevision {
        do {
            let facts = facts(session, slug: slug)
            let record = try await store.addRevision(slug: slug, facts, markdown: session.text, author: author, message: message, expectedHash: expectedHash)
            let saved = try CurrentRevision(record: record, markdown: session.text, analysis: facts.analysis?.data)
            wrote()
            // Concurrent writes may finish out of order: keep the newest revision.
            currentRevisions.update(slug) { old in
                guard let old, old.record.currentRevision > record.currentRevision else { return saved }
                return old
            }
            // An unchanged text makes no revision.
            if record.contentHash != previous.contentHash {
                events.publish(EventPayload(.revisionCreated, actor: author, spec: record))
                await reportStaleSignOffs(before: { await previous.text().map { Spec(bytes: $0, path: slug) } }, after: session.spec, record: record, author: author)
            }
            return saved
        } catch {
            currentRevisions.remove(slug)
            throw error
        }
    }

    public func archive(_ slug: String) async throws -> SpecRecord {
        _ = try await live(slug)
        currentRevisions.remove(slug)
        defer { wrote() }
        return try await store.archiveSpec(slug: slug)
    }

    /// Forgets what this service keeps of `slug` (every spec for ""): another instance wrote it.
    public func forget(_ slug: String) {
        if slug.isEmpty { currentRevisions.removeAll() } else { currentRevisions.remove(slug) }
        wrote()
    }

    /// After a review write (threads, inbox): what pages keep of them is out of date.
    func reviewChanged() { writes.increment() }

    /// After any write: lists and everything computed across specs are out of date.
    private func wrote() {
        writes.increment()
        listPages.removeAll()
    }

    public func save(slug: String, markdown: String, expectedHash: String?, user: AuthenticatedUser, message: String) async throws -> CurrentRevision {
        let session = SpecSession(bytes: Array(markdown.utf8), path: slug, environment: environment)
        return try await store(slug, session: session, replacing: try await replacedText(slug), author: user.name, message: message, expectedHash: expectedHash)
    }

    /// The text a save of a live spec replaces. A spec not in memory is not read whole: a save needs
    /// only its row, and its text only if the new one has a signed row.
    private func replacedText(_ slug: String) async throws -> ReplacedText {
        if let cached = currentRevisions.cached(slug) { return ReplacedText(cached.bytes, contentHash: cached.record.contentHash) }
        guard let record = try await store.spec(slug: slug), !record.archived else { throw APIError(.notFound, "no spec '\(slug)'") }
        let store = self.store
        return ReplacedText(contentHash: record.contentHash) {
            (try? await store.revision(slug: slug, number: record.currentRevision)).map { Array($0.markdown.utf8) }
        }
    }

    /// Performs a spec operation on the current revision as `user`, saved as a new revision
    /// that refuses if someone else saved in between.
    func perform(_ operation: SpecOperation, on current: CurrentRevision, by user: AuthenticatedUser) async throws -> SpecOutcome<CurrentRevision> {
        try await perform(operation, on: session(of: current), current: current, by: user)
    }

    /// The current revision's text parsed, from memory when this content was parsed before.
    func spec(of current: CurrentRevision) -> Spec {
        if let cached = parsedSpecs.cached(current.record.contentHash) { return cached }
        let spec = Spec(bytes: current.bytes, path: current.record.slug)
        parsedSpecs.set(current.record.contentHash, spec)
        return spec
    }

    /// Where `anchor` points in the current revision (kept per content hash and anchor).
    func location(of anchor: ThreadAnchor, in current: CurrentRevision) -> ThreadAnchor.Location {
        let key = current.record.contentHash + "\u{1F}" + anchor.sectionPath.joined(separator: "\u{1F}") + "\u{1E}" + (anchor.quote ?? "")
        if let cached = anchorLocations.cached(key) { return cached }
        let location = anchor.locate(in: spec(of: current))
        anchorLocations.set(key, location)
        return location
    }

    /// The current revision's text as a session (parsed, its template chosen).
    func session(of current: CurrentRevision) -> SpecSession {
        SpecSession(spec: spec(of: current), environment: environment)
    }

    private func perform(_ operation: SpecOperation, on session: SpecSession, current: CurrentRevision, by user: AuthenticatedUser) async throws -> SpecOutcome<CurrentRevision> {
        let destination = StoredRevision(service: self, slug: current.record.slug, author: user.name, expectedHash: current.record.contentHash)
        return try await session.perform(operation, by: user.name, saving: destination)
    }

    /// Moves a spec through its lifecycle; refusals list the unmet gates (409). Approving needs
    /// the approver role.
    public func transition(slug: String, to target: String, reason: String?, user: AuthenticatedUser) async throws -> CurrentRevision {
        let current = try await current(slug)
        let session = try await reviewSession(of: current)
        if session.stage(of: target) == .approved, user.role < .approver {
            throw APIError(.forbidden, "approving needs the approver role; your token has \(user.role.rawValue)")
        }
        let outcome = try await perform(.transition(to: target, reason: reason, force: false), on: session, current: current, by: user)
        if let refusal = outcome.change.refusal {
            throw APIError(.conflict, refusal.message,
                           details: refusal.unmet.map { gate in (gate.range.map { "line \($0.start.line): " } ?? "") + gate.message + " [\(gate.gate)]" })
        }
        if let saved = outcome.receipt {
            var payload = EventPayload(.statusChanged, actor: user.name, spec: saved.record)
            payload.transition = .init(from: current.record.status, to: saved.record.status)
            payload.message = reason
            events.publish(payload)
        }
        return outcome.receipt ?? current
    }

    /// The current revision's text as a session whose gates know the spec's open review concerns.
    func reviewSession(of current: CurrentRevision) async throws -> SpecSession {
        let concerns = try await store.threads(slug: current.record.slug).filter { $0.kind == .concern && $0.isOpen }
        guard !concerns.isEmpty else { return session(of: current) }
        let comments = try await store.comments(slug: current.record.slug)
        let open = concerns.map { thread in
            OpenConcern(thread.id ?? 0, author: thread.author, sectionPath: thread.sectionPath, opening: comments.first { $0.threadID == thread.id }?.body)
        }
        return SpecSession(spec: spec(of: current), environment: environment.withOpenConcerns(open))
    }

    /// Signs for `role` as the authenticated user (who needs the user role mapped to it).
    public func signOff(slug: String, role: String, user: AuthenticatedUser) async throws -> (SpecRecord, SignOffRecord) {
        // One spelling everywhere: the role checked is the role written and stored.
        let role = role.trimmingCharacters(in: .whitespacesAndNewlines)
        let needed = signOffRoles.first { $0.key.lowercased() == role.lowercased() }?.value ?? .approver
        guard user.role >= needed else { throw APIError(.forbidden, "signing as \(role) needs the \(needed.rawValue) role; your token has \(user.role.rawValue)") }
        let current = try await current(slug)
        let outcome = try await perform(.signOff(role: role, name: user.name), on: current, by: user)
        let saved = outcome.receipt?.record ?? current.record
        // Stored as the spec's table spells the role, as the row was written.
        let signed = SignOffTable(outcome.change.after.spec)?.entries.first { $0.role.lowercased() == role.lowercased() }?.role ?? role
        let signOff = try await store.addSignOff(slug: slug, role: signed, user: user.name, contentHash: outcome.change.after.signature)
        var payload = EventPayload(.signOffRecorded, actor: user.name, spec: saved)
        payload.signoff = SignOffBody(signOff, slug: slug)
        events.publish(payload)
        return (saved, signOff)
    }
}

extension SpecService {
    /// After a revision: the sign-offs that matched the text before it and no longer do are
    /// stale; their signers hear of it in their inbox, and webhooks by `signoff.stale`.
    func reportStaleSignOffs(before: () async -> Spec?, after: Spec, record: SpecRecord, author: String) async {
        // Most revisions have no signed row: then the text before need not even be read.
        guard let table = SignOffTable(after), table.entries.contains(where: { $0.signedHash != nil }) else { return }
        guard let before = await before() else { return }
        let old = NormativeContent.hash(of: before)
        let new = NormativeContent.hash(of: after)
        guard old != new else { return }
        let stale = table.entries.filter { $0.signedHash == old }
        guard !stale.isEmpty else { return }
        let recorded = (try? await store.signOffs(slug: record.slug)) ?? []
        let signers = stale.map { entry in
            (role: entry.role, user: recorded.last { $0.role.lowercased() == entry.role.lowercased() }?.user ?? entry.name)
        }
        let items = signers.filter { $0.user != author }.map { signer in
            InboxItemRecord(user: signer.user, reason: .signOffStale, slug: record.slug, threadID: nil, actor: author,
                            summary: "\(author)'s revision \(record.currentRevision) made your sign-off as \(signer.role) on '\(record.title)' stale")
        }
        try? await store.addInboxItems(items)
        var payload = EventPayload(.signOffStale, actor: author, spec: record)
        payload.stale = signers.map { .init(role: $0.role, user: $0.user) }
        events.publish(payload)
    }
}

/// A spec's next revision in the store: saved only while the current one is still the revision the
/// edit started from (`If-Match` on its content hash).
struct StoredRevision: SpecSaving {
    let service: SpecService
    let slug: String
    let author: String
    let expectedHash: String

    func save(_ spec: SpecSession, replacing original: [UInt8], summary: String) async throws -> CurrentRevision {
        try await service.store(slug, session: spec, replacing: ReplacedText(original, contentHash: expectedHash), author: author, message: summary, expectedHash: expectedHash)
    }
}

/// The text a save replaces: its content hash (equal to the new one: no revision was made), and
/// the text itself, fetched only when asked for.
struct ReplacedText: Sendable {
    let contentHash: String
    let text: @Sendable () async -> [UInt8]?

    init(contentHash: String, text: @escaping @Sendable () async -> [UInt8]?) {
        self.contentHash = contentHash
        self.text = text
    }

    init(_ bytes: [UInt8], contentHash: String) {
        self.init(contentHash: contentHash) { bytes }
    }
}
