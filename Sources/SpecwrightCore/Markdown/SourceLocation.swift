/// A point in a source file: byte offset plus the 1-based line and column a person would quote.
///
/// Columns count Unicode scalar values from the start of the line, so a tab or an emoji is one
/// column, matching what editors and SARIF's `unicodeCodePoints` column kind expect.
///
/// ```swift
/// let text = SourceText("# Title\nbody\n")
/// let location = text.location(ofOffset: 9)   // line 2, column 2
/// ```
public struct SourceLocation: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// Byte offset from the start of the file (a UTF-8 BOM counts as three bytes).
    public var offset: Int
    /// 1-based line number.
    public var line: Int
    /// 1-based column, in Unicode scalars.
    public var column: Int

    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        lhs.offset < rhs.offset
    }

    public var description: String { "\(line):\(column)" }
}

/// A half-open span of source text with both ends resolved to line and column.
public struct SourceRange: Sendable, Hashable, Codable, CustomStringConvertible {
    public var start: SourceLocation
    public var end: SourceLocation

    public init(start: SourceLocation, end: SourceLocation) {
        self.start = start
        self.end = end
    }

    /// The byte offsets this range covers.
    public var bytes: Range<Int> { start.offset..<end.offset }

    public var description: String { "\(start)-\(end)" }
}
