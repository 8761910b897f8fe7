import Foundation
import Hummingbird
import SpecwrightCore

/// `/templates`: the catalog, and for each template what Specwright derived from it.
struct TemplatePages {
    let app: WebApp

    var routes: [Route] {
        [
            Route(.get, "templates", "templatesPage", role: .reader, list),
            Route(.get, "templates/:name", "templatePage", role: .reader, show),
        ]
    }

    struct Entry: Encodable {
        var name: String
        var sections: Int
        var fields: Int
        var statuses: String
    }

    struct ListView: Encodable {
        var frame: PageFrame
        var templates: [Entry]
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let entries = app.environment.catalog.templates.map { template in
            Entry(name: template.name, sections: template.schema.sections.count, fields: template.schema.fields.count,
                  statuses: template.schema.statuses.joined(separator: " → "))
        }
        return app.renderer.render("templates", ListView(frame: app.frame("Templates", context, request: request, section: "templates"), templates: entries))
    }

    struct FieldView: Encodable {
        var key: String
        var kind: String
        var optional: Bool
    }

    struct SectionView: Encodable {
        var title: String
        var indent: Int
        var notes: String?
        var checklist: [String]
    }

    struct Detail: Encodable {
        var frame: PageFrame
        var name: String
        var summary: String
        var origin: String
        var titlePattern: String?
        var fields: [FieldView]
        var sections: [SectionView]
        var changeLog: String?
        var signOffRoles: String?
        var statuses: String
        var placeholders: [String]
        var newHref: String
        var canAuthor: Bool
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        guard let template = app.environment.catalog.template(named: name) else { throw APIError(.notFound, "no template '\(name)'") }
        let schema = template.schema
        let fields = schema.fields.map { field in
            let kind = switch field.valueKind {
            case .choice(let values): "one of " + values.joined(separator: " | ")
            case .date: "date (YYYY-MM-DD)"
            case .version: "version"
            case .text: "text"
            }
            return FieldView(key: field.key, kind: kind, optional: field.optional)
        }
        let sections = schema.sections.map { section in
            var notes: [String] = []
            if section.optional { notes.append("optional") }
            if section.pattern != nil { notes.append("repeatable") }
            for table in section.tables { notes.append("table: " + table.joined(separator: " | ")) }
            if section.placeholderCount > 0 { notes.append("\(section.placeholderCount) placeholder\(section.placeholderCount == 1 ? "" : "s")") }
            return SectionView(title: section.title, indent: max(0, section.level - 2), notes: notes.isEmpty ? nil : notes.joined(separator: "; "), checklist: section.checklist)
        }
        let vocabulary = schema.vocabulary
        var placeholders = ["[...] in prose", "YYYY-MM-DD"]
        if !vocabulary.tokens.isEmpty { placeholders.append("variables: " + vocabulary.tokens.joined(separator: ", ")) }
        if !vocabulary.literalValues.isEmpty { placeholders.append("option lists and sample values: " + vocabulary.literalValues.sorted().joined(separator: ", ")) }
        let detail = Detail(
            frame: app.frame(name, context, request: request, section: "templates"), name: name, summary: template.summary, origin: template.origin.description,
            titlePattern: schema.title?.display, fields: fields, sections: sections, changeLog: schema.changeLog?.columns.joined(separator: " | "),
            signOffRoles: schema.signOff?.roles.joined(separator: ", "), statuses: schema.statuses.joined(separator: " → "), placeholders: placeholders,
            newHref: "/new?template=" + (name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? name),
            canAuthor: (context.user?.role ?? .reader) >= .author)
        return app.renderer.render("template", detail)
    }
}
