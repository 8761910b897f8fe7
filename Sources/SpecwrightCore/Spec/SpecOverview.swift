import Foundation

/// What `specwright show` prints: metadata, the outline with per-section completeness, missing
/// template sections and open checklist items.
public struct SpecOverview: Sendable, Encodable {
    public struct Field: Sendable, Encodable {
        public var key: String
        public var value: String
        public var line: Int
    }

    public struct SectionLine: Sendable, Encodable {
        public var title: String
        /// Heading titles from the top-level section down to this one.
        public var path: [String]
        public var level: Int
        public var line: Int
        public var completeness: Double
        public var placeholders: Int
        /// Whether the section is one the template defines.
        public var fromTemplate: Bool
    }

    public struct OpenItem: Sendable, Encodable {
        public var text: String
        public var line: Int
        public var section: String?
    }

    public var path: String
    public var title: String?
    public var template: String?
    public var templateSource: String
    public var completeness: Double
    public var errors: Int
    public var warnings: Int
    public var metadata: [Field]
    public var sections: [SectionLine]
    public var missingSections: [String]
    public var openItems: [OpenItem]

    public init(spec: Spec, checker: Checker) {
        self.init(spec: spec, checker: checker, report: checker.check(spec))
    }

    /// The overview with the spec's check already made (`report`), for callers that also need the
    /// findings themselves: checking twice doubles the work.
    public init(spec: Spec, checker: Checker, report: FileReport) {
        let context = checker.context(for: spec)
        let completeness = Completeness(context)
        let document = spec.document
        let outline = spec.outline
        path = spec.path
        title = spec.title
        template = context.template?.name
        templateSource = context.templateChoice.source
        self.completeness = completeness.overall
        errors = report.count(.error)
        warnings = report.count(.warning)
        metadata = spec.metadata.map { Field(key: $0.key, value: $0.value, line: document.location($0.lineRange.lowerBound).line) }
        sections = outline.sections.enumerated().map { index, section in
            let ownEnd = section.children.first.map { outline.sections[$0].heading.range.lowerBound } ?? section.range.upperBound
            let own = section.heading.range.upperBound..<ownEnd
            return SectionLine(
                title: section.title, path: section.path, level: section.level, line: document.location(section.heading.range.lowerBound).line,
                completeness: completeness.sections[index], placeholders: context.placeholders.filter { own.contains($0.range.lowerBound) }.count,
                fromTemplate: context.sectionMatch?.templateSection[index] != nil)
        }
        missingSections = report.diagnostics.filter { $0.rule == MissingSectionRule().id }.map(\.message)
        openItems = TaskItems.collect(in: document).filter { !$0.checked }.map { item in
            let section = outline.sections.last { $0.range.contains(item.checkbox.lowerBound) }
            return OpenItem(text: item.text, line: item.line + 1, section: section?.title)
        }
    }

    public var json: String {
        String(decoding: (try? JSONFormat.prettyEncoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }

    public var text: String {
        var lines: [String] = []
        lines.append(title ?? "(untitled)")
        var facts = [path]
        facts.append(template.map { "template \($0) (\(templateSource))" } ?? "no template")
        facts.append("\(percent(completeness)) complete")
        facts.append("\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
        lines.append(facts.joined(separator: " · "))
        if !metadata.isEmpty {
            lines.append("")
            lines.append("Metadata")
            let width = metadata.map(\.key.count).max() ?? 0
            for field in metadata { lines.append("  " + field.key + String(repeating: " ", count: width - field.key.count) + "  " + field.value) }
        }
        lines.append("")
        lines.append("Sections")
        let titleWidth = max(8, min(56, sections.map { $0.title.count + 2 * max(0, $0.level - 2) }.max() ?? 0))
        for section in sections {
            let indent = String(repeating: "  ", count: max(0, section.level - 2))
            var name = indent + section.title
            if name.count > titleWidth { name = String(name.prefix(titleWidth - 1)) + "…" }
            var line = "  " + name + String(repeating: " ", count: max(0, titleWidth - name.count)) + "  " + percent(section.completeness).leftPadded(4)
            if section.placeholders > 0 { line += "  \(section.placeholders) placeholder\(section.placeholders == 1 ? "" : "s")" }
            if !section.fromTemplate && template != nil { line += "  (not in template)" }
            lines.append(line)
        }
        for missing in missingSections { lines.append("  ✗ " + missing) }
        if !openItems.isEmpty {
            lines.append("")
            lines.append("Open checklist items (\(openItems.count))")
            var currentSection: String?? = .none
            for item in openItems {
                if currentSection != .some(item.section) {
                    lines.append("  " + (item.section ?? "(no section)"))
                    currentSection = .some(item.section)
                }
                lines.append("    [ ] \(item.text)  (line \(item.line))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func percent(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
