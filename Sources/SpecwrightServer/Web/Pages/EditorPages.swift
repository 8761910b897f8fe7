import Foundation
import Hummingbird
import SpecwrightCore
import SpecwrightStore

/// The editor (the Markdown source, checked while typing by the page's script, saved as a new
/// revision only over the revision it started from) and the new-spec form.
struct EditorPages {
    let app: WebApp

    var routes: [Route] {
        [
            Route(.get, "specs/:slug/edit", "editPage", role: .author, page),
            Route(.post, "specs/:slug/edit", "saveSpec", role: .author, save),
            Route(.get, "new", "newSpecPage", role: .author, newPage),
            Route(.post, "new", "createSpecPage", role: .author, create),
        ]
    }

    struct Conflict: Encodable {
        var revision: Int
        var author: String
        var theirs: [DiffView.Hunk]
        var mine: [DiffView.Hunk]
    }

    struct View: Encodable {
        var frame: PageFrame
        var slug: String
        var title: String
        var markdown: String
        var base: String
        var revision: Int
        var template: String
        var message: String
        var conflict: Conflict?
        var error: String?
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        let slug = try app.slug(context)
        let current = try await app.service.current(slug)
        let record = current.record
        return app.renderer.render("editor", View(
            frame: app.frame("Edit " + record.title, context, request: request, section: "specs", editor: true),
            slug: slug, title: record.title, markdown: String(buffer: current.text), base: record.contentHash, revision: record.currentRevision,
            template: record.template ?? "", message: ""))
    }

    @Sendable func save(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let slug = try app.slug(context)
        let form = try await WebApp.form(request, context)
        // Browsers send textarea lines with CRLF; the stored text keeps the author's LF.
        let markdown = (form["markdown"] ?? "").replacingOccurrences(of: "\r\n", with: "\n")
        let base = try form.require("base", label: "the revision you edited (base)")
        let message = String((form["message"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(500))
        let before = try await app.service.current(slug)
        do {
            let saved = try await app.service.save(slug: slug, markdown: markdown, expectedHash: base, user: user, message: message.isEmpty ? "edited in the browser" : message)
            let done = saved.record.currentRevision == before.record.currentRevision ? "unchanged" : "saved"
            return WebApp.redirect("/specs/\(slug)?done=\(done)&saved=\(saved.record.contentHash)")
        } catch let error as StoreError {
            guard case .preconditionFailed = error else { throw error }
            // Someone saved in between: show what they changed and what this edit changes, keep
            // the text typed here in the editor, and offer to save over their revision.
            let current = try await app.service.current(slug)
            let baseText = try await app.store.revisions(slug: slug).last { $0.contentHash == base }?.markdown ?? ""
            let currentText = String(buffer: current.text)
            let conflict = Conflict(
                revision: current.record.currentRevision, author: current.record.author,
                theirs: DiffView.hunks(old: baseText, new: currentText), mine: DiffView.hunks(old: currentText, new: markdown))
            return app.renderer.render("editor", View(
                frame: app.frame("Edit " + current.record.title, context, request: request, section: "specs", editor: true),
                slug: slug, title: current.record.title, markdown: markdown, base: current.record.contentHash, revision: current.record.currentRevision,
                template: current.record.template ?? "", message: message, conflict: conflict), status: .conflict)
        }
    }

    struct Option: Encodable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct NewView: Encodable {
        var frame: PageFrame
        var title: String
        var templates: [Option]
        var error: String?
    }

    @Sendable func newPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let chosen = WebApp.query(request)["template"] ?? app.environment.catalog.names.first
        return app.renderer.render("new", NewView(frame: app.frame("New spec", context, request: request, section: "new"), title: "", templates: options(chosen)))
    }

    private func options(_ chosen: String?) -> [Option] {
        app.environment.catalog.templates.map { Option(value: $0.name, label: $0.name, selected: $0.name == chosen) }
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let form = try await WebApp.form(request, context)
        let title = (form["title"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let template = form["template"]
        do {
            let created = try await app.service.create(title: title, template: template, markdown: nil, slug: nil, user: user)
            return WebApp.redirect("/specs/\(created.record.slug)/edit?done=created")
        } catch let error as APIError where error.status == .badRequest || error.status == .conflict {
            let view = NewView(frame: app.frame("New spec", context, request: request, section: "new"), title: title, templates: options(template), error: error.message)
            return app.renderer.render("new", view, status: error.status)
        } catch let error as StoreError {
            let apiError = APIError.from(error)
            let view = NewView(frame: app.frame("New spec", context, request: request, section: "new"), title: title, templates: options(template),
                               error: apiError.message + " (choose another title)")
            return app.renderer.render("new", view, status: apiError.status)
        }
    }
}

/// Diffs as pages show them: hunks of numbered lines, for unified and side-by-side views.
enum DiffView {
    struct Line: Encodable {
        var kind: String
        var old: String
        var new: String
        var text: String
        var sign: String
        /// The file's last line has no newline after it.
        var noNewline: Bool
    }

    /// One row of a side-by-side view: the old line on the left, the new on the right.
    struct Pair: Encodable {
        var leftNumber: String
        var leftText: String
        var leftKind: String
        var rightNumber: String
        var rightText: String
        var rightKind: String
    }

    struct Hunk: Encodable {
        var header: String
        var lines: [Line]
        var pairs: [Pair]
    }

    static func hunks(old: String, new: String) -> [Hunk] {
        UnifiedDiff.hunks(old: Array(old.utf8), new: Array(new.utf8)).map { hunk in
            Hunk(header: hunk.header, lines: hunk.lines.map { line in
                Line(kind: line.kind.rawValue, old: line.oldNumber.map(String.init) ?? "", new: line.newNumber.map(String.init) ?? "", text: line.text,
                     sign: line.kind == .context ? " " : line.kind == .deleted ? "−" : "+", noNewline: line.missingNewline)
            }, pairs: pairs(hunk.lines))
        }
    }

    /// Deleted and inserted runs side by side, row by row; context on both sides.
    static func pairs(_ lines: [DiffLine]) -> [Pair] {
        var pairs: [Pair] = []
        var index = 0
        while index < lines.count {
            if lines[index].kind == .context {
                let line = lines[index]
                pairs.append(Pair(leftNumber: line.oldNumber.map(String.init) ?? "", leftText: line.text, leftKind: "context",
                                  rightNumber: line.newNumber.map(String.init) ?? "", rightText: line.text, rightKind: "context"))
                index += 1
                continue
            }
            var deleted: [DiffLine] = [], inserted: [DiffLine] = []
            while index < lines.count, lines[index].kind != .context {
                if lines[index].kind == .deleted { deleted.append(lines[index]) } else { inserted.append(lines[index]) }
                index += 1
            }
            for row in 0..<max(deleted.count, inserted.count) {
                let left = row < deleted.count ? deleted[row] : nil
                let right = row < inserted.count ? inserted[row] : nil
                pairs.append(Pair(leftNumber: left?.oldNumber.map(String.init) ?? "", leftText: left?.text ?? "", leftKind: left == nil ? "empty" : "deleted",
                                  rightNumber: right?.newNumber.map(String.init) ?? "", rightText: right?.text ?? "", rightKind: right == nil ? "empty" : "inserted"))
            }
        }
        return pairs
    }
}
