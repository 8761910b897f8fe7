extension InlineParser {
    // MARK: Emphasis and strikethrough

    func handleDelimiterRun(_ character: UInt8) {
        let start = position
        var index = position
        while index < end && bytes[index] == character { index += 1 }
        let count = index - start
        position = index
        let node = Node(kind: .text(decode(bytes, start..<index)), range: start..<index)
        node.delimiterCount = count
        nodes.append(node)
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
            delimiters.append(Delimiter(node: node, character: character, originalLength: count, canOpen: canOpen, canClose: canClose, position: start))
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
        var closerIndex = delimiters.firstIndex { $0.position >= bottom } ?? delimiters.count
        while closerIndex < delimiters.count {
            let closer = delimiters[closerIndex]
            guard closer.canClose else {
                closerIndex += 1
                continue
            }
            let slot: Int
            switch closer.character {
            case UInt8(ascii: "_"): slot = (closer.canOpen ? 3 : 0) + closer.originalLength % 3
            case UInt8(ascii: "*"): slot = 6 + (closer.canOpen ? 3 : 0) + closer.originalLength % 3
            default: slot = 12
            }
            var openerIndex = closerIndex - 1
            var found = false
            while openerIndex >= 0 && delimiters[openerIndex].position >= bottom && delimiters[openerIndex].position >= openersBottom[slot] {
                let opener = delimiters[openerIndex]
                if opener.canOpen && opener.character == closer.character {
                    if closer.character == UInt8(ascii: "~") {
                        found = opener.originalLength == closer.originalLength
                    } else {
                        found = !(closer.canOpen || opener.canClose) || closer.originalLength % 3 == 0
                            || (opener.originalLength + closer.originalLength) % 3 != 0
                    }
                    if found { break }
                }
                openerIndex -= 1
            }
            if found {
                closerIndex = insertEmphasis(openerIndex: openerIndex, closerIndex: closerIndex)
            } else {
                openersBottom[slot] = closer.position
                if closer.canOpen {
                    closerIndex += 1
                } else {
                    delimiters.remove(at: closerIndex)
                }
            }
        }
        if let first = delimiters.firstIndex(where: { $0.position >= bottom }) {
            delimiters.removeSubrange(first...)
        }
    }

    /// Wraps the nodes between an opener and a closer in emphasis; returns the closer index to continue from.
    private func insertEmphasis(openerIndex: Int, closerIndex: Int) -> Int {
        let opener = delimiters[openerIndex]
        let closer = delimiters[closerIndex]
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

        delimiters.removeSubrange(openerIndex + 1..<closerIndex)
        var closerIndex = openerIndex + 1

        guard let openerPosition = position(of: openerNode, near: emphasisHint),
              let closerPosition = position(of: closerNode, near: openerPosition) else { return closerIndex }
        emphasisHint = openerPosition
        let emphasis = Node(kind: kind, range: openerNode.range.upperBound..<closerNode.range.lowerBound)
        emphasis.children = Array(nodes[openerPosition + 1..<closerPosition])
        emphasis.fullRange = fullRange
        nodes.replaceSubrange(openerPosition + 1..<closerPosition, with: [emphasis])

        if openerNode.delimiterCount == 0 {
            nodes.remove(at: openerPosition)
            delimiters.remove(at: openerIndex)
            closerIndex -= 1
        }
        if closerNode.delimiterCount == 0 {
            if let index = position(of: closerNode, near: openerPosition) { nodes.remove(at: index) }
            delimiters.remove(at: closerIndex)
        }
        return closerIndex
    }

    /// Where `node` is in `nodes`, searched outward from `hint`: emphasis is resolved where the last
    /// one was, so the search is short (a search from the end made nested emphasis quadratic).
    func position(of node: Node, near hint: Int) -> Int? {
        guard !nodes.isEmpty else { return nil }
        let hint = min(max(hint, 0), nodes.count - 1)
        var distance = 0
        while hint - distance >= 0 || hint + distance < nodes.count {
            if hint + distance < nodes.count, nodes[hint + distance] === node { return hint + distance }
            if distance > 0, hint - distance >= 0, nodes[hint - distance] === node { return hint - distance }
            distance += 1
        }
        return nil
    }

    // MARK: Links and images

    func popBracket() {
        brackets.removeLast()
        linkOpenersInactiveBelow = min(linkOpenersInactiveBelow, brackets.count)
    }

    func pushBracket(node: Node, isImage: Bool, position: Int) {
        if !brackets.isEmpty { brackets[brackets.count - 1].bracketAfter = true }
        let textStart = position + (isImage ? 2 : 1)
        brackets.append(Bracket(node: node, isImage: isImage, position: textStart, delimiterCount: delimiters.count))
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
        let link = Node(kind: kind, range: opener.node.range.lowerBound..<position)
        guard let start = nodes.lastIndex(where: { $0 === opener.node }) else { return }
        // Links do not nest: a bare address autolinked anywhere inside the link text (inside
        // emphasis too) is text again. Iterative: the subtree may be deep.
        link.children = nodes[(start + 1)...].flatMap { $0.isExtendedAutolink ? $0.children : [$0] }
        if !opener.isImage {
            var pending = link.children
            while let node = pending.popLast() {
                if node.children.contains(where: \.isExtendedAutolink) {
                    node.children = node.children.flatMap { $0.isExtendedAutolink ? $0.children : [$0] }
                }
                pending += node.children
            }
        }
        nodes.removeSubrange(start...)
        nodes.append(link)
        popBracket()
        // Every link opener still open is now inactive: one boundary, not a walk over the stack
        // (which made runs of image openers quadratic).
        if !opener.isImage { linkOpenersInactiveBelow = brackets.count }
    }
}
