import Foundation
import Testing

/// End-to-end tests of the lifecycle commands through the built binary: `init`, `status`, `tick`,
/// `sign`, `changelog`, `check --fix` and baselines, each in its own temporary workspace.
@Suite("specwright lifecycle commands")
struct LifecycleCLITests {
    typealias Workspace = CLITests.Workspace

    static let spec = "specs/payment-retries.md"

    static func bytes(_ workspace: Workspace, _ relative: String = spec) throws -> Data {
        try Data(contentsOf: workspace.path(relative))
    }

    static var today: String { CLITests.today() }

    // MARK: init

    @Test("init creates specwright.yml, specs/ and templates/; a second init exits 2 and changes nothing")
    func initWorkspace() throws {
        let workspace = try Workspace()
        let first = try workspace.run("init")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "created specwright.yml, specs/ and templates/\n")
        var isDirectory: ObjCBool = false
        for folder in ["specs", "templates"] {
            #expect(FileManager.default.fileExists(atPath: workspace.path(folder).path, isDirectory: &isDirectory) && isDirectory.boolValue, "\(folder)/")
        }
        let config = try workspace.read("specwright.yml")
        #expect(config.hasPrefix("# Specwright workspace configuration."))
        #expect(config.contains("gates:\n  review:"))

        let second = try workspace.run("init")
        #expect(second.status == 2)
        #expect(second.stdout.isEmpty)
        #expect(second.stderr.contains("specwright.yml: already exists"))
        #expect(try workspace.read("specwright.yml") == config)

        // The commented config is valid: commands in the workspace work with it.
        let new = try workspace.run("new", "Payment Retries", "--author", "Ada")
        #expect(new.status == 0, "\(new.stderr)")
        let check = try workspace.run("check", "--min-severity", "error")
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout == "✔ 0 errors, 112 warnings in 1 file (66 infos hidden; --min-severity info shows them)\n")
    }

    @Test("init DIR sets up another folder")
    func initDirectory() throws {
        let workspace = try Workspace()
        let result = try workspace.run("init", "docs")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: workspace.path("docs/specwright.yml").path))
        #expect(FileManager.default.fileExists(atPath: workspace.path("docs/specs").path))
        #expect(FileManager.default.fileExists(atPath: workspace.path("docs/templates").path))
    }

    // MARK: status

    @Test("status --set refused by a gate exits 1, lists the unmet gates and leaves the file byte-identical")
    func statusRefused() throws {
        let workspace = try Workspace.withNewSpec()
        let before = try Self.bytes(workspace)
        let result = try workspace.run("status", Self.spec, "--set", "IN_REVIEW", "--author", "Grace")
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "\(Self.spec): cannot move to IN_REVIEW: 112 unmet gates")
        #expect(lines.count == 113)
        #expect(lines.dropFirst().first == "  \(Self.spec):31:1: unfilled placeholder [Brief description of what this technical implementation will achieve] in required section 'Purpose'  [review.no-placeholders]")
        #expect(lines.dropFirst().allSatisfy { $0.hasSuffix("[review.no-placeholders]") })
        #expect(try Self.bytes(workspace) == before, "nothing written")
        // No temporary file is left next to the spec.
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.path("specs").path) == ["payment-retries.md"])
    }

    @Test("status --set: moves the machine does not allow, and --force without --reason, exit 2 and write nothing")
    func statusUsageErrors() throws {
        let workspace = try Workspace.withNewSpec()
        let before = try Self.bytes(workspace)
        let skip = try workspace.run("status", Self.spec, "--set", "APPROVED", "--force", "--reason", "x", "--author", "Grace")
        #expect(skip.status == 2)
        #expect(skip.stderr == "specwright: error: \(Self.spec): cannot move from DRAFT to APPROVED; allowed from DRAFT: IN_REVIEW\n")
        let noReason = try workspace.run("status", Self.spec, "--set", "IN_REVIEW", "--force", "--author", "Grace")
        #expect(noReason.status == 2)
        #expect(noReason.stderr == "specwright: error: skipping the gates needs a reason (it is recorded in the change log): give it with --reason\n")
        let unknown = try workspace.run("status", Self.spec, "--set", "SHIPPED", "--author", "Grace")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("'SHIPPED' is not a status of this spec's template"))
        let reasonAlone = try workspace.run("status", Self.spec, "--reason", "why")
        #expect(reasonAlone.status == 2)
        #expect(reasonAlone.stderr.contains("--force and --reason go with --set"))
        #expect(try Self.bytes(workspace) == before)
    }

    @Test("status --set --force --reason skips the gates and records the move as forced")
    func statusForced() throws {
        let workspace = try Workspace.withNewSpec()
        let result = try workspace.run("status", Self.spec, "--set", "in review", "--force", "--reason", "Demo on Friday", "--author", "Grace")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "\(Self.spec): Status DRAFT → IN_REVIEW (forced)\n")
        let text = try workspace.read(Self.spec)
        #expect(text.contains("**Document Status**: IN_REVIEW  \n**Version**: 0.2  \n"))
        #expect(text.contains("\n| \(Self.today) | 0.2 | Grace | Status DRAFT → IN_REVIEW (forced) | Demo on Friday |\n"))
    }

    // MARK: tick, sign, status: a walk to APPROVED and back to DRAFT

    @Test("tick, sign and status walk a spec to APPROVED; an edit makes the sign-off stale; back to DRAFT with a reason")
    func walkToApproved() throws {
        let workspace = try Workspace.withNewSpec()
        #expect(try workspace.run("status", Self.spec, "--set", "IN_REVIEW", "--force", "--reason", "Early review", "--author", "Grace").status == 0)

        let blocked = try workspace.run("status", Self.spec)
        #expect(blocked.status == 0)
        #expect(blocked.stdout.hasPrefix("\(Self.spec): IN_REVIEW  (template feature-spec; statuses DRAFT → IN_REVIEW → APPROVED → IMPLEMENTED)\n→ APPROVED: blocked by 8 unmet gates\n"))
        #expect(blocked.stdout.contains("  \(Self.spec):385:3: tick 'Security review completed' (Pre-Implementation)  [approved.review-checklists]\n"))
        #expect(blocked.stdout.contains("  \(Self.spec): no valid sign-off: the spec needs at least one sign-off matching its current text  [approved.signoffs]\n"))
        #expect(blocked.stdout.hasSuffix("→ DRAFT: allowed with --reason\n"))

        let items = ["Technical spec reviewed and approved", "Architecture review completed", "Security review completed",
                     "Performance requirements validated", "Test plan created", "Dependencies identified and available", "Code standards verified"]
        for item in items {
            let tick = try workspace.run("tick", Self.spec, item, "--author", "Grace")
            #expect(tick.status == 0, "\(tick.stderr)")
            #expect(tick.stdout.hasPrefix("\(Self.spec): Ticked: \(item)"))
        }
        var text = try workspace.read(Self.spec)
        #expect(text.contains("- [x] Security review completed\n"))
        #expect(text.contains("**Version**: 0.9  \n"))
        #expect(text.contains("\n| \(Self.today) | 0.5 | Grace | Ticked: Security review completed |  |\n"))

        let onlySignOff = try workspace.run("status", Self.spec)
        #expect(onlySignOff.stdout.contains("→ APPROVED: blocked by 1 unmet gate\n  \(Self.spec): no valid sign-off"))

        let sign = try workspace.run("sign", Self.spec, "--role", "Technical Lead", "--name", "Grace Hopper", "--author", "Grace")
        #expect(sign.status == 0, "\(sign.stderr)")
        let signature = try #require(sign.stdout.range(of: "signature sha256:").map { String(sign.stdout[$0.upperBound...].prefix(12)) })
        #expect(sign.stdout == "\(Self.spec): Signed off: Technical Lead (Grace Hopper), signature sha256:\(signature)\n")
        text = try workspace.read(Self.spec)
        #expect(text.contains("14. [Sign-off](#sign-off)\n15. [Change Log](#change-log)\n"))
        #expect(text.contains("## Sign-off\n\n| Role | Name | Date | Signature |\n|------|------|------|-----------|\n| Technical Lead | Grace Hopper | \(Self.today) | sha256:\(signature) |\n\n<!-- specwright:signed \(signature) _header="))

        let ready = try workspace.run("status", Self.spec)
        #expect(ready.stdout.contains("→ APPROVED: ready\n"))
        #expect(ready.stdout.hasSuffix("Sign-offs (current content sha256:\(signature)):\n  Technical Lead: Grace Hopper, \(Self.today), valid\n"))

        let approve = try workspace.run("status", Self.spec, "--set", "APPROVED", "--author", "Grace")
        #expect(approve.status == 0, "\(approve.stdout)\(approve.stderr)")
        #expect(approve.stdout == "\(Self.spec): Status IN_REVIEW → APPROVED\n")
        text = try workspace.read(Self.spec)
        #expect(text.contains("**Document Status**: APPROVED  \n**Version**: 1.0  \n"))
        let approvedCheck = try workspace.run("check", Self.spec, "--min-severity", "error")
        #expect(approvedCheck.status == 0, "bookkeeping does not make the sign-off stale: \(approvedCheck.stdout)")

        // A hand edit of signed text: check fails naming the section, status shows STALE.
        try workspace.write(Self.spec, text.replacingOccurrences(of: "Every sprint during active development", with: "Every other sprint"))
        let stale = try workspace.run("check", Self.spec, "--min-severity", "error")
        #expect(stale.status == 1)
        #expect(stale.stdout.contains("error    sign-off by Technical Lead (Grace Hopper, \(Self.today)) is stale: the spec changed after it was signed; changed since: Change Log; sign again, or move the spec back to draft to revise it  signoff\n"))
        let staleStatus = try workspace.run("status", Self.spec)
        #expect(staleStatus.stdout.contains("  Technical Lead: Grace Hopper, \(Self.today), STALE\n"))

        // Back to draft needs a reason.
        let noReason = try workspace.run("status", Self.spec, "--set", "DRAFT", "--author", "Grace")
        #expect(noReason.status == 2)
        #expect(noReason.stderr == "specwright: error: moving back to DRAFT needs a reason: give it with --reason\n")
        let back = try workspace.run("status", Self.spec, "--set", "DRAFT", "--reason", "Schedule changed", "--author", "Grace")
        #expect(back.status == 0)
        #expect(try workspace.read(Self.spec).contains("\n| \(Self.today) | 1.1 | Grace | Status APPROVED → DRAFT | Schedule changed |\n"))
    }

    @Test("tick: --uncheck, an ambiguous or unknown item exits 2 and writes nothing")
    func tickErrors() throws {
        let workspace = try Workspace.withNewSpec()
        let before = try Self.bytes(workspace)
        let ambiguous = try workspace.run("tick", Self.spec, "review completed", "--author", "Grace")
        #expect(ambiguous.status == 2)
        #expect(ambiguous.stderr == """
            specwright: error: \(Self.spec): 'review completed' matches 3 checklist items; quote one exactly:
              line 384: Architecture review completed
              line 385: Security review completed
              line 402: Code review completed

            """)
        let unknown = try workspace.run("tick", Self.spec, "Launch party", "--author", "Grace")
        #expect(unknown.status == 2)
        #expect(unknown.stderr == "specwright: error: \(Self.spec): no checklist item matches 'Launch party'\n")
        let untickUnticked = try workspace.run("tick", Self.spec, "Runbook created", "--uncheck", "--author", "Grace")
        #expect(untickUnticked.status == 0)
        #expect(untickUnticked.stdout == "\(Self.spec): 'Runbook created' is already unticked\n")
        #expect(try Self.bytes(workspace) == before)

        #expect(try workspace.run("tick", Self.spec, "Runbook created", "--author", "Grace").status == 0)
        let untick = try workspace.run("tick", Self.spec, "Runbook created", "--uncheck", "--author", "Grace")
        #expect(untick.stdout == "\(Self.spec): Unticked: Runbook created\n")
        let text = try workspace.read(Self.spec)
        #expect(text.contains("- [ ] Runbook created\n"))
        #expect(text.contains("**Version**: 0.3  \n"))
    }

    @Test("sign: the system design's own sign-off table is filled in; required roles come from specwright.yml")
    func signSystemDesign() throws {
        let workspace = try Workspace()
        #expect(try workspace.run("new", "Ledger", "--template", "system-design", "--author", "Ada").status == 0)
        let path = "specs/ledger.md"
        let sign = try workspace.run("sign", path, "--role", "security lead", "--name", "Ada", "--author", "Ada")
        #expect(sign.status == 0, "\(sign.stderr)")
        let text = try workspace.read(path)
        #expect(text.contains("| Security Lead  | Ada    | \(Self.today) | sha256:"), "the existing row keeps its role cell and column widths")
        #expect(text.contains("| Technical Lead | [Name] | [Date] | [Approval] |"))
        try workspace.write(path, text.replacingOccurrences(of: "**Status**: Draft", with: "**Status**: Review"))
        let status = try workspace.run("status", path)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("  \(path):307:1: missing sign-off by Technical Lead  [approved.signoffs]\n  \(path):307:1: missing sign-off by Product Owner  [approved.signoffs]\n"))
        #expect(status.stdout.hasSuffix("Sign-offs (current content sha256:\(sign.stdout.suffix(13).prefix(12))):\n  Security Lead: Ada, \(Self.today), valid\n"))
        #expect(!status.stdout.contains("missing sign-off by Security Lead"))
        // With only the Security Lead required, no sign-off gate is left.
        try workspace.write("specwright.yml", "signoff:\n  roles: [Security Lead]\n")
        let configured = try workspace.run("status", path)
        #expect(configured.status == 0, "\(configured.stderr)")
        #expect(configured.stderr.isEmpty)
        #expect(!configured.stdout.contains("[approved.signoffs]"), "\(configured.stdout)")
        // Only the review checklist is left: six unticked items, the sign-off still valid.
        #expect(configured.stdout == """
            \(path): Review  (template system-design; statuses Draft → Review → Approved → Implemented)
            → Approved: blocked by 6 unmet gates
              \(path):295:3: tick 'Architecture review completed' (Technical Review)  [approved.review-checklists]
              \(path):296:3: tick 'Security review completed' (Technical Review)  [approved.review-checklists]
              \(path):297:3: tick 'Performance review completed' (Technical Review)  [approved.review-checklists]
              \(path):301:3: tick 'Product owner approval' (Stakeholder Approval)  [approved.review-checklists]
              \(path):302:3: tick 'Engineering lead approval' (Stakeholder Approval)  [approved.review-checklists]
              \(path):303:3: tick 'Security team approval' (Stakeholder Approval)  [approved.review-checklists]
            → Draft: allowed with --reason
            Sign-offs (current content sha256:\(sign.stdout.suffix(13).prefix(12))):
              Security Lead: Ada, \(Self.today), valid

            """)
    }

    // MARK: changelog

    @Test("changelog lists the rows; --add records one; --reason alone and a spec without a change log exit 2")
    func changelog() throws {
        let workspace = try Workspace.withNewSpec()
        let list = try workspace.run("changelog", Self.spec)
        #expect(list.status == 0)
        #expect(list.stdout == "\(Self.today)  |  0.1  |  Ada  |  Initial draft  |  New feature\n")
        let add = try workspace.run("changelog", Self.spec, "--add", "Clarified retry limits", "--reason", "Review feedback", "--author", "Grace")
        #expect(add.status == 0)
        #expect(add.stdout == "\(Self.spec): recorded version 0.2: Clarified retry limits\n")
        #expect(try workspace.read(Self.spec).contains("\n| \(Self.today) | 0.2 | Grace | Clarified retry limits | Review feedback |\n"))
        let reasonAlone = try workspace.run("changelog", Self.spec, "--reason", "why")
        #expect(reasonAlone.status == 2)
        try workspace.write("specs/notes.md", "# Notes\n\n**Version**: 0.1\n\nText.\n")
        let noLog = try workspace.run("changelog", "specs/notes.md", "--add", "Something", "--author", "Grace")
        #expect(noLog.status == 2)
        #expect(noLog.stderr.contains("specs/notes.md: has no change log table"))
    }

    // MARK: check with a config

    @Test("rules in specwright.yml change check's output; unknown rules and severities exit 2")
    func checkConfigRules() throws {
        let workspace = try Workspace.withNewSpec()
        let plain = try workspace.run("check")
        #expect(plain.stdout.contains("placeholder\n"))
        #expect(plain.stdout.hasSuffix("✔ 0 errors, 112 warnings in 1 file (66 infos hidden; --min-severity info shows them)\n"))

        try workspace.write("specwright.yml", "rules: {placeholder: off}\n")
        let off = try workspace.run("check")
        #expect(off.status == 0)
        #expect(off.stdout == "✔ 0 errors, 0 warnings in 1 file (66 infos hidden; --min-severity info shows them)\n")

        try workspace.write("specwright.yml", "rules:\n  placeholder: error\n  unchecked-item: off\n")
        let strict = try workspace.run("check")
        #expect(strict.status == 1)
        #expect(strict.stdout.hasSuffix("✖ 112 errors, 0 warnings in 1 file\n"))

        try workspace.write("specwright.yml", "rules: {placeholders: off}\n")
        let unknownRule = try workspace.run("check")
        #expect(unknownRule.status == 2)
        #expect(unknownRule.stderr.hasPrefix("specwright: error: specwright.yml: unknown rule 'placeholders' under rules; known rules: template, title,"))
        #expect(unknownRule.stderr.contains("signoff, unchecked-item, status-gates, sql, yaml, json, openapi\n"))

        try workspace.write("specwright.yml", "rules: {placeholder: loud}\n")
        let badSeverity = try workspace.run("check")
        #expect(badSeverity.status == 2)
        #expect(badSeverity.stderr == "specwright: error: specwright.yml: rule 'placeholder' has severity 'loud'; use error, warning, info or off\n")

        try workspace.write("specwright.yml", "rules: [oops\n")
        let badYAML = try workspace.run("check")
        #expect(badYAML.status == 2)
        #expect(badYAML.stderr.hasPrefix("specwright: error: specwright.yml: not valid YAML"))
    }

    @Test("An embedded SQL error is a check error and blocks review (gates use every rule)")
    func embeddedBlockErrorBlocksReview() throws {
        let workspace = try Workspace.withNewSpec()
        let text = try workspace.read(Self.spec)
        try workspace.write(Self.spec, text.replacingOccurrences(of: "field2 INTEGER DEFAULT 0,", with: "field2 INTEGER DEFAULT 0,,"))
        let check = try workspace.run("check", Self.spec, "--min-severity", "error")
        #expect(check.status == 1)
        #expect(check.stdout.contains("  123:30  error    SQL syntax error: near \",\": syntax error  sql\n"), "\(check.stdout)")
        let status = try workspace.run("status", Self.spec)
        #expect(status.stdout.contains("  \(Self.spec):123:30: sql: SQL syntax error: near \",\": syntax error  [review.no-errors]\n"), "\(status.stdout)")
    }

    // MARK: check --fix

    @Test("check --fix --dry-run prints a unified diff and writes nothing; --fix writes; a second --fix changes nothing")
    func checkFix() throws {
        let workspace = try Workspace.withNewSpec()
        let broken = try workspace.read(Self.spec).replacingOccurrences(of: "2. [Architecture Design](#architecture-design)\n", with: "")
        try workspace.write(Self.spec, broken)

        let dryRun = try workspace.run("check", "--fix", "--dry-run", "--author", "Grace")
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        #expect(dryRun.stdout == """
            --- a/\(Self.spec)
            +++ b/\(Self.spec)
            @@ -3,7 +3,7 @@
             <!-- specwright:template feature-spec -->
             
             **Document Status**: DRAFT  
            -**Version**: 0.1  
            +**Version**: 0.2  
             **Created**: \(Self.today)  
             **Last Updated**: \(Self.today)  
             **Author**: Ada  
            @@ -11,6 +11,7 @@
             
             ## Table of Contents
             1. [Overview](#overview)
            +2. [Architecture Design](#architecture-design)
             3. [Detailed Design](#detailed-design)
             4. [Data Model](#data-model)
             5. [API Design](#api-design)
            @@ -412,6 +413,7 @@
             | Date | Version | Author | Changes | Reason |
             |------|---------|--------|---------|--------|
             | \(Self.today) | 0.1 | Ada    | Initial draft | New feature |
            +| \(Self.today) | 0.2 | Grace | Fixed: table of contents | automatic fix |
             
             ---
             

            """)
        #expect(try workspace.read(Self.spec) == broken, "--dry-run writes nothing")
        let dryRunWithoutFix = try workspace.run("check", "--dry-run")
        #expect(dryRunWithoutFix.status == 2)
        #expect(dryRunWithoutFix.stderr.contains("--dry-run goes with --fix"))

        let fix = try workspace.run("check", "--fix", "--author", "Grace", "--min-severity", "error")
        #expect(fix.status == 0)
        #expect(fix.stderr == "specwright: \(Self.spec): Fixed: table of contents\n")
        #expect(fix.stdout == "✔ 0 errors, 112 warnings in 1 file (66 infos hidden; --min-severity info shows them)\n", "the report is of the fixed file")
        let fixed = try Self.bytes(workspace)
        #expect(String(decoding: fixed, as: UTF8.self).contains("1. [Overview](#overview)\n2. [Architecture Design](#architecture-design)\n3. [Detailed Design]"))

        let again = try workspace.run("check", "--fix", "--author", "Grace", "--min-severity", "error")
        #expect(again.status == 0)
        #expect(again.stderr.isEmpty)
        #expect(try Self.bytes(workspace) == fixed, "a second --fix changes nothing")
        let dryAgain = try workspace.run("check", "--fix", "--dry-run", "--author", "Grace")
        #expect(dryAgain.stdout.isEmpty)
    }

    @Test("check --fix on a CRLF file keeps CRLF; its dry-run diff shows whole lines")
    func checkFixCRLF() throws {
        let workspace = try Workspace.withNewSpec()
        let broken = try workspace.read(Self.spec).replacingOccurrences(of: "2. [Architecture Design](#architecture-design)\n", with: "")
        try workspace.write(Self.spec, broken.replacingOccurrences(of: "\n", with: "\r\n"))
        let dryRun = try workspace.run("check", "--fix", "--dry-run", "--author", "Grace")
        #expect(dryRun.stdout.contains("\n-**Version**: 0.1  \n+**Version**: 0.2  \n"), "\(dryRun.stdout)")
        #expect(dryRun.stdout.contains("\n 1. [Overview](#overview)\n+2. [Architecture Design](#architecture-design)\n 3. [Detailed Design](#detailed-design)\n"))
        #expect(try workspace.run("check", "--fix", "--author", "Grace").status == 0)
        let text = try workspace.read(Self.spec)
        #expect(text.contains("1. [Overview](#overview)\r\n2. [Architecture Design](#architecture-design)\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "no bare LF")
    }

    // MARK: baselines

    @Test("--write-baseline then --baseline reports nothing new; a new problem is the only one reported")
    func baselines() throws {
        let workspace = try Workspace.withNewSpec()
        let write = try workspace.run("check", "--write-baseline", "baseline.json")
        #expect(write.status == 0)
        #expect(write.stderr == "specwright: wrote 178 findings to baseline.json\n")
        #expect(write.stdout.hasSuffix("✔ 0 errors, 112 warnings in 1 file (66 infos hidden; --min-severity info shows them)\n"))
        let baseline = try #require(try JSONSerialization.jsonObject(with: Self.bytes(workspace, "baseline.json")) as? [String: Any])
        #expect(baseline["version"] as? Int == 1)
        #expect((baseline["findings"] as? [Any])?.isEmpty == false)

        let clean = try workspace.run("check", "--baseline", "baseline.json")
        #expect(clean.status == 0)
        #expect(clean.stdout == "✔ 0 errors, 0 warnings in 1 file\n")

        // A new problem, and lines shifted above the old ones: only the new problem is reported.
        let text = try workspace.read(Self.spec)
        try workspace.write(Self.spec, text
            .replacingOccurrences(of: "**Document Status**: DRAFT", with: "**Document Status**: BOGUS")
            .replacingOccurrences(of: "## Overview\n", with: "## Overview\n\nAn extra paragraph.\n"))
        let newProblem = try workspace.run("check", "--baseline", "baseline.json")
        #expect(newProblem.status == 1)
        #expect(newProblem.stdout == """
            \(Self.spec)  feature-spec, 41% complete
              5:22  error    'Document Status' is 'BOGUS'; expected one of DRAFT, IN_REVIEW, APPROVED, IMPLEMENTED  field-value

            ✖ 1 error, 0 warnings in 1 file

            """)
        let json = try workspace.run("check", "--baseline", "baseline.json", "--format", "json")
        let summary = try #require(try CLITests.json(json.stdout)["summary"] as? [String: Int])
        #expect(summary["errors"] == 1 && summary["warnings"] == 0 && summary["infos"] == 0)

        let both = try workspace.run("check", "--baseline", "baseline.json", "--write-baseline", "other.json")
        #expect(both.status == 2)
        #expect(both.stderr.contains("use either --write-baseline or --baseline"))
        let missing = try workspace.run("check", "--baseline", "missing.json")
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("missing.json: cannot read baseline"))
    }
}
