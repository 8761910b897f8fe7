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

    /// The severities `specwright.yml` sets (nil: off); rules whose work depends on another rule's
    /// weight read it.
    public let configuredSeverities: [String: Severity?]

    public var document: MarkdownDocument { spec.document }
    public var schema: TemplateSchema? { template?.schema }

    public init(spec: Spec, template: Template?, templateChoice: TemplateChoice, configuredSeverities: [String: Severity?] = [:]) {
        self.spec = spec
        self.configuredSeverities = configuredSeverities
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

    /// The placeholders in sections the template requires, each with its section (the innermost
    /// section holding it decides); those in optional sections and in the sign-off table, which is
    /// filled at approval, are left out.
    public func placeholdersInRequiredSections() -> [(placeholder: Placeholder, section: Outline.Section)] {
        guard let schema, let sectionMatch, !placeholders.isEmpty else { return [] }
        let signOff = SignOffTable(spec)?.fullRange
        let sections = spec.outline.sections
        return placeholders.compactMap { placeholder in
            let offset = placeholder.range.lowerBound
            if let signOff, signOff.contains(offset) { return nil }
            guard let index = sections.indices.last(where: { sections[$0].range.contains(offset) }),
                  let templateIndex = sectionMatch.templateSection[index], !schema.sections[templateIndex].optional else { return nil }
            return (placeholder, sections[index])
        }
    }

    /// Whether the spec's status is review, approved or implemented.
    public var isPastDraft: Bool {
        guard let stage else { return false }
        return stage == .review || stage == .approved || stage == .implemented
    }

    /// The lifecycle stage the spec's status field names; nil without a lifecycle or a known status.
    public var stage: StatusMachine.Stage? {
        guard let statuses = schema?.statuses, !statuses.isEmpty, let value = spec.field(.status)?.value else { return nil }
        let machine = StatusMachine(statuses: statuses)
        return machine.resolve(value).map(machine.stage(of:))
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
