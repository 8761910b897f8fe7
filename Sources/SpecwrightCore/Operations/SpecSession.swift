/// One spec and everything a front end does with it: its template, check, overview, lifecycle
/// state, and the edits of ``SpecOperation`` saved through a ``SpecSaving`` destination.
///
/// The CLI, the MCP server and the REST server each parse their input into an operation, call
/// ``perform(_:by:saving:)`` and present the ``SpecChange``; none of them repeats the workflow.
///
/// ```swift
/// let file = SpecFile(path: "specs/payment-retries.md")
/// let session = try SpecSession(file, environment: environment)
/// let outcome = try await session.perform(.tick(item: "Security review completed", checked: true), by: "Ada", saving: file)
/// print(outcome.change.summary)
/// ```
public struct SpecSession: Sendable {
    public let spec: Spec
    public let environment: SpecEnvironment
    /// The template the spec is checked against, and how it was chosen.
    public let template: Template?
    public let templateChoice: TemplateChoice

    public init(spec: Spec, environment: SpecEnvironment) {
        self.spec = spec
        self.environment = environment
        (template, templateChoice) = environment.checker.templateChoice(for: spec)
    }

    public init(bytes: [UInt8], path: String, environment: SpecEnvironment) {
        self.init(spec: Spec(bytes: bytes, path: path), environment: environment)
    }

    /// Reads `file` within the checker's limits.
    public init(_ file: SpecFile, environment: SpecEnvironment) throws {
        self.init(bytes: try file.read(limits: environment.checker.limits), path: file.displayPath, environment: environment)
    }

    public var bytes: [UInt8] { spec.document.bytes }
    public var text: String { spec.document.text }
    public var status: String? { spec.field(.status)?.value }
    public var version: String? { spec.field(.version)?.value }
    /// The signature a sign-off made now is bound to (`sha256:…` of the normative content).
    public var signature: String { NormativeContent.signature(of: spec) }

    /// Every rule's findings.
    public func check() -> FileReport { environment.checker.check(spec) }

    /// Metadata, outline with completeness, missing sections and open checklist items.
    public func overview() -> SpecOverview { SpecOverview(spec: spec, checker: environment.checker) }

    /// The findings inside the section at `path` (heading titles, outermost first).
    public func findings(inSection path: [String]) throws -> [Diagnostic] {
        let index = try editor(author: "").section(at: path)
        let range = spec.outline.sections[index].range
        return check().diagnostics.filter { $0.range.map { range.contains($0.start.offset) } ?? false }
    }

    /// The change log's rows, as cell texts; ``SpecwrightError/conflict(_:)`` without a change log.
    public func changeLog() throws -> [[String]] {
        guard let log = ChangeLogTable(spec, schema: template?.schema) else {
            throw SpecwrightError.conflict("\(spec.path): has no change log table (a table with Version, Date and Changes columns)")
        }
        return log.table.rows.map { row in row.cells.map { spec.document.string($0) } }
    }

    /// The same spec with other bytes (after an edit).
    func replacing(bytes: [UInt8]) -> SpecSession {
        SpecSession(bytes: bytes, path: spec.path, environment: environment)
    }

    func editor(author: String) -> SpecEditor {
        SpecEditor(spec: spec, template: template, recorder: ChangeRecorder(author: author, date: environment.today()))
    }
}
