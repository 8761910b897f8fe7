/// Reads Markdown bytes into a tree of ``Block`` values: CommonMark 0.31.2 block structure plus GFM
/// tables and task list items, YAML front matter and exact source ranges.
///
/// The algorithm is the reference implementation's two-phase line walk: for each line, first
/// match the open containers' continuation markers, then open new blocks, then add what remains
/// to the innermost leaf (or to an open paragraph as a lazy continuation line).
final class BlockParser {
    let bytes: [UInt8]
    let source: SourceText
    let root: ParseNode
    var current: ParseNode

    // Per-line state.
    var lineIndex = 0
    var lineStart = 0
    var lineEnd = 0
    var offset = 0
    var column = 0
    var firstNonspace = 0
    var firstNonspaceColumn = 0
    var indent = 0
    var blank = false
    var partiallyConsumedTab = false

    static let codeIndent = 4
    static let tabStop = 4

    let recognizesFrontMatter: Bool

    init(source: SourceText, frontMatter: Bool = true) {
        self.recognizesFrontMatter = frontMatter
        self.source = source
        self.bytes = source.bytes
        self.root = ParseNode(kind: .document, start: 0, line: 0)
        self.current = root
    }

    /// Parses the whole document and returns its root block.
    func parse() -> Block {
        var firstLine = 0
        if recognizesFrontMatter, let frontMatterEnd = scanFrontMatter() {
            let node = ParseNode(kind: .frontMatter, start: source.lineStarts[0], line: 0)
            let contentEnd = source.lineContent(frontMatterEnd).upperBound
            node.end = contentEnd
            node.endLine = frontMatterEnd
            for line in 1..<frontMatterEnd { node.lines.append(LineSpan(range: source.lineContent(line))) }
            node.isOpen = false
            root.append(node)
            firstLine = frontMatterEnd + 1
        }
        if firstLine < source.lineCount {
            for index in firstLine..<source.lineCount { processLine(index) }
        }
        while current !== root { current = finalize(current) }
        _ = finalize(root)
        root.end = bytes.count
        root.endLine = max(0, source.lineCount - 1)
        return freeze(root)
    }

    /// Front matter: the first line is `---` and a later line is `---` or `...`.
    private func scanFrontMatter() -> Int? {
        let first = source.lineContent(0)
        let start = source.hasByteOrderMark ? first.lowerBound + 3 : first.lowerBound
        guard isExactly(start..<first.upperBound, "---") else { return nil }
        var line = 1
        while line < source.lineCount {
            let range = source.lineContent(line)
            if isExactly(range, "---") || isExactly(range, "...") { return line }
            line += 1
        }
        return nil
    }

    private func isExactly(_ range: Range<Int>, _ text: String) -> Bool {
        var trimmedEnd = range.upperBound
        while trimmedEnd > range.lowerBound && ByteClass.isSpaceOrTab(bytes[trimmedEnd - 1]) { trimmedEnd -= 1 }
        return bytes[range.lowerBound..<trimmedEnd].elementsEqual(text.utf8)
    }

    // MARK: Line state

    @inline(__always) func peek(_ position: Int) -> UInt8 {
        position < lineEnd ? bytes[position] : ByteClass.newline
    }

    func advanceOffset(_ count: Int, columns: Bool) {
        var count = count
        while count > 0 && offset < lineEnd {
            if bytes[offset] == ByteClass.tab {
                let charsToTab = Self.tabStop - (column % Self.tabStop)
                if columns {
                    partiallyConsumedTab = charsToTab > count
                    let advance = min(count, charsToTab)
                    column += advance
                    offset += partiallyConsumedTab ? 0 : 1
                    count -= advance
                } else {
                    partiallyConsumedTab = false
                    column += charsToTab
                    offset += 1
                    count -= 1
                }
            } else {
                partiallyConsumedTab = false
                offset += 1
                column += 1
                count -= 1
            }
        }
    }

    /// The deepest block nesting parsed (block quotes, lists and list items count); GitHub shows
    /// nothing deeper legibly, and a shallow tree keeps every recursive walk safe.
    static let maximumNesting = 128

    func findFirstNonspace() {
        // As cmark does: the scan is kept until the offset passes it, so the open blocks of a
        // deeply nested line do not each scan its indentation again (that was cubic in the depth).
        if firstNonspace <= offset {
            var position = offset
            var nonspaceColumn = column
            var charsToTab = Self.tabStop - (column % Self.tabStop)
            while position < lineEnd {
                let byte = bytes[position]
                if byte == ByteClass.space {
                    position += 1
                    nonspaceColumn += 1
                    charsToTab -= 1
                    if charsToTab == 0 { charsToTab = Self.tabStop }
                } else if byte == ByteClass.tab {
                    position += 1
                    nonspaceColumn += charsToTab
                    charsToTab = Self.tabStop
                } else {
                    break
                }
            }
            firstNonspace = position
            firstNonspaceColumn = nonspaceColumn
        }
        indent = firstNonspaceColumn - column
        blank = firstNonspace >= lineEnd
    }

    // MARK: The line walk

    private func processLine(_ index: Int) {
        lineIndex = index
        let content = source.lineContent(index)
        lineStart = content.lowerBound
        lineEnd = content.upperBound
        if index == 0 && source.hasByteOrderMark { lineStart += 3 }
        offset = lineStart
        column = 0
        firstNonspace = 0
        firstNonspaceColumn = 0
        partiallyConsumedTab = false
        blank = false

        var hasContent = false
        var position = lineStart
        while position < lineEnd {
            if !ByteClass.isSpaceOrTab(bytes[position]) {
                hasContent = true
                break
            }
            position += 1
        }

        var allMatched = false
        guard var container = checkOpenBlocks(&allMatched) else { return }
        let lastMatched = container
        openNewBlocks(&container, allMatched: allMatched)
        addText(container: container, lastMatched: lastMatched)
        if hasContent || (current.kind == .codeBlock && current.fenced) || (current.kind == .htmlBlock && current.htmlKind <= 5) {
            touch(current)
        }
    }

    /// Phase one: walk the open blocks, consuming each one's continuation marker.
    /// Returns nil when the line was fully consumed (a closing code fence).
    private func checkOpenBlocks(_ allMatched: inout Bool) -> ParseNode? {
        var container = root
        allMatched = false
        while let child = container.lastChild, child.isOpen {
            container = child
            findFirstNonspace()
            var matched = true
            switch container.kind {
            case .blockQuote:
                if indent <= 3 && peek(firstNonspace) == UInt8(ascii: ">") {
                    advanceOffset(indent + 1, columns: true)
                    if ByteClass.isSpaceOrTab(peek(offset)) { advanceOffset(1, columns: true) }
                } else {
                    matched = false
                }
            case .item:
                if indent >= container.markerOffset + container.padding {
                    advanceOffset(container.markerOffset + container.padding, columns: true)
                } else if blank && !container.children.isEmpty {
                    advanceOffset(firstNonspace - offset, columns: false)
                } else {
                    matched = false
                }
            case .codeBlock:
                if container.fenced {
                    var closingLength = 0
                    if indent <= 3 && peek(firstNonspace) == container.fenceCharacter {
                        closingLength = scanClosingFence(at: firstNonspace, character: container.fenceCharacter)
                    }
                    if closingLength >= container.fenceLength {
                        container.closed = true
                        lineEnd = max(lineEnd, firstNonspace)
                        touch(container)
                        current = finalize(container)
                        return nil
                    }
                    var remaining = container.fenceOffset
                    while remaining > 0 && ByteClass.isSpaceOrTab(peek(offset)) {
                        advanceOffset(1, columns: true)
                        remaining -= 1
                    }
                } else if indent >= Self.codeIndent {
                    advanceOffset(Self.codeIndent, columns: true)
                } else if blank {
                    advanceOffset(firstNonspace - offset, columns: false)
                } else {
                    matched = false
                }
            case .heading, .thematicBreak, .frontMatter, .linkReferenceDefinition:
                matched = false
            case .htmlBlock:
                if (6...7).contains(container.htmlKind) && blank { matched = false }
            case .paragraph, .table:
                if blank { matched = false }
            case .document, .list:
                break
            }
            if !matched {
                return container.parent
            }
        }
        allMatched = true
        return container
    }

    /// Phase three: the rest of the line is text for the innermost block.
    private func addText(container: ParseNode, lastMatched: ParseNode) {
        var container = container
        findFirstNonspace()
        if blank, let last = container.lastChild { last.lastLineBlank = true }
        let kind = container.kind
        let lastLineBlank = blank && kind != .blockQuote && kind != .heading && kind != .thematicBreak
            && !(kind == .codeBlock && container.fenced)
            && !(kind == .item && container.children.isEmpty && container.startLine == lineIndex)
        container.lastLineBlank = lastLineBlank
        var ancestor = container.parent
        while let node = ancestor {
            node.lastLineBlank = false
            ancestor = node.parent
        }

        if current !== lastMatched && container === lastMatched && !blank && current.kind == .paragraph {
            // Lazy continuation line.
            addLine(to: current)
            return
        }
        while current !== lastMatched { current = finalize(current) }

        switch container.kind {
        case .codeBlock:
            if container.awaitingInfo {
                container.awaitingInfo = false
                var start = offset
                while start < lineEnd && ByteClass.isSpaceOrTab(bytes[start]) { start += 1 }
                var end = lineEnd
                while end > start && ByteClass.isSpaceOrTab(bytes[end - 1]) { end -= 1 }
                container.info = start..<end
            } else {
                addLine(to: container)
            }
        case .htmlBlock:
            addLine(to: container)
            if container.htmlKind <= 5 && HTMLScanner.blockEnds(kind: container.htmlKind, bytes, offset..<lineEnd) {
                container.closed = true
                touch(container)
                container = finalize(container)
            }
        case .table:
            if !blank {
                addTableRow(to: container)
            }
        default:
            if blank {
                // Nothing to add.
            } else if container.kind == .heading || container.kind == .paragraph {
                if container.kind == .heading && !container.setext {
                    addHeadingText(to: container)
                } else {
                    advanceOffset(firstNonspace - offset, columns: false)
                    addLine(to: container)
                }
            } else {
                let paragraph = addChild(.paragraph, to: container, at: firstNonspace)
                advanceOffset(firstNonspace - offset, columns: false)
                addLine(to: paragraph)
                container = paragraph
            }
        }
        current = container
    }

    func addLine(to node: ParseNode) {
        if node.kind == .paragraph && node.lines.isEmpty {
            node.start = offset
            node.startLine = lineIndex
        }
        var virtualSpaces = 0
        if partiallyConsumedTab {
            offset += 1
            virtualSpaces = Self.tabStop - (column % Self.tabStop)
        }
        node.lines.append(LineSpan(range: offset..<lineEnd, virtualSpaces: virtualSpaces))
    }

    /// Extends `node` and its ancestors to the end of the current line.
    func touch(_ node: ParseNode) {
        var walker: ParseNode? = node
        while let each = walker, each !== root {
            if each.end < lineEnd || each.endLine < lineIndex {
                each.end = max(each.end, lineEnd)
                each.endLine = lineIndex
            }
            walker = each.parent
        }
    }

    func addChild(_ kind: ParseNode.Kind, to parent: ParseNode, at start: Int) -> ParseNode {
        var parent = parent
        while !parent.canContain(kind) { parent = finalize(parent) }
        let node = ParseNode(kind: kind, start: start, line: lineIndex)
        node.end = lineEnd
        parent.append(node)
        return node
    }
}
