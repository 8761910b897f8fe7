import Foundation
import MCP
import SpecwrightCore

extension SpecwrightMCPServer {
    /// One "draft this section from notes" prompt per top-level section of each template.
    struct SectionPrompt {
        var name: String
        var template: Template
        var section: Outline.Section
    }

    func sectionPrompts() -> [SectionPrompt] {
        checker.catalog.templates.flatMap { template -> [SectionPrompt] in
            let outline = Outline(template.document)
            let anchors = outline.sectionAnchors()
            // Derived sections (table of contents, change log) are maintained by tools, not drafted.
            let derived: Set<String> = ["table of contents", "contents", "toc", "change log", "changelog", "document history"]
            return outline.roots.filter { !derived.contains(outline.sections[$0].key) }.map { index in
                SectionPrompt(name: "draft_\(template.name)_\(anchors[index])".replacingOccurrences(of: "-", with: "_"), template: template, section: outline.sections[index])
            }
        }
    }

    func prompts() -> [Prompt] {
        sectionPrompts().map { prompt in
            Prompt(
                name: prompt.name,
                description: "Draft the '\(prompt.section.title)' section of a \(prompt.template.name) spec from notes, following the template's guidance",
                arguments: [
                    .init(name: "notes", description: "What the section should say: facts, decisions, numbers", required: true),
                    .init(name: "spec", description: "Path of the spec being written (relative to the workspace)", required: false),
                ])
        }
    }

    func prompt(_ name: String, arguments: [String: String]?) throws -> GetPrompt.Result {
        guard let prompt = sectionPrompts().first(where: { $0.name == name }) else {
            throw MCPError.invalidParams("unknown prompt \(name); see prompts/list")
        }
        guard let notes = arguments?["notes"], !notes.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw MCPError.invalidParams("the prompt needs the 'notes' argument")
        }
        let guidance = prompt.template.document.string(prompt.section.range).trimmingCharacters(in: .whitespacesAndNewlines)
        let target = arguments?["spec"].map { " of the spec \($0)" } ?? ""
        let text = """
            Write the "\(prompt.section.title)" section\(target), which follows the \(prompt.template.name) template.

            The template's text for this section, with its headings, tables and checklists (the [bracketed] \
            parts and ALL_CAPS variables are placeholders to replace with real content):

            \(guidance)

            Notes to draft from:

            \(notes)

            Rules: keep every heading and the order of the subsections; keep each table's columns exactly; \
            replace every placeholder (a bracketed text, YYYY-MM-DD, option lists like HIGH/MED/LOW); do not \
            invent facts the notes do not support, write "TBD: <question>" instead. Then save each subsection \
            with the update_section tool and run check_spec.
            """
        return .init(description: "Draft '\(prompt.section.title)' (\(prompt.template.name))", messages: [.user(.text(text: text))])
    }
}
