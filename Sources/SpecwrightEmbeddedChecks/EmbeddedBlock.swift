import SpecwrightCore

/// A fenced code block of a given language, with its text and a map back to document positions.
struct EmbeddedBlock {
    /// The info string's first word, lower-cased (`sql`, `yaml`, `json` …).
    var language: String
    /// The block's content, lines joined with `\n`.
    var text: String
    /// Byte offset in `text` where each content line starts.
    var lineOffsets: [Int]
    var lines: [LineSpan]
    /// The opening fence line's range, for problems with the block as a whole.
    var fence: Range<Int>

    /// Every fenced code block of the spec whose language is one of `languages`.
    static func all(in context: RuleContext, languages: Set<String>) -> [EmbeddedBlock] {
        let document = context.document
        var result: [EmbeddedBlock] = []
        for block in context.fencedCodeBlocks {
            guard case .codeBlock(let info) = block.kind, let infoRange = info.info, !infoRange.isEmpty else { continue }
            let language = document.string(infoRange).split(separator: " ").first.map { $0.lowercased() } ?? ""
            guard languages.contains(language) else { continue }
            var text = ""
            var offsets: [Int] = []
            for (index, line) in block.lines.enumerated() {
                if index > 0 { text += "\n" }
                offsets.append(text.utf8.count)
                text += document.string(line.range)
            }
            let fenceLine = document.source.lineContent(block.lineSpan.lowerBound)
            result.append(EmbeddedBlock(language: language, text: text, lineOffsets: offsets, lines: block.lines, fence: fenceLine))
        }
        return result
    }

    /// The document byte offset of a byte offset in `text`.
    func documentOffset(ofTextOffset offset: Int) -> Int {
        guard !lines.isEmpty else { return fence.lowerBound }
        var line = 0
        while line + 1 < lineOffsets.count && lineOffsets[line + 1] <= offset { line += 1 }
        let column = min(offset - lineOffsets[line], lines[line].range.count)
        return lines[line].range.lowerBound + max(0, column)
    }

    /// The document range for a 1-based line and column (in Unicode scalars) of `text`.
    func documentRange(line: Int, column: Int) -> Range<Int> {
        guard line >= 1, line <= lines.count else { return fence }
        let lineRange = lines[line - 1].range
        let lineText = Array(text.utf8)[lineOffsets[line - 1]..<(lineOffsets[line - 1] + lineRange.count)]
        var byteColumn = 0
        var scalars = 0
        for byte in lineText {
            if scalars >= column - 1 { break }
            byteColumn += 1
            if byte & 0xC0 != 0x80 { scalars += 1 }
        }
        let start = lineRange.lowerBound + min(byteColumn, lineRange.count)
        return start..<min(lineRange.upperBound, start + 1)
    }

    /// The range of the first line whose text contains `needle`, else the fence.
    func documentRange(ofLineContaining needle: String) -> Range<Int> {
        let bytes = Array(text.utf8)
        for (index, start) in lineOffsets.enumerated() {
            let end = index + 1 < lineOffsets.count ? lineOffsets[index + 1] - 1 : bytes.count
            let line = String(decoding: bytes[start..<end], as: UTF8.self)
            if line.contains(needle) { return lines[index].range }
        }
        return fence
    }

    /// The line of a mapping key, written plain, single- or double-quoted.
    func documentRange(ofKey key: String) -> Range<Int> {
        for form in ["\(key):", "'\(key)':", "\"\(key)\":"] {
            let range = documentRange(ofLineContaining: form)
            if range != fence { return range }
        }
        return fence
    }
}
