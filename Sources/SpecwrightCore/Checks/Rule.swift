/// One check Specwright runs on a spec. Rules are stateless values; the ``Checker`` runs every
/// rule of its ``RuleSet`` over a ``RuleContext`` and turns their findings into ``Diagnostic``s.
///
/// Other modules add rules by appending to a ``RuleSet`` (the embedded-block checks do), so the
/// core stays free of their dependencies.
///
/// ```swift
/// struct NoTodo: Rule {
///     let id = "no-todo"
///     let defaultSeverity = Severity.warning
///     let summary = "TODO left in the text"
///     func check(_ context: RuleContext) -> [RuleFinding] { ... }
/// }
/// ```
public protocol Rule: Sendable {
    /// Stable identifier used in output, configuration and baselines.
    var id: String { get }
    var defaultSeverity: Severity { get }
    /// One line describing what the rule reports.
    var summary: String { get }
    func check(_ context: RuleContext) -> [RuleFinding]
    /// How many findings ``check(_:)`` would return; rules override it when counting is much
    /// cheaper than describing (used when the findings are below the reported severity).
    func count(_ context: RuleContext) -> Int
}

extension Rule {
    public func count(_ context: RuleContext) -> Int { check(context).count }
}

/// A rule's report: where and what. The checker adds the rule id, severity and file.
public struct RuleFinding: Sendable, Equatable {
    public var range: Range<Int>?
    public var message: String

    public init(_ message: String, at range: Range<Int>?) {
        self.message = message
        self.range = range
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
    ])

    public mutating func append(_ rule: any Rule) { rules.append(rule) }

    public func rule(withID id: String) -> (any Rule)? { rules.first { $0.id == id } }
}
