/// The text of a leaf block laid out contiguously for inline parsing, with a map back to the
/// source: a single line is parsed in place; several lines are joined with `\n` (container
/// prefixes and CRLF endings fall away) and each segment remembers where it came from.
struct InlineContent {
    let bytes: [UInt8]
    let start: Int
    let end: Int
    /// (offset in `bytes`, offset in the source) at the start of each segment, ascending.
    private let segments: [(content: Int, source: Int)]

    init(source: [UInt8], lines: [LineSpan], trimTrailingWhitespace: Bool = true) {
        if lines.count == 1 && lines[0].virtualSpaces == 0 {
            var end = lines[0].range.upperBound
            let start = lines[0].range.lowerBound
            if trimTrailingWhitespace { while end > start && ByteClass.isWhitespace(source[end - 1]) { end -= 1 } }
            self.bytes = source
            self.start = start
            self.end = end
            self.segments = [(start, start)]
            return
        }
        var buffer: [UInt8] = []
        var segments: [(Int, Int)] = []
        for (index, line) in lines.enumerated() {
            if index > 0 { buffer.append(ByteClass.newline) }
            if line.virtualSpaces > 0 {
                segments.append((buffer.count, line.range.lowerBound))
                buffer.append(contentsOf: repeatElement(ByteClass.space, count: line.virtualSpaces))
            }
            segments.append((buffer.count, line.range.lowerBound))
            buffer.append(contentsOf: source[line.range])
        }
        if trimTrailingWhitespace { while let last = buffer.last, ByteClass.isWhitespace(last) { buffer.removeLast() } }
        self.bytes = buffer
        self.start = 0
        self.end = buffer.count
        self.segments = segments
    }

    /// Content built from arbitrary bytes mapped to one source offset (table cells with `\|`).
    init(bytes: [UInt8], sourceOffsets: [Int]) {
        self.bytes = bytes
        self.start = 0
        self.end = bytes.count
        self.segments = sourceOffsets.enumerated().map { ($0.offset, $0.element) }
    }

    /// Maps an offset in `bytes` back to the source.
    func sourceOffset(_ offset: Int) -> Int {
        if segments.count == 1 { return segments[0].source + (offset - segments[0].content) }
        var low = 0
        var high = segments.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if segments[mid].content <= offset { low = mid } else { high = mid - 1 }
        }
        return segments[low].source + (offset - segments[low].content)
    }

    func sourceRange(_ range: Range<Int>) -> Range<Int> {
        let lower = sourceOffset(range.lowerBound)
        return lower..<max(lower, sourceOffset(range.upperBound))
    }
}
