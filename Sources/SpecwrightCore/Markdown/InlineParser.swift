/// Parses the inline content of one leaf block (CommonMark 0.31.2 inlines plus GFM
/// strikethrough): code spans, backslash escapes, entities, autolinks, raw HTML, emphasis with
/// the delimiter-run algorithm, links and images (inline and reference).
final class InlineParser {
    /// A node under construction. Siblings and children are linked, as cmark links them, so that
    /// regrouping a run of nodes under emphasis or a link, or dropping a spent delimiter, is a
    /// splice and not an array shift (shifts made floods of unmatched delimiters quadratic).
    /// The links do not own: the parser's `arena` keeps every node alive, so no chain of
    /// references is released recursively however long or deep it is.
    final class Node {
        var kind: InlineKind
        var range: Range<Int>
        var delimiterCount = 0
        /// A link made from a bare address (GFM extended autolink), which a surrounding link undoes.
        var isExtendedAutolink = false
        /// For emphasis: the source range with its delimiters (its `range` is the content's).
        var fullRange: Range<Int>?
        unowned(unsafe) var previous: Node?
        unowned(unsafe) var next: Node?
        unowned(unsafe) var firstChild: Node?
        unowned(unsafe) var lastChild: Node?

        init(kind: InlineKind, range: Range<Int>) {
            self.kind = kind
            self.range = range
        }

        /// The children, in order.
        var children: UnfoldSequence<Node, Node?> {
            sequence(state: firstChild) { current in
                defer { current = current?.next }
                return current
            }
        }

        func appendChild(_ child: Node) {
            child.previous = lastChild
            child.next = nil
            if let lastChild { lastChild.next = child } else { firstChild = child }
            lastChild = child
        }

        func removeChild(_ child: Node) {
            if let previous = child.previous { previous.next = child.next } else { firstChild = child.next }
            if let next = child.next { next.previous = child.previous } else { lastChild = child.previous }
            child.previous = nil
            child.next = nil
        }

        /// Moves the children after `start` and before `end` (to the last if `end` is nil) under
        /// `wrapper`, which takes their place.
        func wrapChildren(after start: Node, before end: Node?, into wrapper: Node) {
            if let first = start.next, first !== end {
                let last = end?.previous ?? lastChild!
                first.previous = nil
                last.next = nil
                wrapper.firstChild = first
                wrapper.lastChild = last
            }
            start.next = wrapper
            wrapper.previous = start
            wrapper.next = end
            if let end { end.previous = wrapper } else { lastChild = wrapper }
        }

        /// Replaces `child` by its own children.
        func dissolveChild(_ child: Node) {
            guard let first = child.firstChild, let last = child.lastChild else {
                removeChild(child)
                return
            }
            first.previous = child.previous
            last.next = child.next
            if let previous = child.previous { previous.next = first } else { firstChild = first }
            if let next = child.next { next.previous = last } else { lastChild = last }
        }
    }

    /// An emphasis or strikethrough delimiter run not yet matched, in a list linked like the nodes.
    final class Delimiter {
        let node: Node
        let character: UInt8
        let originalLength: Int
        let canOpen: Bool
        let canClose: Bool
        let position: Int
        unowned(unsafe) var previous: Delimiter?
        unowned(unsafe) var next: Delimiter?

        init(node: Node, character: UInt8, originalLength: Int, canOpen: Bool, canClose: Bool, position: Int) {
            self.node = node
            self.character = character
            self.originalLength = originalLength
            self.canOpen = canOpen
            self.canClose = canClose
            self.position = position
        }
    }

    struct Bracket {
        var node: Node
        var isImage: Bool
        var bracketAfter = false
        var position: Int
    }

    let content: InlineContent
    let bytes: [UInt8]
    let end: Int
    let references: [String: LinkReference]
    /// Whether bare `www.`, URL and e-mail addresses become links (GFM); off for strict CommonMark.
    let extendedAutolinks: Bool
    /// Whether the content has an `@`, without which no e-mail autolink is looked for.
    let emailPossible: Bool
    var position: Int
    var htmlMemo = HTMLScanner.Memo()
    /// Link openers below this index of `brackets` can no longer make links.
    var linkOpenersInactiveBelow = 0
    /// Owns every node made; the nodes only link one another.
    private var arena: [Node] = []
    /// The nodes of the current level, in order, as this root's children; links and emphasis
    /// regroup them.
    let root = Node(kind: .text(""), range: 0..<0)
    /// Owns every delimiter made.
    private var delimiterArena: [Delimiter] = []
    var lastDelimiter: Delimiter?
    var brackets: [Bracket] = []
    var codeSpanMemo = InlineScanning.CodeSpanMemo()

    private static let special: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in "\n\\`&_*[]!<~".utf8 { table[Int(byte)] = true }
        return table
    }()

    /// The deepest nesting of inlines returned: an emphasis or link deeper than this is returned as
    /// its source text, so hostile input cannot build a tree too deep to walk or free.
    static let maximumNesting = 100

    init(content: InlineContent, references: [String: LinkReference], extendedAutolinks: Bool = false) {
        self.content = content
        self.bytes = content.bytes
        self.end = content.end
        self.position = content.start
        self.references = references
        self.extendedAutolinks = extendedAutolinks
        self.emailPossible = extendedAutolinks && content.bytes[content.start..<content.end].contains(UInt8(ascii: "@"))
    }

    /// Parses everything and returns the inline tree with source ranges.
    func parse() -> [Inline] {
        while position < end { parseOne() }
        processEmphasis(bottom: 0)
        return root.children.map { freeze($0, depth: 1) }
    }

    private func freeze(_ node: Node, depth: Int) -> Inline {
        guard depth <= Self.maximumNesting || node.firstChild == nil else {
            let range = node.fullRange ?? node.range
            return Inline(kind: .text(decode(bytes, range)), range: content.sourceRange(range))
        }
        return Inline(kind: node.kind, range: content.sourceRange(node.range), children: node.children.map { freeze($0, depth: depth + 1) })
    }

    /// A new node, owned by the parser and not yet in any list.
    func makeNode(_ kind: InlineKind, _ range: Range<Int>) -> Node {
        let node = Node(kind: kind, range: range)
        arena.append(node)
        return node
    }

    /// Appends a new node to the current level.
    @discardableResult
    func appendNode(_ kind: InlineKind, _ range: Range<Int>) -> Node {
        let node = makeNode(kind, range)
        root.appendChild(node)
        return node
    }

    func appendDelimiter(node: Node, character: UInt8, originalLength: Int, canOpen: Bool, canClose: Bool, position: Int) {
        let delimiter = Delimiter(node: node, character: character, originalLength: originalLength, canOpen: canOpen, canClose: canClose, position: position)
        delimiterArena.append(delimiter)
        delimiter.previous = lastDelimiter
        lastDelimiter?.next = delimiter
        lastDelimiter = delimiter
    }

    func removeDelimiter(_ delimiter: Delimiter) {
        delimiter.previous?.next = delimiter.next
        if let next = delimiter.next { next.previous = delimiter.previous } else { lastDelimiter = delimiter.previous }
    }

    @inline(__always) func peek(_ at: Int) -> UInt8 { at < end ? bytes[at] : 0 }

    func appendText(_ range: Range<Int>, _ text: String? = nil) {
        appendNode(.text(text ?? decode(bytes, range)), range)
    }

    private func parseOne() {
        let byte = bytes[position]
        switch byte {
        case ByteClass.newline: handleNewline()
        case UInt8(ascii: "`"): handleBackticks()
        case UInt8(ascii: "\\"): handleBackslash()
        case UInt8(ascii: "&"): handleEntity()
        case UInt8(ascii: "<"): handleAngleBracket()
        case UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "~"): handleDelimiterRun(byte)
        case UInt8(ascii: "["):
            let node = appendNode(.text("["), position..<position + 1)
            pushBracket(node: node, isImage: false, position: position)
            position += 1
        case UInt8(ascii: "!"):
            if peek(position + 1) == UInt8(ascii: "[") {
                let node = appendNode(.text("!["), position..<position + 2)
                pushBracket(node: node, isImage: true, position: position)
                position += 2
            } else {
                appendText(position..<position + 1)
                position += 1
            }
        case UInt8(ascii: "]"): handleCloseBracket()
        default: handleText()
        }
    }

    private func handleText() {
        let start = position
        var index = position
        while index < end && !Self.special[Int(bytes[index])] {
            if extendedAutolinks, ExtendedAutolink.mayStart(bytes, at: index, contentStart: content.start),
               let match = ExtendedAutolink.match(bytes, at: index, end: end, emailPossible: emailPossible) {
                if index > start { appendText(start..<index) }
                appendExtendedAutolink(index..<index + match.length, destination: match.destination)
                position = index + match.length
                return
            }
            index += 1
        }
        position = index
        var textEnd = index
        if index < end && bytes[index] == ByteClass.newline {
            while textEnd > start && ByteClass.isSpaceOrTab(bytes[textEnd - 1]) { textEnd -= 1 }
        }
        if textEnd > start { appendText(start..<textEnd) }
    }

    private func appendExtendedAutolink(_ range: Range<Int>, destination: String) {
        let link = appendNode(.link(destination: destination, title: nil), range)
        link.appendChild(makeNode(.text(decode(bytes, range)), range))
        link.isExtendedAutolink = true
    }

    private func handleNewline() {
        let newline = position
        position += 1
        while position < end && ByteClass.isSpaceOrTab(bytes[position]) { position += 1 }
        let hard = newline >= content.start + 2 && bytes[newline - 1] == ByteClass.space && bytes[newline - 2] == ByteClass.space
        var breakStart = newline
        if hard { while breakStart > content.start && bytes[breakStart - 1] == ByteClass.space { breakStart -= 1 } }
        appendNode(hard ? .hardBreak : .softBreak, breakStart..<newline + 1)
    }

    private func handleBackslash() {
        let next = peek(position + 1)
        if ByteClass.isPunctuation(next) {
            appendText(position..<position + 2, String(UnicodeScalar(next)))
            position += 2
        } else if next == ByteClass.newline {
            appendNode(.hardBreak, position..<position + 2)
            position += 2
            while position < end && ByteClass.isSpaceOrTab(bytes[position]) { position += 1 }
        } else {
            appendText(position..<position + 1)
            position += 1
        }
    }

    private func handleEntity() {
        if let (text, length) = TextDecoding.entity(bytes, at: position, end: end) {
            appendText(position..<position + length, text)
            position += length
        } else {
            appendText(position..<position + 1)
            position += 1
        }
    }

    private func handleBackticks() {
        let start = position
        let span = InlineScanning.codeSpan(bytes, position, end, memo: &codeSpanMemo)
        if let content = span.content {
            appendNode(.code(codeSpanText(content)), start..<span.end)
        } else {
            appendText(start..<span.openEnd)
        }
        position = span.end
    }

    private func codeSpanText(_ range: Range<Int>) -> String {
        var text = bytes[range].map { $0 == ByteClass.newline ? ByteClass.space : $0 }
        if text.count >= 2, text.first == ByteClass.space, text.last == ByteClass.space, text.contains(where: { $0 != ByteClass.space }) {
            text.removeFirst()
            text.removeLast()
        }
        return String(decoding: text, as: UTF8.self)
    }

    private func handleAngleBracket() {
        if let (length, destination, isEmail) = scanAutolink() {
            appendNode(.autolink(destination: destination, isEmail: isEmail), position..<position + length)
            position += length
        } else if let length = HTMLScanner.inlineHTML(bytes, position, end, memo: &htmlMemo) {
            appendNode(.html(decode(bytes, position..<position + length)), position..<position + length)
            position += length
        } else {
            appendText(position..<position + 1)
            position += 1
        }
    }

    /// `<scheme:...>` or `<user@host>`.
    private func scanAutolink() -> (Int, String, Bool)? {
        let start = position + 1
        var index = start
        // URI autolink.
        if index < end && ByteClass.isLetter(bytes[index]) {
            index += 1
            while index < end && (ByteClass.isAlphanumeric(bytes[index]) || bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: "-")) {
                index += 1
            }
            let schemeLength = index - start
            if schemeLength >= 2 && schemeLength <= 32 && index < end && bytes[index] == UInt8(ascii: ":") {
                index += 1
                while index < end {
                    let byte = bytes[index]
                    if byte == UInt8(ascii: ">") {
                        return (index + 1 - position, decode(bytes, start..<index), false)
                    }
                    if byte <= 0x20 || byte == UInt8(ascii: "<") { break }
                    index += 1
                }
            }
        }
        // Email autolink.
        index = start
        let localAllowed = Set(".!#$%&'*+/=?^_`{|}~-".utf8)
        while index < end && (ByteClass.isAlphanumeric(bytes[index]) || localAllowed.contains(bytes[index])) { index += 1 }
        guard index > start, index < end, bytes[index] == UInt8(ascii: "@") else { return nil }
        index += 1
        var labelCount = 0
        while true {
            let labelStart = index
            while index < end && (ByteClass.isAlphanumeric(bytes[index]) || bytes[index] == UInt8(ascii: "-")) { index += 1 }
            let label = labelStart..<index
            guard !label.isEmpty, label.count <= 63, bytes[label.lowerBound] != UInt8(ascii: "-"), bytes[label.upperBound - 1] != UInt8(ascii: "-") else { return nil }
            labelCount += 1
            if index < end && bytes[index] == UInt8(ascii: ".") {
                index += 1
                continue
            }
            break
        }
        guard labelCount >= 1, index < end, bytes[index] == UInt8(ascii: ">") else { return nil }
        return (index + 1 - position, decode(bytes, start..<index), true)
    }
}
