/// A replacement of one byte range of a document: the unit of every change Specwright makes.
///
/// Edits never re-serialise a tree; they splice bytes, so everything outside their ranges stays
/// exactly as the author wrote it.
///
/// ```swift
/// let edited = ByteEdit.apply([ByteEdit(range: 2..<5, with: "x")], to: Array("# [T]\n".utf8))
/// // "# x\n"
/// ```
public struct ByteEdit: Sendable, Equatable {
    public var range: Range<Int>
    public var replacement: [UInt8]

    public init(range: Range<Int>, replacement: [UInt8]) {
        self.range = range
        self.replacement = replacement
    }

    public init(range: Range<Int>, with text: String) {
        self.init(range: range, replacement: Array(text.utf8))
    }

    /// An insertion at `offset`.
    public static func insert(_ text: String, at offset: Int) -> ByteEdit {
        ByteEdit(range: offset..<offset, with: text)
    }

    /// Applies non-overlapping edits (in any order) to `bytes`. Overlapping edits are a
    /// programming error: the later-starting one is dropped.
    public static func apply(_ edits: [ByteEdit], to bytes: [UInt8]) -> [UInt8] {
        let sorted = edits.sorted { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + sorted.reduce(0) { $0 + $1.replacement.count })
        var position = 0
        for edit in sorted where edit.range.lowerBound >= position {
            result.append(contentsOf: bytes[position..<edit.range.lowerBound])
            result.append(contentsOf: edit.replacement)
            position = edit.range.upperBound
        }
        result.append(contentsOf: bytes[position...])
        return result
    }
}

extension MarkdownDocument {
    /// A new document with `edits` applied.
    public func applying(_ edits: [ByteEdit]) -> MarkdownDocument {
        MarkdownDocument(bytes: ByteEdit.apply(edits, to: bytes), extendedAutolinks: extendedAutolinks)
    }
}
