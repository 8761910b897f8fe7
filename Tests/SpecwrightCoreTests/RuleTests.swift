import Foundation
import Testing

@testable import SpecwrightCore

/// Golden tests for every rule in ``RuleSet/core``: exact rule id, severity, message and
/// `line:column` range of each finding, starting from a spec with no findings at all and
/// changing one thing at a time.
@Suite("Check rules")
struct RuleTests {
    // MARK: Fixtures

    /// A small team template exercising every rule: choice, date and version fields, a table of
    /// contents, a table, a checklist, an optional section and a change log.
    static let designTemplateText = """
        # [PROJECT_NAME] Design

        **Status**: Draft | Review | Done  
        **Version**: 1.0  
        **Created**: YYYY-MM-DD  
        **Last Updated**: YYYY-MM-DD  
        **Owner**: [Name]  

        ## Contents
        1. [Summary](#summary)
        2. [Plan](#plan)
        3. [Notes (Optional)](#notes-optional)
        4. [Change Log](#change-log)

        ## Summary
        [What this is]

        ## Plan

        ### Steps
        | Step | Owner | Risk |
        |------|-------|------|
        | [Step] | [Who] | HIGH/MED/LOW |

        ### Checklist
        - [ ] Reviewed

        ## Notes (Optional)
        [Anything else]

        ## Change Log
        | Version | Date | Author | Changes |
        |---------|------|--------|---------|
        | 1.0 | YYYY-MM-DD | [Name] | Initial |

        """

    static let designTemplate = TestSupport.customTemplate("design", designTemplateText)

    /// The built-ins plus the design template.
    static let catalog: TemplateCatalog = {
        var catalog = TemplateCatalog.builtin
        catalog.add(designTemplate)
        return catalog
    }()

    /// A finished spec written from the design template: no findings of any severity.
    /// Line numbers used in the tests below refer to this text.
    static let cleanSpec = """
        # Ledger Design

        <!-- specwright:template design -->

        **Status**: Review  
        **Version**: 1.1  
        **Created**: 2026-01-10  
        **Last Updated**: 2026-02-01  
        **Owner**: Grace Hopper  

        ## Contents
        1. [Summary](#summary)
        2. [Plan](#plan)
        3. [Notes (Optional)](#notes-optional)
        4. [Change Log](#change-log)

        ## Summary
        A double-entry ledger for payments.

        ## Plan

        ### Steps
        | Step | Owner | Risk |
        |------|-------|------|
        | Schema | Grace | LOW |

        ### Checklist
        - [x] Reviewed

        ## Notes (Optional)
        None.

        ## Change Log
        | Version | Date | Author | Changes |
        |---------|------|--------|---------|
        | 1.0 | 2026-01-10 | Grace | Initial |
        | 1.1 | 2026-02-01 | Grace | Risks |

        """

    /// One finding, written the way the tests state expectations.
    struct Finding: Equatable, CustomStringConvertible {
        var rule: String
        var severity: Severity
        var range: String
        var message: String

        init(_ rule: String, _ severity: Severity, _ range: String, _ message: String) {
            self.rule = rule
            self.severity = severity
            self.range = range
            self.message = message
        }

        init(_ diagnostic: Diagnostic) {
            self.init(diagnostic.rule, diagnostic.severity, "\(diagnostic.line):\(diagnostic.column)-\(diagnostic.endLine):\(diagnostic.endColumn)", diagnostic.message)
        }

        var description: String { "\(rule) \(severity) \(range) \(message)" }
    }

    static func report(_ text: String, catalog: TemplateCatalog = catalog) -> FileReport {
        report(Array(text.utf8), catalog: catalog)
    }

    static func report(_ bytes: [UInt8], catalog: TemplateCatalog = catalog) -> FileReport {
        Checker(catalog: catalog).check(Spec(bytes: bytes, path: "specs/spec.md"))
    }

    /// All findings for `text`, optionally only those of some rules.
    static func findings(_ text: String, rules: Set<String>? = nil, catalog: TemplateCatalog = catalog) -> [Finding] {
        report(text, catalog: catalog).diagnostics.filter { rules?.contains($0.rule) ?? true }.map(Finding.init)
    }

    /// The clean spec with `old` replaced by `new` (each must occur).
    static func edited(_ replacements: (String, String)...) -> String {
        var bytes = Array(cleanSpec.utf8)
        for (old, new) in replacements { bytes = TestSupport.replacing(old, with: new, in: bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: Rule set

    @Test("RuleSet.core has the eighteen stable rule ids in reporting order")
    func ruleIDs() {
        #expect(RuleSet.core.rules.map(\.id) == [
            "template", "title", "missing-field", "field-value", "date-format", "version-format", "date-order", "missing-section",
            "empty-section", "section-order", "table-columns", "table-row-cells", "placeholder", "toc", "changelog", "signoff",
            "unchecked-item", "status-gates",
        ])
        for rule in RuleSet.core.rules {
            #expect(!rule.descriptor.summary.isEmpty && !rule.descriptor.help.isEmpty, "rule \(rule.id) has a summary and help")
            #expect(RuleSet.core.rule(withID: rule.id)?.id == rule.id)
        }
        #expect(RuleSet.core.rule(withID: "no-such-rule") == nil)
    }

    @Test("Default severities")
    func defaultSeverities() {
        let severities = Dictionary(uniqueKeysWithValues: RuleSet.core.rules.map { ($0.id, $0.defaultSeverity) })
        #expect(severities == [
            "template": .info, "title": .warning, "missing-field": .error, "field-value": .error, "date-format": .error,
            "version-format": .error, "date-order": .error, "missing-section": .error, "empty-section": .warning,
            "section-order": .warning, "table-columns": .error, "table-row-cells": .error, "placeholder": .warning,
            "toc": .warning, "changelog": .warning, "signoff": .error, "unchecked-item": .info, "status-gates": .error,
        ])
    }

    // MARK: Clean spec

    @Test("A finished spec has no findings at all and is 100% complete")
    func cleanSpecHasNoFindings() {
        let report = Self.report(Self.cleanSpec)
        #expect(report.diagnostics.map(Finding.init) == [])
        #expect(report.errors == 0 && report.warnings == 0 && report.infos == 0)
        #expect(report.template == "design")
        #expect(report.templateSource == "marker")
        #expect(report.completeness == 1.0)
    }

    @Test("The clean spec stays clean with CRLF line endings and a BOM")
    func cleanSpecCRLFAndBOM() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + TestSupport.crlf(Array(Self.cleanSpec.utf8))
        let report = Self.report(bytes)
        #expect(report.diagnostics.map(Finding.init) == [])
        #expect(report.completeness == 1.0)
    }

    // MARK: template

    @Test("template: no marker, inferred from the sections (info, no location)")
    func templateInferred() {
        let text = Self.edited(("<!-- specwright:template design -->\n\n", ""))
        #expect(Self.findings(text) == [
            Finding("template", .info, "1:1-1:1", "no template marker; checked against 'design' (100% of its sections found); add <!-- specwright:template design --> to make it explicit"),
        ])
        #expect(Self.report(text).templateSource == "inferred")
    }

    @Test("template: no marker and nothing matches (warning)")
    func templateNoMatch() {
        let report = Self.report("# Groceries\n\n## Fruit\nApples.\n")
        #expect(report.diagnostics.map(Finding.init) == [
            Finding("template", .warning, "1:1-1:1", "no template marker and no known template matches; only generic checks ran"),
        ])
        #expect(report.template == nil)
        #expect(report.templateSource == "none")
    }

    @Test("template: a marker naming an unknown template (error at the marker)")
    func templateUnknownMarker() {
        let text = Self.edited(("specwright:template design", "specwright:template nope"))
        #expect(Self.findings(text) == [
            Finding("template", .error, "3:1-3:34", "template marker names unknown template 'nope'; only generic checks ran"),
        ])
        #expect(Self.report(text).templateSource == "unknown")
    }

    @Test("template: an explicit template overrides the marker")
    func templateExplicit() {
        var checker = Checker(catalog: Self.catalog)
        checker.explicitTemplate = "design"
        let text = Self.edited(("specwright:template design", "specwright:template feature-spec"))
        let report = checker.check(Spec(bytes: Array(text.utf8), path: "x.md"))
        #expect(report.diagnostics.isEmpty)
        #expect(report.templateSource == "explicit")
    }

    // MARK: title

    @Test("title: a title that does not follow the template's pattern")
    func titlePattern() {
        #expect(Self.findings(Self.edited(("# Ledger Design", "# Ledger Plan"))) == [
            Finding("title", .warning, "1:1-1:14", "title 'Ledger Plan' does not follow the template's pattern '[PROJECT_NAME] Design'"),
        ])
    }

    @Test("title: no `#` title at all")
    func titleMissing() {
        #expect(Self.findings(Self.edited(("# Ledger Design\n\n", ""))) == [
            Finding("title", .warning, "1:1-1:1", "spec has no '# ' title; the template's is '[PROJECT_NAME] Design'"),
        ])
    }

    @Test("title: a title still holding the placeholder is left to the placeholder rule")
    func titlePlaceholder() {
        #expect(Self.findings(Self.edited(("# Ledger Design", "# [PROJECT_NAME] Design"))) == [
            Finding("placeholder", .warning, "1:3-1:17", "unfilled placeholder [PROJECT_NAME]"),
        ])
    }

    // MARK: missing-field

    @Test("missing-field: a header field the template declares is absent (reported at the title)")
    func missingField() {
        #expect(Self.findings(Self.edited(("**Owner**: Grace Hopper  \n", ""))) == [
            Finding("missing-field", .error, "1:1-1:16", "missing header field '**Owner**:' (the template has '[Name]')"),
        ])
    }

    @Test("missing-field: fields are found by key whatever the spelling of the separator")
    func missingFieldKeyForms() {
        // `**Owner:** name` is the other common form of a header field.
        #expect(Self.findings(Self.edited(("**Owner**: Grace Hopper", "**Owner:** Grace Hopper"))) == [])
    }

    // MARK: field-value

    @Test("field-value: a value not among the allowed ones", arguments: [
        ("Reviewed", "5:13-5:21", "'Status' is 'Reviewed'; expected one of Draft, Review, Done"),
        ("review", "5:13-5:19", "'Status' is 'review'; expected one of Draft, Review, Done"),
        ("Draft | Review | Done", "5:13-5:34", "'Status' still lists the template's alternatives; choose one of Draft, Review, Done"),
    ])
    func fieldValue(_ value: String, _ range: String, _ message: String) {
        #expect(Self.findings(Self.edited(("**Status**: Review", "**Status**: \(value)"))) == [
            Finding("field-value", .error, range, message),
        ])
    }

    @Test("field-value: an empty value is reported on the whole line")
    func fieldValueEmpty() {
        #expect(Self.findings(Self.edited(("**Status**: Review  ", "**Status**:  "))) == [
            Finding("field-value", .error, "5:1-5:14", "'Status' is empty; expected one of Draft, Review, Done"),
        ])
    }

    @Test("field-value: a bogus status in a generated feature spec")
    func fieldValueGeneratedSpec() {
        let bytes = TestSupport.replacing("**Document Status**: DRAFT", with: "**Document Status**: BOGUS", in: TestSupport.generated("feature-spec"))
        let errors = Self.report(bytes).diagnostics.filter { $0.severity == .error }.map(Finding.init)
        #expect(errors == [
            Finding("field-value", .error, "5:22-5:27", "'Document Status' is 'BOGUS'; expected one of DRAFT, IN_REVIEW, APPROVED, IMPLEMENTED"),
        ])
    }

    // MARK: date-format

    @Test("date-format: dates that are not valid YYYY-MM-DD dates", arguments: [
        ("2026-02-30", "7:14-7:24"),
        ("2026-13-01", "7:14-7:24"),
        ("10/01/2026", "7:14-7:24"),
        ("Jan 10", "7:14-7:20"),
    ])
    func dateFormat(_ value: String, _ range: String) {
        #expect(Self.findings(Self.edited(("**Created**: 2026-01-10", "**Created**: \(value)"))) == [
            Finding("date-format", .error, range, "'Created' is '\(value)', not a valid date in YYYY-MM-DD form"),
        ])
    }

    @Test("date-format: leap days are valid only in leap years")
    func dateFormatLeapDay() {
        #expect(Self.findings(Self.edited(("**Created**: 2026-01-10", "**Created**: 2024-02-29"))).isEmpty)
        #expect(Self.findings(Self.edited(("**Created**: 2026-01-10", "**Created**: 2100-02-29")), rules: ["date-format"]).count == 1)
    }

    @Test("date-format: a YYYY-MM-DD placeholder is the placeholder rule's to report")
    func dateFormatPlaceholder() {
        #expect(Self.findings(Self.edited(("**Created**: 2026-01-10", "**Created**: YYYY-MM-DD"))) == [
            Finding("placeholder", .warning, "7:14-7:24", "date placeholder YYYY-MM-DD not replaced"),
        ])
    }

    // MARK: version-format

    @Test("version-format: a version that is not dotted numbers", arguments: [
        ("v1.x", "6:14-6:18"), ("1.2-beta", "6:14-6:22"), ("1..2", "6:14-6:18"), ("one", "6:14-6:17"),
    ])
    func versionFormat(_ value: String, _ range: String) {
        #expect(Self.findings(Self.edited(("**Version**: 1.1", "**Version**: \(value)"))) == [
            Finding("version-format", .error, range, "'Version' is '\(value)', not a version such as 1.0 or 2.3.1"),
        ])
    }

    @Test("version-format: accepted version forms", arguments: ["1.1", "v1.1", "1.1.0", "V1.1"])
    func versionFormatAccepted(_ value: String) {
        #expect(Self.findings(Self.edited(("**Version**: 1.1", "**Version**: \(value)"))) == [])
    }

    // MARK: date-order

    @Test("date-order: Created later than Last Updated (reported at Last Updated)")
    func dateOrder() {
        #expect(Self.findings(Self.edited(("**Created**: 2026-01-10", "**Created**: 2026-03-01"))) == [
            Finding("date-order", .error, "8:19-8:29", "'Created' (2026-03-01) is later than 'Last Updated' (2026-02-01)"),
        ])
    }

    @Test("date-order: the same day is in order")
    func dateOrderSameDay() {
        #expect(Self.findings(Self.edited(("**Created**: 2026-01-10", "**Created**: 2026-02-01"))) == [])
    }

    // MARK: missing-section

    @Test("missing-section: reported at the next section the template puts after it")
    func missingSectionBeforeNext() {
        let text = Self.edited(("## Summary\nA double-entry ledger for payments.\n\n", ""), ("1. [Summary](#summary)\n", ""))
        #expect(Self.findings(text) == [
            Finding("missing-section", .error, "16:1-16:8", "missing section '## Summary' (expected before 'Plan')"),
        ])
    }

    @Test("missing-section: a missing last subsection is reported at its parent")
    func missingSectionInParent() {
        let text = Self.edited(("### Checklist\n- [x] Reviewed\n\n", ""))
        #expect(Self.findings(text) == [
            Finding("missing-section", .error, "20:1-20:8", "missing section '### Checklist' (expected in 'Plan')"),
        ])
    }

    @Test("missing-section: a missing last top-level section is reported at the title")
    func missingSectionAtTitle() {
        let text = Self.edited(
            ("\n## Change Log\n| Version | Date | Author | Changes |\n|---------|------|--------|---------|\n| 1.0 | 2026-01-10 | Grace | Initial |\n| 1.1 | 2026-02-01 | Grace | Risks |\n", ""),
            ("4. [Change Log](#change-log)\n", ""))
        #expect(Self.findings(text) == [
            Finding("missing-section", .error, "1:1-1:16", "missing section '## Change Log'"),
        ])
    }

    @Test("missing-section: only the topmost missing section is reported, not its subsections")
    func missingSectionParentOnly() {
        let text = Self.edited(
            ("## Plan\n\n### Steps\n| Step | Owner | Risk |\n|------|-------|------|\n| Schema | Grace | LOW |\n\n### Checklist\n- [x] Reviewed\n\n", ""),
            ("2. [Plan](#plan)\n", ""))
        #expect(Self.findings(text) == [
            Finding("missing-section", .error, "19:1-19:20", "missing section '## Plan' (expected before 'Notes (Optional)')"),
        ])
    }

    @Test("missing-section: an (Optional) section may be left out")
    func missingOptionalSection() {
        let text = Self.edited(("## Notes (Optional)\nNone.\n\n", ""), ("3. [Notes (Optional)](#notes-optional)\n", ""))
        #expect(Self.findings(text) == [])
        #expect(Self.report(text).completeness == 1.0)
    }

    @Test("missing-section: a section moved under another parent is misplaced, not missing")
    func missingSectionMovedElsewhere() {
        // Checklist moved from Plan to Notes: found by title in the second pass.
        let text = Self.edited(("### Checklist\n- [x] Reviewed\n\n", ""), ("None.\n", "None.\n\n### Checklist\n- [x] Reviewed\n"))
        #expect(Self.findings(text, rules: ["missing-section"]) == [])
    }

    @Test("missing-section: a repeatable section does not swallow a later sibling whose title fits its pattern")
    func repeatableSectionIsNotGreedy() {
        let text = "# [NAME] Migration\n\n## Plan\n\n### Step 1\n[What]\n\n### Step 2\n[What]\n\n### Step Owners\n[Who]\n"
        let template = TestSupport.customTemplate("steps", text)
        #expect(template.schema.sections.map(\.title) == ["Plan", "Step 1", "Step Owners"])
        #expect(template.schema.sections[1].pattern == ["step ", ""])
        // The template's own text, marked as a spec of it, has every section.
        let spec = text.replacingOccurrences(of: "# [NAME] Migration\n", with: "# Ledger Migration\n\n<!-- specwright:template steps -->\n")
        let findings = Self.findings(spec, rules: ["missing-section"], catalog: TemplateCatalog(templates: [template]))
        #expect(findings == [])
    }

    // MARK: empty-section

    @Test("empty-section: a section with only a comment has no content")
    func emptySection() {
        let text = Self.edited(("A double-entry ledger for payments.", "<!-- TODO -->"))
        #expect(Self.findings(text) == [
            Finding("empty-section", .warning, "17:1-17:11", "section 'Summary' is empty"),
        ])
        // The section's unit of completeness scores 0: four of five units remain.
        #expect(Self.report(text).completeness == 0.8)
    }

    @Test("empty-section: a parent whose content is all in subsections is not empty")
    func emptySectionParentWithChildren() {
        #expect(Self.findings(Self.cleanSpec, rules: ["empty-section"]) == [])
        let text = Self.edited(("None.\n", ""))
        #expect(Self.findings(text) == [
            Finding("empty-section", .warning, "30:1-30:20", "section 'Notes (Optional)' is empty"),
        ])
    }

    // MARK: section-order

    @Test("section-order: a section after one the template puts later")
    func sectionOrder() {
        let text = Self.edited(
            ("## Summary\nA double-entry ledger for payments.\n\n", ""),
            ("## Notes (Optional)", "## Summary\nA double-entry ledger for payments.\n\n## Notes (Optional)"),
            ("1. [Summary](#summary)\n2. [Plan](#plan)", "1. [Plan](#plan)\n2. [Summary](#summary)"))
        #expect(Self.findings(text) == [
            Finding("section-order", .warning, "27:1-27:11", "section 'Summary' comes after 'Plan', but the template puts it before 'Plan'"),
        ])
    }

    @Test("section-order: subsections are ordered within their parent")
    func sectionOrderNested() {
        let text = Self.edited(
            ("### Steps\n| Step | Owner | Risk |\n|------|-------|------|\n| Schema | Grace | LOW |\n\n### Checklist\n- [x] Reviewed\n",
             "### Checklist\n- [x] Reviewed\n\n### Steps\n| Step | Owner | Risk |\n|------|-------|------|\n| Schema | Grace | LOW |\n"))
        #expect(Self.findings(text) == [
            Finding("section-order", .warning, "25:1-25:10", "section 'Steps' comes after 'Checklist', but the template puts it before 'Checklist'"),
        ])
    }

    // MARK: table-columns

    @Test("table-columns: a renamed column")
    func tableColumns() {
        let text = Self.edited(("| Step | Owner | Risk |", "| Step | Owner | Severity |"))
        #expect(Self.findings(text) == [
            Finding("table-columns", .error, "23:1-23:28", "table columns are | Step | Owner | Severity |; the template's are | Step | Owner | Risk |"),
        ])
    }

    @Test("table-columns: case and spacing do not matter")
    func tableColumnsNormalised() {
        let text = Self.edited(("| Step | Owner | Risk |\n|------|-------|------|", "|step|  OWNER  |risk|\n|---|---|---|"))
        #expect(Self.findings(text) == [])
    }

    @Test("table-columns: an extra column in the change log")
    func tableColumnsChangeLog() {
        let text = Self.edited(
            ("| Version | Date | Author | Changes |\n|---------|------|--------|---------|\n| 1.0 | 2026-01-10 | Grace | Initial |\n| 1.1 | 2026-02-01 | Grace | Risks |",
             "| Version | Date | Author | Changes | Reason |\n|---|---|---|---|---|\n| 1.0 | 2026-01-10 | Grace | Initial | New |\n| 1.1 | 2026-02-01 | Grace | Risks | Review |"))
        #expect(Self.findings(text) == [
            Finding("table-columns", .error, "34:1-34:47", "table columns are | Version | Date | Author | Changes | Reason |; the template's are | Version | Date | Author | Changes |"),
        ])
    }

    // MARK: table-row-cells

    @Test("table-row-cells: a longer row loses cells (error), a shorter one shows them empty (info)", arguments: [
        ("| Schema | Grace |", "25:1-25:19", Severity.info, "row has 2 cells; the header has 3: the missing cells show empty"),
        ("| Schema |", "25:1-25:11", .info, "row has 1 cell; the header has 3: the missing cells show empty"),
        ("| Schema | Grace | LOW | extra |", "25:1-25:33", .error, "row has 4 cells; the header has 3: the cells past the header's are not shown (an unescaped `|`?)"),
        ("| `a|b` | Grace | LOW |", "25:1-25:24", .error, "row has 4 cells; the header has 3: the cells past the header's are not shown (an unescaped `|`?)"),
    ])
    func tableRowCells(_ row: String, _ range: String, _ severity: Severity, _ message: String) {
        #expect(Self.findings(Self.edited(("| Schema | Grace | LOW |", row))).filter { $0.rule == "table-row-cells" } == [
            Finding("table-row-cells", severity, range, message),
        ])
    }

    @Test("table-row-cells: an escaped pipe is not a cell boundary")
    func tableRowCellsEscapedPipe() {
        #expect(Self.findings(Self.edited(("| Schema | Grace | LOW |", "| Schema \\| data | Grace | LOW |"))) == [])
    }

    @Test("table-row-cells: applies to tables in any spec, with or without a template")
    func tableRowCellsWithoutTemplate() {
        let findings = Self.findings("# Notes\n\n| a | b |\n|---|---|\n| 1 |\n", rules: ["table-row-cells"])
        #expect(findings == [Finding("table-row-cells", .info, "5:1-5:6", "row has 1 cell; the header has 2: the missing cells show empty")])
    }

    // MARK: placeholder

    /// Replaces the Purpose paragraph of a generated feature spec with `snippet` and returns the
    /// placeholder findings inside it, with lines counted from the snippet's first line.
    static func placeholdersInSnippet(_ snippet: String) throws -> [Finding] {
        let purpose = "[Brief description of what this technical implementation will achieve]"
        let base = TestSupport.generated("feature-spec")
        let text = String(decoding: base, as: UTF8.self)
        let firstLine = try #require(text.components(separatedBy: "\n").firstIndex(of: purpose)) + 1
        let bytes = TestSupport.replacing(purpose, with: snippet, in: base)
        let snippetLines = snippet.components(separatedBy: "\n").count
        return report(bytes).diagnostics
            .filter { $0.rule == "placeholder" && $0.line >= firstLine && $0.line < firstLine + snippetLines }
            .map { diagnostic in
                Finding(diagnostic.rule, diagnostic.severity,
                        "\(diagnostic.line - firstLine + 1):\(diagnostic.column)-\(diagnostic.endLine - firstLine + 1):\(diagnostic.endColumn)", diagnostic.message)
            }
    }

    @Test("placeholder: link, image, checkbox, code span, footnote, escapes and comments are not placeholders", arguments: [
        "See [x](https://example.com) and [the docs](#overview).",
        "![diagram](diagram.png)",
        "- [ ] open item\n- [x] done item\n- [X] also done",
        "Use `[a]` and ``[b]`` in code spans.",
        "A claim.[^1]\n\n[^1]: A footnote.",
        "Escaped \\[Name\\] brackets.",
        "<!-- [Name] is fine in a comment -->",
        "A [reference][ref] link.\n\n[ref]: https://example.com",
        "A collapsed [ref] link.\n\n[ref]: https://example.com",
        "An autolink <https://example.com/[a]>.",
        "Empty [ ] brackets and [] too.",
        "> [!NOTE]\n> An alert.",
        "Indices a[0] and a[i], the type [T] and [u32; N].",
        "Test tags [LinuxOnly] [sig-node] [Serial].",
        "Boxes [ X ] and [✅] done.",
        "An undefined shortcut link to the [Cargo book] and a [1] footnote.",
        "> Quoted text [...] with words left out.",
        "TODOs and the todo list are words; `TODO` in code is code.",
    ])
    func notPlaceholders(_ snippet: String) throws {
        #expect(try Self.placeholdersInSnippet(snippet) == [])
    }

    @Test("placeholder: brackets nested inside a link's text are part of the link")
    func nestedBracketsInLinkText() throws {
        // CommonMark allows balanced brackets in link text: this is one link, "the [RFC 9110] text".
        let snippet = "See [the [RFC 9110] text](https://www.rfc-editor.org/rfc/rfc9110)."
        let document = MarkdownDocument(parsing: snippet)
        let inlines = document.inlines(of: document.blocks[0])
        #expect(inlines.contains { if case .link = $0.kind { $0.plainText == "the [RFC 9110] text" } else { false } })
        let found = try Self.placeholdersInSnippet(snippet)
        #expect(found == [])
    }

    @Test("placeholder: an inline HTML comment inside a paragraph or table cell is not scanned", arguments: [
        "Intro <!-- replace [Name] later --> text.",
        "Text <!--\n[Name]\n--> more.",
        "| a | b |\n|---|---|\n| <!-- [Name] --> | x |",
    ])
    func inlineHTMLComment(_ snippet: String) throws {
        let found = try Self.placeholdersInSnippet(snippet)
        #expect(found == [])
    }

    @Test("placeholder: unfilled template text is", arguments: [
        ("[Name] wrote this.", [Finding("placeholder", .warning, "1:1-1:7", "unfilled placeholder [Name]")]),
        ("```\ngit checkout -b feature/FEATURE_NAME\n```", [Finding("placeholder", .warning, "2:25-2:37", "template variable FEATURE_NAME not replaced")]),
        ("Branch `FEATURE_NAME_v2` in a code span.", [Finding("placeholder", .warning, "1:9-1:21", "template variable FEATURE_NAME not replaced")]),
        ("Due YYYY-MM-DD.", [Finding("placeholder", .warning, "1:5-1:15", "date placeholder YYYY-MM-DD not replaced")]),
        ("| Risk | Level |\n|---|---|\n| Outage | HIGH/MED/LOW |", [Finding("placeholder", .warning, "3:12-3:24", "'HIGH/MED/LOW' lists the template's options; choose one")]),
        ("| Resource | Need |\n|---|---|\n| CPU | X cores |", [Finding("placeholder", .warning, "3:9-3:16", "'X cores' is the template's sample value; replace it")]),
        ("Title [FEATURE_NAME] once.", [Finding("placeholder", .warning, "1:7-1:21", "unfilled placeholder [FEATURE_NAME]")]),
        ("- [ ] [Name]", [Finding("placeholder", .warning, "1:7-1:13", "unfilled placeholder [Name]")]),
        ("> Quoted [Name] text.", [Finding("placeholder", .warning, "1:10-1:16", "unfilled placeholder [Name]")]),
        ("Spacing and case: [ name ].", [Finding("placeholder", .warning, "1:19-1:27", "unfilled placeholder [ name ]")]),
        ("Details [...] later.", [Finding("placeholder", .warning, "1:9-1:14", "unfilled placeholder [...]")]),
        ("Owner: [TBD].", [Finding("placeholder", .warning, "1:8-1:13", "unfilled placeholder [TBD]")]),
        ("Owner [TODO: ask ops] here.", [Finding("placeholder", .warning, "1:7-1:22", "unfilled placeholder [TODO: ask ops]")]),
        ("Latency [e.g. 100 ms].", [Finding("placeholder", .warning, "1:9-1:22", "unfilled placeholder [e.g. 100 ms]")]),
        ("Calls [SERVICE_NAME] twice.", [Finding("placeholder", .warning, "1:7-1:21", "unfilled placeholder [SERVICE_NAME]")]),
        ("TODO: write the rollout.", [Finding("placeholder", .warning, "1:1-1:5", "TODO left in the text")]),
    ])
    func placeholders(_ snippet: String, _ expected: [Finding]) throws {
        #expect(try Self.placeholdersInSnippet(snippet) == expected)
    }

    @Test("placeholder: near misses of the vocabulary are not placeholders", arguments: [
        "FEATURE_NAMES and MY_FEATURE_NAME are other words.",
        "Dates like 2026-01-15 and YYYY are fine.",
        "| Risk | Level |\n|---|---|\n| Outage | HIGH |",
        "```\n[Description] of code is only flagged in the template's own code\n```",
    ])
    func nearMisses(_ snippet: String) throws {
        let found = try Self.placeholdersInSnippet(snippet)
        if snippet.hasPrefix("```") {
            // `[Description]` is a bracket the template itself puts in code, so it is flagged there.
            #expect(found == [Finding("placeholder", .warning, "2:1-2:14", "unfilled placeholder [Description]")])
        } else {
            #expect(found == [])
        }
    }

    @Test("placeholder: in code, only the template's own bracketed texts are flagged (system-design)")
    func codeBracketsSystemDesign() {
        let bytes = TestSupport.replacing("[Link to OpenAPI/Swagger documentation]",
                                          with: "```sql\nCREATE TABLE [table_name] (\n  [other_name] TEXT\n);\n```", in: TestSupport.generated("system-design"))
        let text = String(decoding: bytes, as: UTF8.self)
        let line = text.components(separatedBy: "\n").firstIndex(of: "CREATE TABLE [table_name] (")! + 1
        let found = Self.report(bytes).diagnostics.filter { $0.rule == "placeholder" && ($0.line == line || $0.line == line + 1) }.map(Finding.init)
        #expect(found == [Finding("placeholder", .warning, "\(line):14-\(line):26", "unfilled placeholder [table_name]")])
    }

    @Test("placeholder: a `**Key**:` line in a section left as the template's option list")
    func placeholderChoiceField() {
        let template = TestSupport.customTemplate("deploy", "# [NAME] Rollout\n\n## Plan\n- **Method**: Blue-Green / Canary / Rolling\n")
        let catalog = TemplateCatalog(templates: [template])
        #expect(template.schema.vocabulary.literalValues == ["Blue-Green / Canary / Rolling"])
        let spec = "# Checkout Rollout\n\n<!-- specwright:template deploy -->\n\n## Plan\n- **Method**: Blue-Green / Canary / Rolling\n"
        #expect(Self.findings(spec, catalog: catalog) == [
            Finding("placeholder", .warning, "6:15-6:44", "'Blue-Green / Canary / Rolling' lists the template's options; choose one"),
        ])
        #expect(Self.findings(spec.replacingOccurrences(of: "Blue-Green / Canary / Rolling", with: "Canary"), catalog: catalog) == [])
    }

    @Test("placeholder: a freshly generated feature spec has exactly the template's unfilled placeholders")
    func placeholderCountGenerated() {
        let report = Self.report(TestSupport.generated("feature-spec"))
        let placeholders = report.diagnostics.filter { $0.rule == "placeholder" }
        #expect(placeholders.count == 112)
        #expect(placeholders.allSatisfy { $0.severity == .warning })
        // Nothing the generator fills is still reported.
        #expect(!placeholders.contains { $0.message.contains("FEATURE_NAME") || $0.message.contains("YYYY-MM-DD") || $0.message.contains("[Name]") })
    }

    // MARK: toc

    @Test("toc: an entry linking to an anchor no heading has")
    func tocBrokenAnchor() {
        let text = Self.edited(("2. [Plan](#plan)", "2. [Plan](#the-plan)"))
        #expect(Self.findings(text) == [
            Finding("toc", .warning, "11:1-11:12", "heading 'Plan' (line 20) is missing from the table of contents"),
            Finding("toc", .warning, "13:4-13:21", "entry 'Plan' links to #the-plan, which no heading has; the heading 'Plan' is #plan"),
        ])
    }

    @Test("toc: a second entry for a repeated heading names the heading it meant; headings above the contents are not listed")
    func tocRepeatedHeading() {
        let text = """
            ## KEP-1: Example

            ## Contents

            - [Design](#design)
              - [Risks](#risks)
            - [Rollout](#rollout)
              - [Risks](#risks)

            ## Design

            ### Risks

            Text.

            ## Rollout

            ### Risks

            Text.

            """
        #expect(Self.findings(text, rules: ["toc"]) == [
            Finding("toc", .warning, "8:5-8:20", "entry 'Risks' links to #risks, the first heading 'Risks' (line 12), which an earlier entry already links; the heading with the same text on line 18 is #risks-1"),
        ])
    }

    @Test("toc: an entry whose text differs from its heading")
    func tocTextMismatch() {
        #expect(Self.findings(Self.edited(("1. [Summary](#summary)", "1. [Overview](#summary)"))) == [
            Finding("toc", .warning, "12:4-12:24", "entry 'Overview' links to #summary, whose heading is 'Summary'"),
        ])
    }

    @Test("toc: entries out of order")
    func tocOutOfOrder() {
        let text = Self.edited(("1. [Summary](#summary)\n2. [Plan](#plan)", "1. [Plan](#plan)\n2. [Summary](#summary)"))
        #expect(Self.findings(text) == [
            Finding("toc", .warning, "13:4-13:23", "entry 'Summary' is out of order: its heading comes before 'Plan'"),
        ])
    }

    @Test("toc: a heading left out of the table of contents")
    func tocMissingHeading() {
        let text = Self.edited(("3. [Notes (Optional)](#notes-optional)\n", ""))
        #expect(Self.findings(text) == [
            Finding("toc", .warning, "11:1-11:12", "heading 'Notes (Optional)' (line 29) is missing from the table of contents"),
        ])
    }

    @Test("toc: GitHub anchors for repeated and punctuated headings")
    func tocAnchors() {
        var anchors = AnchorGenerator()
        #expect(anchors.anchor(for: "Monitoring & Observability") == "monitoring--observability")
        #expect(anchors.anchor(for: "Notes (Optional)") == "notes-optional")
        #expect(anchors.anchor(for: "Phase 1: [Phase Name]") == "phase-1-phase-name")
        #expect(anchors.anchor(for: "Risks") == "risks")
        #expect(anchors.anchor(for: "Risks") == "risks-1")
        #expect(anchors.anchor(for: "Risks") == "risks-2")
        #expect(AnchorGenerator.slug("Überblick 2") == "überblick-2")
        // The generated feature spec's table of contents agrees with its headings.
        #expect(Self.findings(String(decoding: TestSupport.generated("feature-spec"), as: UTF8.self), rules: ["toc"]) == [])
    }

    @Test("toc: a repeated heading skips an anchor another heading already has, as GitHub does")
    func tocAnchorCollision() {
        // github-slugger: "Risks", "Risks 1", "Risks" → risks, risks-1, risks-2.
        var anchors = AnchorGenerator()
        let generated = ["Risks", "Risks 1", "Risks"].map { anchors.anchor(for: $0) }
        #expect(generated == ["risks", "risks-1", "risks-2"])
    }

    // MARK: changelog

    @Test("changelog: the header version is not the newest entry's")
    func changeLogVersion() {
        #expect(Self.findings(Self.edited(("**Version**: 1.1", "**Version**: 1.2"))) == [
            Finding("changelog", .warning, "37:3-37:6", "change log's newest entry is version 1.1, but 'Version' is 1.2"),
        ])
    }

    @Test("changelog: Last Updated is not the newest entry's date")
    func changeLogDate() {
        #expect(Self.findings(Self.edited(("**Last Updated**: 2026-02-01", "**Last Updated**: 2026-02-02"))) == [
            Finding("changelog", .warning, "37:9-37:19", "change log's newest entry (1.1) is dated 2026-02-01, but 'Last Updated' is 2026-02-02"),
        ])
    }

    @Test("changelog: the newest entry is the highest version, whatever the row order")
    func changeLogNewestByVersion() {
        let text = Self.edited(("| 1.0 | 2026-01-10 | Grace | Initial |\n| 1.1 | 2026-02-01 | Grace | Risks |",
                                "| 1.1 | 2026-02-01 | Grace | Risks |\n| 1.0 | 2026-01-10 | Grace | Initial |"))
        #expect(Self.findings(text) == [])
        #expect(SpecValues.compareVersions("1.10", "1.9") == 1)
        #expect(SpecValues.compareVersions("1.0", "1") == 0)
    }

    // MARK: unchecked-item

    @Test("unchecked-item: an open checklist item (info, at its checkbox)")
    func uncheckedItem() {
        #expect(Self.findings(Self.edited(("- [x] Reviewed", "- [ ] Reviewed"))) == [
            Finding("unchecked-item", .info, "28:3-28:6", "unchecked: Reviewed"),
        ])
    }

    @Test("unchecked-item: counted even when infos are not retained")
    func uncheckedItemCounted() {
        let text = Self.edited(("- [x] Reviewed", "- [ ] Reviewed\n- [ ] Signed off"))
        let checker = Checker(catalog: Self.catalog, retainedSeverity: .warning)
        let report = checker.check(Spec(bytes: Array(text.utf8), path: "x.md"))
        #expect(report.diagnostics.isEmpty)
        #expect(report.infos == 2)
    }

    // MARK: Severity overrides

    @Test("Severity overrides raise, lower or turn off a rule")
    func severityOverrides() {
        let text = Self.edited(("- [x] Reviewed", "- [ ] Reviewed"), ("**Version**: 1.1", "**Version**: 1.x"))
        let checker = Checker(catalog: Self.catalog, severities: ["unchecked-item": .error, "version-format": Severity?.none])
        let report = checker.check(Spec(bytes: Array(text.utf8), path: "x.md"))
        #expect(report.diagnostics.map(Finding.init) == [Finding("unchecked-item", .error, "28:3-28:6", "unchecked: Reviewed")])
        #expect(report.errors == 1)
    }

    @Test("Findings are sorted by position and carry the file path")
    func findingsSorted() {
        let text = Self.edited(("- [x] Reviewed", "- [ ] Reviewed"), ("**Version**: 1.1", "**Version**: 1.x"), ("# Ledger Design", "# Ledger"))
        let report = Self.report(text)
        #expect(report.diagnostics.map(\.rule) == ["title", "version-format", "unchecked-item"])
        #expect(report.diagnostics.allSatisfy { $0.file == "specs/spec.md" })
    }

    // MARK: Completeness

    @Test("Completeness: a generated spec scores below one with sections filled in")
    func completenessGeneratedBelowFilled() {
        let generated = TestSupport.generated("feature-spec")
        var filled = generated
        for (old, new) in [
            ("[Brief description of what this technical implementation will achieve]", "Retry failed card payments."),
            ("[What this spec covers and doesn't cover]", "Card payments only."),
            ("[Sequence diagram for key flows]", "Client -> API"),
        ] { filled = TestSupport.replacing(old, with: new, in: filled) }
        let generatedScore = Self.report(generated).completeness!
        let filledScore = Self.report(filled).completeness!
        #expect(generatedScore > 0 && generatedScore < 1)
        #expect(filledScore > generatedScore)
        let systemDesign = Self.report(TestSupport.generated("system-design")).completeness!
        #expect(systemDesign > 0 && systemDesign < generatedScore, "system-design leaves more placeholders unfilled")
    }

    @Test("Completeness: every required section filled and no placeholders scores 1.0")
    func completenessFull() {
        #expect(Self.report(Self.cleanSpec).completeness == 1.0)
    }

    @Test("Completeness: a placeholder left in a unit costs its share of the template's placeholders")
    func completenessPartial() {
        // Steps had three placeholders in the template; one left scores that unit 2/3.
        let text = Self.edited(("| Schema | Grace | LOW |", "| [Step] | Grace | LOW |"))
        let completeness = Self.report(text).completeness!
        #expect(abs(completeness - (4 + 2.0 / 3.0) / 5) < 1e-9)
        // A missing required section scores 0 for its unit.
        let missing = Self.edited(("## Summary\nA double-entry ledger for payments.\n\n", ""), ("1. [Summary](#summary)\n", ""))
        #expect(Self.report(missing).completeness == 0.8)
    }

    @Test("Completeness: without a template every section with content is a unit")
    func completenessWithoutTemplate() {
        let report = Self.report("# Notes\n\n## A\nText.\n\n## B\n[TBD]\n\n## C\n")
        #expect(report.template == nil)
        #expect(report.completeness == 0.5)
    }
}
