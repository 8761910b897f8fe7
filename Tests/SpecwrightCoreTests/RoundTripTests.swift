import Foundation
import Testing

@testable import SpecwrightCore

/// The lossless property of the Markdown model: a parsed document keeps its input bytes exactly,
/// and every range in its block tree is in bounds, ordered and nested inside its parent.
@Suite("Lossless round trip")
struct RoundTripTests {
    // MARK: Structural checker

    /// Every way a parsed tree can disagree with its source; empty when the tree is sound.
    static func structuralProblems(_ document: MarkdownDocument) -> [String] {
        var problems: [String] = []
        let count = document.bytes.count
        let source = document.source
        let lineCount = source.lineCount

        func bounds(_ range: Range<Int>, _ what: String) {
            if range.lowerBound < 0 || range.upperBound > count {
                problems.append("\(what) range \(range) outside 0..<\(count)")
            }
        }

        func check(_ block: Block, parent: Block?, path: String) {
            let name = "\(path)/\(block.kind.name)@\(block.range)"
            bounds(block.range, name)
            if block.lineSpan.lowerBound < 0 || block.lineSpan.upperBound >= max(lineCount, 1) {
                problems.append("\(name): line span \(block.lineSpan) outside 0..<\(lineCount)")
            }
            // The line span names the lines the byte range touches.
            if block.range.lowerBound >= 0 && block.range.upperBound <= count {
                let first = source.lineIndex(ofOffset: block.range.lowerBound)
                let last = source.lineIndex(ofOffset: block.range.upperBound)
                if first != block.lineSpan.lowerBound || last != block.lineSpan.upperBound {
                    problems.append("\(name): line span \(block.lineSpan) but range is on lines \(first)...\(last)")
                }
            }
            if let parent {
                if block.range.lowerBound < parent.range.lowerBound || block.range.upperBound > parent.range.upperBound {
                    problems.append("\(name): not inside parent range \(parent.range)")
                }
                if block.lineSpan.lowerBound < parent.lineSpan.lowerBound || block.lineSpan.upperBound > parent.lineSpan.upperBound {
                    problems.append("\(name): line span \(block.lineSpan) not inside parent's \(parent.lineSpan)")
                }
            }
            var previousLine: Range<Int>?
            for line in block.lines {
                bounds(line.range, "\(name) line")
                // An HTML block's content keeps its indentation while its range starts at `<` (as in
                // cmark's source positions), so a first line may begin up to the block's start with
                // spaces and tabs only.
                let leadingIndentation = line.range.lowerBound < block.range.lowerBound
                    && document.bytes[line.range.lowerBound..<block.range.lowerBound].allSatisfy { $0 == 0x20 || $0 == 0x09 }
                if (line.range.lowerBound < block.range.lowerBound && !leadingIndentation) || line.range.upperBound > block.range.upperBound {
                    problems.append("\(name): content line \(line.range) outside the block")
                }
                if let previous = previousLine, line.range.lowerBound < previous.upperBound {
                    problems.append("\(name): content line \(line.range) before previous line \(previous)")
                }
                previousLine = line.range
            }
            switch block.kind {
            case .listItem(let info):
                bounds(info.marker, "\(name) marker")
                if !block.range.contains(info.marker.lowerBound) { problems.append("\(name): marker \(info.marker) outside item") }
                if let task = info.task {
                    if task.range.count != 3 || task.range.lowerBound < block.range.lowerBound || task.range.upperBound > block.range.upperBound {
                        problems.append("\(name): task marker \(task.range) malformed")
                    } else if document.bytes[task.range.lowerBound] != UInt8(ascii: "[") || document.bytes[task.range.upperBound - 1] != UInt8(ascii: "]") {
                        problems.append("\(name): task marker \(task.range) is not [.]")
                    }
                }
            case .table(let table):
                for row in [table.header, table.delimiter] + table.rows {
                    if row.range.lowerBound < block.range.lowerBound || row.range.upperBound > block.range.upperBound {
                        problems.append("\(name): row \(row.range) outside table")
                    }
                    for cell in row.cells where cell.lowerBound < row.range.lowerBound || cell.upperBound > row.range.upperBound {
                        problems.append("\(name): cell \(cell) outside row \(row.range)")
                    }
                }
            case .codeBlock(let info):
                if let infoRange = info.info, infoRange.lowerBound < block.range.lowerBound || infoRange.upperBound > block.range.upperBound {
                    problems.append("\(name): info string \(infoRange) outside the block")
                }
            default:
                break
            }
            var previous: Block?
            for child in block.children {
                if let previous, child.range.lowerBound < previous.range.upperBound {
                    problems.append("\(name): child \(child.kind.name)@\(child.range) starts before previous sibling ends (\(previous.range))")
                }
                check(child, parent: block, path: name)
                previous = child
            }
        }

        if document.root.range != 0..<count { problems.append("root range \(document.root.range) is not the whole file 0..<\(count)") }
        for child in document.root.children { check(child, parent: document.root, path: "") }
        return problems
    }

    /// Parses `bytes` and checks the lossless property and the tree's structure.
    static func expectLossless(_ bytes: [UInt8], _ label: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let document = MarkdownDocument(bytes: bytes)
        #expect(document.bytes == bytes, "bytes changed: \(label)", sourceLocation: sourceLocation)
        let problems = structuralProblems(document)
        #expect(problems.isEmpty, "\(label): \(problems.prefix(5).joined(separator: "; "))", sourceLocation: sourceLocation)
        // The spec model built on top must not disturb the bytes either.
        let spec = Spec(document: document, path: label)
        #expect(spec.document.bytes == bytes, "spec bytes changed: \(label)", sourceLocation: sourceLocation)
    }

    // MARK: Seeds

    static let seedNames = ["feature-spec", "system-design"]

    @Test("The built-in templates are byte for byte the seed templates the user gave (a copy in Fixtures/seeds)", arguments: seedNames)
    func seedsMatchBuiltins(_ name: String) throws {
        let seed = [UInt8](try Data(contentsOf: TestSupport.fixture("seeds/\(name).md")))
        #expect(seed.count > 1000)
        #expect(seed == TestSupport.builtinBytes(name))
    }

    @Test("Seed round-trips byte for byte with LF endings", arguments: seedNames)
    func seedLF(_ name: String) {
        Self.expectLossless(TestSupport.builtinBytes(name), name)
    }

    @Test("Seed round-trips byte for byte with CRLF endings", arguments: seedNames)
    func seedCRLF(_ name: String) {
        let bytes = TestSupport.crlf(TestSupport.builtinBytes(name))
        Self.expectLossless(bytes, "\(name) CRLF")
        // CRLF must not change the structure: the same blocks on the same lines.
        let lf = MarkdownDocument(bytes: TestSupport.builtinBytes(name))
        let crlf = MarkdownDocument(bytes: bytes)
        #expect(crlf.source.lineCount == lf.source.lineCount)
        #expect(crlf.source.preferredLineEnding == "\r\n")
        #expect(lf.source.preferredLineEnding == "\n")
        #expect(Self.shape(crlf) == Self.shape(lf))
    }

    @Test("Seed round-trips byte for byte with CR-only endings", arguments: seedNames)
    func seedCR(_ name: String) {
        let bytes = TestSupport.builtinBytes(name).map { $0 == 0x0A ? 0x0D : $0 }
        Self.expectLossless(bytes, "\(name) CR")
        #expect(Self.shape(MarkdownDocument(bytes: bytes)) == Self.shape(MarkdownDocument(bytes: TestSupport.builtinBytes(name))))
    }

    /// Kinds and line spans of every block: what must not depend on the line-ending style.
    static func shape(_ document: MarkdownDocument) -> [String] {
        var result: [String] = []
        document.walk { block, depth in
            result.append("\(depth) \(block.kind.name) \(block.lineSpan)")
            return true
        }
        return result
    }

    // MARK: Awkward files

    @Test("A UTF-8 byte order mark is kept and is not a column")
    func byteOrderMark() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("# Title\n\n**Status**: Draft\n".utf8)
        Self.expectLossless(bytes, "BOM")
        let document = MarkdownDocument(bytes: bytes)
        #expect(document.source.hasByteOrderMark)
        #expect(document.text.hasPrefix("\u{FEFF}# Title"))
        guard case .heading(level: 1, setext: false) = document.blocks.first?.kind else {
            Issue.record("a BOM must not stop the first line being a heading: \(document.treeDump())")
            return
        }
        #expect(document.sourceRange(document.blocks[0].range).description == "1:1-1:8")
        #expect(Spec(document: document, path: "bom.md").title == "Title")
    }

    @Test("Columns count Unicode scalars on any line, long or short, with or without a BOM", arguments: [false, true])
    func columnsInScalars(_ withBOM: Bool) {
        // Multi-byte scalars straddle the 64-byte blocks the column index counts by.
        let line = String(repeating: "aé€😀", count: 40)
        let bytes: [UInt8] = (withBOM ? [0xEF, 0xBB, 0xBF] : []) + Array("# T\r\n\(line)\n\(line)".utf8)
        let source = SourceText(bytes)
        for offset in 0...bytes.count {
            let line = source.lineIndex(ofOffset: offset)
            var start = source.lineStarts[line]
            if line == 0 && withBOM && offset >= 3 { start = 3 }
            let expected = 1 + bytes[start..<offset].filter { $0 & 0xC0 != 0x80 }.count
            #expect(source.location(ofOffset: offset).column == expected, "offset \(offset)")
        }
    }

    @Test("A BOM before the seed template round-trips", arguments: seedNames)
    func byteOrderMarkSeed(_ name: String) {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + TestSupport.builtinBytes(name)
        Self.expectLossless(bytes, "BOM \(name)")
        #expect(Spec(bytes: bytes, path: "x.md").outline.sections.count == Spec(bytes: TestSupport.builtinBytes(name), path: "x.md").outline.sections.count)
    }

    @Test("A BOM before front matter still reads as front matter")
    func byteOrderMarkFrontMatter() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("---\nstatus: draft\n---\n# T\n".utf8)
        Self.expectLossless(bytes, "BOM front matter")
        let document = MarkdownDocument(bytes: bytes)
        #expect(document.blocks.first?.kind == .frontMatter)
    }

    @Test("A file without a final newline keeps its last line", arguments: [
        "# Title\n\nLast line", "- item\n- last", "| a | b |\n|---|---|\n| 1 | 2 |", "```\ncode", "> quote", "text  ", "# T\r\n\r\nend",
    ])
    func noFinalNewline(_ text: String) {
        let bytes = Array(text.utf8)
        Self.expectLossless(bytes, text.debugDescription)
        let document = MarkdownDocument(bytes: bytes)
        #expect(document.root.children.last?.range.upperBound == bytes.count, "the last block reaches the end of the file")
    }

    @Test("Tabs and trailing spaces survive and are columns of their own")
    func tabsAndTrailingSpaces() {
        let text = "#\tTab heading\t \n\n-\titem with tab   \n\t- nested\t\n\n\tindented code\t\n\n| a\t| b |  \n|---|---|\n|\t1 | 2 |\t\n\nline with hard break  \nnext\t\n"
        let bytes = Array(text.utf8)
        Self.expectLossless(bytes, "tabs")
        let document = MarkdownDocument(bytes: bytes)
        #expect(document.text == text)
        // "#\tTab heading\t " is 15 scalars long: the heading ends at column 16.
        #expect(document.sourceRange(document.blocks[0].range).description == "1:1-1:16")
        #expect(document.plainText(of: document.blocks[0]) == "Tab heading")
    }

    @Test("Empty and whitespace-only inputs", arguments: ["", "\n", "\r\n", "\r", "   ", "\t\n\t\n", "\n\n\n"])
    func emptyInputs(_ text: String) {
        Self.expectLossless(Array(text.utf8), text.debugDescription)
    }

    @Test("Invalid UTF-8 is tolerated and kept")
    func invalidUTF8() {
        let bytes: [UInt8] = Array("# T\u{e9}st ".utf8) + [0xFF, 0xC3] + Array("\n\npara ".utf8) + [0x80, 0x0A]
        Self.expectLossless(bytes, "invalid UTF-8")
    }

    // MARK: CommonMark examples

    struct Example: Decodable {
        var markdown: String
        var example: Int
    }

    static func commonMarkExamples() throws -> [Example] {
        try JSONDecoder().decode([Example].self, from: Data(contentsOf: TestSupport.fixture("commonmark-0.31.2.json")))
    }

    @Test("All 655 CommonMark example inputs round-trip with sound trees, with and without front matter")
    func commonMarkInputs() throws {
        let examples = try Self.commonMarkExamples()
        #expect(examples.count == 655)
        var failures: [String] = []
        for example in examples {
            let bytes = Array(example.markdown.utf8)
            for frontMatter in [true, false] {
                let document = MarkdownDocument(bytes: bytes, frontMatter: frontMatter)
                if document.bytes != bytes { failures.append("example \(example.example): bytes changed") }
                let problems = Self.structuralProblems(document)
                if !problems.isEmpty { failures.append("example \(example.example) (frontMatter: \(frontMatter)): \(problems.prefix(3).joined(separator: "; "))") }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.prefix(20).joined(separator: "\n"))")
    }

    @Test("CommonMark example inputs round-trip with CRLF endings")
    func commonMarkInputsCRLF() throws {
        let examples = try Self.commonMarkExamples()
        #expect(examples.count == 655)
        var failures: [String] = []
        for example in examples where !example.markdown.contains("\r") {
            let bytes = TestSupport.crlf(Array(example.markdown.utf8))
            let document = MarkdownDocument(bytes: bytes, frontMatter: false)
            if document.bytes != bytes { failures.append("example \(example.example): bytes changed") }
            let problems = Self.structuralProblems(document)
            if !problems.isEmpty { failures.append("example \(example.example): \(problems.prefix(3).joined(separator: "; "))") }
        }
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.prefix(20).joined(separator: "\n"))")
    }

    // MARK: Generated documents

    /// A pseudo-random spec-like document mixing every block kind, line-ending style and some
    /// awkward bytes (tabs, trailing spaces, non-ASCII text, unclosed fences, lazy lines).
    static func randomDocument(seed: UInt64) -> [UInt8] {
        var random = SeededGenerator(seed: seed)
        let endings = ["\n", "\r\n", "\r"]
        let mixed = random.chance(0.3)
        let documentEnding = random.pick(endings)
        func eol() -> String { mixed ? random.pick(endings) : documentEnding }
        let words = ["alpha", "Beta", "[Name]", "`code`", "*em*", "**strong**", "FEATURE_NAME", "YYYY-MM-DD", "caf\u{e9}", "\u{1F680}",
                     "[link](#x)", "a|b", "\\|", "<br>", "x\ty", "HIGH/MED/LOW", "~~del~~", "[^1]", "&amp;", "_u_"]
        func phrase() -> String { (0..<random.int(1...6)).map { _ in random.pick(words) }.joined(separator: " ") }
        func trailing() -> String { random.pick(["", "", "", " ", "  ", "\t", "\\"]) }
        var out = ""
        if random.chance(0.05) { out += "\u{FEFF}" }
        if random.chance(0.15) { out += "---" + eol() + "title: \(phrase())" + eol() + "status: draft" + eol() + "---" + eol() }
        for _ in 0..<random.int(3...25) {
            switch random.int(0...13) {
            case 0:
                out += String(repeating: "#", count: random.int(1...6)) + random.pick([" ", "\t", "  "]) + phrase() + random.pick(["", " ##", " #"]) + trailing() + eol()
            case 1:
                out += phrase() + eol() + random.pick(["===", "---", "=", "-------"]) + trailing() + eol()
            case 2:
                for _ in 0..<random.int(1...3) { out += random.pick(["", " ", "  "]) + phrase() + trailing() + eol() }
            case 3:
                let marker = random.pick(["-", "*", "+", "1.", "2)"])
                for _ in 0..<random.int(1...4) {
                    out += marker + " " + random.pick(["", "[ ] ", "[x] ", "[X] ", "`[ ]` "]) + phrase() + trailing() + eol()
                    if random.chance(0.3) { out += "  " + random.pick(["- ", "  - [ ] ", "\t- "]) + phrase() + eol() }
                    if random.chance(0.2) { out += phrase() + eol() }  // lazy continuation
                    if random.chance(0.2) { out += eol() }
                }
            case 4:
                let columns = random.int(1...4)
                out += "|" + (0..<columns).map { _ in " \(random.pick(words)) " }.joined(separator: "|") + "|" + eol()
                out += "|" + (0..<columns).map { _ in random.pick(["---", ":--", "--:", ":-:", " --- "]) }.joined(separator: "|") + "|" + eol()
                for _ in 0..<random.int(0...3) {
                    out += "|" + (0..<random.int(1...5)).map { _ in " \(random.pick(words)) " }.joined(separator: "|") + random.pick(["|", ""]) + trailing() + eol()
                }
            case 5:
                let fence = random.pick(["```", "~~~", "````"])
                out += fence + random.pick(["", "swift", " bash ", "json"]) + eol()
                for _ in 0..<random.int(0...3) { out += random.pick(["# not a heading", "\t" + phrase(), phrase(), "", "- [ ] no"]) + eol() }
                if random.chance(0.85) { out += fence + eol() }
            case 6:
                for _ in 0..<random.int(1...3) { out += random.pick(["> ", ">", "> > ", ""]) + random.pick(["", "# ", "- "]) + phrase() + eol() }
            case 7:
                out += random.pick(["<!-- " + phrase() + " -->", "<!--" + eol() + "# not a heading" + eol() + "-->", "<div>" + eol() + phrase() + eol() + "</div>"]) + eol()
            case 8:
                out += random.pick(["---", "***", "___", "- - -"]) + eol()
            case 9:
                out += "**" + random.pick(["Status", "Version", "Created", "Author"]) + "**: " + phrase() + random.pick(["  ", "\\", ""]) + eol()
            case 10:
                out += "    " + phrase() + eol()
            case 11:
                out += "[" + random.pick(["ref", "Name", "x"]) + "]: " + random.pick(["/url", "<a b>", "#anchor \"title\""]) + eol()
            case 12:
                out += random.pick(["", " ", "\t"]) + eol()
            default:
                out += eol()
            }
        }
        if random.chance(0.3) {
            // Drop the final line ending.
            while let last = out.unicodeScalars.last, last == "\n" || last == "\r" { out.unicodeScalars.removeLast() }
        }
        return Array(out.utf8)
    }

    @Test("The random document generator is deterministic and varied")
    func generatorIsDeterministic() {
        #expect(Self.randomDocument(seed: 7) == Self.randomDocument(seed: 7))
        // Pinned: the seed-7 document's size, digest and opening bytes.
        let seven = Self.randomDocument(seed: 7)
        #expect(seven.count == 693)
        #expect(SHA256.hex(seven) == "24d4d5a7c38587a82b9a3b85fa1a190714f45935d4562ded78acbe37bedda811")
        #expect(Array(seven.prefix(32)) == Array("+ [Name] _u_ &amp;\\\n+ [ ] HIGH/M".utf8))
        #expect(Self.randomDocument(seed: 7) != Self.randomDocument(seed: 8))
        let sample = (0..<50).map { Self.randomDocument(seed: UInt64($0)) }
        #expect(sample.contains { $0.contains(0x0D) && !$0.contains(0x0A) }, "some documents use CR only")
        #expect(sample.contains { $0.contains(0x0D) && $0.contains(0x0A) }, "some documents use CRLF")
        #expect(sample.contains { !$0.contains(0x0D) }, "some documents use LF only")
    }

    @Test("Pseudo-random documents round-trip with sound trees", arguments: 0..<8)
    func randomDocuments(_ batch: Int) {
        var failures: [String] = []
        for index in 0..<40 {
            let seed = UInt64(batch * 40 + index)
            let bytes = Self.randomDocument(seed: seed)
            let document = MarkdownDocument(bytes: bytes)
            if document.bytes != bytes { failures.append("seed \(seed): bytes changed") }
            let problems = Self.structuralProblems(document)
            if !problems.isEmpty { failures.append("seed \(seed): \(problems.prefix(3).joined(separator: "; "))") }
            // Everything built on the tree must cope with it too.
            _ = document.treeDump()
            let report = Checker(catalog: .builtin).check(Spec(document: document, path: "random-\(seed).md"))
            for diagnostic in report.diagnostics {
                if let range = diagnostic.range, range.start.offset > range.end.offset || range.end.offset > bytes.count {
                    failures.append("seed \(seed): diagnostic \(diagnostic.rule) has bad range \(range)")
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.prefix(10).joined(separator: "\n"))")
    }

    // MARK: Byte edits

    @Test("ByteEdit.apply changes only the edited bytes")
    func byteEditTouchesOnlyItsRange() {
        let original = TestSupport.crlf(TestSupport.builtinBytes("feature-spec"))
        let text = String(decoding: original, as: UTF8.self)
        let target = text.range(of: "**Version**: 4.0")!
        let start = text.utf8.distance(from: text.startIndex, to: target.lowerBound) + "**Version**: ".utf8.count
        let edit = ByteEdit(range: start..<start + 3, with: "12.5.1")
        let edited = ByteEdit.apply([edit], to: original)
        #expect(edited.count == original.count + 3)
        #expect(Array(edited[..<start]) == Array(original[..<start]))
        #expect(Array(edited[start..<start + 6]) == Array("12.5.1".utf8))
        #expect(Array(edited[(start + 6)...]) == Array(original[(start + 3)...]))
        // The edited document still uses CRLF everywhere, and parses to the edited value.
        let document = MarkdownDocument(bytes: edited)
        #expect(document.bytes == edited)
        #expect(Spec(document: document, path: "x").field(.version)?.value == "12.5.1")
    }

    @Test("Several edits given in any order apply as one splice each")
    func byteEditsInAnyOrder() {
        let original = Array("0123456789".utf8)
        let edits = [ByteEdit(range: 7..<9, with: "B"), ByteEdit.insert("<", at: 0), ByteEdit(range: 2..<4, with: "AAAA"), ByteEdit.insert(">", at: 10)]
        let expected = Array("<01AAAA456B9>".utf8)
        #expect(ByteEdit.apply(edits, to: original) == expected)
        #expect(ByteEdit.apply(edits.reversed(), to: original) == expected)
        #expect(ByteEdit.apply([], to: original) == original)
    }

    @Test("Of two overlapping edits the later-starting one is dropped")
    func overlappingEdits() {
        let original = Array("abcdefgh".utf8)
        let edited = ByteEdit.apply([ByteEdit(range: 3..<6, with: "Y"), ByteEdit(range: 1..<4, with: "X")], to: original)
        #expect(String(decoding: edited, as: UTF8.self) == "aXefgh")
    }

    @Test("Random edits to a random document leave every other byte alone", arguments: [UInt64(1), 2, 3, 4, 5])
    func randomEdits(_ seed: UInt64) {
        var random = SeededGenerator(seed: seed &* 977)
        let original = Self.randomDocument(seed: seed)
        guard original.count > 2 else { return }
        let start = random.int(0...(original.count - 1))
        let end = random.int(start...original.count)
        let replacement = Array(random.pick(["", "x", "\r\n", "| new | row |", "\u{e9}t\u{e9}"]).utf8)
        let edited = ByteEdit.apply([ByteEdit(range: start..<end, replacement: replacement)], to: original)
        #expect(Array(edited[..<start]) == Array(original[..<start]))
        #expect(Array(edited[start..<start + replacement.count]) == replacement)
        #expect(Array(edited[(start + replacement.count)...]) == Array(original[end...]))
        let document = MarkdownDocument(bytes: original).applying([ByteEdit(range: start..<end, replacement: replacement)])
        #expect(document.bytes == edited)
        #expect(Self.structuralProblems(document).isEmpty)
    }
}
