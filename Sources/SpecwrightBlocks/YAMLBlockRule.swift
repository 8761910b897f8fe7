import SpecwrightCore
import Yams

/// ```yaml blocks must parse as YAML (Yams); errors point at libyaml's line and column.
public struct YAMLBlockRule: Rule {
    public let id = "yaml"
    public let defaultSeverity = Severity.error
    public let summary = "YAML block does not parse"

    public init() {}

    public func check(_ context: RuleContext) -> [RuleFinding] {
        EmbeddedBlock.all(in: context.document, languages: ["yaml", "yml"]).compactMap { block in
            do {
                _ = try Yams.load_all(yaml: block.text).map { $0 }
                return nil
            } catch let error as YamlError {
                return Self.finding(error, in: block)
            } catch {
                return RuleFinding("YAML does not parse: \(error)", at: block.fence)
            }
        }
    }

    static func finding(_ error: YamlError, in block: EmbeddedBlock) -> RuleFinding {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return RuleFinding("YAML does not parse: \(problem)", at: block.documentRange(line: mark.line, column: mark.column))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return RuleFinding("YAML has duplicated keys: \(duplicates.joined(separator: ", "))", at: block.documentRange(line: context.mark.line, column: context.mark.column))
        case .reader(let problem, let offset, _, _):
            return RuleFinding("YAML does not parse: \(problem)", at: offset.map { let at = block.documentOffset(ofTextOffset: $0); return at..<at + 1 } ?? block.fence)
        default:
            return RuleFinding("YAML does not parse: \(error)", at: block.fence)
        }
    }
}
