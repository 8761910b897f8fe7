import Foundation
import Testing

/// `check` enforces the lifecycle it reports: a status edited by hand past its gates fails, a
/// forced move is a visible waiver, and CI can fail on warnings too.
@Suite("check: the status's gates, waivers and warning limits")
struct CheckGateCLITests {
    typealias Workspace = CLITests.Workspace

    static let spec = "specs/payment-retries.md"

    /// The generated spec with its status line edited by hand.
    static func withStatus(_ status: String) throws -> Workspace {
        let workspace = try Workspace.withNewSpec()
        let text = try workspace.read(spec)
        try workspace.write(spec, text.replacingOccurrences(of: "**Document Status**: DRAFT", with: "**Document Status**: \(status)"))
        return workspace
    }

    @Test("a draft full of placeholders passes; the same spec hand-edited to APPROVED fails with every unmet gate")
    func handEditedApproval() throws {
        let draft = try Workspace.withNewSpec()
        let draftCheck = try draft.run("check", Self.spec)
        #expect(draftCheck.status == 0)
        #expect(draftCheck.stdout.hasSuffix("✔ 0 errors, 112 warnings in 1 file (66 infos hidden; --min-severity info shows them)\n"))

        let approved = try Self.withStatus("APPROVED")
        let result = try approved.run("check", Self.spec, "--min-severity", "error")
        #expect(result.status == 1)
        // Placeholders in required sections are errors past draft …
        #expect(result.stdout.contains("  31:1    error    unfilled placeholder [Brief description of what this technical implementation will achieve] (in a required section of a spec past draft)  placeholder\n"))
        // … and each unmet approval gate is reported where it is, worded as `status` words it.
        #expect(result.stdout.contains("  385:3   error    tick 'Security review completed' (Pre-Implementation) [approved.review-checklists]; the spec is APPROVED  status-gates\n"))
        #expect(result.stdout.contains("error    no valid sign-off: the spec needs at least one sign-off matching its current text [approved.signoffs]; the spec is APPROVED  status-gates\n"))
        let gateLines = result.stdout.split(separator: "\n").filter { $0.hasSuffix("status-gates") }
        #expect(gateLines.count == 8, "7 Pre-Implementation items and the sign-off")
        let blocked = try approved.run("status", Self.spec)
        // `status` lists the same approval gates for the move a hand edit skipped.
        let toApproved = try Self.withStatus("IN_REVIEW").run("status", Self.spec)
        #expect(toApproved.stdout.contains("→ APPROVED: blocked by 8 unmet gates\n"))
        #expect(blocked.status == 0)
        #expect(result.stdout.hasSuffix("✖ 120 errors, 0 warnings in 1 file (66 infos hidden; --min-severity info shows them)\n"), "112 placeholders and 8 gates")
    }

    @Test("a move made with --force is a visible waiver: its gates are warnings naming the change-log entry")
    func forcedMoveIsAWaiver() throws {
        let workspace = try Workspace.withNewSpec()
        #expect(try workspace.run("status", Self.spec, "--set", "IN_REVIEW", "--force", "--reason", "Early review", "--author", "Grace").status == 0)
        #expect(try workspace.run("status", Self.spec, "--set", "APPROVED", "--force", "--reason", "Demo", "--author", "Grace").status == 0)
        let today = CLITests.today()
        let result = try workspace.run("check", Self.spec)
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("  31:1    warning  unfilled placeholder [Brief description of what this technical implementation will achieve] (a required section; the review gate was waived by the forced move of version 0.2 (\(today)))  placeholder\n"))
        #expect(result.stdout.contains("warning  tick 'Security review completed' (Pre-Implementation) [approved.review-checklists]; waived by the forced move of version 1.0 (\(today))  status-gates\n"))

        // A later move into review that was not forced ends the waiver.
        #expect(try workspace.run("status", Self.spec, "--set", "DRAFT", "--reason", "Rework", "--author", "Grace").status == 0)
        let text = try workspace.read(Self.spec).replacingOccurrences(of: "**Document Status**: DRAFT", with: "**Document Status**: IN_REVIEW")
        try workspace.write(Self.spec, text)
        let unforced = try workspace.run("check", Self.spec, "--min-severity", "error")
        #expect(unforced.status == 1)
        #expect(unforced.stdout.contains("error    unfilled placeholder [Brief description of what this technical implementation will achieve] (in a required section of a spec past draft)  placeholder\n"))
    }

    @Test("status-gates is configured like every rule; turning the gate off keeps placeholders warnings")
    func configured() throws {
        let workspace = try Self.withStatus("APPROVED")
        try workspace.write("specwright.yml", "rules: {status-gates: off}\ngates: {review: {no-placeholders-in-required-sections: false}}\n")
        let result = try workspace.run("check", Self.spec)
        #expect(result.status == 0, "\(result.stdout)")
        #expect(!result.stdout.contains("status-gates") && !result.stdout.contains("past draft"))
        try workspace.write("specwright.yml", "rules: {status-gates: warning}\n")
        let warned = try workspace.run("check", Self.spec, "--min-severity", "warning")
        #expect(warned.stdout.contains("warning  no valid sign-off: the spec needs at least one sign-off matching its current text [approved.signoffs]; the spec is APPROVED  status-gates\n"))
    }

    @Test("--max-warnings N fails above N warnings; --strict fails on any; both say why")
    func warningLimits() throws {
        let workspace = try Workspace.withNewSpec()
        #expect(try workspace.run("check", Self.spec, "--max-warnings", "112").status == 0)
        let over = try workspace.run("check", Self.spec, "--max-warnings", "111")
        #expect(over.status == 1)
        #expect(over.stderr == "specwright: 112 warnings, more than the 111 allowed (--max-warnings 111)\n")
        let strict = try workspace.run("check", Self.spec, "--strict", "--format", "json")
        #expect(strict.status == 1)
        #expect(strict.stderr == "specwright: 112 warnings, more than the 0 allowed (--strict)\n")
        #expect(try workspace.run("check", "examples-none", "--strict").status == 2)
        let both = try workspace.run("check", Self.spec, "--strict", "--max-warnings", "3")
        #expect(both.status == 2 && both.stderr.contains("use either --strict or --max-warnings"))
        #expect(try workspace.run("check", Self.spec, "--max-warnings", "-1").status == 2)
    }
}
