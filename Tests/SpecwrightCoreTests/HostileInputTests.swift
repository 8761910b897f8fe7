import Foundation
import Testing

@testable import SpecwrightCore

/// Input built to be slow or to crash a parser (cmark's pathological cases and more): every case is
/// parsed, fully inline-parsed, rendered and checked without crashing, and nesting is bounded.
/// Speed is measured by `Benchmarks/hostile-input.sh`, not here; sizes stay small.
@Suite("Hostile input")
struct HostileInputTests {
    static let cases: [(String, String)] = [
        ("nested brackets", String(repeating: "[", count: 20_000) + "a" + String(repeating: "]", count: 20_000)),
        ("nested block quotes", String(repeating: ">", count: 50_000) + " a\n"),
        ("nested lists on one line", String(repeating: "- ", count: 20_000) + "a\n"),
        ("nested ordered lists on one line", String(repeating: "1. ", count: 20_000) + "a\n"),
        ("nested indented lists", (0..<400).map { String(repeating: "  ", count: $0) + "* a\n" }.joined()),
        ("nested strong and emphasis", String(repeating: "*a **a ", count: 5_000) + "b" + String(repeating: " a** a*", count: 5_000)),
        ("emphasis closers without openers", String(repeating: "a_ ", count: 20_000)),
        ("emphasis openers without closers", String(repeating: "_a ", count: 20_000)),
        ("link closers without openers", String(repeating: "a]", count: 20_000)),
        ("link openers without closers", String(repeating: "[a", count: 20_000)),
        ("link openers and emphasis closers", String(repeating: "[ a_", count: 20_000)),
        ("pattern [ (](", String(repeating: "[ (](", count: 20_000)),
        ("pattern ![[]()", String(repeating: "![[]()", count: 20_000)),
        ("nested links", String(repeating: "[", count: 2_000) + "a" + String(repeating: "](b)", count: 2_000)),
        ("nested images", String(repeating: "![", count: 2_000) + "a" + String(repeating: "](b)", count: 2_000)),
        ("backticks", (1..<300).map { "e" + String(repeating: "`", count: $0) }.joined()),
        ("unclosed links <", String(repeating: "[a](<b", count: 10_000)),
        ("unclosed links", String(repeating: "[a](b", count: 10_000)),
        ("unclosed comments", "</" + String(repeating: "<!--", count: 20_000)),
        ("NUL bytes", "abc\u{0}de\u{0}\n"),
        ("reference collisions", (0..<2_000).map { "[\($0)]: u\n" }.joined() + (0..<2_000).map { "[\($0)] " }.joined()),
        ("wide table", "|" + String(repeating: " a |", count: 2_000) + "\n|" + String(repeating: "---|", count: 2_000) + "\n"),
        ("bare addresses", String(repeating: "www.a.b/(", count: 5_000) + " " + String(repeating: "x@y.z ", count: 5_000)),
        ("address then closing parentheses", "# www.a.b" + String(repeating: ")", count: 50_000) + "\n"),
        ("underscored almost-addresses", "# " + String(repeating: "_www.a", count: 20_000) + "\n"),
        ("underscored almost-e-mail", String(repeating: "_a", count: 20_000) + "@\n"),
        ("markers between code spans", String(repeating: "`a` TODO ", count: 20_000) + "\n"),
        ("elisions in a JSON-like line", String(repeating: "[...] ", count: 20_000) + "\n"),
        ("contents linking one of many same-named headings", "## Contents\n\n" + String(repeating: "- [A](#a)\n", count: 5_000) + String(repeating: "\n## A\n\nText.\n", count: 5_000)),
    ]

    /// Every inline of every leaf block, parsed; and the deepest block nesting.
    static func walkEverything(_ document: MarkdownDocument) -> (inlines: Int, depth: Int) {
        var inlines = 0
        var deepest = 0
        document.walk { block, depth in
            deepest = max(deepest, depth)
            inlines += document.inlines(of: block).count
            return true
        }
        return (inlines, deepest)
    }

    @Test("parsed, rendered and checked without crashing", arguments: cases.map(\.0))
    func survives(_ name: String) {
        let text = Self.cases.first { $0.0 == name }!.1
        let document = MarkdownDocument(parsing: text)
        let (_, depth) = Self.walkEverything(document)
        #expect(depth <= BlockParser.maximumNesting + 1)
        #expect(!HTMLRenderer().render(document).isEmpty)
        let report = Checker(catalog: .builtin).check(Spec(document: document, path: "hostile.md"))
        #expect(report.path == "hostile.md")
        // Lossless whatever the input.
        #expect(document.bytes == Array(text.utf8))
    }

    @Test("nesting past the limits is text: 50,000 block quotes render as 128 and a paragraph")
    func nestingLimits() {
        let quotes = MarkdownDocument(parsing: String(repeating: ">", count: 50_000) + " a\n")
        let html = HTMLRenderer().render(quotes)
        #expect(html.components(separatedBy: "<blockquote>").count - 1 == BlockParser.maximumNesting)
        #expect(html.contains("<p>" + String(repeating: "&gt;", count: 50_000 - BlockParser.maximumNesting) + " a</p>"))

        let emphasis = MarkdownDocument(parsing: String(repeating: "*", count: 1_000) + "a" + String(repeating: "*", count: 1_000))
        let inlines = emphasis.inlines(of: emphasis.blocks[0])
        func depth(_ inline: Inline) -> Int { 1 + (inline.children.map(depth).max() ?? 0) }
        #expect((inlines.map(depth).max() ?? 0) <= InlineParser.maximumNesting + 2)
    }
}
