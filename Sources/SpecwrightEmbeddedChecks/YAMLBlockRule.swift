import SpecwrightCore
import Yams

/// ```yaml blocks must parse as YAML (Yams); errors point at libyaml's line and column.
struct YAMLBlockRule: Rule {
    let descriptor = RuleDescriptor(id: "yaml", severity: .error, summary: "YAML block does not parse",
                                    help: "Fix the YAML syntax at the line and column given (indentation, a missing colon, an unclosed quote or bracket are the usual causes). A fragment that leaves parts out (`...`, `…`, `<value>`) is checked around them and, if it still does not parse, reported as an info.")

    static let cache = BlockResultCache()

    func check(_ context: RuleContext) -> [RuleFinding] {
        Self.cache.findings(in: context, languages: ["yaml", "yml"], problems: Self.problems)
    }

    /// An unvalidated fragment is an info.
    func setsFindingSeverity(_ context: RuleContext) -> Bool { true }

    static func problems(_ text: String) -> [BlockProblem] {
        guard let problem = parseProblem(text) else { return [] }
        // An illustrative fragment (`...`, `…`, `<value>`) is judged around what it leaves out.
        let fragment = IllustrativeFragment(text, language: .yaml)
        guard fragment.isFragment else { return [problem] }
        guard let remaining = parseProblem(fragment.cleaned) else { return [] }
        return [fragment.notValidated("YAML", remaining)]
    }

    private static func parseProblem(_ text: String) -> BlockProblem? {
        do {
            // Composing builds nodes but no Swift values: enough to know the text parses. (Not
            // `compose_all`: its sequence ends quietly on an error and only keeps it in `.error`.)
            let parser = try Yams.Parser(yaml: text)
            while try parser.nextRoot() != nil {}
            return nil
        } catch let error as YamlError {
            return problem(error)
        } catch {
            return BlockProblem(message: "YAML does not parse: \(error)", position: .fence)
        }
    }

    static func problem(_ error: YamlError) -> BlockProblem {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return BlockProblem(message: "YAML does not parse: \(problem)", position: .lineColumn(mark.line, mark.column))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return BlockProblem(message: "YAML has duplicated keys: \(duplicates.joined(separator: ", "))", position: .lineColumn(context.mark.line, context.mark.column))
        case .reader(let problem, let offset, _, _):
            return BlockProblem(message: "YAML does not parse: \(problem)", position: offset.map { .offset($0) } ?? .fence)
        default:
            return BlockProblem(message: "YAML does not parse: \(error)", position: .fence)
        }
    }
}
