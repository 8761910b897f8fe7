/// One check Specwright runs on a spec. Rules are stateless values; the ``Checker`` runs every
/// rule of its ``RuleSet`` over a ``RuleContext`` and turns their findings into ``Diagnostic``s.
///
/// Other modules add rules by appending to a ``RuleSet`` (the embedded-block checks do), so the
/// core stays free of their dependencies.
///
/// ```swift
/// struct NoTodo: Rule {
///     let descriptor = RuleDescriptor(id: "no-todo", severity: .warning, summary: "TODO left in the text",
///                                     help: "Finish the TODO or move it to an issue.")
///     func check(_ context: RuleContext) -> [RuleFinding] { ... }
/// }
/// ```
public protocol Rule: Sendable {
    /// What the rule is: its id, default severity and the texts output formats show for it.
    var descriptor: RuleDescriptor { get }
    func check(_ context: RuleContext) -> [RuleFinding]
    /// How many findings ``check(_:)`` would return; rules override it when counting is much
    /// cheaper than describing (used when the findings are below the reported severity).
    func count(_ context: RuleContext) -> Int
    /// Whether some of the spec's findings carry a severity of their own (``RuleFinding/severity``),
    /// which then replaces the rule's default unless the configuration names one for the rule.
    func setsFindingSeverity(_ context: RuleContext) -> Bool
}

extension Rule {
    public func count(_ context: RuleContext) -> Int { check(context).count }
    public func setsFindingSeverity(_ context: RuleContext) -> Bool { false }

    /// Stable identifier used in output, configuration and baselines.
    public var id: String { descriptor.id }
    public var defaultSeverity: Severity { descriptor.defaultSeverity }
}

/// A rule's identity and documentation, in one value that the checker, the configuration and the
/// SARIF output read.
public struct RuleDescriptor: Sendable, Equatable {
    /// Stable identifier used in output, configuration and baselines.
    public var id: String
    public var defaultSeverity: Severity
    /// One line saying what the rule reports (SARIF's short description).
    public var summary: String
    /// How to fix what it reports (SARIF's help text).
    public var help: String

    public init(id: String, severity: Severity, summary: String, help: String) {
        self.id = id
        self.defaultSeverity = severity
        self.summary = summary
        self.help = help
    }
}

/// A rule's report: where and what. The checker adds the rule id, severity and file.
public struct RuleFinding: Sendable, Equatable {
    public var range: Range<Int>?
    public var message: String
    /// This finding's own weight (an unknown template marker, a placeholder past draft, a waived
    /// gate); nil: the rule's.
    public var severity: Severity?

    public init(_ message: String, at range: Range<Int>?, severity: Severity? = nil) {
        self.message = message
        self.range = range
        self.severity = severity
    }
}

/// The rules a checker runs.
public struct RuleSet: Sendable {
    public var rules: [any Rule]

    public init(_ rules: [any Rule]) {
        self.rules = rules
    }

    /// Every rule SpecwrightCore ships, in reporting order.
    public static let core = RuleSet([
        TemplateMatchRule(), TitleRule(), MissingFieldRule(), FieldValueRule(), DateFormatRule(), VersionFormatRule(),
        DateOrderRule(), MissingSectionRule(), EmptySectionRule(), SectionOrderRule(), TableColumnsRule(),
        TableRowCellsRule(), PlaceholderRule(), TableOfContentsRule(), ChangeLogRule(), SignOffRule(), UncheckedItemRule(),
        StatusGatesRule(policy: GatePolicy()),
    ])

    /// These rules with the gates of `policy`: the `status-gates` rule's settings, and whether
    /// placeholders in required sections are errors past draft.
    public func with(gates policy: GatePolicy) -> RuleSet {
        var rules = self
        rules.replace(with: StatusGatesRule(policy: policy))
        rules.replace(with: PlaceholderRule(escalatesPastDraft: policy.config.review.noPlaceholdersInRequiredSections))
        return rules
    }

    public mutating func append(_ rule: any Rule) { rules.append(rule) }

    /// Puts `rule` in place of the rule with its id (or appends it), keeping the reporting order.
    public mutating func replace(with rule: any Rule) {
        if let index = rules.firstIndex(where: { $0.id == rule.id }) { rules[index] = rule } else { rules.append(rule) }
    }

    public func rule(withID id: String) -> (any Rule)? { rules.first { $0.id == id } }
}
