/// Sections must come in the template's order.
struct SectionOrderRule: Rule {
    let descriptor = RuleDescriptor(id: "section-order", severity: .warning, summary: "section out of the template's order",
                                    help: "Move the section to where the template puts it, so every spec written from the template reads in the same order.")

    func check(_ context: RuleContext) -> [RuleFinding] {
        guard let schema = context.schema, let match = context.sectionMatch else { return [] }
        let sections = context.spec.outline.sections
        var groups: [[Int]] = [context.spec.outline.roots]
        groups += sections.map(\.children)
        var findings: [RuleFinding] = []
        for group in groups {
            var latest: (template: Int, spec: Int)?
            for specIndex in group {
                guard let templateIndex = match.templateSection[specIndex] else { continue }
                if let previous = latest, templateIndex < previous.template {
                    let message = "section '\(sections[specIndex].title)' comes after '\(sections[previous.spec].title)', but the template puts it before '\(schema.sections[previous.template].title)'"
                    findings.append(RuleFinding(message, at: sections[specIndex].heading.range))
                } else {
                    latest = (templateIndex, specIndex)
                }
            }
        }
        return findings
    }
}
