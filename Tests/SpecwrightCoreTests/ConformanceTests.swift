import Foundation
import Testing

@testable import SpecwrightCore

/// Runs every example of the CommonMark 0.31.2 suite and the GFM 0.29 extension examples.
///
/// Both suites are copies in `Fixtures/` (see its README), so a clone tests with nothing beside it.
@Suite("CommonMark and GFM conformance")
struct ConformanceTests {
    struct Example: Decodable {
        var markdown: String
        var html: String
        var example: Int
        var section: String
    }

    /// Sections whose every example must pass: the block structure Specwright's rules depend on.
    static let blockSections: Set<String> = [
        "ATX headings", "Setext headings", "Indented code blocks", "Fenced code blocks", "Thematic breaks",
        "Block quotes", "Lists", "List items", "Paragraphs", "Blank lines", "Tables (extension)",
        "Task list items (extension)",
    ]

    static func load(_ url: URL) throws -> [Example] {
        try JSONDecoder().decode([Example].self, from: Data(contentsOf: url))
    }

    static func normalize(_ html: String) -> String {
        var result = html.replacingOccurrences(of: "\r\n", with: "\n")
        result = result.replacingOccurrences(of: #">\s+<"#, with: "><", options: .regularExpression)
        return result.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func run(_ examples: [Example], gfm: Bool) -> (passed: [String: Int], total: [String: Int], failures: [Int]) {
        let renderer = HTMLRenderer(options: .init(allowRawHTML: true, tagFilter: gfm))
        var passed: [String: Int] = [:]
        var total: [String: Int] = [:]
        var failures: [Int] = []
        for example in examples {
            total[example.section, default: 0] += 1
            // Plain CommonMark leaves bare addresses as text; GFM links them.
            let html = renderer.render(MarkdownDocument(parsing: example.markdown, frontMatter: false, extendedAutolinks: gfm))
            if html == example.html || normalize(html) == normalize(example.html) {
                passed[example.section, default: 0] += 1
            } else {
                failures.append(example.example)
                if ProcessInfo.processInfo.environment["SPECWRIGHT_CONFORMANCE_VERBOSE"] != nil {
                    print("--- example \(example.example) (\(example.section))\n\(example.markdown.debugDescription)\nexpected: \(example.html.debugDescription)\nactual:   \(html.debugDescription)")
                }
            }
        }
        return (passed, total, failures)
    }

    static func report(_ title: String, _ result: (passed: [String: Int], total: [String: Int], failures: [Int])) -> String {
        var lines = ["\(title): \(result.passed.values.reduce(0, +))/\(result.total.values.reduce(0, +))"]
        for section in result.total.keys.sorted() {
            lines.append("  \(section): \(result.passed[section, default: 0])/\(result.total[section]!)")
        }
        if !result.failures.isEmpty { lines.append("  failing examples: \(result.failures.map(String.init).joined(separator: " "))") }
        return lines.joined(separator: "\n")
    }

    @Test func commonMarkSuite() throws {
        let examples = try Self.load(TestSupport.fixture("commonmark-0.31.2.json"))
        #expect(examples.count == 655)
        let result = Self.run(examples, gfm: false)
        print(Self.report("CommonMark 0.31.2", result))
        #expect(Set(result.total.keys).isSuperset(of: Self.blockSections.subtracting(["Tables (extension)", "Task list items (extension)"])))
        for section in Self.blockSections where result.total[section] != nil {
            #expect(result.passed[section, default: 0] == result.total[section], "section \(section)")
        }
        // Every CommonMark section passes today; keep it that way.
        #expect(result.passed.values.reduce(0, +) == 655)
    }

    @Test func gfmExtensionSuite() throws {
        let examples = try Self.load(TestSupport.fixture("gfm-extensions-0.29-inputs.json"))
        #expect(examples.count == 24)
        let result = Self.run(examples, gfm: true)
        print(Self.report("GFM 0.29 extensions", result))
        #expect(result.total["Tables (extension)"] == 8 && result.total["Task list items (extension)"] == 2 && result.total["Autolinks (extension)"] == 11)
        // Every GFM extension example passes, extended autolinks included; keep it that way.
        #expect(result.passed.values.reduce(0, +) == 24, "failing: \(result.failures)")
        for section in Self.blockSections where result.total[section] != nil {
            #expect(result.passed[section, default: 0] == result.total[section], "section \(section)")
        }
    }
}
