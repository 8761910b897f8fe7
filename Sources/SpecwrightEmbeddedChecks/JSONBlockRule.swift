import Foundation
import SpecwrightCore

/// ```json blocks must parse (Foundation's JSONSerialization, JSON5 not accepted). The position
/// comes from the parser's message when it names one.
struct JSONBlockRule: Rule {
    let descriptor = RuleDescriptor(id: "json", severity: .error, summary: "JSON block does not parse",
                                    help: "Fix the JSON syntax at the position given; trailing commas are not JSON. A fragment that leaves parts out (`...`, `…`, `<value>`) is checked around them and, if it still does not parse, reported as an info; to skip it, use a `text` or `jsonc` fence instead of `json`.")

    static let cache = BlockResultCache()

    func check(_ context: RuleContext) -> [RuleFinding] {
        Self.cache.findings(in: context, languages: ["json"], problems: Self.problems)
    }

    /// An unvalidated fragment is an info.
    func setsFindingSeverity(_ context: RuleContext) -> Bool { true }

    static func problems(_ text: String) -> [BlockProblem] {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return [] }
        guard let problem = parseProblem(text) else { return [] }
        // A member or a run of values cut from a larger document ("key": {...} or {...}, {...})
        // is whole once put back in its braces.
        if isExcerpt(text) { return [] }
        // An illustrative fragment is judged around what it leaves out; comments are blanked
        // (a reader takes them as explanation) but a block with only comments is still held to JSON.
        let fragment = IllustrativeFragment(text, language: .json)
        guard fragment.changed else { return [problem] }
        guard let remaining = parseProblem(fragment.cleaned, trailingCommas: !fragment.isFragment), !isExcerpt(fragment.cleaned) else { return [] }
        guard fragment.isFragment else { return [remaining] }
        return [fragment.notValidated("JSON", remaining)]
    }

    private static func isExcerpt(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let first = trimmed.first else { return false }
        var candidates: [String] = []
        if first == "\"" { candidates.append("{" + text + "}") }
        if first == "{" || first == "[" || first == "\"" { candidates.append("[" + text + "]") }
        return candidates.contains { parseProblem($0) == nil }
    }

    private static func parseProblem(_ text: String, trailingCommas: Bool = true) -> BlockProblem? {
        do {
            _ = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
            // Some Foundation versions (swift-corelibs on Linux) accept trailing commas, a JSON5 feature.
            if trailingCommas, let comma = trailingComma(Array(text.utf8)) {
                return BlockProblem(message: "JSON does not parse: trailing comma around character \(comma).", position: .offset(comma))
            }
            return nil
        } catch {
            let description = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? error.localizedDescription
            return BlockProblem(message: "JSON does not parse: \(description)", position: position(description))
        }
    }

    /// The byte offset of a `,` followed (after whitespace) by `}` or `]`, outside strings.
    static func trailingComma(_ bytes: [UInt8]) -> Int? {
        var index = 0
        var inString = false
        var lastComma: Int?
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
                lastComma = nil
            } else if byte == UInt8(ascii: ",") {
                lastComma = index
            } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                if let lastComma { return lastComma }
            } else if byte != 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D {
                lastComma = nil
            }
            index += 1
        }
        return nil
    }

    /// "… around line 3, column 7." or "… around character 42." as a block position.
    static func position(_ message: String) -> BlockProblem.Position {
        let numbers = { (pattern: String) -> [Int]? in
            guard let expression = try? NSRegularExpression(pattern: pattern),
                  let match = expression.firstMatch(in: message, range: NSRange(message.startIndex..., in: message)) else { return nil }
            return (1..<match.numberOfRanges).compactMap { Range(match.range(at: $0), in: message).flatMap { Int(message[$0]) } }
        }
        if let found = numbers(#"line (\d+), column (\d+)"#), found.count == 2 { return .lineColumn(found[0], found[1]) }
        if let found = numbers(#"character (\d+)"#), let offset = found.first { return .offset(offset) }
        return .fence
    }
}
