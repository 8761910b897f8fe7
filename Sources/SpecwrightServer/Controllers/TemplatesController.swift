import Foundation
import Hummingbird
import SpecwrightCore

/// `GET /api/v1/templates` and `/templates/{name}`.
///
/// Templates do not change while the server runs, so their JSON is encoded once, when the router
/// is built.
struct TemplatesController {
    private let list: ByteBuffer
    private let templates: [String: ByteBuffer]

    init(catalog: TemplateCatalog) {
        struct List: Encodable { var templates: [TemplateBody] }
        // Strings and arrays of strings always encode.
        list = ByteBuffer(bytes: try! JSON.encoder.encode(List(templates: catalog.templates.map { Self.body($0, full: false) })))
        templates = Dictionary(catalog.templates.map { ($0.name, ByteBuffer(bytes: try! JSON.encoder.encode(Self.body($0, full: true)))) }, uniquingKeysWith: { first, _ in first })
    }

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get(use: listTemplates)
        routes.get(":name", use: show)
        return routes
    }

    static func body(_ template: Template, full: Bool) -> TemplateBody {
        TemplateBody(
            name: template.name, summary: template.summary, source: template.origin == .builtin ? "built-in" : "workspace",
            statuses: template.schema.statuses, sections: full ? template.schema.sections.map { $0.path.joined(separator: " > ") } : nil,
            markdown: full ? template.document.text : nil)
    }

    @Sendable func listTemplates(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.require(.reader)
        return Self.json(list)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.require(.reader)
        let name = try context.parameters.require("name")
        guard let body = templates[name] else { throw APIError(.notFound, "no template '\(name)'") }
        return Self.json(body)
    }

    private static func json(_ body: ByteBuffer) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
    }
}
