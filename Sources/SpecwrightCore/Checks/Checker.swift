import Foundation

/// Checks specs against their templates: picks each file's template, runs every rule and scores
/// completeness.
///
/// ```swift
/// let checker = Checker(catalog: .builtin)
/// let report = checker.check(Spec(bytes: bytes, path: "specs/a.md"))
/// report.diagnostics.filter { $0.severity == .error }
/// ```
public struct Checker: Sendable {
    public var catalog: TemplateCatalog
    public var rules: RuleSet
    /// Per-rule severity overrides; a nil value turns the rule off.
    public var severities: [String: Severity?]
    /// Check every file against this template instead of its marker or best match.
    public var explicitTemplate: String?
    public var limits: SpecFileLoader.Limits
    /// Findings below this severity are counted but not kept, which keeps memory flat on big runs.
    public var retainedSeverity: Severity

    public init(catalog: TemplateCatalog, rules: RuleSet = .core, severities: [String: Severity?] = [:],
                explicitTemplate: String? = nil, limits: SpecFileLoader.Limits = .init(), retainedSeverity: Severity = .info) {
        self.retainedSeverity = retainedSeverity
        self.catalog = catalog
        self.rules = rules
        self.severities = severities
        self.explicitTemplate = explicitTemplate
        self.limits = limits
    }

    /// Chooses the template for a spec: explicit, then marker, then best match.
    public func templateChoice(for spec: Spec) -> (Template?, TemplateChoice) {
        if let name = explicitTemplate {
            return (catalog.template(named: name), .explicit(name))
        }
        if let marker = spec.templateMarker {
            guard let template = catalog.template(named: marker.name) else { return (nil, .unknown(marker.name)) }
            return (template, .marker(marker.name))
        }
        if let (template, score) = catalog.bestMatch(for: spec) {
            return (template, .inferred(template.name, score: score))
        }
        return (nil, .none)
    }

    /// The context rules see for a spec.
    public func context(for spec: Spec) -> RuleContext {
        let (template, choice) = templateChoice(for: spec)
        return RuleContext(spec: spec, template: template, templateChoice: choice, configuredSeverities: severities)
    }

    /// Runs every rule on a parsed spec.
    public func check(_ spec: Spec) -> FileReport {
        let context = context(for: spec)
        var diagnostics: [Diagnostic] = []
        var counts = (errors: 0, warnings: 0, infos: 0)
        func tally(_ count: Int, _ severity: Severity) {
            switch severity {
            case .error: counts.errors += count
            case .warning: counts.warnings += count
            case .info: counts.infos += count
            }
        }
        for rule in rules.rules {
            let configured = severities[rule.id]
            if case .some(.none) = configured { continue }
            let ruleSeverity = configured.flatMap { $0 } ?? rule.defaultSeverity
            // A configured severity is the user's word and applies to every finding.
            let ownSeverities = configured == nil && rule.setsFindingSeverity(context)
            // Findings below the retained severity are only counted, which can be cheaper than describing them.
            if !ownSeverities && ruleSeverity < retainedSeverity {
                tally(rule.count(context), ruleSeverity)
                continue
            }
            for finding in rule.check(context) {
                let severity = ownSeverities ? finding.severity ?? ruleSeverity : ruleSeverity
                tally(1, severity)
                guard severity >= retainedSeverity else { continue }
                diagnostics.append(Diagnostic(
                    rule: rule.id, severity: severity, message: finding.message, file: spec.path,
                    range: finding.range.map { spec.document.sourceRange($0) }))
            }
        }
        diagnostics.sort { ($0.line, $0.column) < ($1.line, $1.column) }
        return FileReport(
            path: spec.path, template: context.template?.name, templateSource: context.templateChoice.source,
            completeness: Completeness(context).overall, diagnostics: diagnostics, counts: counts)
    }

    /// Checks many files on all cores, keeping the input order.
    public func check(files: [SpecInput.File]) -> [FileReport] {
        process(files: files) { _, report in report }
    }

    /// Checks many files on all cores and maps each (spec, report) pair; the spec is nil when the
    /// file could not be read. Only the mapped values are kept, so memory stays flat.
    public func process<Value: Sendable>(files: [SpecInput.File], _ transform: @Sendable (Spec?, FileReport) -> Value) -> [Value] {
        let results = ResultSlots<Value>(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let file = files[index]
            switch SpecFileLoader.load(file.url, displayPath: file.displayPath, limits: limits) {
            case .loaded(let bytes):
                let spec = Spec(bytes: bytes, path: file.displayPath)
                results[index] = transform(spec, check(spec))
            case .refused(let diagnostic):
                results[index] = transform(nil, .unreadable(diagnostic))
            }
        }
        return results.values
    }
}

/// Write-once result slots filled from concurrent iterations, each index by exactly one writer.
final class ResultSlots<Value>: @unchecked Sendable {
    private var storage: [Value?]
    private let lock = NSLock()

    init(count: Int) {
        storage = Array(repeating: nil, count: count)
    }

    subscript(index: Int) -> Value? {
        get { lock.withLock { storage[index] } }
        set { lock.withLock { storage[index] = newValue } }
    }

    var values: [Value] { lock.withLock { storage.compactMap { $0 } } }
}
