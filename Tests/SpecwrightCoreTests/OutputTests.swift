import Foundation
import Testing

@testable import SpecwrightCore

/// The `check` output formats: the documented JSON schema, SARIF 2.1.0, GitHub workflow commands
/// and the human-readable text report.
@Suite("Check output formats")
struct OutputTests {
    typealias Location = SpecwrightCore.SourceLocation

    static func range(_ startLine: Int, _ startColumn: Int, _ endLine: Int, _ endColumn: Int) -> SourceRange {
        // Offsets are irrelevant to the writers; keep them increasing for realism.
        SourceRange(start: Location(offset: startLine * 100 + startColumn, line: startLine, column: startColumn),
                    end: Location(offset: endLine * 100 + endColumn, line: endLine, column: endColumn))
    }

    static let specPath = "specs/payment retries.md"

    /// A run over three inputs: a spec with an error, a warning and an info; a file that is not
    /// UTF-8; and a path that does not exist.
    static func sampleRun(minimumSeverity: Severity = .info) -> CheckRun {
        let spec = FileReport(path: specPath, template: "feature-spec", templateSource: "marker", completeness: 0.40909, diagnostics: [
            Diagnostic(rule: "field-value", severity: .error, message: "'Document Status' is 'BOGUS'; expected one of DRAFT, IN_REVIEW, APPROVED, IMPLEMENTED",
                       file: specPath, range: range(5, 22, 5, 27)),
            Diagnostic(rule: "placeholder", severity: .warning, message: "unfilled placeholder [Brief]", file: specPath, range: range(31, 1, 31, 8)),
            Diagnostic(rule: "unchecked-item", severity: .info, message: "unchecked: Input validation", file: specPath, range: range(211, 3, 211, 6)),
        ])
        let bad = FileReport(path: "specs/bad.md", template: nil, templateSource: "none", completeness: nil, diagnostics: [
            Diagnostic(rule: "invalid-utf8", severity: .error, message: "invalid UTF-8 (byte 0xFF at offset 13); save the file as UTF-8",
                       file: "specs/bad.md", range: range(2, 5, 2, 5)),
        ])
        let missing = FileReport(path: "gone.md", template: nil, templateSource: "none", completeness: nil, diagnostics: [
            Diagnostic(rule: "io-error", severity: .error, message: "no such file or directory", file: "gone.md", range: nil),
        ])
        return CheckRun(reports: [spec, bad, missing], minimumSeverity: minimumSeverity)
    }

    static func jsonObject(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    // MARK: CheckRun

    @Test("CheckRun counts every finding and sets the exit code")
    func checkRunCounts() {
        let run = Self.sampleRun(minimumSeverity: .warning)
        #expect(run.count(.error) == 3)
        #expect(run.count(.warning) == 1)
        #expect(run.count(.info) == 1)
        #expect(run.inputProblems == 2)
        #expect(run.exitCode == 2)
        #expect(run.shownDiagnostics.map(\.rule) == ["field-value", "placeholder", "invalid-utf8", "io-error"])
        #expect(CheckRun(reports: [Self.sampleRun().reports[0]]).exitCode == 1)
        #expect(CheckRun(reports: []).exitCode == 0)
    }

    // MARK: JSON

    @Test("JSON: top-level keys, version and tool")
    func jsonTopLevel() throws {
        let text = JSONReportWriter().render(Self.sampleRun())
        #expect(text.hasSuffix("}\n"))
        let object = try Self.jsonObject(text)
        #expect(Set(object.keys) == ["version", "tool", "summary", "files", "findings"])
        #expect(object["version"] as? Int == 1)
        #expect(object["tool"] as? [String: String] == ["name": "specwright", "version": SpecwrightVersion.current])
    }

    @Test("JSON: summary counts every finding, including those below --min-severity")
    func jsonSummary() throws {
        let object = try Self.jsonObject(JSONReportWriter().render(Self.sampleRun(minimumSeverity: .warning)))
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary == ["files": 3, "errors": 3, "warnings": 1, "infos": 1, "unreadableFiles": 2])
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.map { $0["rule"] as? String } == ["field-value", "placeholder", "invalid-utf8", "io-error"])
    }

    @Test("JSON: each finding has exactly the documented keys and values")
    func jsonFindings() throws {
        let object = try Self.jsonObject(JSONReportWriter().render(Self.sampleRun()))
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.count == 5)
        for finding in findings {
            #expect(Set(finding.keys) == ["file", "line", "column", "endLine", "endColumn", "rule", "severity", "message"])
        }
        let first = findings[0]
        #expect(first["file"] as? String == Self.specPath)
        #expect(first["line"] as? Int == 5)
        #expect(first["column"] as? Int == 22)
        #expect(first["endLine"] as? Int == 5)
        #expect(first["endColumn"] as? Int == 27)
        #expect(first["rule"] as? String == "field-value")
        #expect(first["severity"] as? String == "error")
        #expect(first["message"] as? String == "'Document Status' is 'BOGUS'; expected one of DRAFT, IN_REVIEW, APPROVED, IMPLEMENTED")
        #expect(findings.map { $0["severity"] as? String } == ["error", "warning", "info", "error", "error"])
        // A finding about the whole file sits at 1:1-1:1.
        let whole = findings[4]
        #expect([whole["line"], whole["column"], whole["endLine"], whole["endColumn"]].map { $0 as? Int } == [1, 1, 1, 1])
    }

    @Test("JSON: per-file entries with template, source and rounded completeness")
    func jsonFiles() throws {
        let object = try Self.jsonObject(JSONReportWriter().render(Self.sampleRun()))
        let files = try #require(object["files"] as? [[String: Any]])
        #expect(files.map { $0["path"] as? String } == [Self.specPath, "specs/bad.md", "gone.md"])
        let spec = files[0]
        #expect(spec["template"] as? String == "feature-spec")
        #expect(spec["templateSource"] as? String == "marker")
        #expect(spec["completeness"] as? Double == 0.409)
        #expect(spec["errors"] as? Int == 1 && spec["warnings"] as? Int == 1 && spec["infos"] as? Int == 1)
        #expect(files[1]["templateSource"] as? String == "none")
        #expect(Set(spec.keys) == ["path", "template", "templateSource", "completeness", "errors", "warnings", "infos"])
    }

    @Test("JSON: completeness is null for a file that could not be read (as the README documents)")
    func jsonNullCompleteness() throws {
        let object = try Self.jsonObject(JSONReportWriter().render(Self.sampleRun()))
        let files = try #require(object["files"] as? [[String: Any]])
        #expect(files[1]["completeness"] is NSNull)
    }

    @Test("JSON: the output is stable (sorted keys, pretty-printed, slashes unescaped)")
    func jsonStable() {
        let text = JSONReportWriter().render(Self.sampleRun())
        #expect(text.hasPrefix("{\n  \"files\" : [\n    {\n      \"completeness\" : 0.409,\n      \"errors\" : 1,\n"))
        #expect(text.hasSuffix("  \"tool\" : {\n    \"name\" : \"specwright\",\n    \"version\" : \"\(SpecwrightVersion.current)\"\n  },\n  \"version\" : 1\n}\n"))
        #expect(text.contains("\"file\" : \"specs/payment retries.md\""))
        #expect(!text.contains("\\/"))
    }

    // MARK: SARIF

    @Test("SARIF: version, schema and a single run with the tool driver")
    func sarifStructure() throws {
        let object = try Self.jsonObject(SARIFReportWriter().render(Self.sampleRun()))
        #expect(object["version"] as? String == "2.1.0")
        #expect(object["$schema"] as? String == "https://json.schemastore.org/sarif-2.1.0.json")
        let runs = try #require(object["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let run = runs[0]
        #expect(run["columnKind"] as? String == "unicodeCodePoints")
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "specwright")
        #expect(driver["version"] as? String == SpecwrightVersion.current)
    }

    @Test("SARIF: one rule per rule id in order of first use, with description and default level")
    func sarifRules() throws {
        let object = try Self.jsonObject(SARIFReportWriter().render(Self.sampleRun()))
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String } == ["field-value", "placeholder", "unchecked-item", "invalid-utf8", "io-error"])
        #expect((rules[0]["shortDescription"] as? [String: String])?["text"] == FieldValueRule().descriptor.summary)
        #expect((rules[0]["help"] as? [String: String])?["text"] == FieldValueRule().descriptor.help)
        #expect(rules.allSatisfy { (($0["help"] as? [String: String])?["text"]?.count ?? 0) > 10 })
        #expect((rules[0]["defaultConfiguration"] as? [String: String])?["level"] == "error")
        #expect((rules[1]["defaultConfiguration"] as? [String: String])?["level"] == "warning")
        #expect((rules[2]["defaultConfiguration"] as? [String: String])?["level"] == "note")
        #expect((rules[3]["shortDescription"] as? [String: String])?["text"] == "file is not valid UTF-8")
    }

    @Test("SARIF: every rule, core, input and embedded, has a description and help of its own")
    func sarifEveryRuleDescribed() {
        let descriptors = RuleSet.core.rules.map(\.descriptor) + Diagnostic.inputRuleDescriptors.values
        #expect(descriptors.count == RuleSet.core.rules.count + 4)
        #expect(Set(descriptors.map(\.id)).count == descriptors.count)
        #expect(descriptors.allSatisfy { !$0.summary.isEmpty && $0.help.count > 20 && $0.help != $0.summary })
    }

    @Test("SARIF: results with ruleId, ruleIndex, level, message and a region")
    func sarifResults() throws {
        let object = try Self.jsonObject(SARIFReportWriter().render(Self.sampleRun()))
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 5)
        #expect(results.map { $0["ruleId"] as? String } == ["field-value", "placeholder", "unchecked-item", "invalid-utf8", "io-error"])
        #expect(results.map { $0["ruleIndex"] as? Int } == [0, 1, 2, 3, 4])
        #expect(results.map { $0["level"] as? String } == ["error", "warning", "note", "error", "error"])
        let first = results[0]
        #expect((first["message"] as? [String: String])?["text"] == "'Document Status' is 'BOGUS'; expected one of DRAFT, IN_REVIEW, APPROVED, IMPLEMENTED")
        let locations = try #require(first["locations"] as? [[String: Any]])
        #expect(locations.count == 1)
        let physical = try #require(locations[0]["physicalLocation"] as? [String: Any])
        #expect((physical["artifactLocation"] as? [String: String])?["uri"] == "specs/payment%20retries.md")
        #expect(physical["region"] as? [String: Int] == ["startLine": 5, "startColumn": 22, "endLine": 5, "endColumn": 27])
        // A whole-file finding still has a valid region.
        let last = try #require((results[4]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect(last["region"] as? [String: Int] == ["startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1])
    }

    @Test("SARIF: --min-severity filters results")
    func sarifMinimumSeverity() throws {
        let object = try Self.jsonObject(SARIFReportWriter().render(Self.sampleRun(minimumSeverity: .error)))
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        #expect((run["results"] as? [[String: Any]])?.map { $0["ruleId"] as? String } == ["field-value", "invalid-utf8", "io-error"])
    }

    // MARK: GitHub

    @Test("GitHub: one workflow command per shown finding")
    func githubCommands() {
        let output = GitHubReportWriter().render(Self.sampleRun(minimumSeverity: .warning))
        #expect(output == """
            ::error file=specs/payment retries.md,line=5,col=22,endLine=5,endColumn=27,title=specwright field-value::'Document Status' is 'BOGUS'; expected one of DRAFT, IN_REVIEW, APPROVED, IMPLEMENTED
            ::warning file=specs/payment retries.md,line=31,col=1,endLine=31,endColumn=8,title=specwright placeholder::unfilled placeholder [Brief]
            ::error file=specs/bad.md,line=2,col=5,endLine=2,endColumn=5,title=specwright invalid-utf8::invalid UTF-8 (byte 0xFF at offset 13); save the file as UTF-8
            ::error file=gone.md,line=1,col=1,endLine=1,endColumn=1,title=specwright io-error::no such file or directory

            """)
    }

    @Test("GitHub: infos are notices")
    func githubNotice() {
        let output = GitHubReportWriter().render(Self.sampleRun(minimumSeverity: .info))
        #expect(output.contains("::notice file=specs/payment retries.md,line=211,col=3,endLine=211,endColumn=6,title=specwright unchecked-item::unchecked: Input validation\n"))
    }

    @Test("GitHub: %, CR and LF are escaped in messages; also : and , in properties")
    func githubEscaping() {
        let path = "specs/a,b:c%d.md"
        let run = CheckRun(reports: [FileReport(path: path, template: nil, templateSource: "none", completeness: 0.5, diagnostics: [
            Diagnostic(rule: "placeholder", severity: .warning, message: "100% done,\r\nnext: line", file: path, range: Self.range(1, 1, 1, 2)),
        ])])
        #expect(GitHubReportWriter().render(run)
            == "::warning file=specs/a%2Cb%3Ac%25d.md,line=1,col=1,endLine=1,endColumn=2,title=specwright placeholder::100%25 done,%0D%0Anext: line\n")
        #expect(GitHubReportWriter.escapeProperty("a:b,c%\n") == "a%3Ab%2Cc%25%0A")
        #expect(GitHubReportWriter.escapeData("a:b,c%\n") == "a:b,c%25%0A")
    }

    // MARK: Text

    @Test("Text: grouped by file with aligned line:col, severity, message and rule; no ANSI without colour")
    func textReport() {
        let output = TextReportWriter(color: false, hiddenInfoHint: "--min-severity info shows them").render(Self.sampleRun(minimumSeverity: .warning))
        #expect(output == """
            specs/payment retries.md  feature-spec, 41% complete
              5:22  error    'Document Status' is 'BOGUS'; expected one of DRAFT, IN_REVIEW, APPROVED, IMPLEMENTED  field-value
              31:1  warning  unfilled placeholder [Brief]  placeholder

            specs/bad.md
              2:5  error    invalid UTF-8 (byte 0xFF at offset 13); save the file as UTF-8  invalid-utf8

            gone.md
              1:1  error    no such file or directory  io-error

            ✖ 3 errors, 1 warning in 3 files (1 info hidden; --min-severity info shows them); 2 files could not be checked

            """)
        #expect(!output.contains("\u{1B}"))
    }

    @Test("Text: infos shown with --min-severity info, counted in the summary")
    func textReportInfos() {
        let output = TextReportWriter(color: false).render(Self.sampleRun(minimumSeverity: .info))
        #expect(output.contains("  211:3  info     unchecked: Input validation  unchecked-item\n"))
        #expect(output.hasSuffix("✖ 3 errors, 1 warning in 3 files, 1 info; 2 files could not be checked\n"))
    }

    @Test("Text: a clean run prints only the summary with a tick")
    func textReportClean() {
        let clean = FileReport(path: "specs/a.md", template: "feature-spec", templateSource: "marker", completeness: 1, diagnostics: [])
        #expect(TextReportWriter(color: false).render(CheckRun(reports: [clean, clean], minimumSeverity: .warning)) == "✔ 0 errors, 0 warnings in 2 files\n")
    }

    @Test("Text: colour uses ANSI escapes only when asked")
    func textReportColor() {
        let colored = TextReportWriter(color: true).render(Self.sampleRun(minimumSeverity: .warning))
        #expect(colored.contains("\u{1B}[31merror  \u{1B}[0m"))
        #expect(colored.contains("\u{1B}[4mspecs/payment retries.md\u{1B}[0m"))
        // Stripping the escapes gives the plain report.
        let stripped = colored.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        #expect(stripped == TextReportWriter(color: false).render(Self.sampleRun(minimumSeverity: .warning)))
    }

    @Test("Every format renders through CheckOutputFormat", arguments: CheckOutputFormat.allCases)
    func formats(_ format: CheckOutputFormat) {
        let run = Self.sampleRun()
        let expected: String
        switch format {
        case .text: expected = TextReportWriter(color: false).render(run)
        case .json: expected = JSONReportWriter().render(run)
        case .sarif: expected = SARIFReportWriter().render(run)
        case .github: expected = GitHubReportWriter().render(run)
        }
        #expect(format.render(run) == expected)
    }

    // MARK: End to end

    @Test("A real check of a generated spec renders in every format")
    func realRun() throws {
        let bytes = TestSupport.replacing("**Document Status**: DRAFT", with: "**Document Status**: BOGUS", in: TestSupport.generated("feature-spec"))
        let report = Checker(catalog: .builtin).check(Spec(bytes: bytes, path: "specs/payment-retries.md"))
        let run = CheckRun(reports: [report], minimumSeverity: .warning)
        #expect(run.exitCode == 1)
        let json = try Self.jsonObject(JSONReportWriter().render(run))
        let findings = try #require(json["findings"] as? [[String: Any]])
        let first = try #require(findings.first { $0["rule"] as? String == "field-value" })
        #expect([first["line"], first["column"], first["endLine"], first["endColumn"]].map { $0 as? Int } == [5, 22, 5, 27])
        #expect(findings.count == 113, "the error and the 112 placeholder warnings")
        #expect(TextReportWriter(color: false).render(run).contains("  5:22    error    'Document Status' is 'BOGUS'"), "positions are padded to the widest, 190:33")
        #expect(GitHubReportWriter().render(run).hasPrefix("::error file=specs/payment-retries.md,line=5,col=22,endLine=5,endColumn=27,title=specwright field-value::"))
    }

    // MARK: show output

    @Test("show: metadata, sections with completeness and placeholders, open checklist items")
    func showText() {
        let text = RuleTests.edited(("- [x] Reviewed", "- [ ] Reviewed"), ("A double-entry ledger for payments.", "[What this is]"))
        let overview = SpecOverview(spec: Spec(bytes: Array(text.utf8), path: "specs/ledger.md"), checker: Checker(catalog: RuleTests.catalog))
        #expect(overview.text == """
            Ledger Design
            specs/ledger.md · template design (marker) · 80% complete · 1 error, 0 warnings

            Metadata
              Status        Review
              Version       1.1
              Created       2026-01-10
              Last Updated  2026-02-01
              Owner         Grace Hopper

            Sections
              Contents          100%
              Summary             0%  1 placeholder
              Plan              100%
                Steps           100%
                Checklist       100%
              Notes (Optional)  100%
              Change Log        100%

            Open checklist items (1)
              Checklist
                [ ] Reviewed  (line 28)

            """)
        #expect(overview.openItems.map(\.section) == ["Checklist"])
        #expect(overview.missingSections.isEmpty)
    }

    @Test("show: missing sections are listed")
    func showMissingSections() {
        let text = RuleTests.edited(("## Summary\nA double-entry ledger for payments.\n\n", ""), ("1. [Summary](#summary)\n", ""))
        let overview = SpecOverview(spec: Spec(bytes: Array(text.utf8), path: "specs/ledger.md"), checker: Checker(catalog: RuleTests.catalog))
        #expect(overview.missingSections == ["missing section '## Summary' (expected before 'Plan')"])
        #expect(overview.text.contains("\n  ✗ missing section '## Summary' (expected before 'Plan')\n"))
    }

    @Test("show: level-1 sections after the title keep their full title")
    func showLevelOneSectionsNotTruncated() {
        let spec = Spec(bytes: Array("# Spec\n\n# Introduction\ntext\n\n# Design\ntext\n".utf8), path: "x.md")
        let text = SpecOverview(spec: spec, checker: Checker(catalog: .builtin)).text
        #expect(text.contains("  Introduction  100%\n"))
    }

    @Test("show: a short level-1 section title does not crash")
    func showShortLevelOneTitle() async {
        await #expect(processExitsWith: .success) {
            let spec = Spec(bytes: Array("# Title\n\n# A\ntext\n".utf8), path: "x.md")
            _ = SpecOverview(spec: spec, checker: Checker(catalog: .builtin)).text
        }
    }

    // MARK: list output

    @Test("list: CSV has a header and quotes fields with commas and quotes")
    func listCSV() {
        let spec = Spec(bytes: TestSupport.generated("feature-spec", title: "Retries, \"v2\"", author: "Ada"), path: "specs/retries-v2.md")
        let summary = SpecListEntry(spec: spec, report: Checker(catalog: .builtin).check(spec))
        let csv = SpecListWriter.render([summary], format: .csv)
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[0] == "title,status,version,author,last_updated,completeness,path,template")
        #expect(lines[1].hasPrefix("\"Retries, \"\"v2\"\" Technical Specification\",DRAFT,0.1,Ada,"))
        #expect(lines[1].hasSuffix(",specs/retries-v2.md,feature-spec"))
        #expect(csv.hasSuffix("\r\n"))
    }
}
