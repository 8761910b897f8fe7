/// Every table row must have as many cells as the header.
public struct TableRowCellsRule: Rule {
    public let id = "table-row-cells"
    public let defaultSeverity = Severity.error
    public let summary = "table row's cell count differs from its header's"

    public init() {}

    public func check(_ context: RuleContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        context.document.walk { block, _ in
            guard case .table(let table) = block.kind else { return true }
            let expected = table.header.cells.count
            for row in table.rows where row.cells.count != expected {
                findings.append(RuleFinding("row has \(row.cells.count) cell\(row.cells.count == 1 ? "" : "s"); the header has \(expected)", at: row.range))
            }
            return false
        }
        return findings
    }
}
