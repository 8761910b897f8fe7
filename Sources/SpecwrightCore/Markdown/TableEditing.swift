/// Edits of GFM table rows that keep the author's layout: a replaced cell keeps its column width
/// when the table is padded for alignment, and a new row copies an existing row's style.
public enum TableEditing {
    /// The bytes between the pipes around a cell (its content plus padding).
    static func segment(of cell: Range<Int>, in row: TableRow, bytes: [UInt8]) -> Range<Int> {
        var start = cell.lowerBound
        while start > row.range.lowerBound && bytes[start - 1] != UInt8(ascii: "|") { start -= 1 }
        var end = cell.upperBound
        while end < row.range.upperBound && !(bytes[end] == UInt8(ascii: "|") && (end == 0 || bytes[end - 1] != UInt8(ascii: "\\"))) { end += 1 }
        return start..<end
    }

    /// An edit setting cell `index` of `row` to `text`, padded to the cell's current width.
    public static func setCell(_ index: Int, of row: TableRow, to text: String, in document: MarkdownDocument) -> ByteEdit? {
        guard row.cells.indices.contains(index) else { return nil }
        let bytes = document.bytes
        let cell = row.cells[index]
        let segment = segment(of: cell, in: row, bytes: bytes)
        let width = document.string(segment).count
        let escaped = text.replacingOccurrences(of: "|", with: "\\|")
        let leading = cell.lowerBound > segment.lowerBound ? " " : ""
        var replacement = leading + escaped
        let trailingEnd = segment.upperBound < row.range.upperBound || bytes[segment.upperBound - 1] == ByteClass.space
        if trailingEnd { replacement += " " }
        if replacement.count < width { replacement += String(repeating: " ", count: width - replacement.count) }
        return ByteEdit(range: segment, with: replacement)
    }

    /// A new row for `table` in its style: the same outer pipes, and when the table is aligned
    /// (every row's pipes line up), cells padded to the column widths.
    public static func row(for table: TableInfo, cells: [String], in document: MarkdownDocument) -> String {
        let style = table.rows.last ?? table.header
        let text = document.string(style.range)
        let leadingPipe = text.hasPrefix("|")
        let trailingPipe = text.hasSuffix("|")
        let widths = alignedWidths(table, document: document)
        var parts: [String] = []
        for (index, value) in cells.enumerated() {
            let escaped = value.replacingOccurrences(of: "|", with: "\\|")
            var part = " " + escaped + " "
            if let widths, index < widths.count, part.count < widths[index] { part += String(repeating: " ", count: widths[index] - part.count) }
            parts.append(part)
        }
        if !leadingPipe, !parts.isEmpty { parts[0].removeFirst() }
        if !trailingPipe, !parts.isEmpty { while parts[parts.count - 1].hasSuffix(" ") { parts[parts.count - 1].removeLast() } }
        return (leadingPipe ? "|" : "") + parts.joined(separator: "|") + (trailingPipe ? "|" : "")
    }

    /// The column widths (between pipes) when every row of the table has the same ones.
    static func alignedWidths(_ table: TableInfo, document: MarkdownDocument) -> [Int]? {
        let bytes = document.bytes
        func widths(_ row: TableRow) -> [Int] { row.cells.map { document.string(segment(of: $0, in: row, bytes: bytes)).count } }
        let expected = widths(table.header)
        for row in [table.delimiter] + table.rows where widths(row) != expected { return nil }
        return expected
    }
}
