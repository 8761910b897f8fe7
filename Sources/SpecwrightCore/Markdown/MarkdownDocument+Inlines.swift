extension MarkdownDocument {
    /// Parses the inline content of a leaf block (paragraph, heading) on demand.
    ///
    /// Inline parsing is lazy so that checks that only need block structure never pay for it.
    public func inlines(of block: Block, references: [String: LinkReference]? = nil) -> [Inline] {
        switch block.kind {
        case .paragraph, .heading:
            let content = InlineContent(source: source.bytes, lines: block.lines)
            return InlineParser(content: content, references: references ?? linkReferences, extendedAutolinks: extendedAutolinks).parse()
        default:
            return []
        }
    }

    /// Parses one table cell's inline content; `\|` reads as a literal pipe.
    public func inlines(ofCell cell: Range<Int>, references: [String: LinkReference]? = nil) -> [Inline] {
        var buffer: [UInt8] = []
        var offsets: [Int] = []
        var index = cell.lowerBound
        let bytes = source.bytes
        while index < cell.upperBound {
            if bytes[index] == UInt8(ascii: "\\") && index + 1 < cell.upperBound && bytes[index + 1] == UInt8(ascii: "|") {
                index += 1
            }
            buffer.append(bytes[index])
            offsets.append(index)
            index += 1
        }
        // Every byte maps to its own source offset, so ranges stay exact around removed backslashes.
        let content = InlineContent(bytes: buffer, sourceOffsets: offsets + [cell.upperBound])
        return InlineParser(content: content, references: references ?? linkReferences, extendedAutolinks: extendedAutolinks).parse()
    }

    /// The plain text of a heading or paragraph, as a reader sees it.
    public func plainText(of block: Block) -> String {
        // Most headings and checklist items are plain words: no need to run the inline parser.
        if block.lines.count == 1, block.lines[0].virtualSpaces == 0, !Self.hasInlineMarkup(bytes, block.lines[0].range) {
            return source.string(block.lines[0].range).trimmingSpaces
        }
        return inlines(of: block).map(\.plainText).joined()
    }

    private static let inlineMarkup: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in "\\`*_[]<>&!~".utf8 { table[Int(byte)] = true }
        return table
    }()

    static func hasInlineMarkup(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            for index in range where inlineMarkup[Int(buffer[index])] { return true }
            return false
        }
    }
}
