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
        ("editor", PackageResources.editor_mustache),
        ("history", PackageResources.history_mustache),
        ("new", PackageResources.new_mustache),
        ("templates", PackageResources.templates_mustache),
        ("template", PackageResources.template_mustache),
        ("admin", PackageResources.admin_mustache),
        ("audit", PackageResources.audit_mustache),
        ("error", PackageResources.error_mustache),
    ]

    /// The page `template` rendered with `view`, as an HTML response.
    func render(_ template: String, _ view: Any, status: HTTPResponse.Status = .ok) -> Response {
        let html = library.render(view, withTemplate: template) ?? ""
        return Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
