import Foundation
import SpecwrightCore
import SpecwrightStore

/// Review around a spec, on top of the store: threads anchored to the text, replies, concerns
/// that block approval, suggested edits applied through the normal save path, review requests and
/// the inbox. Every front end (API, web app, MCP through the API) calls these.
public struct ReviewService: Sendable {
    let service: SpecService
    /// Besides a concern's author, the least role that may resolve or reopen it.
    let concernResolverRole: UserRole

    /// How long after posting a comment its author may still edit it.
    static let editWindow: TimeInterval = 15 * 60
    static let maximumBody = 20_000
    static let maximumQuote = 5_000

    public init(service: SpecService, concernResolverRole: UserRole = .admin) {
        self.service = service
        self.concernResolverRole = concernResolverRole
    }

    var store: any SpecStore { service.store }

    /// A new thread's content, as a front end received it.
    public struct NewThread: Sendable {
        public var kind: ThreadKind
        public var sectionPath: [String]
        public var quote: String?
        public var body: String
        public var suggestion: String?

        public init(kind: ThreadKind, sectionPath: [String], quote: String?, body: String, suggestion: String?) {
            self.kind = kind
            self.sectionPath = sectionPath
            self.quote = quote
            self.body = body
            self.suggestion = suggestion
        }
    }

    // MARK: Reading

    /// A spec's threads (open, resolved or both), each located in the current revision.
    func threads(slug: String, state: String? = nil) async throws -> [ThreadBody] {
        let current = try await service.current(slug)
        let threads = try await store.threads(slug: slug).filter { state == nil || ($0.isOpen ? "open" : "resolved") == state }
        // Most specs have no threads: then nothing else is read or parsed.
        guard !threads.isEmpty else { return [] }
        let grouped = Dictionary(grouping: try await store.comments(slug: slug), by: \.threadID)
        return threads.map { thread in view(thread, comments: grouped[thread.id ?? 0] ?? [], current: current) }
    }

    func thread(slug: String, id: Int64) async throws -> ThreadBody {
        let current = try await service.current(slug)
        let thread = try await existingThread(slug: slug, id: id)
        return view(thread, comments: try await store.comments(threadID: id), current: current)
    }

    /// A thread as the API shows it, located in `current` (from memory when seen before).
    func view(_ thread: ThreadRecord, comments: [CommentRecord], current: CurrentRevision) -> ThreadBody {
        let anchor = ThreadAnchor(sectionPath: thread.sectionPath, quote: thread.quote)
        return ThreadBody(thread, comments: comments, in: service.spec(of: current), at: service.location(of: anchor, in: current))
    }

    private func existingThread(slug: String, id: Int64) async throws -> ThreadRecord {
        guard let thread = try await store.thread(id: id), thread.slug == slug else { throw APIError(.notFound, "spec '\(slug)' has no thread \(id)") }
        return thread
    }

    // MARK: Writing

    /// Opens a thread on the current revision: its section must exist there and its quoted passage
    /// be in the text (in that section, when one is given); otherwise 409, since the same request
    /// is right for another revision.
    func openThread(slug: String, _ new: NewThread, by user: AuthenticatedUser) async throws -> ThreadBody {
        let body = try Self.validBody(new.body, field: "body")
        let current = try await service.current(slug)
        let spec = service.spec(of: current)
        let path = try new.sectionPath.map { try Self.validText($0, field: "section", limit: 200) }
        guard path.count <= 12 else { throw APIError(.badRequest, "section: a heading path of at most 12 titles") }
        if new.quote == "" { throw APIError(.badRequest, "quote: leave it out to comment on a whole section; an empty passage says nothing") }
        if new.quote?.unicodeScalars.contains(where: Self.isControl) == true { throw APIError(.badRequest, "quote contains a control character") }
        var quote = new.quote
        if let given = quote {
            guard given.unicodeScalars.count <= Self.maximumQuote else { throw APIError(.badRequest, "quote is longer than \(Self.maximumQuote) characters") }
            // Browsers send line ends as CRLF; the spec may use LF.
            if !spec.document.bytes.contains(UInt8(ascii: "\r")) { quote = given.replacingOccurrences(of: "\r\n", with: "\n") }
        }
        let lineEnds = { (text: String) in spec.document.bytes.contains(UInt8(ascii: "\r")) ? text : text.replacingOccurrences(of: "\r\n", with: "\n") }
        // A new thread's section must be where it says, and its passage in that section.
        let section = ThreadAnchor(sectionPath: path).locate(in: spec)
        if !path.isEmpty, section.section == nil || section.sectionMoved {
            let known = spec.outline.sections.map { $0.path.joined(separator: " › ") }
            throw APIError(.conflict, "section: revision \(current.record.currentRevision) has no section '\(path.joined(separator: " › "))'", details: Array(known.prefix(50)))
        }
        var location = ThreadAnchor(sectionPath: path, quote: quote).locate(in: spec)
        if let range = location.quoteRange, let index = section.section, !spec.outline.sections[index].range.contains(range.lowerBound) {
            location.quoteRange = nil
        }
        let place = path.isEmpty ? "the spec" : "section '\(path.joined(separator: " › "))'"
        if quote != nil, location.quoteRange == nil {
            throw APIError(.conflict, "quote: the passage is not in \(place) as of revision \(current.record.currentRevision); quote the text exactly as it reads")
        }
        var suggestion = new.suggestion.flatMap { $0.isEmpty ? nil : lineEnds($0) }
        // An edit must say which text it replaces: a passage that occurs twice is ambiguous.
        if suggestion != nil {
            let scope = section.section.map { spec.outline.sections[$0].range } ?? 0..<spec.document.bytes.count
            let count = ThreadAnchor(sectionPath: path, quote: quote).occurrences(in: spec, within: scope)
            if count > 1 { throw APIError(.conflict, "quote: the passage occurs \(count) times in \(place); quote more of the text, so the suggestion says which") }
        }
        if let text = suggestion {
            guard quote != nil else { throw APIError(.badRequest, "suggestion: a suggested edit replaces a quoted passage; give 'quote' too") }
            suggestion = try Self.validBody(text, field: "suggestion", allowBlank: true)
            if suggestion == quote { throw APIError(.conflict, "suggestion: it is the same as the quoted passage") }
        }
        let sectionPath = location.sectionPath ?? []
        let draft = ThreadRecord(slug: slug, kind: new.kind, author: user.name, sectionPath: sectionPath, quote: quote,
                                 revision: current.record.currentRevision, suggestion: suggestion)
        let (thread, comment) = try await store.createThread(draft, body: body)
        let threadID = thread.id ?? 0
        var items = try await mentionItems(in: body, slug: slug, threadID: threadID, actor: user.name, title: current.record.title)
        if thread.kind == .concern, current.record.author != user.name, !items.contains(where: { $0.user == current.record.author }) {
            items.append(InboxItemRecord(user: current.record.author, reason: .concern, slug: slug, threadID: threadID, actor: user.name,
                                         summary: "\(user.name) raised a concern on '\(current.record.title)': \(Self.firstLine(body))"))
        }
        try await store.addInboxItems(items)
        let view = ThreadBody(thread, comments: [comment], in: spec)
        var payload = EventPayload(.threadCreated, actor: user.name, spec: current.record)
        payload.thread = view
        service.events.publish(payload)
        if thread.kind == .concern {
            payload = EventPayload(.concernOpened, actor: user.name, spec: current.record)
            payload.thread = view
            service.events.publish(payload)
        }
        service.reviewChanged()
        return view
    }

    /// Replies in a thread; its participants hear of it, and whoever is mentioned.
    func reply(slug: String, threadID: Int64, body text: String, by user: AuthenticatedUser) async throws -> CommentBody {
        let body = try Self.validBody(text, field: "body")
        let current = try await service.current(slug)
        let thread = try await existingThread(slug: slug, id: threadID)
        let earlier = try await store.comments(threadID: threadID)
        let comment = try await store.addComment(threadID: threadID, author: user.name, body: body)
        var items = try await mentionItems(in: body, slug: slug, threadID: threadID, actor: user.name, title: current.record.title)
        var participants: [String] = [thread.author]
        for comment in earlier where !participants.contains(comment.author) { participants.append(comment.author) }
        for participant in participants where participant != user.name && !items.contains(where: { $0.user == participant }) {
            items.append(InboxItemRecord(user: participant, reason: .reply, slug: slug, threadID: threadID, actor: user.name,
                                         summary: "\(user.name) replied on '\(current.record.title)': \(Self.firstLine(body))"))
        }
        try await store.addInboxItems(items)
        var payload = EventPayload(.commentCreated, actor: user.name, spec: current.record)
        payload.comment = CommentBody(comment)
        service.events.publish(payload)
        service.reviewChanged()
        return CommentBody(comment)
    }

    /// Changes a comment's text: only its author, only within ``editWindow`` of posting.
    func editComment(slug: String, commentID: Int64, body text: String, by user: AuthenticatedUser) async throws -> CommentBody {
        let body = try Self.validBody(text, field: "body")
        guard let comment = try await store.comment(id: commentID), let thread = try await store.thread(id: comment.threadID), thread.slug == slug else {
            throw APIError(.notFound, "spec '\(slug)' has no comment \(commentID)")
        }
        guard comment.author == user.name else { throw APIError(.forbidden, "only \(comment.author) may edit their comment") }
        guard Date().timeIntervalSince(comment.createdAt) <= Self.editWindow else {
            throw APIError(.conflict, "a comment can be edited for \(Int(Self.editWindow / 60)) minutes after posting; reply instead")
        }
        let edited = try await store.editComment(id: commentID, body: body)
        service.reviewChanged()
        return CommentBody(edited)
    }

    /// Resolves (or reopens) a thread. A concern only by its author or a user with the configured
    /// role (admin by default); other threads by anyone who may comment.
    func setResolved(slug: String, threadID: Int64, resolved: Bool, by user: AuthenticatedUser) async throws -> ThreadBody {
        let current = try await service.current(slug)
        let thread = try await existingThread(slug: slug, id: threadID)
        if thread.kind == .concern, thread.author != user.name, user.role < concernResolverRole {
            throw APIError(.forbidden, "only \(thread.author), who raised this concern, or a user with the \(concernResolverRole.rawValue) role may \(resolved ? "resolve" : "reopen") it")
        }
        guard thread.isOpen == resolved else { return try await self.thread(slug: slug, id: threadID) }
        let saved = try await store.setThreadResolved(id: threadID, by: resolved ? user.name : nil)
        let view = ThreadBody(saved, comments: try await store.comments(threadID: threadID), in: service.spec(of: current))
        if saved.kind == .concern {
            var payload = EventPayload(resolved ? .concernResolved : .concernOpened, actor: user.name, spec: current.record)
            payload.thread = view
            service.events.publish(payload)
        }
        service.reviewChanged()
        return view
    }

    /// Applies a thread's suggested edit: the quoted passage, found in the current revision, is
    /// replaced and saved as a new revision over `expectedHash` (the revision the author looked at;
    /// default: the current one). Nobody applies their own suggestion.
    public func applySuggestion(slug: String, threadID: Int64, expectedHash: String?, by user: AuthenticatedUser) async throws -> CurrentRevision {
        let current = try await service.current(slug)
        let thread = try await existingThread(slug: slug, id: threadID)
        guard let suggestion = thread.suggestion, let quote = thread.quote else { throw APIError(.conflict, "thread \(threadID) suggests no edit") }
        guard thread.author != user.name else { throw APIError(.forbidden, "a suggestion is applied by someone other than its author (\(thread.author))") }
        guard thread.suggestionState == .pending else { throw APIError(.conflict, "the suggestion was already \(thread.suggestionState?.rawValue ?? "handled")") }
        if let expectedHash, expectedHash != current.record.contentHash { throw StoreError.preconditionFailed(current: current.record.contentHash) }
        let spec = service.spec(of: current)
        let anchor = ThreadAnchor(sectionPath: thread.sectionPath, quote: quote)
        let location = anchor.locate(in: spec)
        guard let range = location.quoteRange else {
            throw APIError(.conflict, "the passage the suggestion replaces is no longer in the text; edit the spec by hand or dismiss the suggestion")
        }
        // Later revisions may have repeated the passage: then which one is meant is unknown.
        let scope = location.section.map { spec.outline.sections[$0].range } ?? 0..<spec.document.bytes.count
        if anchor.occurrences(in: spec, within: scope) > 1 {
            throw APIError(.conflict, "the passage the suggestion replaces now occurs more than once; edit the spec by hand or dismiss the suggestion")
        }
        var bytes = current.bytes
        bytes.replaceSubrange(range, with: Array(suggestion.utf8))
        _ = try await store.setSuggestionState(threadID: threadID, from: .pending, to: .applied)
        let saved: CurrentRevision
        do {
            saved = try await service.save(slug: slug, markdown: String(decoding: bytes, as: UTF8.self), expectedHash: current.record.contentHash, user: user,
                                           message: "Applied the suggestion of thread #\(threadID) by \(thread.author)")
        } catch {
            _ = try? await store.setSuggestionState(threadID: threadID, from: .applied, to: .pending)
            throw error
        }
        _ = try await store.addComment(threadID: threadID, author: user.name, body: "Applied the suggestion in revision \(saved.record.currentRevision).")
        service.reviewChanged()
        return saved
    }

    /// Dismisses a thread's pending suggestion.
    func dismissSuggestion(slug: String, threadID: Int64, by user: AuthenticatedUser) async throws -> ThreadBody {
        let thread = try await existingThread(slug: slug, id: threadID)
        guard thread.suggestion != nil else { throw APIError(.conflict, "thread \(threadID) suggests no edit") }
        guard thread.suggestionState == .pending else { throw APIError(.conflict, "the suggestion was already \(thread.suggestionState?.rawValue ?? "handled")") }
        _ = try await store.setSuggestionState(threadID: threadID, from: .pending, to: .dismissed)
        _ = try await store.addComment(threadID: threadID, author: user.name, body: "Dismissed the suggestion.")
        service.reviewChanged()
        return try await self.thread(slug: slug, id: threadID)
    }

    /// Asks users (by name, or everyone with at least `role`) to review a spec: each gets an inbox item.
    public func requestReview(slug: String, users names: [String], role: UserRole?, note: String?, by user: AuthenticatedUser) async throws -> [String] {
        let current = try await service.current(slug)
        guard names.count <= 100 else { throw APIError(.badRequest, "users: at most 100 names") }
        let note = try note.flatMap { $0.isEmpty ? nil : try Self.validText($0, field: "note", limit: 500) }
        let everyone = try await store.users().filter { !$0.disabled }
        let unknown = names.filter { name in !everyone.contains { $0.name == name } }
        guard unknown.isEmpty else { throw APIError(.conflict, "users: no user \(unknown.map { "'\($0)'" }.joined(separator: ", "))") }
        var reviewers: [String] = []
        for name in names where !reviewers.contains(name) { reviewers.append(name) }
        if let role {
            for candidate in everyone where candidate.role >= role && !reviewers.contains(candidate.name) { reviewers.append(candidate.name) }
        }
        reviewers.removeAll { $0 == user.name }
        guard !reviewers.isEmpty else { throw APIError(.conflict, "name at least one user (other than you) or a role someone else has") }
        let summary = "\(user.name) asked you to review '\(current.record.title)'" + (note.map { ": \($0)" } ?? "")
        try await store.addInboxItems(reviewers.map {
            InboxItemRecord(user: $0, reason: .reviewRequested, slug: slug, threadID: nil, actor: user.name, summary: summary)
        })
        var payload = EventPayload(.reviewRequested, actor: user.name, spec: current.record)
        payload.reviewers = reviewers
        payload.message = note
        service.events.publish(payload)
        service.reviewChanged()
        return reviewers
    }

    // MARK: Helpers

    /// Inbox items for the existing users `body` mentions (not the writer).
    private func mentionItems(in body: String, slug: String, threadID: Int64, actor: String, title: String) async throws -> [InboxItemRecord] {
        var items: [InboxItemRecord] = []
        for name in Mentions.names(in: body).prefix(20) where name != actor {
            guard let user = try await store.user(named: name), !user.disabled else { continue }
            items.append(InboxItemRecord(user: user.name, reason: .mention, slug: slug, threadID: threadID, actor: actor,
                                         summary: "\(actor) mentioned you on '\(title)': \(Self.firstLine(body))"))
        }
        return items
    }

    static func firstLine(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.count > 120 ? String(line.prefix(119)) + "…" : line
    }

    static func validBody(_ text: String, field: String, allowBlank: Bool = false) throws -> String {
        guard allowBlank || text.contains(where: { !$0.isWhitespace }) else { throw APIError(.badRequest, "\(field): write something") }
        guard text.unicodeScalars.count <= maximumBody else { throw APIError(.badRequest, "\(field) is longer than \(maximumBody) characters") }
        guard !text.unicodeScalars.contains(where: isControl) else { throw APIError(.badRequest, "\(field) contains a control character (only tabs and line ends are allowed)") }
        return text
    }

    /// C0 controls but tab, line feed and carriage return, and DEL (the OpenAPI document's patterns say the same).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && ![0x09, 0x0A, 0x0D].contains(scalar.value)) || scalar.value == 0x7F
    }

    static func validText(_ text: String, field: String, limit: Int) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.unicodeScalars.count <= limit,
              !trimmed.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw APIError(.badRequest, "\(field): 1 to \(limit) characters on one line")
        }
        return trimmed
    }
}
