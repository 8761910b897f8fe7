import Foundation
import SpecwrightCore

/// A problem in an embedded block, positioned within the block's own text so it can be cached
/// by that text and mapped into any document holding the same block.
struct BlockProblem: Sendable {
    enum Position: Sendable {
        case offset(Int)
        case lineColumn(Int, Int)
        case lineContaining(String)
        case key(String)
        case fence
    }

    var message: String
    var position: Position
    /// The problem's own weight (an unvalidated fragment is info); nil: the rule's.
    var severity: Severity?

    init(message: String, position: Position, severity: Severity? = nil) {
        self.message = message
        self.position = position
        self.severity = severity
    }

    func finding(in block: EmbeddedBlock) -> RuleFinding {
        let range: Range<Int>
        switch position {
        case .offset(let offset):
            let at = block.documentOffset(ofTextOffset: offset)
            range = at..<at + 1
        case .lineColumn(let line, let column):
            range = block.documentRange(line: line, column: column)
        case .lineContaining(let needle):
            range = block.documentRange(ofLineContaining: needle)
        case .key(let key):
            range = block.documentRange(ofKey: key)
        case .fence:
            range = block.fence
        }
        return RuleFinding(message, at: range, severity: severity)
    }
}

/// Results of checking block texts, shared by all files of a run: specs repeat their templates'
/// example blocks, and a block's problems depend only on its text.
final class BlockResultCache: @unchecked Sendable {
    private var results: [String: [BlockProblem]] = [:]
    private let lock = NSLock()
    private let limit = 4096

    func problems(for text: String, compute: () -> [BlockProblem]) -> [BlockProblem] {
        if let cached = lock.withLock({ results[text] }) { return cached }
        let computed = compute()
        lock.withLock {
            if results.count >= limit { results.removeAll(keepingCapacity: true) }
            results[text] = computed
        }
        return computed
    }

    /// The findings in every block of `languages` in the spec, each distinct block text's problems
    /// computed once.
    func findings(in context: RuleContext, languages: Set<String>, problems: (String) -> [BlockProblem]) -> [RuleFinding] {
        EmbeddedBlock.all(in: context, languages: languages).flatMap { block in
            self.problems(for: block.text) { problems(block.text) }.map { $0.finding(in: block) }
        }
    }
}
