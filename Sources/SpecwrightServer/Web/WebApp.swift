import Foundation
import Hummingbird
import SpecwrightCore
import SpecwrightStore

/// The web app: pages for people, served at `/` beside the API, on the same service, store and
/// route table (each page and action is a ``Route`` with its least role, like an endpoint).
struct WebApp: Sendable {
    let service: SpecService
    let sessions: SessionAuthority
    let renderer: PageRenderer
    let configuration: ServerConfiguration
    /// Views that depend only on a revision's text (rendered HTML, outline, sign-off table), by content hash.
    let views = BoundedCache<String, SpecTextView>(limit: 10_000, byteLimit: 64 << 20) { $0.size }
    /// Rendered spec page bodies by content hash, revision and role (see ``SpecPages``).
    let pageBodies = BoundedCache<String, PageRenderer.SlottedHTML>(limit: 10_000, byteLimit: 64 << 20) { $0.size }
    /// Results computed across many specs (counts, the review queue), kept until the next write:
    /// keys start with the service's write count.
    let counts = BoundedCache<String, Int>(limit: 1024)
    let statusCounts = BoundedCache<String, [String: Int]>(limit: 16)
    let reviewQueues = BoundedCache<String, [ReviewItem]>(limit: 4, byteLimit: 4 << 20) { $0.count * 512 + 64 }
    /// Rendered review panels by revision, threads' state and viewer (see ``SpecPages``).
    let discussionPanels = BoundedCache<String, PageRenderer.SlottedHTML>(limit: 10_000, byteLimit: 32 << 20) { $0.size }
    /// The review form's section choices by content hash.
    let sectionChoices = BoundedCache<String, [DiscussionView.SectionOption]>(limit: 2_000, byteLimit: 16 << 20) { $0.count * 256 + 64 }
    /// Sign-off rows by content hash (for lists, which need them for many specs at once).
    let signOffViews = BoundedCache<String, [SpecTextView.SignOffRow]>(limit: 20_000, byteLimit: 8 << 20) { $0.count * 256 + 64 }

    /// Threads, concerns, suggestions and review requests (the same as the API's).
    let review: ReviewService

    init(service: SpecService, configuration: ServerConfiguration) {
        self.service = service
        self.configuration = configuration
        self.review = ReviewService(service: service, concernResolverRole: configuration.concernResolverRole)
        self.sessions = SessionAuthority(store: service.store, configuration: configuration)
        self.renderer = PageRenderer(assets: WebAssets())
    }

    var store: any SpecStore { service.store }
    var environment: SpecEnvironment { service.environment }

    /// Every page and form action.
    var routes: [Route] {
        SignInPages(app: self).routes
            + DashboardPage(app: self).routes
            + SpecPages(app: self).routes
            + EditorPages(app: self).routes
            + HistoryPage(app: self).routes
            + TemplatePages(app: self).routes
            + AdminPages(app: self).routes
            + ReviewPages(app: self).routes
            + [Route(.get, "assets/:file", "asset", role: nil, asset)]
    }

    @Sendable func asset(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let asset = renderer.assets.byName[try context.parameters.require("file")] else { throw APIError(.notFound, "no such asset") }
        return Response(status: .ok, headers: [.contentType: asset.contentType, .cacheControl: "public, max-age=31536000, immutable"],
                        body: .init(byteBuffer: asset.body))
    }

    // MARK: Page frame

    /// What the layout shows around every page.
    func frame(_ title: String, _ context: AppRequestContext, request: Request, section: String = "", editor: Bool = false) -> PageFrame {
        let user = context.user.map { user in
            PageFrame.User(name: user.name, role: user.role.rawValue, canAuthor: user.role >= .author, isAdmin: user.role >= .admin)
        }
        let notice = Self.query(request)["done"].flatMap { Self.notices[$0] }
        return PageFrame(
            title: title, user: user, csrf: context.session?.csrfToken ?? "", css: renderer.assets.path("app.css"), appJS: renderer.assets.path("app.js"),
            editorJS: editor ? renderer.assets.path("editor.js") : nil, icon: renderer.assets.path("icon.svg"), notice: notice,
            onDashboard: section == "specs", onNew: section == "new", onTemplates: section == "templates", onAdmin: section == "admin", onInbox: section == "inbox")
    }

    /// Messages a redirect after an action names by code (never text from the request).
    static let notices: [String: String] = [
        "saved": "Saved as a new revision.",
        "created": "Spec created.",
        "signed": "Sign-off recorded.",
        "moved": "Status changed.",
        "ticked": "Checklist updated.",
        "password": "Password changed.",
        "user": "User saved.",
        "token": "Token revoked.",
        "unchanged": "Nothing changed: the text is the same as the current revision.",
        "thread": "Thread opened.",
        "reply": "Reply posted.",
        "edited": "Comment edited.",
        "resolved": "Thread resolved.",
        "reopened": "Thread reopened.",
        "applied": "Suggestion applied as a new revision.",
        "dismissed": "Suggestion dismissed.",
        "requested": "Review requested.",
        "cleared": "Marked done.",
        "webhook": "Webhook saved.",
    ]

    /// A redirect after a form (303: the browser follows with GET).
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// Whether the request came from the app's own script, which wants JSON instead of a redirect.
    static func wantsJSON(_ request: Request) -> Bool {
        (request.headers[.accept] ?? "").contains("application/json")
    }

    /// The query string's fields, decoded as a browser's GET form encodes them (`+` is a space).
    static func query(_ request: Request) -> FormFields {
        FormFields(request.uri.query ?? "")
    }

    /// The fields of a posted form (up to the body limit).
    static func form(_ request: Request, _ context: AppRequestContext) async throws -> FormFields {
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        return FormFields(String(buffer: body))
    }

    func slug(_ context: AppRequestContext) throws -> String {
        let slug = try context.parameters.require("slug")
        guard SpecService.isValidSlug(slug) else { throw APIError(.notFound, "no spec '\(slug)'") }
        return slug
    }
}

/// The layout's values.
struct PageFrame: Encodable {
    struct User: Encodable {
        var name: String
        var role: String
        var canAuthor: Bool
        var isAdmin: Bool
    }

    var title: String
    var user: User?
    var csrf: String
    var css: String
    var appJS: String
    var editorJS: String?
    var icon: String
    var notice: String?
    var onDashboard: Bool
    var onNew: Bool
    var onTemplates: Bool
    var onAdmin: Bool
    var onInbox: Bool = false
}

extension WebApp {
    struct ErrorView: Encodable {
        var frame: PageFrame
        var status: Int
        var reason: String
        var message: String
        var details: [String]
        var hasDetails: Bool
        var signIn: Bool
    }

    /// An error as a page, with the layout around it.
    func errorPage(_ error: APIError, _ request: Request, _ context: some RequestContext) -> Response {
        let context = context as? AppRequestContext
        let pageFrame = context.map { frame(error.status.reasonPhrase, $0, request: request) }
            ?? PageFrame(title: error.status.reasonPhrase, user: nil, csrf: "", css: renderer.assets.path("app.css"), appJS: renderer.assets.path("app.js"),
                         editorJS: nil, icon: renderer.assets.path("icon.svg"), notice: nil, onDashboard: false, onNew: false, onTemplates: false, onAdmin: false)
        let view = ErrorView(frame: pageFrame, status: Int(error.status.code), reason: error.status.reasonPhrase, message: error.message, details: error.details ?? [],
                             hasDetails: !(error.details ?? []).isEmpty, signIn: context?.user == nil)
        return renderer.render("error", view, status: error.status)
    }
}
