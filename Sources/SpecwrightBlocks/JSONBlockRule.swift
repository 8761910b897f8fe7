import Foundation
import SpecwrightCore

/// ```json blocks must parse (Foundation's JSONSerialization, JSON5 not accepted). The position
/// comes from the parser's message when it names one.
public struct JSONBlockRule: Rule {
    public let id = "json"
    public let defaultSeverity = Severity.error
    public let summary = "JSON block does not parse"

    public init() {}

    static let cache = BlockResultCache()

    public func check(_ context: RuleContext) -> [RuleFinding] {
        EmbeddedBlock.all(in: context, languages: ["json"]).flatMap { block in
            Self.cache.problems(for: block.text) { Self.problems(block.text) }.map { $0.finding(in: block) }
        }
    }

    static func problems(_ text: String) -> [BlockProblem] {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return [] }
        do {
            _ = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
            return []
        } catch {
            let description = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? error.localizedDescription
            return [BlockProblem(message: "JSON does not parse: \(description)", position: position(description))]
        }
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
