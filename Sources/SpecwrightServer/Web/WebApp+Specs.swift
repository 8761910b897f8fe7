import Foundation
import SpecwrightCore
import SpecwrightStore

extension WebApp {
    /// The text-derived view of a revision, from memory when this content was seen before.
    func textView(_ current: CurrentRevision) async throws -> SpecTextView {
        let key = current.record.contentHash
        if let cached = views.cached(key) { return cached }
        let view = SpecTextView(session: service.session(of: current))
        views.set(key, view)
        return view
    }

    /// The review form's section choices for a revision, kept by content hash.
    func sectionOptions(_ current: CurrentRevision) -> [DiscussionView.SectionOption] {
        if let cached = sectionChoices.cached(current.record.contentHash) { return cached }
        let options = DiscussionView.sectionOptions(service.spec(of: current))
        sectionChoices.set(current.record.contentHash, options)
        return options
    }

    /// A comment as HTML, kept by id and edit time (an edit changes the key).
    func commentHTML(_ comment: CommentBody) -> String {
        let key = "\(comment.id)|\(comment.edited?.timeIntervalSince1970 ?? 0)"
        if let cached = service.commentHTML.cached(key) { return cached }
        let html = DiscussionView.html(comment.body)
        service.commentHTML.set(key, html)
        return html
    }

    /// A spec's sign-off rows: only a parse, lighter than the whole text view (lists and "waiting
    /// on me" need these for many specs), kept by content hash.
    func signOffRows(_ current: CurrentRevision) -> [SpecTextView.SignOffRow] {
        let key = current.record.contentHash
        if let cached = signOffViews.cached(key) { return cached }
        let rows = SpecTextView.signOffs(of: Spec(bytes: current.bytes, path: current.record.slug))
        signOffViews.set(key, rows)
        return rows
    }

    /// A list row's facts: from the spec row, or (for rows saved before it kept them) from the text.
    func listFacts(_ record: SpecRecord) async throws -> (signOffs: SignOffCounts?, completeness: Double, errors: Int, warnings: Int) {
        if let completeness = record.completeness, let errors = record.errorCount, let warnings = record.warningCount {
            return (record.signOffCounts, completeness, errors, warnings)
        }
        let current = try await service.current(record.slug)
        let view = try await textView(current)
        return (SpecService.signOffCounts(Spec(bytes: current.bytes, path: record.slug)), view.completeness, view.errors, view.warnings)
    }

    /// How many specs `query`'s filters select, counted once per write.
    func count(_ query: SpecQuery) async throws -> Int {
        let key = "\(service.writes.value)|\(query.status ?? "")|\(query.template ?? "")|\(query.text ?? "")"
        if let cached = counts.cached(key) { return cached }
        let count = try await store.countSpecs(query)
        counts.set(key, count)
        return count
    }

    /// Specs per status, counted once per write.
    func countsByStatus() async throws -> [String: Int] {
        let key = String(service.writes.value)
        if let cached = statusCounts.cached(key) { return cached }
        let counts = try await store.statusCounts()
        statusCounts.set(key, counts)
        return counts
    }

    /// Specs in review whose sign-off table has a row not validly signed (at most 100 per review
    /// status), with those rows: what "waiting on me" filters for each user. Built once per write.
    func reviewQueue() async throws -> [ReviewItem] {
        let key = String(service.writes.value)
        if let cached = reviewQueues.cached(key) { return cached }
        var items: [ReviewItem] = []
        var seen = Set<String>()
        for status in reviewStatuses {
            for record in try await store.listSpecs(SpecQuery(limit: 100, status: status)) where seen.insert(record.slug).inserted {
                // Rows kept on the spec say when nothing is open, without reading its text.
                if let counts = record.signOffCounts, counts.stale + counts.missing == 0 { continue }
                let open = signOffRows(try await service.current(record.slug)).filter { !$0.valid }
                if !open.isEmpty { items.append(ReviewItem(slug: record.slug, title: record.title, open: open)) }
            }
        }
        reviewQueues.set(key, items)
        return items
    }

    /// Every status the catalog's templates name, in their order, without repeats.
    var knownStatuses: [String] { statuses { _ in true } }

    /// The statuses that mean "in review" in some template.
    var reviewStatuses: [String] { statuses { $0 == .review } }

    /// The catalog's statuses whose lifecycle stage `include` accepts, without repeats (ignoring case).
    private func statuses(_ include: (StatusMachine.Stage) -> Bool) -> [String] {
        var seen = Set<String>()
        return environment.catalog.templates.flatMap { template in
            let machine = StatusMachine(statuses: template.schema.statuses)
            return template.schema.statuses.filter { include(machine.stage(of: $0)) }
        }.filter { seen.insert($0.lowercased()).inserted }
    }

    /// Whether a user of `userRole` may sign as `signOffRole` (the server's sign-off role mapping;
    /// approver by default).
    func mayGive(_ signOffRole: String, as userRole: UserRole) -> Bool {
        userRole >= (configuration.signOffRoles.first { $0.key.lowercased() == signOffRole.lowercased() }?.value ?? .approver)
    }

    /// A CSS class for a status badge, from its lifecycle stage.
    static func statusClass(_ status: String) -> String {
        let upper = status.uppercased()
        if upper.contains("REVIEW") { return "review" }
        if upper.contains("APPROVED") { return "approved" }
        if upper.contains("IMPLEMENTED") || upper.contains("DONE") { return "implemented" }
        if upper.contains("DRAFT") { return "draft" }
        return "other"
    }

    /// `2026-12-01T14:05:09Z` (a format style: creating a `DateFormatter` per row cost more than the
    /// rest of a list page).
    static func isoDate(_ date: Date) -> String { date.formatted(.iso8601) }

    /// `2026-12-01 14:05 UTC`
    static func displayDate(_ date: Date) -> String {
        let iso = isoDate(date).utf8
        return String(decoding: iso.prefix(10), as: UTF8.self) + " " + String(decoding: iso.dropFirst(11).prefix(5), as: UTF8.self) + " UTC"
    }
}

/// A spec in review and its sign-off rows not validly signed.
struct ReviewItem: Sendable {
    var slug: String
    var title: String
    var open: [SpecTextView.SignOffRow]
}
