/// Every table row must have as many cells as the header.
struct TableRowCellsRule: Rule {
    let descriptor = RuleDescriptor(id: "table-row-cells", severity: .error, summary: "table row's cell count differs from its header's",
                                    help: "Give the row as many cells as the header has (the automatic fix pads short rows with empty cells); escape a literal pipe in a cell as `\\|`.")

    func check(_ context: RuleContext) -> [RuleFinding] {
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
