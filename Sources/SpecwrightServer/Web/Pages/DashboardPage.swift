import Foundation
import Hummingbird
import SpecwrightCore
import SpecwrightStore

/// `/`: every spec with its facts, filtered, sorted and paged by the store; counts per status;
/// and what waits on the signed-in user.
struct DashboardPage {
    let app: WebApp

    var routes: [Route] { [Route(.get, "", "dashboard", role: .reader, page)] }

    static let pageSize = 25

    struct Row: Encodable {
        var slug: String
        var title: String
        var status: String
        var statusClass: String
        var percent: Int
        var version: String
        var author: String
        var updated: String
        var updatedISO: String
        var errors: Int
        var warnings: Int
        var valid: Int
        var stale: Int
        var missing: Int
        // Mustache sections treat every number as true: the template reads these flags.
        var hasErrors = false
        var hasWarnings = false
        var clean = false
        var hasStale = false
        var hasMissing = false
        var hasSignOffs = false
        var hasValid = false
        var errorsLabel = ""
        var warningsLabel = ""

        mutating func setFlags() {
            hasValid = valid > 0
            errorsLabel = errors == 1 ? "1 error" : "\(errors) errors"
            warningsLabel = warnings == 1 ? "1 warning" : "\(warnings) warnings"
            hasErrors = errors > 0
            hasWarnings = warnings > 0
            clean = errors == 0 && warnings == 0
            hasStale = stale > 0
            hasMissing = missing > 0
            hasSignOffs = valid + stale + missing > 0
        }
    }

    struct Column: Encodable {
        var label: String
        var href: String
        /// `ascending`, `descending` or `none` (aria-sort).
        var sort: String
        var arrow: String
    }

    struct Option: Encodable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct Count: Encodable {
        var status: String
        var statusClass: String
        var count: Int
        var href: String
        var current: Bool
    }

    struct Waiting: Encodable {
        var slug: String
        var title: String
        var reason: String
    }

    struct View: Encodable {
        var frame: PageFrame
        var rows: [Row]
        var columns: [Column]
        var statuses: [Option]
        var templates: [Option]
        var query: String
        var counts: [Count]
        var total: Int
        var page: Int
        var pages: Int
        var previous: String?
        var next: String?
        var waiting: [Waiting]
        var hasWaiting: Bool
        var empty: Bool
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let parameters = WebApp.query(request)
        func value(_ name: String) -> String? {
            guard let text = parameters[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return String(text.prefix(200))
        }
        let status = value("status"), template = value("template"), text = value("q")
        let order = value("sort").flatMap(SpecQuery.Order.init(rawValue:)) ?? .updated
        let descending = value("dir").map { $0 == "desc" } ?? (order == .updated)
        let pageNumber = max(1, value("page").flatMap(Int.init) ?? 1)
        var query = SpecQuery(limit: Self.pageSize, status: status, template: template, text: text, order: order, descending: descending,
                              offset: (min(pageNumber, 100_000) - 1) * Self.pageSize)
        let total = try await app.count(query)
        let pages = max(1, (total + Self.pageSize - 1) / Self.pageSize)
        if pageNumber > pages { query.offset = (pages - 1) * Self.pageSize }
        let records = try await app.store.listSpecs(query)
        var rows: [Row] = []
        for record in records { rows.append(try await row(record)) }

        func link(page: Int? = nil, sort: SpecQuery.Order? = nil, dir: String? = nil, status: String?? = .none) -> String {
            var items: [URLQueryItem] = []
            let chosenStatus: String? = status ?? value("status")
            if let chosenStatus { items.append(.init(name: "status", value: chosenStatus)) }
            if let template { items.append(.init(name: "template", value: template)) }
            if let text { items.append(.init(name: "q", value: text)) }
            items.append(.init(name: "sort", value: (sort ?? order).rawValue))
            items.append(.init(name: "dir", value: dir ?? (descending ? "desc" : "asc")))
            if let page, page > 1 { items.append(.init(name: "page", value: String(page))) }
            var components = URLComponents()
            components.path = "/"
            components.queryItems = items
            return components.string ?? "/"
        }
        let columns: [(String, SpecQuery.Order)] = [
            ("Title", .title), ("Status", .status), ("Complete", .completeness), ("Version", .version), ("Author", .author), ("Updated", .updated), ("Findings", .findings),
        ]
        let current = min(pageNumber, pages)
        let counts = try await app.countsByStatus()
        let waiting = try await waiting(for: user)
        let view = View(
            frame: app.frame("Specs", context, request: request, section: "specs"),
            rows: rows,
            columns: columns.map { label, column in
                let active = column == order
                let nextDirection = active ? (descending ? "asc" : "desc") : (column == .updated || column == .completeness ? "desc" : "asc")
                return Column(label: label, href: link(sort: column, dir: nextDirection), sort: active ? (descending ? "descending" : "ascending") : "none",
                              arrow: active ? (descending ? "↓" : "↑") : "")
            },
            statuses: [Option(value: "", label: "Any status", selected: status == nil)]
                + app.knownStatuses.map { Option(value: $0, label: $0, selected: $0.lowercased() == status?.lowercased()) },
            templates: [Option(value: "", label: "Any template", selected: template == nil)]
                + app.environment.catalog.names.map { Option(value: $0, label: $0, selected: $0 == template) },
            query: text ?? "",
            counts: counts.sorted { $0.key < $1.key }.map { key, count in
                Count(status: key.isEmpty ? "(none)" : key, statusClass: WebApp.statusClass(key), count: count, href: link(status: .some(key.isEmpty ? nil : key)), current: key.lowercased() == status?.lowercased())
            },
            total: total, page: current, pages: pages,
            previous: current > 1 ? link(page: current - 1) : nil,
            next: current < pages ? link(page: current + 1) : nil,
            waiting: waiting, hasWaiting: !waiting.isEmpty,
            empty: rows.isEmpty)
        return app.renderer.render("dashboard", view)
    }

    private func row(_ record: SpecRecord) async throws -> Row {
        let summary = try await app.listFacts(record)
        let signOffs = summary.signOffs ?? SignOffCounts(valid: 0, stale: 0, missing: 0)
        let status = record.status ?? ""
        var row = Row(
            slug: record.slug, title: record.title, status: status.isEmpty ? "—" : status, statusClass: WebApp.statusClass(status),
            percent: Int(((record.completeness ?? summary.completeness) * 100).rounded()), version: record.version ?? "—", author: record.author,
            updated: WebApp.displayDate(record.updatedAt), updatedISO: WebApp.isoDate(record.updatedAt),
            errors: record.errorCount ?? summary.errors, warnings: record.warningCount ?? summary.warnings,
            valid: signOffs.valid, stale: signOffs.stale, missing: signOffs.missing)
        row.setFlags()
        return row
    }

    /// Specs in review with a sign-off row this user may sign and has not validly signed, and
    /// this user's sign-offs that went stale.
    private func waiting(for user: AuthenticatedUser) async throws -> [Waiting] {
        var items: [Waiting] = []
        for item in try await app.reviewQueue() {
            // A stale row this user signed is reported below, as their stale sign-off.
            let open = item.open.filter { row in
                app.mayGive(row.role, as: user.role) && !(row.name.lowercased() == user.name.lowercased() && row.signedHash != nil)
            }
            if !open.isEmpty {
                items.append(Waiting(slug: item.slug, title: item.title, reason: "needs your sign-off as " + open.map(\.role).joined(separator: ", ")))
            }
        }
        var staleSeen = Set<String>()
        for entry in try await app.store.signOffs(byUser: user.name) where staleSeen.insert(entry.slug + "\u{1F}" + entry.signOff.role).inserted {
            let rows = app.signOffRows(try await app.service.current(entry.slug))
            let row = rows.first { $0.role.lowercased() == entry.signOff.role.lowercased() && $0.name.lowercased() == user.name.lowercased() }
            if let row, !row.valid, row.signedHash != nil {
                let changed = row.changed.isEmpty ? "" : " (changed: " + row.changed.joined(separator: ", ") + ")"
                items.append(Waiting(slug: entry.slug, title: entry.title, reason: "your sign-off as \(row.role) is stale" + changed))
            }
        }
        return items
    }
}
