import Foundation
import Testing

@testable import SpecwrightCore

/// The `status-gates` rule and the placeholder rule's weight past draft, on both seed templates.
@Suite("Status gates in check")
struct StatusGatesTests {
    static let environment = SpecEnvironment(checker: Checker(catalog: .builtin), today: { "2026-03-01" })

    static func session(_ template: String, status: (String, String)? = nil) -> SpecSession {
        var bytes = TestSupport.generated(template)
        if let (old, new) = status { bytes = TestSupport.replacing(old, with: new, in: bytes) }
        return SpecSession(bytes: bytes, path: "a.md", environment: environment)
    }

    static func findings(_ session: SpecSession, rule: String) -> [Diagnostic] {
        session.check().diagnostics.filter { $0.rule == rule }
    }

    @Test("a draft has no status-gates findings and its placeholders are warnings", arguments: ["feature-spec", "system-design"])
    func draft(_ template: String) {
        let session = Self.session(template)
        #expect(Self.findings(session, rule: "status-gates").isEmpty)
        let placeholders = Self.findings(session, rule: "placeholder")
        #expect(!placeholders.isEmpty && placeholders.allSatisfy { $0.severity == .warning })
    }

    @Test("system-design in Review: reviewers must be named; placeholders in required sections are errors")
    func systemDesignReview() throws {
        let session = Self.session("system-design", status: ("**Status**: Draft", "**Status**: Review"))
        let gates = Self.findings(session, rule: "status-gates")
        #expect(gates.map(\.message) == ["name the reviewers in 'Reviewers' [review.reviewers-named]; the spec is Review"])
        #expect(gates.allSatisfy { $0.severity == .error })
        let placeholders = Self.findings(session, rule: "placeholder")
        #expect(placeholders.contains { $0.severity == .error } && placeholders.contains { $0.severity == .warning },
                "the sign-off table's placeholders stay warnings: it is filled at approval")
    }

    @Test("a forced move recorded in a system-design change log (reason in parentheses) waives its gates")
    func forcedSystemDesign() throws {
        let draft = Self.session("system-design")
        let review = try draft.apply(.transition(to: "Review", reason: "kick-off", force: true), by: "Grace").after
        #expect(review.text.contains("Status Draft → Review (forced) (kick-off)"))
        let gates = Self.findings(review, rule: "status-gates")
        #expect(gates.map(\.message) == ["name the reviewers in 'Reviewers' [review.reviewers-named]; waived by the forced move of version 0.2 (2026-03-01)"])
        #expect(gates.allSatisfy { $0.severity == .warning })
        #expect(Self.findings(review, rule: "placeholder").allSatisfy { $0.severity == .warning })
        #expect(review.check().errors == 0)
    }

    @Test("a gate another rule would report is reported here when that rule is turned down")
    func turnedDownRuleKeepsGate() {
        var environment = Self.environment
        environment.checker.severities = ["placeholder": .warning]
        let bytes = TestSupport.replacing("**Status**: Draft", with: "**Status**: Review", in: TestSupport.generated("system-design"))
        let report = SpecSession(bytes: bytes, path: "a.md", environment: environment).check()
        #expect(report.diagnostics.filter { $0.rule == "placeholder" }.allSatisfy { $0.severity == .warning })
        let gates = report.diagnostics.filter { $0.rule == "status-gates" }
        #expect(gates.contains { $0.message.hasPrefix("unfilled placeholder") && $0.message.hasSuffix("[review.no-placeholders]; the spec is Review") && $0.severity == .error })
    }

    @Test("a recorded move into a status with spaces and a reason in parentheses is read whole")
    func movesWithSpaces() {
        let log = "# T\n\n| Version | Date | Author | Changes |\n|---|---|---|---|\n| 0.2 | 2026-01-02 | A | Status Draft → In Review (forced) (demo) |\n| 0.3 | 2026-01-03 | A | Status In Review → Draft (rework) |\n"
        let moves = RecordedMoves(Spec(bytes: Array(log.utf8), path: "a.md")).moves
        #expect(moves.map(\.target) == ["In Review", "Draft"])
        #expect(moves.map(\.forced) == [true, false])
    }

    @Test("a configured severity applies to every finding of the rule")
    func configuredSeverity() {
        var environment = Self.environment
        environment.checker.severities = ["placeholder": .info, "status-gates": .warning]
        let session = SpecSession(bytes: TestSupport.replacing("**Status**: Draft", with: "**Status**: Approved", in: TestSupport.generated("system-design")), path: "a.md", environment: environment)
        let report = session.check()
        #expect(report.diagnostics.filter { $0.rule == "placeholder" }.allSatisfy { $0.severity == .info })
        let gates = report.diagnostics.filter { $0.rule == "status-gates" }
        #expect(!gates.isEmpty && gates.allSatisfy { $0.severity == .warning })
        #expect(report.errors == 0)
    }
}
