import Foundation
import SpecwrightCore

/// ```json blocks must parse (Foundation's JSONSerialization, JSON5 not accepted). The position
/// comes from the parser's message when it names one.
public struct JSONBlockRule: Rule {
    public let id = "json"
    public let defaultSeverity = Severity.error
    public let summary = "JSON block does not parse"

    public init() {}

    public func check(_ context: RuleContext) -> [RuleFinding] {
        EmbeddedBlock.all(in: context.document, languages: ["json"]).compactMap { block in
            guard !block.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
            do {
                _ = try JSONSerialization.jsonObject(with: Data(block.text.utf8), options: [.fragmentsAllowed])
                return nil
            } catch {
                let description = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? error.localizedDescription
                return RuleFinding("JSON does not parse: \(description)", at: Self.position(description, in: block))
            }
        }
    }

    /// "… around line 3, column 7." or "… around character 42." mapped into the document.
    static func position(_ message: String, in block: EmbeddedBlock) -> Range<Int> {
        let scanner = { (pattern: String) -> [Int]? in
            guard let expression = try? NSRegularExpression(pattern: pattern),
                  let match = expression.firstMatch(in: message, range: NSRange(message.startIndex..., in: message)) else { return nil }
            return (1..<match.numberOfRanges).compactMap { Range(match.range(at: $0), in: message).flatMap { Int(message[$0]) } }
        }
        if let numbers = scanner(#"line (\d+), column (\d+)"#), numbers.count == 2 {
            return block.documentRange(line: numbers[0], column: numbers[1])
        }
        if let numbers = scanner(#"character (\d+)"#), let offset = numbers.first {
            let at = block.documentOffset(ofTextOffset: offset)
            return at..<at + 1
        }
        return block.fence
    }
}
