import Foundation
import SpecwrightCore

/// ```json blocks must parse (Foundation's JSONSerialization, JSON5 not accepted). The position
/// comes from the parser's message when it names one.
struct JSONBlockRule: Rule {
    let descriptor = RuleDescriptor(id: "json", severity: .error, summary: "JSON block does not parse",
                                    help: "Fix the JSON syntax at the position given; comments and trailing commas are not JSON. For an illustrative fragment, use a `text` or `jsonc` fence instead of `json`.")

    static let cache = BlockResultCache()

    func check(_ context: RuleContext) -> [RuleFinding] {
        Self.cache.findings(in: context, languages: ["json"], problems: Self.problems)
    }

    static func problems(_ text: String) -> [BlockProblem] {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return [] }
        do {
            _ = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
            // Some Foundation versions (swift-corelibs on Linux) accept trailing commas, a JSON5 feature.
            if let comma = trailingComma(Array(text.utf8)) {
                return [BlockProblem(message: "JSON does not parse: trailing comma around character \(comma).", position: .offset(comma))]
            }
            return []
        } catch {
            let description = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? error.localizedDescription
            return [BlockProblem(message: "JSON does not parse: \(description)", position: position(description))]
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
