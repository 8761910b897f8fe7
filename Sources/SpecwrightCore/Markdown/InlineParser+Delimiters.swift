extension InlineParser {
    // MARK: Emphasis and strikethrough

    func handleDelimiterRun(_ character: UInt8) {
        let start = position
        var index = position
        while index < end && bytes[index] == character { index += 1 }
        let count = index - start
        position = index
        let node = appendNode(.text(decode(bytes, start..<index)), start..<index)
        node.delimiterCount = count
        if character == UInt8(ascii: "~") && count > 2 { return }

        let before = start > content.start ? scalar(endingAt: start) : "\n"
        let after = index < end ? scalar(startingAt: index) : "\n"
        let beforeSpace = Self.isUnicodeWhitespace(before)
        let afterSpace = Self.isUnicodeWhitespace(after)
        let beforePunctuation = Self.isPunctuationOrSymbol(before)
        let afterPunctuation = Self.isPunctuationOrSymbol(after)
        let leftFlanking = !afterSpace && (!afterPunctuation || beforeSpace || beforePunctuation)
        let rightFlanking = !beforeSpace && (!beforePunctuation || afterSpace || afterPunctuation)
        let canOpen: Bool
        let canClose: Bool
        if character == UInt8(ascii: "_") {
            canOpen = leftFlanking && (!rightFlanking || beforePunctuation)
            canClose = rightFlanking && (!leftFlanking || afterPunctuation)
        } else {
            canOpen = leftFlanking
            canClose = rightFlanking
        }
        if canOpen || canClose {
            appendDelimiter(node: node, character: character, originalLength: count, canOpen: canOpen, canClose: canClose, position: start)
        }
    }

    private func scalar(startingAt index: Int) -> Unicode.Scalar {
        let lead = bytes[index]
        if lead < 0x80 { return Unicode.Scalar(lead) }
        var length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        length = min(length, end - index)
        return decode(bytes, index..<index + length).unicodeScalars.first ?? " "
    }

    private func scalar(endingAt index: Int) -> Unicode.Scalar {
        var start = index - 1
        while start > content.start && bytes[start] & 0xC0 == 0x80 && index - start < 4 { start -= 1 }
        return decode(bytes, start..<index).unicodeScalars.last ?? " "
    }

    static func isUnicodeWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0A, 0x0C, 0x0D: return true
        case 0..<0x80: return false
        default: return scalar.properties.generalCategory == .spaceSeparator
        }
    }

    static func isPunctuationOrSymbol(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return ByteClass.isPunctuation(UInt8(scalar.value)) }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    /// Matches closers with openers among the delimiters at or after `bottom` (a content offset).
    func processEmphasis(bottom: Int) {
        var openersBottom = [Int](repeating: bottom, count: 16)
        var firstAbove: Delimiter?
        var candidate = lastDelimiter
        while let delimiter = candidate, delimiter.position >= bottom {
            firstAbove = delimiter
            candidate = delimiter.previous
        }
        var next = firstAbove
        while let closer = next {
            guard closer.canClose else {
                next = closer.next
                continue
            }
            let slot: Int
            switch closer.character {
            case UInt8(ascii: "_"): slot = (closer.canOpen ? 3 : 0) + closer.originalLength % 3
            case UInt8(ascii: "*"): slot = 6 + (closer.canOpen ? 3 : 0) + closer.originalLength % 3
            default: slot = 12
            }
            var opener = closer.previous
            var found = false
            while let current = opener, current.position >= bottom, current.position >= openersBottom[slot] {
                if current.canOpen && current.character == closer.character {
                    if closer.character == UInt8(ascii: "~") {
                        found = current.originalLength == closer.originalLength
                    } else {
                        found = !(closer.canOpen || current.canClose) || closer.originalLength % 3 == 0
                            || (current.originalLength + closer.originalLength) % 3 != 0
                    }
                    if found { break }
                }
                opener = current.previous
            }
            if found, let opener {
                next = insertEmphasis(opener: opener, closer: closer)
            } else {
                openersBottom[slot] = closer.position
                next = closer.next
                if !closer.canOpen { removeDelimiter(closer) }
            }
        }
        while let delimiter = lastDelimiter, delimiter.position >= bottom { removeDelimiter(delimiter) }
    }

    /// Wraps the nodes between an opener and a closer in emphasis; returns the closer to continue from.
    private func insertEmphasis(opener: Delimiter, closer: Delimiter) -> Delimiter? {
        let openerNode = opener.node
        let closerNode = closer.node
        let used: Int
        let kind: InlineKind
        if closer.character == UInt8(ascii: "~") {
            used = closerNode.delimiterCount
            kind = .strikethrough
        } else {
            used = closerNode.delimiterCount >= 2 && openerNode.delimiterCount >= 2 ? 2 : 1
            kind = used == 2 ? .strong : .emphasis
        }
        let fullRange = openerNode.range.upperBound - used..<closerNode.range.lowerBound + used
        openerNode.delimiterCount -= used
        closerNode.delimiterCount -= used
        openerNode.range = openerNode.range.lowerBound..<openerNode.range.upperBound - used
        closerNode.range = closerNode.range.lowerBound + used..<closerNode.range.upperBound
        let character = String(UnicodeScalar(closer.character))
        openerNode.kind = .text(String(repeating: character, count: openerNode.delimiterCount))
        closerNode.kind = .text(String(repeating: character, count: closerNode.delimiterCount))

        // The delimiters between them can match nothing any more.
        opener.next = closer
        closer.previous = opener

        let emphasis = makeNode(kind, openerNode.range.upperBound..<closerNode.range.lowerBound)
        emphasis.fullRange = fullRange
        root.wrapChildren(after: openerNode, before: closerNode, into: emphasis)

        if openerNode.delimiterCount == 0 {
            root.removeChild(openerNode)
            removeDelimiter(opener)
        }
        if closerNode.delimiterCount == 0 {
            root.removeChild(closerNode)
            removeDelimiter(closer)
            return closer.next
        }
        return closer
    }

    // MARK: Links and images

    func popBracket() {
        brackets.removeLast()
        linkOpenersInactiveBelow = min(linkOpenersInactiveBelow, brackets.count)
    }

    func pushBracket(node: Node, isImage: Bool, position: Int) {
        if !brackets.isEmpty { brackets[brackets.count - 1].bracketAfter = true }
        let textStart = position + (isImage ? 2 : 1)
        brackets.append(Bracket(node: node, isImage: isImage, position: textStart))
    }

    func handleCloseBracket() {
        let closePosition = position
        position += 1
        let afterBracket = position
        guard let opener = brackets.last else {
            appendText(closePosition..<afterBracket)
            return
        }
        // Once a link is made, the link openers before it can make no other (links do not nest).
        guard opener.isImage || brackets.count - 1 >= linkOpenersInactiveBelow else {
            popBracket()
            appendText(closePosition..<afterBracket)
            return
        }
        if let (destination, title) = scanInlineLinkTail() {
            completeLink(opener: opener, destination: destination, title: title, closePosition: closePosition)
            return
        }
        position = afterBracket
        var label: String?
        if let (labelRange, after) = InlineScanning.linkLabel(bytes, position, end) {
            if labelRange.isEmpty {
                position = after
            } else {
                label = TextDecoding.normalizeLabel(bytes[labelRange])
                position = after
            }
        }
        if label == nil && !opener.bracketAfter {
            label = TextDecoding.normalizeLabel(bytes[opener.position..<closePosition])
        }
        if let label, !label.isEmpty, let reference = references[label] {
            completeLink(opener: opener, destination: reference.destination, title: reference.title, closePosition: closePosition)
            return
        }
        popBracket()
        position = afterBracket
        appendText(closePosition..<afterBracket)
    }

    /// `(destination "title")` right after `]`; advances past it on success.
    private func scanInlineLinkTail() -> (String, String?)? {
        guard peek(position) == UInt8(ascii: "(") else { return nil }
        let start = skipWhitespace(position + 1)
        guard let (destinationRange, afterDestination) = InlineScanning.linkDestination(bytes, start, end) else { return nil }
        let titleStart = skipWhitespace(afterDestination)
        var closing = titleStart
        var title: String?
        if titleStart > afterDestination, let (titleRange, afterTitle) = InlineScanning.linkTitle(bytes, titleStart, end) {
            title = TextDecoding.unescape(bytes, titleRange)
            closing = skipWhitespace(afterTitle)
        }
        guard peek(closing) == UInt8(ascii: ")") else { return nil }
        position = closing + 1
        return (TextDecoding.unescape(bytes, destinationRange), title)
    }

    private func skipWhitespace(_ from: Int) -> Int {
        var index = from
        while index < end && ByteClass.isWhitespace(bytes[index]) { index += 1 }
        return index
    }

    private func completeLink(opener: Bracket, destination: String, title: String?, closePosition: Int) {
        // Emphasis inside the link text is resolved first, while its nodes are still at this level.
        processEmphasis(bottom: opener.position)
        let kind: InlineKind = opener.isImage ? .image(destination: destination, title: title) : .link(destination: destination, title: title)
        let link = makeNode(kind, opener.node.range.lowerBound..<position)
        root.wrapChildren(after: opener.node, before: nil, into: link)
        root.removeChild(opener.node)
        // Links do not nest: a bare address autolinked anywhere inside the link text (inside
        // emphasis too) is text again. Iterative: the subtree may be deep.
        var pending = [link]
        while let node = pending.popLast() {
            for child in node.children {
                if child.isExtendedAutolink {
                    node.dissolveChild(child)
                } else if child.firstChild != nil && !opener.isImage {
                    pending.append(child)
                }
            }
        }
        popBracket()
        // Every link opener still open is now inactive: one boundary, not a walk over the stack
        // (which made runs of image openers quadratic).
        if !opener.isImage { linkOpenersInactiveBelow = brackets.count }
    }
}
