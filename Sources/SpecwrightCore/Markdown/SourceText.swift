/// The exact bytes of a Markdown file plus an index of where each line starts.
///
/// Everything in the document model points into these bytes by offset, which is what makes the
/// model lossless: nothing is normalised away, so an unedited document writes back byte for byte
/// (CRLF, tabs, trailing spaces, a missing final newline and a UTF-8 BOM included).
///
/// ```swift
/// let text = SourceText("a\r\nb")
/// text.lineCount                     // 2
/// text.location(ofOffset: 3).line    // 2
/// ```
public struct SourceText: Sendable {
    /// The file's bytes, unchanged.
    public let bytes: [UInt8]
    /// Offset of the first byte of each line; `lineStarts[0] == 0`.
    public let lineStarts: [Int]
    /// Whether the file starts with a UTF-8 byte order mark.
    public let hasByteOrderMark: Bool
    /// UTF-8 continuation bytes before each 64-byte block: a column (in Unicode scalars) is then
    /// found without walking its line from the start, which made many findings on one long line
    /// quadratic.
    private let continuationsBeforeBlock: [Int32]

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.hasByteOrderMark = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        var starts = [0]
        starts.reserveCapacity(bytes.count / 32 + 1)
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            let count = buffer.count
            while index < count {
                let byte = buffer[index]
                if byte == 0x0A {
                    starts.append(index + 1)
                } else if byte == 0x0D {
                    if index + 1 < count && buffer[index + 1] == 0x0A { index += 1 }
                    starts.append(index + 1)
                }
                index += 1
            }
        }
        var blocks: [Int32] = []
        blocks.reserveCapacity(bytes.count / 64 + 1)
        bytes.withUnsafeBufferPointer { buffer in
            var running: Int32 = 0
            var index = 0
            while index <= buffer.count {
                if index & 63 == 0 { blocks.append(running) }
                if index < buffer.count && buffer[index] & 0xC0 == 0x80 { running += 1 }
                index += 1
            }
        }
        self.continuationsBeforeBlock = blocks
        // A final line ending does not open a new (empty) line for reporting purposes.
        if starts.count > 1 && starts.last == bytes.count { starts.removeLast() }
        self.lineStarts = starts
    }

    public init(_ string: String) {
        self.init(Array(string.utf8))
    }

    /// Number of lines; a file that ends with a line ending has no extra empty line.
    public var lineCount: Int { lineStarts.count }

    /// The 0-based index of the line holding `offset`.
    public func lineIndex(ofOffset offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// Resolves a byte offset to line and column.
    public func location(ofOffset offset: Int) -> SourceLocation {
        let clamped = max(0, min(offset, bytes.count))
        let index = lineIndex(ofOffset: clamped)
        var start = lineStarts[index]
        // The BOM is not a column anyone can see.
        if index == 0 && hasByteOrderMark && clamped >= 3 { start = 3 }
        let scalars = (clamped - start) - (continuations(before: clamped) - continuations(before: start))
        return SourceLocation(offset: clamped, line: index + 1, column: 1 + scalars)
    }

    /// UTF-8 continuation bytes in `bytes[..<offset]`.
    private func continuations(before offset: Int) -> Int {
        let block = offset >> 6
        var total = Int(continuationsBeforeBlock[block])
        var position = block << 6
        while position < offset {
            if bytes[position] & 0xC0 == 0x80 { total += 1 }
            position += 1
        }
        return total
    }

    /// Resolves a byte range to a ``SourceRange``.
    public func range(of bytes: Range<Int>) -> SourceRange {
        SourceRange(start: location(ofOffset: bytes.lowerBound), end: location(ofOffset: bytes.upperBound))
    }

    /// The bytes of line `index` (0-based) without its line ending.
    public func lineContent(_ index: Int) -> Range<Int> {
        let start = lineStarts[index]
        var end = index + 1 < lineStarts.count ? lineStarts[index + 1] : bytes.count
        if end > start && bytes[end - 1] == 0x0A { end -= 1 }
        if end > start && bytes[end - 1] == 0x0D { end -= 1 }
        return start..<end
    }

    /// Decodes a byte range as UTF-8 (invalid sequences become U+FFFD).
    public func string(_ range: Range<Int>) -> String {
        bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    /// The line ending the file uses most ("\n" unless CRLF lines are the majority).
    public var preferredLineEnding: String {
        var crlf = 0
        var lf = 0
        for start in lineStarts.dropFirst() {
            if start >= 2 && bytes[start - 2] == 0x0D { crlf += 1 } else { lf += 1 }
        }
        return crlf > lf ? "\r\n" : "\n"
    }
}
