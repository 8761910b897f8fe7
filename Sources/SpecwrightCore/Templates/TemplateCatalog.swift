import Foundation

/// The templates a command can use: the built-in ones plus a workspace's `templates/` folder
/// (a workspace template with a built-in's name replaces it).
///
/// ```swift
/// let catalog = try TemplateCatalog.load(templatesDirectory: workspace.templatesDirectory)
/// let (template, score) = catalog.bestMatch(for: spec)!
/// ```
public struct TemplateCatalog: Sendable {
    public private(set) var templates: [Template]

    public init(templates: [Template]) {
        self.templates = templates
    }

    /// The built-in templates, parsed once per process.
    public static let builtin = TemplateCatalog(templates: BuiltinTemplates.all.map {
        Template(name: $0.name, summary: $0.summary, origin: .builtin, bytes: $0.bytes)
    })

    /// Built-ins plus every `*.md` in `templatesDirectory` (if it exists), sorted by name.
    public static func load(templatesDirectory: URL?) throws -> TemplateCatalog {
        var catalog = builtin
        guard let directory = templatesDirectory else { return catalog }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else { return catalog }
        let entries = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
        for url in entries.sorted(by: { $0.lastPathComponent < $1.lastPathComponent }) where url.pathExtension.lowercased() == "md" {
            catalog.add(try Template.load(contentsOf: url))
        }
        return catalog
    }

    /// Adds a template, replacing one with the same name.
    public mutating func add(_ template: Template) {
        templates.removeAll { $0.name == template.name }
        templates.append(template)
    }

    public func template(named name: String) -> Template? {
        templates.first { $0.name == name }
    }

    public var names: [String] { templates.map(\.name) }

    /// The template whose sections a spec shares most, with the share of the template's
    /// sections found (0…1); nil when no template reaches `threshold`.
    public func bestMatch(for spec: Spec, threshold: Double = 0.3) -> (template: Template, score: Double)? {
        let titles = Set(spec.outline.sections.map(\.key))
        var best: (Template, Double)?
        for template in templates {
            let schema = template.schema
            guard !schema.sections.isEmpty else { continue }
            var found = 0
            for index in schema.sections.indices {
                if let pattern = schema.sections[index].pattern {
                    if titles.contains(where: { TemplateSchema.glob(pattern, matches: $0) }) { found += 1 }
                } else if titles.contains(schema.sections[index].key) {
                    found += 1
                }
            }
            let score = Double(found) / Double(schema.sections.count)
            if score >= threshold && score > (best?.1 ?? 0) { best = (template, score) }
        }
        return best
    }
}
