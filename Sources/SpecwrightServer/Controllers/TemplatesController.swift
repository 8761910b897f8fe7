import Hummingbird
import SpecwrightCore

/// `GET /api/v1/templates` and `/templates/{name}`.
struct TemplatesController {
    let catalog: TemplateCatalog

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get(use: list)
        routes.get(":name", use: show)
        return routes
    }

    func body(_ template: Template, full: Bool) -> TemplateBody {
        TemplateBody(
            name: template.name, summary: template.summary, source: template.origin == .builtin ? "built-in" : "workspace",
            statuses: template.schema.statuses, sections: full ? template.schema.sections.map { $0.path.joined(separator: " > ") } : nil,
            markdown: full ? template.document.text : nil)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.require(.reader)
        struct Body: Encodable { var templates: [TemplateBody] }
        return try JSON.response(Body(templates: catalog.templates.map { body($0, full: false) }))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.require(.reader)
        let name = try context.parameters.require("name")
        guard let template = catalog.template(named: name) else { throw APIError(.notFound, "no template '\(name)'") }
        return try JSON.response(body(template, full: true))
    }
}
