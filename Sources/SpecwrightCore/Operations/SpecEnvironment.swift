import Foundation

/// What every spec operation needs besides the spec: the checker (templates, rules, severities),
/// the lifecycle's gates, and the date changes are recorded with.
///
/// Each front end builds one at start (the CLI and MCP from the workspace, the server from its
/// configuration) and hands it to every ``SpecSession``.
public struct SpecEnvironment: Sendable {
    public var checker: Checker
    public var gates: GateEvaluator
    /// Today's date as recorded in Last Updated and the change log (ISO 8601).
    public var today: @Sendable () -> String

    /// The template `new` and the create operations use when none is named.
    public static let defaultTemplateName = "feature-spec"

    /// - Parameter gates: the gates moves must pass; default: those of the checker's `status-gates`
    ///   rule, so a check and a move judge a spec alike.
    public init(checker: Checker, gates: GateEvaluator? = nil, today: @escaping @Sendable () -> String = { Today.iso() }) {
        self.checker = checker
        let policy = (checker.rules.rule(withID: "status-gates") as? StatusGatesRule)?.policy ?? GatePolicy()
        self.gates = gates ?? GateEvaluator(checker: checker, policy: policy)
        self.today = today
    }

    public var catalog: TemplateCatalog { checker.catalog }

    /// The template called `name`, or ``SpecwrightError/unknownTemplate(name:known:)``.
    public func template(named name: String) throws -> Template {
        guard let template = catalog.template(named: name) else { throw SpecwrightError.unknownTemplate(name: name, known: catalog.names) }
        return template
    }

    /// This environment checking every spec against `name` instead of its own template.
    public func checking(against name: String) throws -> SpecEnvironment {
        _ = try template(named: name)
        var environment = self
        environment.checker.explicitTemplate = name
        environment.gates.checker = environment.checker
        return environment
    }

    /// A new spec's text from a template (default: ``defaultTemplateName``).
    public func newSpec(title: String, template name: String?, author: String) throws -> NewSpec {
        let template = try template(named: name ?? Self.defaultTemplateName)
        let bytes = SpecGenerator(template: template).generate(title: title, author: author, date: today())
        return NewSpec(bytes: bytes, template: template.name, slug: SpecGenerator.slug(title))
    }
}

/// A spec generated from a template, not yet saved anywhere.
public struct NewSpec: Sendable {
    public var bytes: [UInt8]
    public var template: String
    /// The file name stem and API slug the title gives (empty for a title without letters or digits).
    public var slug: String

    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
