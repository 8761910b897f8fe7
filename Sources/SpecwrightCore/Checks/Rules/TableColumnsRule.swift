/// A table in a template section must keep the template table's columns.
struct TableColumnsRule: Rule {
    let descriptor = RuleDescriptor(id: "table-columns", severity: .error, summary: "table columns differ from the template's",
                                    help: "Keep the template table's columns (names and order); add information in the cells or in a new table rather than changing the columns.")

    func check(_ context: RuleContext) -> [RuleFinding] {
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
                    guard !Self.header(table.header, in: document, equals: expected) else { continue }
                    let actual = table.header.cells.map { document.string($0) }
                    let message = "table columns are | \(actual.joined(separator: " | ")) |; the template's are | \(expected.joined(separator: " | ")) |"
                    findings.append(RuleFinding(message, at: table.header.range))
                }
            }
        }
        return findings
    }

    /// Whether a header row's cells are `columns`, ignoring ASCII case (cells are already trimmed).
    static func header(_ row: TableRow, in document: MarkdownDocument, equals columns: [String]) -> Bool {
        guard row.cells.count == columns.count else { return false }
        let bytes = document.bytes
        for (cell, column) in zip(row.cells, columns) {
            let expected = column.utf8
            guard cell.count == expected.count else { return normalized(row.cells.map { document.string($0) }) == normalized(columns) }
            var index = cell.lowerBound
            for byte in expected {
                if ByteClass.lowercased(bytes[index]) != ByteClass.lowercased(byte) { return false }
                index += 1
            }
        }
        return true
    }

    /// Lower-cased, trimmed, inner whitespace collapsed.
    static func normalized(_ columns: [String]) -> [String] {
        columns.map { column in
            column.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        }
    }
}
