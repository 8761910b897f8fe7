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
        list = ByteBuffer(bytes: try! JSONFormat.encoder.encode(List(templates: catalog.templates.map { Self.body($0, full: false) })))
        templates = Dictionary(catalog.templates.map { ($0.name, ByteBuffer(bytes: try! JSONFormat.encoder.encode(Self.body($0, full: true)))) }, uniquingKeysWith: { first, _ in first })
    }

    var routes: [Route] {
        [
            Route(.get, "templates", "listTemplates", role: .reader, listTemplates),
            Route(.get, "templates/:name", "getTemplate", role: .reader, show),
        ]
    }

    static func body(_ template: Template, full: Bool) -> TemplateBody {
        TemplateBody(
            name: template.name, summary: template.summary, source: template.origin == .builtin ? "built-in" : "workspace",
            statuses: template.schema.statuses, sections: full ? template.schema.sections.map { $0.path.joined(separator: " > ") } : nil,
            markdown: full ? template.document.text : nil)
    }

    @Sendable func listTemplates(_ request: Request, context: AppRequestContext) async throws -> Response {
        return Response.json(list)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        guard let body = templates[name] else { throw APIError(.notFound, "no template '\(name)'") }
        return Response.json(body)
    }

}
