import Foundation
import Hummingbird
import SpecwrightCore
import SpecwrightStore

/// `/specs/:slug/history`: the revisions, and the diff between any two (unified or side by side)
/// naming the sections that changed.
struct HistoryPage {
    let app: WebApp

    var routes: [Route] { [Route(.get, "specs/:slug/history", "historyPage", role: .reader, page)] }

    struct RevisionRow: Encodable {
        var number: Int
        var author: String
        var time: String
        var message: String
        var hash: String
        var isFrom: Bool
        var isTo: Bool
    }

    struct View: Encodable {
        var frame: PageFrame
        var slug: String
        var title: String
        var revisions: [RevisionRow]
        var from: Int
        var to: Int
        var split: Bool
        var hunks: [DiffView.Hunk]
        var same: Bool
        var changedSections: [String]
        var unifiedHref: String
        var splitHref: String
        var sinceSignOff: [SinceSignOff]
    }

    struct SinceSignOff: Encodable {
        var role: String
        var revision: Int
        var href: String
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let slug = try app.slug(context)
        let current = try await app.service.current(slug)
        let revisions = try await app.store.revisions(slug: slug)
        let last = current.record.currentRevision
        let parameters = WebApp.query(request)
        func number(_ name: String, _ fallback: Int) throws -> Int {
            guard let text = parameters[name] else { return fallback }
            guard let value = Int(text), revisions.contains(where: { $0.number == value }) else {
                throw APIError(.badRequest, "\(name) must be a revision of this spec (1 to \(last))")
            }
            return value
        }
        let to = try number("to", last)
        let from = try number("from", max(1, to - 1))
        let split = parameters["view"] == "split"
        let old = revisions.first { $0.number == from }!.markdown
        let new = revisions.first { $0.number == to }!.markdown
        let oldSpec = Spec(bytes: Array(old.utf8), path: slug)
        let newSpec = Spec(bytes: Array(new.utf8), path: slug)
        let changed = NormativeContent.changedSections(of: newSpec, since: SignatureRecord(hash: "", sections: NormativeContent.sectionDigests(of: oldSpec)))
        let mine = try await app.store.signOffs(slug: slug).filter { $0.user == user.name }
        var seenRoles = Set<String>()
        let since = mine.reversed().filter { seenRoles.insert($0.role).inserted && $0.revision < last }.map {
            SinceSignOff(role: $0.role, revision: $0.revision, href: "/specs/\(slug)/history?from=\($0.revision)&to=\(last)")
        }
        let view = View(
            frame: app.frame("History of " + current.record.title, context, request: request, section: "specs"),
            slug: slug, title: current.record.title,
            revisions: revisions.reversed().map { revision in
                RevisionRow(number: revision.number, author: revision.author, time: WebApp.displayDate(revision.createdAt), message: revision.message,
                            hash: String(revision.contentHash.prefix(12)), isFrom: revision.number == from, isTo: revision.number == to)
            },
            from: from, to: to, split: split, hunks: DiffView.hunks(old: old, new: new), same: old == new, changedSections: old == new ? [] : changed,
            unifiedHref: "/specs/\(slug)/history?from=\(from)&to=\(to)", splitHref: "/specs/\(slug)/history?from=\(from)&to=\(to)&view=split",
            sinceSignOff: since)
        return app.renderer.render("history", view)
    }
}
