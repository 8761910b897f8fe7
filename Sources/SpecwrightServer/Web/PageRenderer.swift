import Foundation
import Hummingbird
import Mustache

/// Renders pages from the embedded Mustache templates. Every `{{value}}` is HTML-escaped; the
/// only triple-mustache values are HTML the server made itself (a spec rendered by the core's
/// renderer with raw HTML escaped and dangerous URLs dropped).
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let assets: WebAssets

    init(assets: WebAssets) {
        self.assets = assets
        var library = MustacheLibrary()
        for (name, bytes) in Self.templates {
            do {
                try library.register(String(decoding: bytes, as: UTF8.self), named: name)
            } catch {
                // The templates are part of the binary: a broken one is a build defect.
                fatalError("page template \(name) does not parse: \(error)")
            }
        }
        self.library = library
    }

    static let templates: [(String, [UInt8])] = [
        ("layout", PackageResources.layout_mustache),
        ("signin", PackageResources.signin_mustache),
        ("password", PackageResources.password_mustache),
        ("dashboard", PackageResources.dashboard_mustache),
        ("spec", PackageResources.spec_mustache),
        ("spec_body", PackageResources.spec_body_mustache),
        ("editor", PackageResources.editor_mustache),
        ("history", PackageResources.history_mustache),
        ("new", PackageResources.new_mustache),
        ("templates", PackageResources.templates_mustache),
        ("template", PackageResources.template_mustache),
        ("admin", PackageResources.admin_mustache),
        ("audit", PackageResources.audit_mustache),
        ("error", PackageResources.error_mustache),
        ("discussion", PackageResources.discussion_mustache),
        ("inbox", PackageResources.inbox_mustache),
    ]

    /// Where a cached fragment wants the session's CSRF token. Text from a spec or a request
    /// cannot produce it: every value is escaped, so a `<` from them arrives as `&lt;`.
    static let csrfSlot = "<!--csrf-->"

    /// HTML rendered once with ``csrfSlot`` where a session's token goes, and filled per request.
    struct SlottedHTML: Sendable {
        /// The HTML between the slots.
        let parts: [String]

        init(_ html: String) {
            let bytes = Array(html.utf8)
            let slot = Array(PageRenderer.csrfSlot.utf8)
            var parts: [String] = []
            var start = 0
            var index = 0
            while index + slot.count <= bytes.count {
                if bytes[index] == slot[0], bytes[index..<index + slot.count].elementsEqual(slot) {
                    parts.append(String(decoding: bytes[start..<index], as: UTF8.self))
                    index += slot.count
                    start = index
                } else {
                    index += 1
                }
            }
            parts.append(String(decoding: bytes[start...], as: UTF8.self))
            self.parts = parts
        }

        /// The HTML with `token` in every slot.
        func filled(with token: String) -> String { parts.joined(separator: token) }

        var size: Int { parts.reduce(128) { $0 + $1.utf8.count } }
    }

    /// `template` rendered with `view`.
    func html(_ template: String, _ view: some Encodable) -> String {
        // Views hold strings, numbers, booleans and lists of them: encoding cannot fail.
        let tree = (try? MustacheTree.make(view)) ?? [String: Any]()
        return library.render(tree, withTemplate: template) ?? ""
    }

    /// The page `template` rendered with `view`, as an HTML response.
    func render(_ template: String, _ view: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let html = html(template, view)
        return Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
