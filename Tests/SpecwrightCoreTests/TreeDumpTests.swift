import Testing

@testable import SpecwrightCore

/// Golden block-tree dumps with exact `line:column` ranges. Each expected dump was checked by hand
/// against the CommonMark 0.31.2 / GFM block rules (see the comments on each case).
@Suite("Block tree dumps")
struct TreeDumpTests {
    static func dump(_ text: String, frontMatter: Bool = true) -> String {
        MarkdownDocument(parsing: text, frontMatter: frontMatter).treeDump()
    }

    @Test("ATX and setext headings, closing sequences stripped from the text")
    func headings() {
        let text = "# Title\n\nSetext One\n==========\n\nSetext Two\n---\n\n## ATX closed ##\n"
        // `===` under a paragraph is a level-1 setext heading, `---` a level-2 one; both span the
        // text line and the underline. `## ATX closed ##` keeps its closing `##` in the range only.
        #expect(Self.dump(text) == """
            heading level=1 [1:1-1:8] "Title"
            heading level=1 setext [3:1-4:11] "Setext One"
            heading level=2 setext [6:1-7:4] "Setext Two"
            heading level=2 [9:1-9:17] "ATX closed"
            """)
    }

    @Test("Nested lists with task items; a new delimiter starts a new list")
    func nestedListsWithTasks() {
        let text = "- one\n  - nested\n  - [ ] open task\n- [x] done\n\n1. first\n2) second\n"
        // The sublist sits at column 3 inside the first item; `[ ]`/`[x]` make task items whose
        // paragraph starts after the checkbox. `2)` changes the delimiter, so it opens a second
        // ordered list starting at 2 (CommonMark example 301).
        #expect(Self.dump(text) == """
            list bullet tight [1:1-4:11]
              item [1:1-3:18]
                paragraph [1:3-1:6]
                list bullet tight [2:3-3:18]
                  item [2:3-2:11]
                    paragraph [2:5-2:11]
                  item task=[ ] [3:3-3:18]
                    paragraph [3:9-3:18]
              item task=[x] [4:1-4:11]
                paragraph [4:7-4:11]
            list ordered start=1 tight [6:1-6:9]
              item [6:1-6:9]
                paragraph [6:4-6:9]
            list ordered start=2 tight [7:1-7:10]
              item [7:1-7:10]
                paragraph [7:4-7:10]
            """)
    }

    @Test("Task markers point at the checkbox bytes")
    func taskMarkerRange() throws {
        let document = MarkdownDocument(parsing: "- [x] done\n")
        let item = try #require(document.blocks.first?.children.first)
        guard case .listItem(let info) = item.kind, let task = info.task else {
            Issue.record("expected a task item")
            return
        }
        #expect(task.checked)
        #expect(document.string(task.range) == "[x]")
        #expect(document.string(info.marker) == "-")
    }

    @Test("A GFM table with alignments and a short row, ended by a blank line")
    func table() throws {
        let text = "| A | B |\n|:--|--:|\n| 1 | 2 |\n| 3 |\n\nafter\n"
        #expect(Self.dump(text) == """
            table columns=2 rows=2 [1:1-4:6]
            paragraph [6:1-6:6]
            """)
        let document = MarkdownDocument(parsing: text)
        guard case .table(let table) = document.blocks[0].kind else {
            Issue.record("expected a table")
            return
        }
        #expect(table.alignments == [.left, .right])
        #expect(table.header.cells.map(document.string) == ["A", "B"])
        #expect(table.rows.map { $0.cells.map(document.string) } == [["1", "2"], ["3"]])
        #expect(table.rows.map(\.line) == [2, 3])
    }

    @Test("`# not a heading` inside a fenced code block is code")
    func fencedCode() {
        let text = "Intro\n\n```swift\n# not a heading\n```\n\n# Real\n"
        #expect(Self.dump(text) == """
            paragraph [1:1-1:6]
            code_block fenced info=swift [3:1-5:4]
            heading level=1 [7:1-7:7] "Real"
            """)
        let outline = Outline(MarkdownDocument(parsing: text))
        #expect(outline.titleText == "Real")
        #expect(outline.sections.isEmpty)
    }

    @Test("`# not a heading` inside an HTML comment is part of the comment")
    func htmlComment() {
        // A comment is HTML block kind 2; it ends on the line holding `-->`.
        let text = "<!--\n# not a heading\n-->\n# Real\n"
        #expect(Self.dump(text) == """
            html_block kind=2 [1:1-3:4]
            heading level=1 [4:1-4:7] "Real"
            """)
    }

    @Test("`[ ]` inside a code span is not a task checkbox")
    func checkboxInCodeSpan() {
        let text = "- `[ ]` in code\n- [ ] real task\n"
        #expect(Self.dump(text) == """
            list bullet tight [1:1-2:16]
              item [1:1-1:16]
                paragraph [1:3-1:16]
              item task=[ ] [2:1-2:16]
                paragraph [2:7-2:16]
            """)
        #expect(TaskItems.collect(in: MarkdownDocument(parsing: text)).map(\.text) == ["real task"])
    }

    @Test("YAML front matter is one block, and plain CommonMark without it")
    func frontMatter() {
        let text = "---\ntitle: Spec\nstatus: draft\n---\n\n# Heading\n"
        #expect(Self.dump(text) == """
            front_matter [1:1-4:4]
            heading level=1 [6:1-6:10] "Heading"
            """)
        // Without front matter support, `---` is a thematic break and the next lines a setext heading.
        #expect(Self.dump(text, frontMatter: false) == """
            thematic_break [1:1-1:4]
            heading level=2 setext [2:1-4:4] "title: Spec status: draft"
            heading level=1 [6:1-6:10] "Heading"
            """)
    }

    @Test("A block quote with a lazy continuation line")
    func blockQuoteLazyContinuation() {
        // `lazy line` has no `>` but continues the quote's open paragraph (CommonMark example 233).
        let text = "> # Quote\n> first line\nlazy line\n"
        #expect(Self.dump(text) == """
            block_quote [1:1-3:10]
              heading level=1 [1:3-1:10] "Quote"
              paragraph [2:3-3:10]
            """)
    }

    @Test("Columns count Unicode scalars; CRLF endings are not columns")
    func unicodeColumnsAndCRLF() {
        let text = "# Caf\u{e9} \u{1F680}\r\n\r\n> quote\r\nlazy\r\n"
        #expect(Self.dump(text) == """
            heading level=1 [1:1-1:9] "Café 🚀"
            block_quote [3:1-4:5]
              paragraph [3:3-4:5]
            """)
    }

    @Test("A loose ordered list holding a fenced code block")
    func looseListWithCode() {
        let text = "1. step\n\n   ```\n   # code\n   ```\n2. next\n"
        #expect(Self.dump(text) == """
            list ordered start=1 loose [1:1-6:8]
              item [1:1-5:7]
                paragraph [1:4-1:8]
                code_block fenced [3:4-5:7]
              item [6:1-6:8]
                paragraph [6:4-6:8]
            """)
    }

    @Test("Indented code, a thematic break and a link reference definition")
    func indentedCodeBreakAndReference() {
        let text = "    indented\n\n***\n[ref]: /url\n"
        #expect(Self.dump(text) == """
            code_block indented [1:5-1:13]
            thematic_break [3:1-3:4]
            link_reference_definition label=ref [4:1-4:12]
            """)
    }
}
