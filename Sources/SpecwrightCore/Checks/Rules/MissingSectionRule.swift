/// Every section the template has (and does not mark optional) must be in the spec.
struct MissingSectionRule: Rule {
    let descriptor = RuleDescriptor(id: "missing-section", severity: .error, summary: "required section missing",
                                    help: "Add the section with the template's heading; headings are matched ignoring case and numbering, so renaming or merging sections the template requires hides them.")

    func check(_ context: RuleContext) -> [RuleFinding] {
        guard let schema = context.schema, let match = context.sectionMatch else { return [] }
        let specSections = context.spec.outline.sections
        var findings: [RuleFinding] = []
        for (index, section) in schema.sections.enumerated() where match.specSections[index].isEmpty && !section.optional {
            // Report only the topmost missing section; its subsections go with it.
            if let parent = section.parent, match.specSections[parent].isEmpty { continue }
            let heading = String(repeating: "#", count: section.level) + " " + section.title
            let siblings = section.parent.map { schema.sections[$0].children } ?? schema.sections.indices.filter { schema.sections[$0].parent == nil }
            let next = siblings.filter { $0 > index }.lazy.compactMap { match.specSections[$0].first }.first
            if let next {
                findings.append(RuleFinding("missing section '\(heading)' (expected before '\(specSections[next].title)')", at: specSections[next].heading.range))
            } else if let parent = section.parent, let parentSection = match.specSections[parent].first {
                findings.append(RuleFinding("missing section '\(heading)' (expected in '\(specSections[parentSection].title)')", at: specSections[parentSection].heading.range))
            } else {
                findings.append(RuleFinding("missing section '\(heading)'", at: context.spec.outline.title?.range))
            }
        }
        return findings
    }
}
