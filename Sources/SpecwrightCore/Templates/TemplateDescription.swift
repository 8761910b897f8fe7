/// A readable account of what Specwright derived from a template (`specwright templates NAME`).
public struct TemplateDescription: Sendable {
    public let template: Template

    public init(_ template: Template) {
        self.template = template
    }

    public var text: String {
        let schema = template.schema
        var lines = ["\(template.name) — \(template.summary)", "source: \(template.origin.description)", ""]
        if let title = schema.title { lines.append("Title pattern: \(title.display)") }
        lines.append("")
        lines.append("Header fields")
        for field in schema.fields {
            let kind: String
            switch field.valueKind {
            case .choice(let values): kind = "one of " + values.joined(separator: " | ")
            case .date: kind = "date (YYYY-MM-DD)"
            case .version: kind = "version"
            case .text: kind = "text"
            }
            lines.append("  \(field.key): \(kind)")
        }
        lines.append("")
        lines.append("Sections (\(schema.sections.count))")
        for section in schema.sections {
            var line = String(repeating: "  ", count: section.level - 1) + section.title
            var notes: [String] = []
            if section.optional { notes.append("optional") }
            if section.pattern != nil { notes.append("repeatable") }
            if !section.tables.isEmpty { notes.append(section.tables.map { "table: " + $0.joined(separator: " | ") }.joined(separator: "; ")) }
            if !section.checklist.isEmpty { notes.append("\(section.checklist.count) checklist item\(section.checklist.count == 1 ? "" : "s")") }
            if !notes.isEmpty { line += "  [" + notes.joined(separator: "; ") + "]" }
            lines.append(line)
        }
        if let log = schema.changeLog { lines += ["", "Change log columns: " + log.columns.joined(separator: " | ")] }
        if let signOff = schema.signOff { lines += ["Sign-off roles: " + signOff.roles.joined(separator: ", ")] }
        let vocabulary = schema.vocabulary
        lines += ["", "Placeholder forms: [...] in prose, YYYY-MM-DD"]
        if !vocabulary.tokens.isEmpty { lines.append("  variables: " + vocabulary.tokens.joined(separator: ", ")) }
        if !vocabulary.literalValues.isEmpty { lines.append("  option lists and sample values: " + vocabulary.literalValues.sorted().joined(separator: ", ")) }
        if !vocabulary.codeBrackets.isEmpty { lines.append("  in code: " + vocabulary.codeBrackets.sorted().map { "[\($0)]" }.joined(separator: ", ")) }
        return lines.joined(separator: "\n") + "\n"
    }
}
