import Foundation
import Testing

/// `specwright render`: a file as GitHub shows it, with raw HTML inert unless asked for.
@Suite("render")
struct RenderCLITests {
    @Test("prints HTML, links bare addresses, escapes raw HTML; --allow-raw-html keeps it; a missing file exits 2")
    func render() throws {
        let workspace = try CLITests.Workspace()
        try workspace.write("a.md", "# T\n\nSee www.example.com and <b>x</b><script>alert(1)</script>.\n")
        let escaped = try workspace.run("render", "a.md")
        #expect(escaped.status == 0)
        #expect(escaped.stdout == "<h1>T</h1>\n<p>See <a href=\"http://www.example.com\">www.example.com</a> and &lt;b&gt;x&lt;/b&gt;&lt;script&gt;alert(1)&lt;/script&gt;.</p>\n")
        let raw = try workspace.run("render", "a.md", "--allow-raw-html")
        // Even then GFM's tag filter keeps <script> inert.
        #expect(raw.stdout == "<h1>T</h1>\n<p>See <a href=\"http://www.example.com\">www.example.com</a> and <b>x</b>&lt;script>alert(1)&lt;/script>.</p>\n")
        let missing = try workspace.run("render", "nope.md")
        #expect(missing.status == 2 && missing.stderr == "specwright: error: nope.md: no such file\n")
    }
}
