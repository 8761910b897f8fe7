extension MarkdownDocument {
    /// A readable dump of the block tree with line:column ranges, for golden tests and debugging.
    ///
    /// ```
    /// heading level=1 [1:1-1:8] "Title"
    /// list bullet tight [3:1-4:8]
    ///   item task=[ ] [3:1-3:10]
    /// ```
    public func treeDump() -> String {
        var lines: [String] = []
        walk { block, depth in
            let range = sourceRange(block.range)
            var line = String(repeating: "  ", count: depth) + block.kind.name
            switch block.kind {
            case .heading(let level, let setext): line += " level=\(level)\(setext ? " setext" : "")"
            case .list(let info): line += info.ordered ? " ordered start=\(info.start)" : " bullet"; line += info.tight ? " tight" : " loose"
            case .listItem(let info): if let task = info.task { line += task.checked ? " task=[x]" : " task=[ ]" }
            case .codeBlock(let info): line += info.fenced ? " fenced" : " indented"; if let infoRange = info.info, !infoRange.isEmpty { line += " info=\(string(infoRange))" }
            case .htmlBlock(let kind): line += " kind=\(kind)"
            case .table(let table): line += " columns=\(table.header.cells.count) rows=\(table.rows.count)"
            case .linkReferenceDefinition(let reference): line += " label=\(reference.normalizedLabel)"
            default: break
            }
            line += " [\(range.start)-\(range.end)]"
            if case .heading = block.kind { line += " \(plainText(of: block).debugDescription)" }
            lines.append(line)
            return true
        }
        return lines.joined(separator: "\n")
    }
}
