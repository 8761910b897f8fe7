import Testing

@testable import SpecwrightServer

/// The small parsers every request goes through: the bearer token, slugs and `Accept`.
@Suite("Request parsing")
struct RequestParsingTests {
    @Test("a bearer token: the scheme in any case, blanks around the token dropped; other schemes and empty tokens refused",
          arguments: [
              ("Bearer sw_abc", "sw_abc"), ("bearer sw_abc", "sw_abc"), ("BEARER sw_abc", "sw_abc"),
              ("Bearer   sw_abc \t", "sw_abc"), ("Bearer \tsw_abc", "sw_abc"),
              ("Bearer ", nil), ("Bearer", nil), ("Bearer   ", nil), ("Basic dXNlcjpwYXNz", nil), ("sw_abc", nil),
              ("Bearersw_abc", nil), ("Beare sw_abc", nil), ("Bearer\u{0}sw_abc", nil),
          ] as [(String, String?)])
    func bearerToken(header: String, token: String?) {
        #expect(AuthMiddleware.bearerToken(header).map(String.init) == token)
    }

    @Test("slugs: 1 to 100 of a-z, 0-9 and '-', not starting with '-'",
          arguments: [
              ("payment-retries", true), ("a", true), ("0-day", true), (String(repeating: "a", count: 100), true),
              ("", false), ("-lead", false), ("Upper", false), ("under_score", false), ("dot.md", false),
              ("sp ace", false), ("é", false), (String(repeating: "a", count: 101), false), ("a/b", false),
          ])
    func slugs(slug: String, valid: Bool) {
        #expect(SpecService.isValidSlug(slug) == valid)
    }

    @Test("Accept: text/markdown wins only when ranked above JSON",
          arguments: [
              ("text/markdown", true), ("text/markdown, application/json;q=0.5", true),
              ("application/json, text/markdown;q=0.9", false), ("*/*", false), ("text/markdown;q=0", false),
              ("TEXT/MARKDOWN", true), ("text/markdown;q=0.5, */*;q=0.5", false),
          ])
    func accept(header: String, markdown: Bool) {
        #expect(SpecsController.prefersMarkdown(header) == markdown)
    }
}
