/// Which spec section is which template section.
///
/// Sections match by normalised title under the matched parent; a section the author moved under
/// another parent is still found (by title, anywhere) rather than reported missing.
public struct SectionMatch: Sendable {
    /// For each template section, the spec sections that are it (several for repeatable sections).
    public var specSections: [[Int]]
    /// For each spec section, the template section it is, or nil for a section of the author's own.
    public var templateSection: [Int?]

    public init(spec: Spec, schema: TemplateSchema) {
        let sections = spec.outline.sections
        specSections = Array(repeating: [], count: schema.sections.count)
        templateSection = Array(repeating: nil, count: sections.count)
        let keys = sections.map(\.key)
        let templateRoots = schema.sections.indices.filter { schema.sections[$0].parent == nil }
        match(templateRoots, candidates: spec.outline.roots, schema: schema, keys: keys, sections: sections)
        // Second pass: a section found anywhere else by title is present, just misplaced.
        for index in schema.sections.indices where specSections[index].isEmpty && schema.sections[index].pattern == nil {
            if let found = keys.indices.first(where: { templateSection[$0] == nil && keys[$0] == schema.sections[index].key }) {
                assign(found, to: index)
            }
        }
    }

    private mutating func match(_ templateIndices: [Int], candidates: [Int], schema: TemplateSchema, keys: [String], sections: [Outline.Section]) {
        // Exact titles claim their headings before repeatable patterns ("Step N" must not take "Step Owners").
        let ordered = templateIndices.filter { schema.sections[$0].pattern == nil } + templateIndices.filter { schema.sections[$0].pattern != nil }
        for index in ordered {
            let section = schema.sections[index]
            let found = candidates.filter { templateSection[$0] == nil && section.matches(keys[$0]) }
            let chosen = section.pattern == nil ? Array(found.prefix(1)) : found
            for specIndex in chosen { assign(specIndex, to: index) }
            guard !section.children.isEmpty, !chosen.isEmpty else { continue }
            let childCandidates = chosen.flatMap { sections[$0].children }
            match(section.children, candidates: childCandidates, schema: schema, keys: keys, sections: sections)
        }
    }

    private mutating func assign(_ specIndex: Int, to templateIndex: Int) {
        specSections[templateIndex].append(specIndex)
        templateSection[specIndex] = templateIndex
    }
}
