/// Every table row must have as many cells as the header. A longer row loses its extra cells
/// (GitHub drops them: an error); a shorter one shows its missing cells empty, often on purpose
/// (an info).
struct TableRowCellsRule: Rule {
    let descriptor = RuleDescriptor(id: "table-row-cells", severity: .error, summary: "table row's cell count differs from its header's",
                                    help: "Give the row as many cells as the header has (the automatic fix pads short rows with empty cells); escape a literal pipe in a cell, even inside a code span, as `\\|`.")

    func setsFindingSeverity(_ context: RuleContext) -> Bool { true }

    func check(_ context: RuleContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        context.document.walk { block, _ in
            guard case .table(let table) = block.kind else { return true }
            let expected = table.header.cells.count
            for row in table.rows where row.cells.count != expected {
                let count = "row has \(row.cells.count) cell\(row.cells.count == 1 ? "" : "s"); the header has \(expected)"
                if row.cells.count > expected {
                    findings.append(RuleFinding("\(count): the cells past the header's are not shown (an unescaped `|`?)", at: row.range))
                } else {
                    findings.append(RuleFinding("\(count): the missing cells show empty", at: row.range, severity: .info))
                }
            }
            return false
        }
        return findings
    }
}
