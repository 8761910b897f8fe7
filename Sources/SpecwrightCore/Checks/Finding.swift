/// A diagnostic as the API and the MCP tools return it: position, rule, severity and message
/// (the file is implied by the request).
///
/// ```swift
/// report.diagnostics.map(Finding.init)   // [{"line": 3, "column": 23, "rule": "field-value", …}]
/// ```
public struct Finding: Codable, Sendable, Equatable {
    public var line: Int
    public var column: Int
    public var endLine: Int
    public var endColumn: Int
    public var rule: String
    public var severity: String
    public var message: String

    public init(_ diagnostic: Diagnostic) {
        line = diagnostic.line
        column = diagnostic.column
        endLine = diagnostic.endLine
        endColumn = diagnostic.endColumn
        rule = diagnostic.rule
        severity = diagnostic.severity.rawValue
        message = diagnostic.message
    }
}
