extension BlockParser {
    /// Phase two: open as many new blocks as the rest of the line starts.
    func openNewBlocks(_ container: inout ParseNode, allMatched: Bool) {
        var maybeLazy = current.kind == .paragraph
        while container.kind != .codeBlock && container.kind != .htmlBlock {
            findFirstNonspace()
            let indented = indent >= Self.codeIndent
            let byte = peek(firstNonspace)

            // Past the nesting limit, `>` and list markers are text: the tree stays shallow enough to
            // walk and free without exhausting the stack, whatever the input.
            let mayNest = container.depth < Self.maximumNesting
            if !indented && byte == UInt8(ascii: ">") && mayNest {
                let start = firstNonspace
                advanceOffset(firstNonspace + 1 - offset, columns: false)
                if ByteClass.isSpaceOrTab(peek(offset)) { advanceOffset(1, columns: true) }
                container = addChild(.blockQuote, to: container, at: start)
            } else if !indented, let level = scanATXHeadingStart(at: firstNonspace) {
                let start = firstNonspace
                advanceOffset(firstNonspace + level - offset, columns: false)
                container = addChild(.heading, to: container, at: start)
                container.level = level
            } else if !indented, let matched = scanOpeningFence(at: firstNonspace) {
                let node = addChild(.codeBlock, to: container, at: firstNonspace)
                node.fenced = true
                node.fenceCharacter = bytes[firstNonspace]
                node.fenceLength = matched
                node.fenceOffset = firstNonspace - offset
                node.awaitingInfo = true
                advanceOffset(firstNonspace + matched - offset, columns: false)
                container = node
            } else if !indented, let htmlKind = scanHTMLBlockStart(at: firstNonspace, interruptsParagraph: container.kind == .paragraph) {
                container = addChild(.htmlBlock, to: container, at: firstNonspace)
                container.htmlKind = htmlKind
            } else if !indented && container.kind == .paragraph, let level = scanSetextUnderline(at: firstNonspace) {
                resolveReferenceDefinitions(container, keepEmpty: true)
                if !container.lines.isEmpty {
                    container.kind = .heading
                    container.level = level
                    container.setext = true
                    advanceOffset(lineEnd - offset, columns: false)
                }
            } else if !indented && !(container.kind == .paragraph && !allMatched) && scanThematicBreak(at: firstNonspace) {
                container = addChild(.thematicBreak, to: container, at: firstNonspace)
                advanceOffset(lineEnd - offset, columns: false)
            } else if !indented && container.kind == .paragraph && allMatched, let table = tryOpeningTable(container) {
                container = table
                advanceOffset(lineEnd - offset, columns: false)
            } else if (!indented || container.kind == .list) && indent < 4 && mayNest,
                      let listMarker = scanListMarker(at: firstNonspace, interruptsParagraph: container.kind == .paragraph) {
                openListItem(&container, marker: listMarker)
            } else if indented && !maybeLazy && !blank {
                advanceOffset(Self.codeIndent, columns: true)
                container = addChild(.codeBlock, to: container, at: offset)
                container.closed = true
            } else {
                break
            }
            if container.acceptsLines { break }
            maybeLazy = false
        }
    }

    private func openListItem(_ container: inout ParseNode, marker: ListMarker) {
        let markerStart = firstNonspace
        advanceOffset(firstNonspace + marker.length - offset, columns: false)
        let savedTab = partiallyConsumedTab
        let savedOffset = offset
        let savedColumn = column
        while column - savedColumn <= 5 && ByteClass.isSpaceOrTab(peek(offset)) {
            advanceOffset(1, columns: true)
        }
        let spaces = column - savedColumn
        var padding: Int
        if spaces >= 5 || spaces < 1 || offset >= lineEnd {
            padding = marker.length + 1
            offset = savedOffset
            column = savedColumn
            partiallyConsumedTab = savedTab
            if spaces > 0 { advanceOffset(1, columns: true) }
        } else {
            padding = marker.length + spaces
        }
        let markerOffset = indent
        if container.kind != .list || container.ordered != marker.ordered || container.delimiter != marker.delimiter {
            let list = addChild(.list, to: container, at: markerStart)
            list.ordered = marker.ordered
            list.listStart = marker.start
            list.delimiter = marker.delimiter
            container = list
        }
        let item = addChild(.item, to: container, at: markerStart)
        item.ordered = marker.ordered
        item.delimiter = marker.delimiter
        item.markerOffset = markerOffset
        item.padding = padding
        item.marker = markerStart..<(markerStart + marker.length)
        container = item
    }

    struct ListMarker {
        var ordered: Bool
        var start: Int
        var delimiter: UInt8
        var length: Int
    }

    func scanListMarker(at position: Int, interruptsParagraph: Bool) -> ListMarker? {
        let byte = peek(position)
        var index = position
        var marker: ListMarker
        if byte == UInt8(ascii: "*") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") {
            index += 1
            marker = ListMarker(ordered: false, start: 0, delimiter: byte, length: 1)
        } else if ByteClass.isDigit(byte) {
            var start = 0
            var digits = 0
            repeat {
                start = start * 10 + Int(peek(index) - 0x30)
                index += 1
                digits += 1
            } while digits < 9 && ByteClass.isDigit(peek(index))
            if interruptsParagraph && start != 1 { return nil }
            let delimiter = peek(index)
            guard delimiter == UInt8(ascii: ".") || delimiter == UInt8(ascii: ")") else { return nil }
            index += 1
            marker = ListMarker(ordered: true, start: start, delimiter: delimiter, length: index - position)
        } else {
            return nil
        }
        guard ByteClass.isWhitespace(peek(index)) else { return nil }
        if interruptsParagraph {
            var look = index
            while ByteClass.isSpaceOrTab(peek(look)) { look += 1 }
            if look >= lineEnd { return nil }
        }
        return marker
    }

    /// The heading level when `#`×1–6 followed by space, tab or end of line starts here.
    func scanATXHeadingStart(at position: Int) -> Int? {
        var index = position
        while index < lineEnd && bytes[index] == UInt8(ascii: "#") && index - position < 7 { index += 1 }
        let level = index - position
        guard level >= 1 && level <= 6 else { return nil }
        guard index >= lineEnd || ByteClass.isSpaceOrTab(bytes[index]) else { return nil }
        return level
    }

    /// The fence length when a code fence opens here.
    func scanOpeningFence(at position: Int) -> Int? {
        let character = peek(position)
        guard character == UInt8(ascii: "`") || character == UInt8(ascii: "~") else { return nil }
        var index = position
        while index < lineEnd && bytes[index] == character { index += 1 }
        let length = index - position
        guard length >= 3 else { return nil }
        if character == UInt8(ascii: "`") {
            while index < lineEnd {
                if bytes[index] == UInt8(ascii: "`") { return nil }
                index += 1
            }
        }
        return length
    }

    func scanHTMLBlockStart(at position: Int, interruptsParagraph: Bool) -> Int? {
        let kind = HTMLScanner.blockStart(bytes, at: position, lineEnd: lineEnd, interruptsParagraph: interruptsParagraph)
        return kind > 0 ? kind : nil
    }

    func scanClosingFence(at position: Int, character: UInt8) -> Int {
        var index = position
        while index < lineEnd && bytes[index] == character { index += 1 }
        let length = index - position
        guard length >= 3 else { return 0 }
        while index < lineEnd && ByteClass.isSpaceOrTab(bytes[index]) { index += 1 }
        return index == lineEnd ? length : 0
    }

    func scanSetextUnderline(at position: Int) -> Int? {
        let character = peek(position)
        guard character == UInt8(ascii: "=") || character == UInt8(ascii: "-") else { return nil }
        var index = position
        while index < lineEnd && bytes[index] == character { index += 1 }
        while index < lineEnd && ByteClass.isSpaceOrTab(bytes[index]) { index += 1 }
        guard index == lineEnd else { return nil }
        return character == UInt8(ascii: "=") ? 1 : 2
    }

    func scanThematicBreak(at position: Int) -> Bool {
        let character = peek(position)
        guard character == UInt8(ascii: "*") || character == UInt8(ascii: "-") || character == UInt8(ascii: "_") else { return false }
        var count = 0
        var index = position
        while index < lineEnd {
            let byte = bytes[index]
            if byte == character {
                count += 1
            } else if !ByteClass.isSpaceOrTab(byte) {
                return false
            }
            index += 1
        }
        return count >= 3
    }

    /// Adds the text of an ATX heading line: trimmed, closing `#` sequence removed.
    func addHeadingText(to node: ParseNode) {
        var start = offset
        while start < lineEnd && ByteClass.isSpaceOrTab(bytes[start]) { start += 1 }
        var end = lineEnd
        while end > start && ByteClass.isSpaceOrTab(bytes[end - 1]) { end -= 1 }
        var hashes = end
        while hashes > start && bytes[hashes - 1] == UInt8(ascii: "#") { hashes -= 1 }
        if hashes == start {
            end = start
        } else if hashes < end && ByteClass.isSpaceOrTab(bytes[hashes - 1]) {
            end = hashes
            while end > start && ByteClass.isSpaceOrTab(bytes[end - 1]) { end -= 1 }
        }
        node.lines.append(LineSpan(range: start..<end))
    }
}
