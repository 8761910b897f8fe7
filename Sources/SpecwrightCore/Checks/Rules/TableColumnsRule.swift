/// A table in a template section must keep the template table's columns.
public struct TableColumnsRule: Rule {
    public let id = "table-columns"
    public let defaultSeverity = Severity.error
    public let summary = "table columns differ from the template's"

    public init() {}

    public func check(_ context: RuleContext) -> [RuleFinding] {
        guard let schema = context.schema, let match = context.sectionMatch else { return [] }
        let document = context.document
        var findings: [RuleFinding] = []
        for (templateIndex, templateSection) in schema.sections.enumerated() where !templateSection.tables.isEmpty {
            for specIndex in match.specSections[templateIndex] {
                let tables: [TableInfo] = context.spec.outline.sections[specIndex].body.compactMap {
                    if case .table(let table) = $0.kind { return table }
                    return nil
                }
                for (expected, table) in zip(templateSection.tables, tables) {
                    let actual = table.header.cells.map { document.string($0) }
                    guard Self.normalized(actual) != Self.normalized(expected) else { continue }
                    let message = "table columns are | \(actual.joined(separator: " | ")) |; the template's are | \(expected.joined(separator: " | ")) |"
                    findings.append(RuleFinding(message, at: table.header.range))
                }
            }
        }
        return findings
    }

    /// Lower-cased, trimmed, inner whitespace collapsed.
    static func normalized(_ columns: [String]) -> [String] {
        columns.map { column in
            column.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        }
    }
}
