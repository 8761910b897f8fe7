/// How far a spec is from done: the share of the template's fillable sections that are present,
/// non-empty and free of placeholders.
///
/// Each template section with content of its own (not just subsections) and not marked optional
/// is one unit. A unit scores 0 when missing or empty; otherwise 1 minus the share of its
/// placeholders still unfilled (measured against the template's own count, at least 1). The spec's
/// score is the mean. Without a template, every section with content counts as a unit.
public struct Completeness: Sendable, Equatable {
    /// 0…1 for the whole spec.
    public var overall: Double
    /// 0…1 for each section of the spec's outline (same indices).
    public var sections: [Double]

    public init(_ context: RuleContext) {
        let outline = context.spec.outline
        let ownPlaceholders = outline.sections.map { section -> Int in
            let ownEnd = section.children.first.map { outline.sections[$0].heading.range.lowerBound } ?? section.range.upperBound
            let own = section.heading.range.upperBound..<ownEnd
            return context.placeholders.filter { own.contains($0.range.lowerBound) }.count
        }
        func score(_ index: Int, expected: Int) -> Double {
            guard EmptySectionRule.hasContent(outline.sections[index]) else { return 0 }
            return max(0, 1 - Double(ownPlaceholders[index]) / Double(max(1, expected)))
        }
        var sectionScores = [Double](repeating: 1, count: outline.sections.count)
        var units: [Double] = []
        if let schema = context.schema, let match = context.sectionMatch {
            for (templateIndex, templateSection) in schema.sections.enumerated() where templateSection.hasBody {
                let matched = match.specSections[templateIndex]
                let scores = matched.map { score($0, expected: templateSection.placeholderCount) }
                for (specIndex, value) in zip(matched, scores) { sectionScores[specIndex] = value }
                if !templateSection.optional { units.append(scores.isEmpty ? 0 : scores.reduce(0, +) / Double(scores.count)) }
            }
            for index in outline.sections.indices where match.templateSection[index] == nil || !schema.sections[match.templateSection[index]!].hasBody {
                sectionScores[index] = score(index, expected: 1)
            }
        } else {
            for index in outline.sections.indices {
                sectionScores[index] = score(index, expected: 1)
                if EmptySectionRule.hasContent(outline.sections[index]) { units.append(sectionScores[index]) }
            }
        }
        // A section that is only a parent of subsections scores as their mean.
        for index in outline.sections.indices.reversed() where !outline.sections[index].children.isEmpty && !EmptySectionRule.hasContent(outline.sections[index]) {
            let children = outline.sections[index].children
            sectionScores[index] = children.map { sectionScores[$0] }.reduce(0, +) / Double(children.count)
        }
        self.sections = sectionScores
        self.overall = units.isEmpty ? 0 : units.reduce(0, +) / Double(units.count)
    }
}
