/// Finds unfilled placeholders in a document, byte-exact.
///
/// Prose (paragraphs, headings, table cells, list items) is scanned for `[...]` that is not link
/// syntax, an image, a footnote, a checkbox or a defined reference and that is still one of the
/// template's own bracketed texts or has a placeholder form (`[...]` outside a quotation,
/// `[TBD: ...]`, `[e.g. ...]`, `[SERVICE_NAME]`); for the vocabulary's tokens and the generic
/// markers (TBD, TODO, FIXME); and for date patterns. Code is scanned only for tokens, date
/// patterns and the exact bracketed texts the template itself put in code. HTML comments are
/// never scanned.
public struct PlaceholderScanner: Sendable {
    public var vocabulary: PlaceholderVocabulary
    /// Whether every bracket that is not link syntax is a placeholder: how a template's own
    /// placeholders are found, where any bracketed prose is text left to fill.
    public var everyBracket: Bool

    public init(vocabulary: PlaceholderVocabulary = PlaceholderVocabulary(), everyBracket: Bool = false) {
        self.vocabulary = vocabulary
        self.everyBracket = everyBracket
    }

    public func scan(_ document: MarkdownDocument) -> [Placeholder] {
        var results: [Placeholder] = []
        let references = document.linkReferences
        let context = ScanContext(bytes: document.bytes, references: references, vocabulary: vocabulary, everyBracket: everyBracket)
        for block in document.blocks { scan(block, context, &results) }
        return results
    }

    /// Placeholders inside one block (and its children).
    public func scan(_ block: Block, in document: MarkdownDocument) -> [Placeholder] {
        var results: [Placeholder] = []
        scan(block, ScanContext(bytes: document.bytes, references: document.linkReferences, vocabulary: vocabulary, everyBracket: everyBracket), &results)
        return results
    }

    /// Shared by reference so the recursive scan does not copy its arrays at every call.
    final class ScanContext {
        let bytes: [UInt8]
        let references: [String: LinkReference]
        let vocabulary: PlaceholderVocabulary
        let everyBracket: Bool
        /// Block quotes open around the block being scanned: `[...]` in a quotation marks words left out.
        var quoteDepth = 0
        /// The vocabulary's tokens and the generic markers.
        let tokenTexts: [String]
        let tokenBytes: [[UInt8]]
        /// Byte lengths of the literal values, to skip decoding cells that cannot be one.
        let literalLengths: Set<Int>
        /// Bytes a token or date pattern can start with.
        let tokenStarts: [Bool]

        init(bytes: [UInt8], references: [String: LinkReference], vocabulary: PlaceholderVocabulary, everyBracket: Bool) {
            self.bytes = bytes
            self.references = references
            self.vocabulary = vocabulary
            self.everyBracket = everyBracket
            self.tokenTexts = vocabulary.tokens + PlaceholderVocabulary.genericMarkers
            self.tokenBytes = tokenTexts.map { Array($0.utf8) }
            self.literalLengths = Set(vocabulary.literalValues.map(\.utf8.count))
            var starts = [Bool](repeating: false, count: 256)
            starts[Int(UInt8(ascii: "Y"))] = true
            for token in tokenTexts { if let first = token.utf8.first { starts[Int(first)] = true } }
            self.tokenStarts = starts
        }

        func isLiteralValue(_ range: Range<Int>) -> String? {
            guard literalLengths.contains(range.count) else { return nil }
            let text = decode(bytes, range)
            return vocabulary.literalValues.contains(text) ? text : nil
        }
    }

    private func scan(_ block: Block, _ context: ScanContext, _ results: inout [Placeholder]) {
        switch block.kind {
        case .paragraph, .heading, .frontMatter:
            var inComment = false
            for line in block.lines {
                if !context.vocabulary.literalValues.isEmpty, line.range.count > 4, context.bytes[line.range.lowerBound] == UInt8(ascii: "*"),
                   let field = MetadataField.parse(line: line.range, in: context.bytes),
                   context.vocabulary.literalValues.contains(field.value) {
                    results.append(Placeholder(kind: Self.literalKind(field.value), text: field.value, range: field.valueRange))
                    continue
                }
                scanProse(line.range, context, &results, inComment: &inComment)
            }
        case .table(let table):
            for row in [table.header] + table.rows {
                for cell in row.cells {
                    if let text = context.isLiteralValue(cell) {
                        results.append(Placeholder(kind: Self.literalKind(text), text: text, range: cell))
                    } else {
                        var inComment = false
                        scanProse(cell, context, &results, inComment: &inComment)
                    }
                }
            }
        case .codeBlock:
            for line in block.lines { scanCode(line.range, context, &results) }
        case .blockQuote:
            context.quoteDepth += 1
            for child in block.children { scan(child, context, &results) }
            context.quoteDepth -= 1
        case .list, .listItem, .document:
            for child in block.children { scan(child, context, &results) }
        case .htmlBlock, .thematicBreak, .linkReferenceDefinition:
            break
        }
    }

    static func literalKind(_ text: String) -> Placeholder.Kind {
        TemplateSchema.isSampleQuantity(text) ? .sample : .choice
    }

    /// Scans one line of prose; `inComment` carries an HTML comment left open across lines.
    private func scanProse(_ range: Range<Int>, _ context: ScanContext, _ results: inout [Placeholder], inComment: inout Bool) {
        let bytes = context.bytes
        let firstResult = results.count
        var index = range.lowerBound
        let end = range.upperBound
        if inComment {
            guard let close = HTMLScanner.find(bytes, index, end, "-->") else { return }
            inComment = false
            index = close + 3
        }
        let tokenStart = index
        var codeSpans: [Range<Int>] = []
        var spanMemo = InlineScanning.CodeSpanMemo()
        var partners: [Int: Int]?
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") {
                index += 2
            } else if byte == UInt8(ascii: "`") {
                let spanEnd = InlineScanning.codeSpan(bytes, index, end, memo: &spanMemo).end
                codeSpans.append(index..<spanEnd)
                index = spanEnd
            } else if byte == UInt8(ascii: "<") && HTMLScanner.hasPrefix(bytes, index, end, "<!--") {
                // An inline comment: nothing in it is the reader's text.
                if let close = HTMLScanner.find(bytes, index + 4, end, "-->") {
                    index = close + 3
                } else {
                    inComment = true
                    break
                }
            } else if byte == UInt8(ascii: "<"), let close = autolinkEnd(from: index, end: end, bytes) {
                index = close
            } else if byte == UInt8(ascii: "["), let close = Self.partner(of: index, in: &partners, index..<end, bytes),
                      close + 1 < end, bytes[close + 1] == UInt8(ascii: "(") || bytes[close + 1] == UInt8(ascii: "[") {
                // Link text, brackets and all: `[the [RFC 9110] text](url)`.
                index = close + 1
            } else if byte == UInt8(ascii: "["), let close = matchingBracket(from: index, end: end, bytes) {
                if isPlaceholder(open: index, close: close, lineStart: range.lowerBound, end: end, context) {
                    results.append(Placeholder(kind: .bracket, text: decode(bytes, index..<close + 1), range: index..<close + 1))
                    index = close + 1
                } else {
                    index += 1
                }
            } else {
                index += 1
            }
        }
        scanTokens(tokenStart..<(inComment ? index : end), context, &results, skippingFrom: firstResult, code: codeSpans)
    }

    private func scanCode(_ range: Range<Int>, _ context: ScanContext, _ results: inout [Placeholder]) {
        let bytes = context.bytes
        let firstResult = results.count
        if !context.vocabulary.codeBrackets.isEmpty {
            var index = range.lowerBound
            while index < range.upperBound {
                if bytes[index] == UInt8(ascii: "["), let close = matchingBracket(from: index, end: range.upperBound, bytes) {
                    let inner = decode(bytes, (index + 1)..<close)
                    if context.vocabulary.codeBrackets.contains(inner) {
                        results.append(Placeholder(kind: .bracket, text: "[\(inner)]", range: index..<close + 1))
                    }
                    index = close + 1
                } else {
                    index += 1
                }
            }
        }
        scanTokens(range, context, &results, skippingFrom: firstResult, code: [range])
    }

    private func isPlaceholder(open: Int, close: Int, lineStart: Int, end: Int, _ context: ScanContext) -> Bool {
        let bytes = context.bytes
        let inner = (open + 1)..<close
        guard bytes[inner].contains(where: { !ByteClass.isWhitespace($0) }) else { return false }
        if inner.count == 1 && (bytes[open + 1] | 0x20) == UInt8(ascii: "x") { return false }
        if bytes[open + 1] == UInt8(ascii: "^") { return false }
        if close + 1 < end && (bytes[close + 1] == UInt8(ascii: "(") || bytes[close + 1] == UInt8(ascii: "[")) { return false }
        if open > lineStart && (bytes[open - 1] == UInt8(ascii: "]") || bytes[open - 1] == UInt8(ascii: "!")) { return false }
        if !context.references.isEmpty && context.references[TextDecoding.normalizeLabel(bytes[inner])] != nil { return false }
        if context.everyBracket { return true }
        let text = decode(bytes, inner)
        let key = PlaceholderVocabulary.normalized(text)
        // `[Optional]` marks what may be left out; it is a label, not text to fill.
        if key == "optional" { return false }
        if context.vocabulary.bracketTexts.contains(key) { return true }
        return Self.hasPlaceholderForm(text, inQuotation: context.quoteDepth > 0)
    }

    private static let lowercasedMarkers = PlaceholderVocabulary.genericMarkers.map { $0.lowercased() }

    /// Bracketed text that reads as a placeholder in any spec: an elision outside a quotation
    /// (`[...]`), a marker of unfinished text (`[TBD]`, `[TODO: owner]`), an example to replace
    /// (`[e.g. 100 ms]`) or a template variable (`[SERVICE_NAME]`).
    static func hasPlaceholderForm(_ inner: String, inQuotation: Bool) -> Bool {
        let text = inner.trimmingSpaces
        if text == "..." || text == "…" { return !inQuotation }
        let lowered = text.lowercased()
        for marker in Self.lowercasedMarkers where lowered.hasPrefix(marker) {
            if lowered.count == marker.count || !lowered.dropFirst(marker.count).first!.isLetter { return true }
        }
        if lowered.hasPrefix("e.g.") || lowered.hasPrefix("eg.") || lowered.hasPrefix("e.g,") { return true }
        // FEATURE_NAME: capitals and digits joined by underscores.
        let parts = text.split(separator: "_", omittingEmptySubsequences: false)
        return parts.count >= 2 && parts[0].first?.isLetter == true
            && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) } }
    }

    /// The index of the `]` closing the `[` at `open` on this line, innermost-first.
    private func matchingBracket(from open: Int, end: Int, _ bytes: [UInt8]) -> Int? {
        var index = open + 1
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if byte == UInt8(ascii: "[") { return nil }
            if byte == UInt8(ascii: "]") { return index }
            if byte == UInt8(ascii: "`") { return nil }
            index += 1
        }
        return nil
    }

    /// The `]` closing the `[` at `open`, counting nested brackets; none past a backtick. The
    /// partners of the rest of the line are found in one pass the first time, since a search per
    /// bracket was quadratic on a line of unclosed `[`.
    private static func partner(of open: Int, in partners: inout [Int: Int]?, _ rest: Range<Int>, _ bytes: [UInt8]) -> Int? {
        if let partners { return partners[open] }
        var found: [Int: Int] = [:]
        var stack: [Int] = []
        var index = rest.lowerBound
        while index < rest.upperBound {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 1
            case UInt8(ascii: "["): stack.append(index)
            case UInt8(ascii: "]"): if let opener = stack.popLast() { found[opener] = index }
            case UInt8(ascii: "`"): stack.removeAll()
            default: break
            }
            index += 1
        }
        partners = found
        return found[open]
    }

    private func autolinkEnd(from start: Int, end: Int, _ bytes: [UInt8]) -> Int? {
        var index = start + 1
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: ">") { return index + 1 }
            if byte == ByteClass.space || byte == UInt8(ascii: "<") { return nil }
            index += 1
        }
        return nil
    }

    private static let datePattern = Array("YYYY-MM-DD".utf8)

    /// Tokens and date patterns in `range`, except inside placeholders found from `skippingFrom` on.
    /// `code`: the parts of `range` that are code, where TBD and TODO are the code's own words.
    private func scanTokens(_ range: Range<Int>, _ context: ScanContext, _ results: inout [Placeholder], skippingFrom firstCovered: Int, code: [Range<Int>]) {
        let coveredEnd = results.count
        let end = range.upperBound
        let interesting = context.tokenStarts
        var codeIndex = 0
        context.bytes.withUnsafeBufferPointer { bytes in
            var index = range.lowerBound
            while index < end {
                // Only a word starting with `Y` (YYYY-MM-DD) or a token's first letter can match.
                let byte = bytes[index]
                guard interesting[Int(byte)], index == range.lowerBound || !isWordByte(bytes[index - 1]) else {
                    index += 1
                    continue
                }
                let wordStart = index
                var wordEnd = index
                while wordEnd < end && isWordByte(bytes[wordEnd]) { wordEnd += 1 }
                index = max(wordEnd, index + 1)
                if coveredEnd > firstCovered && results[firstCovered..<coveredEnd].contains(where: { $0.range.contains(wordStart) }) { continue }
                if hasPrefix(Self.datePattern, at: wordStart, end: end, bytes) {
                    results.append(Placeholder(kind: .datePattern, text: "YYYY-MM-DD", range: wordStart..<wordStart + Self.datePattern.count))
                    index = wordStart + Self.datePattern.count
                    continue
                }
                for (offset, token) in context.tokenBytes.enumerated() where hasPrefix(token, at: wordStart, end: wordEnd, bytes) {
                    let tokenEnd = wordStart + token.count
                    let isMarker = offset >= context.vocabulary.tokens.count
                    // The whole word, or a template variable followed by `_` (FEATURE_NAME_PRD).
                    if isMarker {
                        // Code ranges are in order, as the words are: a pointer, not a search per word.
                        while codeIndex < code.count && code[codeIndex].upperBound <= wordStart { codeIndex += 1 }
                        if codeIndex < code.count && code[codeIndex].contains(wordStart) { break }
                    }
                    if tokenEnd == wordEnd || !isMarker && bytes[tokenEnd] == UInt8(ascii: "_") {
                        results.append(Placeholder(kind: isMarker ? .marker : .token, text: context.tokenTexts[offset], range: wordStart..<tokenEnd))
                        break
                    }
                }
            }
        }
    }

    private func isWordByte(_ byte: UInt8) -> Bool { ByteClass.isAlphanumeric(byte) || byte == UInt8(ascii: "_") }

    private func hasPrefix(_ prefix: [UInt8], at index: Int, end: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard index + prefix.count <= end else { return false }
        for offset in 0..<prefix.count where bytes[index + offset] != prefix[offset] { return false }
        return true
    }
}
