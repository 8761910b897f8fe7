/// Everything a rule may look at, computed once per file.
public struct RuleContext: Sendable {
    public let spec: Spec
    /// The template the spec is checked against (from its marker, or the best match).
    public let template: Template?
    /// How the template was chosen.
    public let templateChoice: TemplateChoice
    public let sectionMatch: SectionMatch?
    /// Every unfilled placeholder in the spec.
    public let placeholders: [Placeholder]
    /// Every fenced code block, in document order (for rules that check embedded code).
    public let fencedCodeBlocks: [Block]

    public var document: MarkdownDocument { spec.document }
    public var schema: TemplateSchema? { template?.schema }

    public init(spec: Spec, template: Template?, templateChoice: TemplateChoice) {
        self.spec = spec
        self.template = template
        self.templateChoice = templateChoice
        self.sectionMatch = template.map { SectionMatch(spec: spec, schema: $0.schema) }
        let vocabulary = template?.schema.vocabulary ?? PlaceholderVocabulary()
        self.placeholders = PlaceholderScanner(vocabulary: vocabulary).scan(spec.document)
        var fenced: [Block] = []
        spec.document.walk { block, _ in
            if case .codeBlock(let info) = block.kind {
                if info.fenced { fenced.append(block) }
                return false
            }
            if case .table = block.kind { return false }
            return !block.children.isEmpty
        }
        self.fencedCodeBlocks = fenced
    }

}

/// How the checker picked a spec's template.
public enum TemplateChoice: Sendable, Equatable {
    /// Named by the spec's marker.
    case marker(String)
    /// No marker: the best match by shared sections (score 0…1).
    case inferred(String, score: Double)
    /// Named on the command line.
    case explicit(String)
    /// The marker names a template nobody has.
    case unknown(String)
    /// No marker and nothing matched.
    case none

    public var templateName: String? {
        switch self {
        case .marker(let name), .explicit(let name), .inferred(let name, _): return name
        case .unknown, .none: return nil
        }
    }

    /// `marker`, `inferred`, `explicit`, `unknown` or `none`, as the JSON output reports it.
    public var source: String {
        switch self {
        case .marker: "marker"
        case .inferred: "inferred"
        case .explicit: "explicit"
        case .unknown: "unknown"
        case .none: "none"
        }
    }
}
