/// A section with neither content nor subsections.
struct EmptySectionRule: Rule {
    let descriptor = RuleDescriptor(id: "empty-section", severity: .warning, summary: "section has no content",
                                    help: "Write the section's content, or remove the heading if the template marks the section optional.")

    func check(_ context: RuleContext) -> [RuleFinding] {
        context.spec.outline.sections.compactMap { section in
            guard section.children.isEmpty, !Self.hasContent(section) else { return nil }
            return RuleFinding("section '\(section.title)' is empty", at: section.heading.range)
        }
    }

    /// Content is any block but comments and link definitions.
    public static func hasContent(_ section: Outline.Section) -> Bool {
        section.body.contains { block in
            switch block.kind {
            case .htmlBlock, .linkReferenceDefinition: return false
            default: return true
            }
        }
    }
}
