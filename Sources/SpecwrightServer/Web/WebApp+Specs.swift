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

    /// A list row's sign-off counts, with completeness and findings for rows saved before the
    /// spec table kept them.
    func signOffCounts(_ record: SpecRecord) async throws -> (valid: Int, stale: Int, missing: Int, completeness: Double, errors: Int, warnings: Int) {
        let view = try await textView(try await service.current(record.slug))
        let counts = view.signOffCounts
        return (counts.valid, counts.stale, counts.missing, view.completeness, view.errors, view.warnings)
    }

    /// Every status the catalog's templates name, in their order, without repeats.
    var knownStatuses: [String] {
        var seen = Set<String>()
        return environment.catalog.names.compactMap { environment.catalog.template(named: $0) }.flatMap(\.schema.statuses).filter { seen.insert($0.lowercased()).inserted }
    }

    /// The statuses that mean "in review" in some template.
    var reviewStatuses: [String] {
        var seen = Set<String>()
        return environment.catalog.names.compactMap { environment.catalog.template(named: $0) }.flatMap { template in
            let machine = StatusMachine(statuses: template.schema.statuses)
            return template.schema.statuses.filter { machine.stage(of: $0) == .review }
        }.filter { seen.insert($0.lowercased()).inserted }
    }

    /// Whether `user` may sign as `role` (the server's sign-off role mapping; approver by default).
    func mayGive(_ role: String, _ user: AuthenticatedUser) -> Bool {
        user.role >= (configuration.signOffRoles.first { $0.key.lowercased() == role.lowercased() }?.value ?? .approver)
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

    /// `2026-12-01 14:05 UTC`
    static func displayDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: date)
    }
}
