extension MarkdownDocument {
    /// Parses the inline content of a leaf block (paragraph, heading) on demand.
    ///
    /// Inline parsing is lazy so that checks that only need block structure never pay for it.
    public func inlines(of block: Block, references: [String: LinkReference]? = nil) -> [Inline] {
        switch block.kind {
        case .paragraph, .heading:
            let content = InlineContent(source: source.bytes, lines: block.lines)
            return InlineParser(content: content, references: references ?? linkReferences).parse()
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
        return InlineParser(content: content, references: references ?? linkReferences).parse()
    }

    /// The plain text of a heading or paragraph, as a reader sees it.
    public func plainText(of block: Block) -> String {
        inlines(of: block).map(\.plainText).joined()
    }
}
