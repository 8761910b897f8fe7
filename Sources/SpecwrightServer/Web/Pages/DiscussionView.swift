import Foundation
import SpecwrightCore
import SpecwrightStore

/// The spec page's review panel: threads by section with their comments (Markdown rendered as
/// safely as specs), suggested edits, and the forms to open, answer, resolve and request review.
struct DiscussionView: Encodable {
    struct SectionOption: Encodable, Sendable {
        var path: [String]
        /// The heading path as JSON (the form's value).
        var value: String
        var label: String
        var anchor: String
    }

    struct CommentView: Encodable {
        var id: Int64
        var author: String
        var created: String
        var createdISO: String
        var html: String
        var edited: Bool
        /// The viewer wrote it and may still edit it (the Markdown is in `body`).
        var canEdit: Bool
        var body: String
    }

    struct SuggestionView: Encodable {
        var text: String
        var pending: Bool
        var state: String
        var canApply: Bool
        var canDismiss: Bool
    }

    struct ThreadView: Encodable {
        var id: Int64
        var kind: String
        var kindLabel: String
        var isConcern: Bool
        var open: Bool
        var author: String
        var place: String
        var anchor: String?
        var line: Int?
        var quote: String?
        var outdated: Bool
        var moved: Bool
        var revision: Int
        var comments: [CommentView]
        var suggestion: SuggestionView?
        var canReply: Bool
        var canResolve: Bool
        var canReopen: Bool
    }

    var slug: String
    var etag: String
    var csrf: String
    var canComment: Bool
    var threads: [ThreadView]
    var hasThreads: Bool
    var openCount: Int
    var oneOpen: Bool
    var openConcerns: Int
    var oneConcern: Bool
    var hasOpenConcerns: Bool
    var sections: [SectionOption]
    var roles: [String]

    /// The section choices of a spec's form, from its outline (a page keeps them per revision).
    static func sectionOptions(_ spec: Spec) -> [SectionOption] {
        let anchors = spec.outline.sectionAnchors()
        let sections = spec.outline.sections
        return sections.indices.map { index in
            let path = sections[index].path
            let value = (try? JSONFormat.encoder.encode(path)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
            return SectionOption(path: path, value: value, label: String(repeating: "  ", count: max(0, sections[index].level - 2)) + sections[index].title,
                                 anchor: anchors[index])
        }
    }

    /// A comment's Markdown as HTML: as safely as specs, but without heading ids (a comment's
    /// heading must not take the id of one of the page's own elements).
    static func html(_ markdown: String) -> String {
        var options = HTMLRenderer.Options.untrusted
        options.headingAnchors = false
        return HTMLRenderer(options: options).render(MarkdownDocument(bytes: Array(markdown.utf8), frontMatter: false))
    }

    /// - Parameters:
    ///   - sections: the spec's ``sectionOptions(_:)``.
    ///   - html: a comment's body as HTML (the page keeps them).
    init(slug: String, current: CurrentRevision, threads: [ThreadBody], user: AuthenticatedUser, csrf: String, concernResolverRole: UserRole,
         sections: [SectionOption], html: (CommentBody) -> String) {
        func anchor(for path: [String]?) -> String? {
            guard let path else { return nil }
            return sections.first { $0.path == path }?.anchor
        }
        let canComment = user.role >= .author
        self.slug = slug
        etag = current.record.contentHash
        self.csrf = csrf
        self.canComment = canComment
        self.threads = threads.map { thread in
            let isConcern = thread.kind == .concern
            let mayResolve = canComment && (!isConcern || thread.author == user.name || user.role >= concernResolverRole)
            let open = thread.state == "open"
            let path = thread.anchor.section ?? thread.section
            return ThreadView(
                id: thread.id, kind: thread.kind.rawValue, kindLabel: thread.kind.rawValue.capitalized, isConcern: isConcern, open: open, author: thread.author,
                place: path.isEmpty ? "Whole spec" : path.joined(separator: " › "), anchor: anchor(for: thread.anchor.section), line: thread.anchor.line,
                quote: thread.quote, outdated: thread.anchor.outdated, moved: thread.anchor.moved, revision: thread.revision,
                comments: thread.comments.map { comment in
                    CommentView(id: comment.id, author: comment.author, created: WebApp.displayDate(comment.created), createdISO: WebApp.isoDate(comment.created),
                                html: html(comment), edited: comment.edited != nil,
                                canEdit: comment.author == user.name && Date().timeIntervalSince(comment.created) < ReviewService.editWindow, body: comment.body)
                },
                suggestion: thread.suggestion.map { suggestion in
                    let pending = suggestion.state == .pending
                    return SuggestionView(text: suggestion.text, pending: pending, state: suggestion.state.rawValue,
                                          canApply: pending && canComment && thread.author != user.name && !thread.anchor.outdated, canDismiss: pending && canComment)
                },
                canReply: canComment, canResolve: open && mayResolve, canReopen: !open && mayResolve)
        }
        hasThreads = !threads.isEmpty
        openCount = threads.count { $0.state == "open" }
        oneOpen = openCount == 1
        openConcerns = threads.count { $0.state == "open" && $0.kind == .concern }
        oneConcern = openConcerns == 1
        hasOpenConcerns = openConcerns > 0
        self.sections = sections
        roles = UserRole.allCases.filter { $0 >= .author }.map(\.rawValue)
    }
}
