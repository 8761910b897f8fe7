import Foundation
import Testing

@testable import SpecwrightCore

/// GFM extended autolinks beyond the spec's own examples: where they may start, what ends them,
/// and that they never nest inside a link or appear in plain CommonMark.
@Suite("Extended autolinks")
struct ExtendedAutolinkTests {
    static func html(_ markdown: String, gfm: Bool = true) -> String {
        HTMLRenderer().render(MarkdownDocument(parsing: markdown, frontMatter: false, extendedAutolinks: gfm))
    }

    @Test("bare addresses become links where GitHub links them", arguments: [
        ("Docs at https://example.com/a_b?x=1.", #"<p>Docs at <a href="https://example.com/a_b?x=1">https://example.com/a_b?x=1</a>.</p>"#),
        ("*www.example.com*", #"<p><em><a href="http://www.example.com">www.example.com</a></em></p>"#),
        ("~~ops@example.com~~", #"<p><del><a href="mailto:ops@example.com">ops@example.com</a></del></p>"#),
        ("(see https://example.com/x)", #"<p>(see <a href="https://example.com/x">https://example.com/x</a>)</p>"#),
        ("https://Example.COM/Path", #"<p><a href="https://Example.COM/Path">https://Example.COM/Path</a></p>"#),
    ])
    func links(_ markdown: String, _ expected: String) {
        #expect(Self.html(markdown) == expected + "\n")
    }

    @Test("no link: inside a word, without a dot in the domain, in code, in brackets, or after an underscore in the last segments", arguments: [
        ("xwww.example.com", "<p>xwww.example.com</p>"),
        ("http://localhost/x", "<p>http://localhost/x</p>"),
        ("`https://example.com`", "<p><code>https://example.com</code></p>"),
        ("[team@example.com]", "<p>[team@example.com]</p>"),
        ("www.example.co_m", "<p>www.example.co_m</p>"),
        ("user@host", "<p>user@host</p>"),
        // Case-sensitive, as cmark-gfm matches them.
        ("WWW.EXAMPLE.COM HTTPS://EXAMPLE.COM", "<p>WWW.EXAMPLE.COM HTTPS://EXAMPLE.COM</p>"),
    ])
    func noLinks(_ markdown: String, _ expected: String) {
        #expect(Self.html(markdown) == expected + "\n")
    }

    @Test("a bare address inside link text stays text: links never nest")
    func noNesting() {
        #expect(Self.html("[see www.example.com](https://other.example)") == #"<p><a href="https://other.example">see www.example.com</a></p>"# + "\n")
        #expect(Self.html("[https://a.example](https://b.example)") == #"<p><a href="https://b.example">https://a.example</a></p>"# + "\n")
        #expect(Self.html("[*www.x.com*](u)") == #"<p><a href="u"><em>www.x.com</em></a></p>"# + "\n")
    }

    @Test("plain CommonMark leaves bare addresses as text; the source range of a link is exact")
    func commonMarkAndRanges() {
        #expect(Self.html("www.example.com", gfm: false) == "<p>www.example.com</p>\n")
        let document = MarkdownDocument(parsing: "Go to www.example.com/a. Now.\n")
        let inlines = document.inlines(of: document.blocks[0])
        #expect(inlines.count == 3)
        #expect(inlines[1].kind == .link(destination: "http://www.example.com/a", title: nil))
        #expect(document.string(inlines[1].range) == "www.example.com/a")
        #expect(inlines[1].plainText == "www.example.com/a")
        #expect(document.applying([]).extendedAutolinks)
    }
}
