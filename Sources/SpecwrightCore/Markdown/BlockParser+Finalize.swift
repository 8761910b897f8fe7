extension BlockParser {
    /// Closes `node` and returns its parent, the new innermost open block.
    func finalize(_ node: ParseNode) -> ParseNode {
        let parent = node.parent ?? root
        node.isOpen = false
        switch node.kind {
        case .paragraph:
            resolveReferenceDefinitions(node)
        case .codeBlock where !node.fenced:
            while let last = node.lines.last, isBlank(last) { node.lines.removeLast() }
        case .list:
            node.tight = computeTightness(node)
        default:
            break
        }
        return parent
    }

    private func isBlank(_ line: LineSpan) -> Bool {
        bytes[line.range].allSatisfy(ByteClass.isSpaceOrTab)
    }

    /// A list is loose when an item, or a block directly inside one, is followed by a blank line
    /// before its next sibling.
    private func computeTightness(_ list: ParseNode) -> Bool {
        for (itemIndex, item) in list.children.enumerated() {
            let hasNextItem = itemIndex + 1 < list.children.count
            if item.lastLineBlank && hasNextItem { return false }
            for (childIndex, child) in item.children.enumerated() {
                let hasNextChild = childIndex + 1 < item.children.count
                if (hasNextItem || hasNextChild) && endsWithBlankLine(child) { return false }
            }
        }
        return true
    }

    private func endsWithBlankLine(_ node: ParseNode) -> Bool {
        var walker: ParseNode? = node
        while let each = walker {
            if each.lastLineBlank { return true }
            walker = (each.kind == .list || each.kind == .item) ? each.lastChild : nil
        }
        return false
    }

    /// Moves link reference definitions at the start of a paragraph into blocks of their own.
    /// With `keepEmpty`, a paragraph left with no lines stays in the tree (a setext underline
    /// after definitions becomes its text).
    func resolveReferenceDefinitions(_ paragraph: ParseNode, keepEmpty: Bool = false) {
        guard let first = paragraph.lines.first, first.range.lowerBound < bytes.count,
              bytes[first.range.lowerBound] == UInt8(ascii: "[") else { return }
        var buffer: [UInt8] = []
        var lineStarts: [Int] = []
        for line in paragraph.lines {
            lineStarts.append(buffer.count)
            buffer.append(contentsOf: bytes[line.range])
            buffer.append(ByteClass.newline)
        }
        let parser = LinkReferenceParser(bytes: buffer, end: buffer.count)
        var position = 0
        var consumedLines = 0
        var definitions: [ParseNode] = []
        while position < buffer.count, buffer[position] == UInt8(ascii: "["), let result = parser.parse(at: position) {
            position += result.length
            let firstLine = consumedLines
            while consumedLines < lineStarts.count && lineStarts[consumedLines] < position { consumedLines += 1 }
            let lines = Array(paragraph.lines[firstLine..<consumedLines])
            let node = ParseNode(kind: .linkReferenceDefinition, start: lines[0].range.lowerBound, line: paragraph.startLine + firstLine)
            node.end = lines[lines.count - 1].range.upperBound
            node.endLine = paragraph.startLine + consumedLines - 1
            node.lines = lines
            node.reference = result.reference
            node.isOpen = false
            definitions.append(node)
        }
        guard !definitions.isEmpty, let parent = paragraph.parent,
              let index = parent.children.firstIndex(where: { $0 === paragraph }) else { return }
        for definition in definitions { definition.parent = parent }
        parent.children.insert(contentsOf: definitions, at: index)
        paragraph.lines.removeFirst(consumedLines)
        if paragraph.lines.isEmpty {
            if !keepEmpty { parent.children.removeAll { $0 === paragraph } }
        } else {
            paragraph.start = paragraph.lines[0].range.lowerBound
            paragraph.startLine += consumedLines
        }
    }

    // MARK: Tables

    /// Turns the open paragraph's last line into a table header when the current line is a
    /// matching delimiter row.
    func tryOpeningTable(_ paragraph: ParseNode) -> ParseNode? {
        guard let headerLine = paragraph.lines.last else { return nil }
        let delimiterRange = firstNonspace..<lineEnd
        let delimiterCells = Self.splitRow(bytes, delimiterRange)
        guard !delimiterCells.isEmpty else { return nil }
        var alignments: [TableInfo.Alignment] = []
        for cell in delimiterCells {
            guard let alignment = delimiterAlignment(cell) else { return nil }
            alignments.append(alignment)
        }
        // A delimiter row needs a pipe unless it has several cells (which already implies one).
        guard bytes[delimiterRange].contains(UInt8(ascii: "|")) || delimiterCells.count > 1 else { return nil }
        let headerCells = Self.splitRow(bytes, headerLine.range)
        guard headerCells.count == delimiterCells.count else { return nil }

        let headerLineIndex = paragraph.startLine + paragraph.lines.count - 1
        let table = ParseNode(kind: .table, start: headerLine.range.lowerBound, line: headerLineIndex)
        table.end = lineEnd
        table.endLine = lineIndex
        table.lines = [headerLine, LineSpan(range: delimiterRange)]
        table.table = TableInfo(
            alignments: alignments,
            header: TableRow(range: headerLine.range, line: headerLineIndex, cells: headerCells),
            delimiter: TableRow(range: delimiterRange, line: lineIndex, cells: delimiterCells),
            rows: [])
        guard let parent = paragraph.parent else { return nil }
        paragraph.lines.removeLast()
        if paragraph.lines.isEmpty {
            parent.children.removeAll { $0 === paragraph }
        } else {
            paragraph.endLine = headerLineIndex - 1
            paragraph.end = paragraph.lines[paragraph.lines.count - 1].range.upperBound
            _ = finalize(paragraph)
        }
        parent.append(table)
        return table
    }

    private func delimiterAlignment(_ cell: Range<Int>) -> TableInfo.Alignment? {
        guard !cell.isEmpty else { return nil }
        var start = cell.lowerBound
        var end = cell.upperBound
        let left = bytes[start] == UInt8(ascii: ":")
        if left { start += 1 }
        let right = end > start && bytes[end - 1] == UInt8(ascii: ":")
        if right { end -= 1 }
        guard end > start, bytes[start..<end].allSatisfy({ $0 == UInt8(ascii: "-") }) else { return nil }
        switch (left, right) {
        case (true, true): return .center
        case (true, false): return .left
        case (false, true): return .right
        case (false, false): return .unspecified
        }
    }

    func addTableRow(to table: ParseNode) {
        var end = lineEnd
        while end > firstNonspace && ByteClass.isSpaceOrTab(bytes[end - 1]) { end -= 1 }
        let range = firstNonspace..<end
        table.lines.append(LineSpan(range: range))
        table.tableRows.append(TableRow(range: range, line: lineIndex, cells: Self.splitRow(bytes, range)))
    }

    /// Splits a table row into trimmed cell ranges on unescaped pipes; outer pipes are optional.
    static func splitRow(_ bytes: [UInt8], _ range: Range<Int>) -> [Range<Int>] {
        var start = range.lowerBound
        var end = range.upperBound
        while start < end && ByteClass.isSpaceOrTab(bytes[start]) { start += 1 }
        while end > start && ByteClass.isSpaceOrTab(bytes[end - 1]) { end -= 1 }
        guard start < end else { return [] }
        if bytes[start] == UInt8(ascii: "|") { start += 1 }
        if end > start && bytes[end - 1] == UInt8(ascii: "|") && !(end - 2 >= start && bytes[end - 2] == UInt8(ascii: "\\")) {
            end -= 1
        }
        var cells: [Range<Int>] = []
        var cellStart = start
        var index = start
        while index <= end {
            if index < end && bytes[index] == UInt8(ascii: "\\") && index + 1 < end {
                index += 2
                continue
            }
            if index == end || bytes[index] == UInt8(ascii: "|") {
                var trimmedStart = cellStart
                var trimmedEnd = index
                while trimmedStart < trimmedEnd && ByteClass.isSpaceOrTab(bytes[trimmedStart]) { trimmedStart += 1 }
                while trimmedEnd > trimmedStart && ByteClass.isSpaceOrTab(bytes[trimmedEnd - 1]) { trimmedEnd -= 1 }
                cells.append(trimmedStart..<trimmedEnd)
                cellStart = index + 1
            }
            index += 1
        }
        return cells
    }

    // MARK: Freezing

    func freeze(_ node: ParseNode) -> Block {
        var children = node.children.map(freeze)
        var range = node.start..<max(node.start, node.end)
        let lineSpan = node.startLine...max(node.startLine, node.endLine)
        let kind: BlockKind
        switch node.kind {
        case .document:
            kind = .document
            range = 0..<bytes.count
        case .frontMatter: kind = .frontMatter
        case .blockQuote: kind = .blockQuote
        case .list:
            kind = .list(ListInfo(ordered: node.ordered, start: node.listStart, delimiter: node.delimiter, tight: node.tight))
        case .item:
            var task: TaskMarker?
            if let paragraph = children.first, paragraph.kind == .paragraph, let line = paragraph.lines.first,
               paragraph.lineSpan.lowerBound == node.startLine, let marker = taskMarker(line.range) {
                task = marker
                var content = marker.range.upperBound
                if content < line.range.upperBound { content += 1 }
                // The checkbox belongs to the item; the paragraph starts after it.
                var lines = paragraph.lines
                lines[0] = LineSpan(range: content..<line.range.upperBound)
                children[0] = Block(
                    kind: .paragraph, range: min(content, paragraph.range.upperBound)..<paragraph.range.upperBound,
                    lineSpan: paragraph.lineSpan, children: [], lines: lines)
            }
            kind = .listItem(ListItemInfo(marker: node.marker, task: task))
        case .paragraph: kind = .paragraph
        case .heading: kind = .heading(level: node.level, setext: node.setext)
        case .thematicBreak: kind = .thematicBreak
        case .codeBlock:
            kind = .codeBlock(CodeBlockInfo(fenced: node.fenced, info: node.info, fenceCharacter: node.fenceCharacter, fenceLength: node.fenceLength, closed: node.closed))
        case .htmlBlock: kind = .htmlBlock(kind: node.htmlKind)
        case .table:
            var table = node.table!
            table.rows = node.tableRows
            kind = .table(table)
        case .linkReferenceDefinition: kind = .linkReferenceDefinition(node.reference!)
        }
        return Block(kind: kind, range: range, lineSpan: lineSpan, children: children, lines: node.lines)
    }

    /// `[ ]`, `[x]` or `[X]` followed by whitespace or the end of the line.
    private func taskMarker(_ range: Range<Int>) -> TaskMarker? {
        let start = range.lowerBound
        guard range.count >= 3, bytes[start] == UInt8(ascii: "["), bytes[start + 2] == UInt8(ascii: "]") else { return nil }
        let mark = bytes[start + 1]
        guard mark == ByteClass.space || mark == UInt8(ascii: "x") || mark == UInt8(ascii: "X") else { return nil }
        guard range.count == 3 || ByteClass.isSpaceOrTab(bytes[start + 3]) else { return nil }
        return TaskMarker(checked: mark != ByteClass.space, range: start..<start + 3)
    }
}
