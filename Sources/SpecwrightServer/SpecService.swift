import Foundation
import Hummingbird
import SpecwrightCore
import SpecwrightStore

/// What the API does with specs, on top of the store: reading facts from Markdown, creating from
/// templates, checking, and the CLI's lifecycle (gates, sign-offs, change log) on stored text.
public struct SpecService: Sendable {
    public let store: any SpecStore
    public let checker: Checker
    public let gates: GateEvaluator
    /// The user role each sign-off role needs (default: approver).
    public let signOffRoles: [String: Role]
    /// The checker's fingerprint: stored analyses made with another are computed again.
    public let analysisKey: String

    /// Current revisions by slug, with their text and detail view ready to send. Every write
    /// through this service refreshes its entry, so reads of these specs need no database; a server
    /// should be the only writer of its database (the CLI's `admin` commands touch users and tokens
    /// only).
    ///
    /// Bounded by bytes, so a server with many large specs stays small: when full it starts over,
    /// and specs are read from the database again as they are asked for.
    let currentRevisions = BoundedCache<String, CurrentRevision>(limit: 100_000, byteLimit: 64 << 20) { $0.size }
    /// Encoded list pages by query; any write through this service clears them.
    let listPages = BoundedCache<String, ByteBuffer>(limit: 1024, byteLimit: 8 << 20) { $0.readableBytes }

    public init(store: any SpecStore, checker: Checker, gates: GateEvaluator, signOffRoles: [String: Role] = [:]) {
        self.store = store
        self.checker = checker
        self.gates = gates
        self.signOffRoles = signOffRoles
        self.analysisKey = checker.fingerprint
    }

    /// Whether `slug` is 1 to 100 of `a-z`, `0-9` and `-`, starting with a letter or digit.
    public static func isValidSlug(_ slug: String) -> Bool {
        let bytes = slug.utf8
        guard (1...100).contains(bytes.count), bytes.first != UInt8(ascii: "-") else { return false }
        return bytes.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-") }
    }

    /// The facts the store indexes, read from a spec's text, with its analysis.
    public func facts(_ markdown: String, slug: String) -> SpecFacts {
        let spec = Spec(bytes: Array(markdown.utf8), path: slug)
        let (template, _) = checker.templateChoice(for: spec)
        return SpecFacts(slug: slug, title: spec.title ?? slug, template: template?.name, status: spec.field(.status)?.value, version: spec.field(.version)?.value,
                         analysis: analysis(of: spec))
    }

    public func create(title: String?, template: String?, markdown: String?, slug: String?, user: AuthenticatedUser) async throws -> CurrentRevision {
        let text: String
        let resolvedSlug: String
        if let title, title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || title.unicodeScalars.count > 200 {
            throw APIError(.badRequest, "title must be 1 to 200 characters")
        }
        if let template, checker.catalog.template(named: template) == nil {
            throw APIError(.badRequest, "unknown template '\(template)'", details: checker.catalog.names)
        }
        if let markdown {
            text = markdown
            let spec = Spec(bytes: Array(markdown.utf8), path: "")
            let derived = SpecGenerator.slug(spec.title ?? title ?? "")
            // Text without a usable title still gets a stable slug from its content.
            resolvedSlug = slug ?? (derived.isEmpty ? "untitled-" + String(SHA256.hex(Array(markdown.utf8)).prefix(8)) : String(derived.prefix(100)))
        } else {
            guard let title, !title.trimmingCharacters(in: .whitespaces).isEmpty else { throw APIError(.badRequest, "give 'title' (and 'template'), or 'markdown'") }
            let name = template ?? "feature-spec"
            guard let found = checker.catalog.template(named: name) else {
                throw APIError(.badRequest, "unknown template '\(name)'", details: checker.catalog.names)
            }
            text = String(decoding: SpecGenerator(template: found).generate(title: title, author: user.name, date: Today.iso()), as: UTF8.self)
            let derived = SpecGenerator.slug(title)
            resolvedSlug = slug ?? (derived.isEmpty ? "untitled-" + String(SHA256.hex(Array(title.utf8)).prefix(8)) : String(derived.prefix(100)))
        }
        guard Self.isValidSlug(resolvedSlug) else { throw APIError(.badRequest, "slug '\(resolvedSlug)' must be 1–100 of a-z, 0-9 and '-', starting with a letter or digit") }
        let facts = facts(text, slug: resolvedSlug)
        let record = try await store.createSpec(facts, markdown: text, author: user.name, message: "created")
        let current = try CurrentRevision(record: record, markdown: text, analysis: facts.analysis?.data)
        currentRevisions.set(resolvedSlug, current)
        listPages.removeAll()
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

    /// Saves a revision through the store and refreshes the cache with it.
    private func store(_ slug: String, markdown: String, author: String, message: String, expectedHash: String?) async throws -> CurrentRevision {
        do {
            let facts = facts(markdown, slug: slug)
            let record = try await store.addRevision(slug: slug, facts, markdown: markdown, author: author, message: message, expectedHash: expectedHash)
            let saved = try CurrentRevision(record: record, markdown: markdown, analysis: facts.analysis?.data)
            listPages.removeAll()
            // Concurrent writes may finish out of order: keep the newest revision.
            currentRevisions.update(slug) { old in
                guard let old, old.record.currentRevision > record.currentRevision else { return saved }
                return old
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
        defer { listPages.removeAll() }
        return try await store.archiveSpec(slug: slug)
    }

    public func save(slug: String, markdown: String, expectedHash: String?, user: AuthenticatedUser, message: String) async throws -> CurrentRevision {
        _ = try await live(slug)
        return try await store(slug, markdown: markdown, author: user.name, message: message, expectedHash: expectedHash)
    }

    /// Runs the CLI's transition on the stored text; refusals list the unmet gates (409).
    public func transition(slug: String, to target: String, reason: String?, user: AuthenticatedUser) async throws -> CurrentRevision {
        let current = try await current(slug)
        let record = current.record
        let spec = Spec(bytes: current.bytes, path: slug)
        let (template, _) = checker.templateChoice(for: spec)
        if let statuses = template?.schema.statuses, let resolved = StatusMachine(statuses: statuses).resolve(target),
           StatusMachine(statuses: statuses).stage(of: resolved) == .approved, user.role < .approver {
            throw APIError(.forbidden, "approving needs the approver role; your token has \(user.role.rawValue)")
        }
        let editor = SpecEditor(spec: spec, template: template, recorder: ChangeRecorder(author: user.name, date: Today.iso()))
        let outcome: SpecEditor.TransitionOutcome
        do {
            outcome = try editor.transition(to: target, reason: reason, force: false, gates: gates)
        } catch let error as SpecwrightError {
            // Not a status of the template, a move the status machine does not allow, a missing reason.
            throw APIError(.conflict, error.description)
        }
        switch outcome {
        case .refused(let unmet):
            throw APIError(.conflict, "cannot move to \(target): \(unmet.count) unmet gate\(unmet.count == 1 ? "" : "s")",
                           details: unmet.map { gate in (gate.range.map { "line \($0.start.line): " } ?? "") + gate.message + " [\(gate.gate)]" })
        case .applied(let edit):
            return try await store(slug, markdown: String(decoding: edit.bytes, as: UTF8.self), author: user.name, message: edit.summary, expectedHash: record.contentHash)
        }
    }

    /// Signs for `role` as the authenticated user (who needs the user role mapped to it).
    public func signOff(slug: String, role: String, user: AuthenticatedUser) async throws -> (SpecRecord, SignOffRecord) {
        // One spelling everywhere: the role checked is the role written and stored.
        let role = role.trimmingCharacters(in: .whitespacesAndNewlines)
        let needed = signOffRoles.first { $0.key.lowercased() == role.lowercased() }?.value ?? .approver
        guard user.role >= needed else { throw APIError(.forbidden, "signing as \(role) needs the \(needed.rawValue) role; your token has \(user.role.rawValue)") }
        let current = try await current(slug)
        let record = current.record
        let spec = Spec(bytes: current.bytes, path: slug)
        let (template, _) = checker.templateChoice(for: spec)
        let edit = try SpecEditor(spec: spec, template: template, recorder: ChangeRecorder(author: user.name, date: Today.iso())).signOff(role: role, name: user.name)
        let text = String(decoding: edit.bytes, as: UTF8.self)
        let saved = try await store(slug, markdown: text, author: user.name, message: edit.summary, expectedHash: record.contentHash).record
        let signature = NormativeContent.signature(of: Spec(bytes: edit.bytes, path: slug))
        let signOff = try await store.addSignOff(slug: slug, role: role, user: user.name, contentHash: signature)
        return (saved, signOff)
    }
}
