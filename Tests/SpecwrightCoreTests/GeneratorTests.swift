import Foundation
import Testing

@testable import SpecwrightCore

/// What `specwright new` writes: the template's text with the title, marker, header fields,
/// change log and template variables filled in by byte edits, and nothing else changed.
@Suite("Spec generator")
struct GeneratorTests {
    static let date = "2026-01-15"
    static let author = "Ada Lovelace"

    static func generatedSpec(_ template: String) -> Spec {
        Spec(bytes: TestSupport.generated(template, title: "Payment Retries", author: author, date: date), path: "specs/payment-retries.md")
    }

    /// `text` with each replacement applied once, in order (each must occur).
    static func replacing(_ text: String, _ replacements: [(String, String)]) -> String {
        var bytes = Array(text.utf8)
        for (old, new) in replacements { bytes = TestSupport.replacing(old, with: new, in: bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: Exact output

    @Test("feature-spec: the output is the template with exactly these edits")
    func featureSpecGolden() {
        let template = String(decoding: TestSupport.builtinBytes("feature-spec"), as: UTF8.self)
        let expected = Self.replacing(template, [
            ("# [FEATURE_NAME] Technical Specification", "# Payment Retries Technical Specification"),
            ("**Document Status**: DRAFT | IN_REVIEW | APPROVED | IMPLEMENTED  ", "<!-- specwright:template feature-spec -->\n\n**Document Status**: DRAFT  "),
            ("**Version**: 4.0", "**Version**: 0.1"),
            ("**Created**: YYYY-MM-DD", "**Created**: 2026-01-15"),
            ("**Last Updated**: YYYY-MM-DD", "**Last Updated**: 2026-01-15"),
            ("**Author**: [Name]", "**Author**: Ada Lovelace"),
            ("**Related PRD**: [FEATURE_NAME_PRD.md]", "**Related PRD**: [PAYMENT_RETRIES_PRD.md](PAYMENT_RETRIES_PRD.md)"),
            ("git checkout -b feature/FEATURE_NAME", "git checkout -b feature/payment-retries"),
            ("git push origin feature/FEATURE_NAME", "git push origin feature/payment-retries"),
            ("git checkout feature/FEATURE_NAME", "git checkout feature/payment-retries"),
            ("| YYYY-MM-DD | 1.0 | [Name] | Initial draft | New feature |\n| YYYY-MM-DD | 1.1 | [Name] | [What changed] | [Why] |\n",
             "| 2026-01-15 | 0.1 | Ada Lovelace | Initial draft | New feature |\n"),
            ("- PRD: [FEATURE_NAME_PRD.md]", "- PRD: [PAYMENT_RETRIES_PRD.md](PAYMENT_RETRIES_PRD.md)"),
            ("- Test Results: [FEATURE_NAME_TEST_RESULTS.md]", "- Test Results: [PAYMENT_RETRIES_TEST_RESULTS.md](PAYMENT_RETRIES_TEST_RESULTS.md)"),
            ("- Documentation: [FEATURE_NAME_DOCS.md]", "- Documentation: [PAYMENT_RETRIES_DOCS.md](PAYMENT_RETRIES_DOCS.md)"),
        ])
        #expect(String(decoding: TestSupport.generated("feature-spec", author: Self.author, date: Self.date), as: UTF8.self) == expected)
    }

    @Test("system-design: the output is the template with exactly these edits")
    func systemDesignGolden() {
        let template = String(decoding: TestSupport.builtinBytes("system-design"), as: UTF8.self)
        let expected = Self.replacing(template, [
            ("# Technical Specification: [Feature/System Name]", "# Technical Specification: Payment Retries"),
            ("**Document Version**: 1.0\\", "<!-- specwright:template system-design -->\n\n**Document Version**: 0.1\\"),
            ("**Author**: [Author Name]\\", "**Author**: Ada Lovelace\\"),
            ("**Date**: [YYYY-MM-DD]\\", "**Date**: 2026-01-15\\"),
            ("**Status**: Draft | Review | Approved | Implemented\\", "**Status**: Draft\\"),
            ("| 1.0     | [Date] | [Author] | Initial version |", "| 0.1     | 2026-01-15 | Ada Lovelace | Initial version |"),
        ])
        #expect(String(decoding: TestSupport.generated("system-design", author: Self.author, date: Self.date), as: UTF8.self) == expected)
    }

    // MARK: Facts of the generated spec

    @Test("The title fills the template's title pattern", arguments: [
        ("feature-spec", "Payment Retries Technical Specification"),
        ("system-design", "Technical Specification: Payment Retries"),
    ])
    func title(_ template: String, _ expected: String) {
        let spec = Self.generatedSpec(template)
        #expect(spec.title == expected)
        #expect(TestSupport.template(template).schema.title?.matches(expected) == true)
    }

    @Test("The template marker is present, right after the title", arguments: ["feature-spec", "system-design"])
    func marker(_ template: String) throws {
        let spec = Self.generatedSpec(template)
        let marker = try #require(spec.templateMarker)
        #expect(marker.name == template)
        #expect(spec.document.string(marker.range) == "<!-- specwright:template \(template) -->")
        #expect(spec.document.location(marker.range.lowerBound).line == 3)
        #expect(Checker(catalog: .builtin).context(for: spec).templateChoice == .marker(template))
    }

    @Test("Header fields: first status, version 0.1, today's dates, the author", arguments: [
        ("feature-spec", "DRAFT", ["Created", "Last Updated"]),
        ("system-design", "Draft", ["Date"]),
    ])
    func headerFields(_ template: String, _ status: String, _ dateFields: [String]) {
        let spec = Self.generatedSpec(template)
        #expect(spec.field(.status)?.value == status)
        #expect(status == TestSupport.template(template).schema.statuses.first)
        #expect(spec.field(.version)?.value == "0.1")
        #expect(SpecGenerator.initialVersion == "0.1")
        #expect(spec.field(.author)?.value == Self.author)
        for key in dateFields { #expect(spec.field(named: key)?.value == Self.date, "field \(key)") }
    }

    @Test("Fields the generator cannot know are left for the author")
    func untouchedFields() {
        #expect(Self.generatedSpec("system-design").field(.reviewers)?.value == "[List of reviewers]")
    }

    @Test("The change log has exactly one row: version 0.1, today, the author", arguments: ["feature-spec", "system-design"])
    func changeLogOneRow(_ template: String) throws {
        let spec = Self.generatedSpec(template)
        let schema = TestSupport.template(template).schema
        let log = try #require(ChangeLogTable(spec, schema: schema))
        #expect(log.entries.count == 1)
        let entry = try #require(log.entries.first)
        #expect(entry.version == "0.1")
        #expect(entry.date == Self.date)
        let authorColumn = try #require(schema.changeLog?.authorColumn)
        #expect(spec.document.string(entry.row.cells[authorColumn]) == Self.author)
        #expect(log.newest?.version == "0.1")
    }

    @Test("`[FEATURE_NAME_PRD.md]` becomes a link named from the title")
    func relatedDocumentLinks() throws {
        let spec = Self.generatedSpec("feature-spec")
        #expect(spec.field(named: "Related PRD")?.value == "[PAYMENT_RETRIES_PRD.md](PAYMENT_RETRIES_PRD.md)")
        let header = try #require(spec.outline.header.first { if case .paragraph = $0.kind { true } else { false } })
        let links = spec.document.inlines(of: header).compactMap { inline -> String? in
            if case .link(let destination, _) = inline.kind { return destination }
            return nil
        }
        #expect(links == ["PAYMENT_RETRIES_PRD.md"])
        #expect(SpecGenerator.constantName("Payment Retries") == "PAYMENT_RETRIES")
    }

    @Test("FEATURE_NAME in code becomes the slug, and no variable is left anywhere")
    func variableInCode() {
        let text = Self.generatedSpec("feature-spec").document.text
        #expect(text.contains("git checkout -b feature/payment-retries\n"))
        #expect(text.components(separatedBy: "feature/payment-retries").count - 1 == 3)
        #expect(!text.contains("FEATURE_NAME"))
    }

    @Test("Slugs and constant names", arguments: [
        ("Payment Retries", "payment-retries", "PAYMENT_RETRIES"),
        ("  Hello, World!  ", "hello-world", "HELLO_WORLD"),
        ("API v2.1 / Rollout", "api-v2-1-rollout", "API_V2_1_ROLLOUT"),
        ("Café Crème 2", "cafe-creme-2", "CAFE_CREME_2"),
        ("--already-slugged--", "already-slugged", "ALREADY_SLUGGED"),
        ("!!!", "", ""),
    ])
    func slugs(_ title: String, _ slug: String, _ constant: String) {
        #expect(SpecGenerator.slug(title) == slug)
        #expect(SpecGenerator.constantName(title) == constant)
    }

    @Test("A freshly generated spec checks with zero errors (warnings and infos only)", arguments: ["feature-spec", "system-design"])
    func generatedSpecHasNoErrors(_ template: String) {
        let report = Checker(catalog: .builtin).check(Self.generatedSpec(template))
        #expect(report.errors == 0, "\(report.diagnostics.filter { $0.severity == .error }.map(\.message))")
        #expect(report.warnings > 0, "the template's own placeholders are still there")
        #expect(report.template == template)
        #expect(report.templateSource == "marker")
        #expect(!report.diagnostics.contains { ["title", "missing-field", "field-value", "missing-section", "changelog", "toc", "template"].contains($0.rule) })
    }

    @Test("Generation is deterministic: fixed inputs give these exact bytes; another date changes only the date lines")
    func deterministic() {
        let bytes = TestSupport.generated("feature-spec")
        // Pinned: the byte count and SHA-256 of the output (cross-checked with `specwright new --stdout` and sha256sum).
        #expect(bytes.count == 13_573)
        #expect(SHA256.hex(bytes) == "f80badd2f09bacef93b46c1f1bb7c42a54acde3472b652324f9285078746931e")
        let system = TestSupport.generated("system-design")
        #expect(system.count == 7_696)
        #expect(SHA256.hex(system) == "dbf684ce58545541d05dae522f9ba7a3811e2f562609def579769eb3c8535cf9")

        for template in ["feature-spec", "system-design"] {
            let first = String(decoding: TestSupport.generated(template), as: UTF8.self).components(separatedBy: "\n")
            let other = String(decoding: TestSupport.generated(template, date: "2027-03-04"), as: UTF8.self).components(separatedBy: "\n")
            #expect(first.count == other.count, "\(template)")
            let differing = zip(first, other).filter { $0 != $1 }
            let dateLines = template == "feature-spec"
                ? ["**Created**: 2026-01-15  ", "**Last Updated**: 2026-01-15  ", "| 2026-01-15 | 0.1 | Ada Lovelace | Initial draft | New feature |"]
                : ["**Date**: 2026-01-15\\", "| 0.1     | 2026-01-15 | Ada Lovelace | Initial version |"]
            #expect(differing.map(\.0) == dateLines, "\(template)")
            #expect(differing.allSatisfy { $0.replacingOccurrences(of: "2026-01-15", with: "2027-03-04") == $1 }, "\(template)")
        }
    }

    // MARK: Layout and unusual templates

    @Test("A CRLF template gives a CRLF spec, marker included", arguments: ["feature-spec", "system-design"])
    func crlfTemplate(_ name: String) {
        let template = Template(name: name, summary: "", origin: .builtin, bytes: TestSupport.crlf(TestSupport.builtinBytes(name)))
        let bytes = SpecGenerator(template: template).generate(title: "Payment Retries", author: "Ada", date: Self.date)
        let bareLineFeeds = bytes.indices.filter { bytes[$0] == 0x0A && ($0 == 0 || bytes[$0 - 1] != 0x0D) }
        #expect(bareLineFeeds.isEmpty)
        #expect(String(decoding: bytes, as: UTF8.self).contains("\r\n<!-- specwright:template \(name) -->\r\n\r\n"))
        // Apart from line endings, the result is the LF generation's.
        let lf = SpecGenerator(template: TestSupport.template(name)).generate(title: "Payment Retries", author: "Ada", date: Self.date)
        #expect(bytes.filter { $0 != 0x0D } == lf)
    }

    @Test("A short author keeps the change log's column width")
    func tableAlignmentKept() {
        let text = String(decoding: TestSupport.generated("feature-spec", author: "Ada"), as: UTF8.self)
        #expect(text.contains("| 2026-01-15 | 0.1 | Ada    | Initial draft | New feature |\n"))
    }

    @Test("A pipe in the author's name is escaped in table cells")
    func pipeInAuthor() throws {
        let spec = Spec(bytes: TestSupport.generated("feature-spec", author: "Ada | Grace"), path: "x.md")
        #expect(spec.field(.author)?.value == "Ada | Grace")
        #expect(spec.document.text.contains("| 2026-01-15 | 0.1 | Ada \\| Grace | Initial draft | New feature |"))
        let log = try #require(ChangeLogTable(spec, schema: TestSupport.template("feature-spec").schema))
        #expect(log.entries.count == 1)
        #expect(Checker(catalog: .builtin).check(spec).errors == 0)
    }

    @Test("A template without header fields gets the marker after its title")
    func templateWithoutHeader() {
        let template = TestSupport.customTemplate("plan", "# Plan: [NAME]\n\n## Goals\n[Goals]\n")
        let text = String(decoding: SpecGenerator(template: template).generate(title: "Ledger", author: "Ada", date: Self.date), as: UTF8.self)
        #expect(text == "# Plan: Ledger\n\n<!-- specwright:template plan -->\n\n## Goals\n[Goals]\n")
    }

    @Test("A template without a title gets the marker at the top and the title nowhere")
    func templateWithoutTitle() {
        let template = TestSupport.customTemplate("notes", "## Goals\n[Goals]\n")
        let text = String(decoding: SpecGenerator(template: template).generate(title: "Ledger", author: "Ada", date: Self.date), as: UTF8.self)
        #expect(text == "<!-- specwright:template notes -->\n\n## Goals\n[Goals]\n")
    }

    @Test("Front matter fields are filled like header lines, quotes kept")
    func frontMatterFields() {
        let template = TestSupport.customTemplate("rfc", "---\nstatus: proposed | accepted\nowner: \"[Name]\"\ncreated: YYYY-MM-DD\n---\n\n# RFC: [TITLE]\n\n## Motivation\n[Why]\n")
        let text = String(decoding: SpecGenerator(template: template).generate(title: "Ledger", author: "Ada", date: Self.date), as: UTF8.self)
        #expect(text == "---\nstatus: proposed\nowner: \"Ada\"\ncreated: 2026-01-15\n---\n\n# RFC: Ledger\n\n<!-- specwright:template rfc -->\n\n## Motivation\n[Why]\n")
    }

    @Test("Each status-like field gets the first of its own allowed values")
    func secondStatusField() {
        let template = TestSupport.customTemplate("review", "# [NAME] Review\n\n**Status**: Draft | Final  \n**Security Review Status**: Pending | Passed | Failed  \n\n## Findings\n[Findings]\n")
        let bytes = SpecGenerator(template: template).generate(title: "Ledger", author: "Ada", date: Self.date)
        let spec = Spec(bytes: bytes, path: "x.md")
        #expect(spec.field(named: "Status")?.value == "Draft")
        #expect(spec.field(named: "Security Review Status")?.value == "Pending")
        #expect(Checker(catalog: TemplateCatalog(templates: [template])).check(spec).errors == 0)
    }

    @Test("A template with its title in front matter keeps the front matter at the top")
    func frontMatterWithoutHeading() {
        let template = TestSupport.customTemplate("fm", "---\ntitle: \"[TITLE]\"\nstatus: draft | final\n---\n\n## Summary\n[What]\n")
        let bytes = SpecGenerator(template: template).generate(title: "Ledger", author: "Ada", date: Self.date)
        let spec = Spec(bytes: bytes, path: "x.md")
        #expect(spec.document.blocks.first?.kind == .frontMatter)
        #expect(spec.field(.status)?.value == "draft")
        #expect(Checker(catalog: TemplateCatalog(templates: [template])).check(spec).errors == 0)
    }

    @Test("A template variable written bare in a heading does not make the fresh spec miss that section")
    func variableInHeading() {
        let template = TestSupport.customTemplate("runbook", "# [SERVICE_NAME] Runbook\n\n**Status**: Draft | Live\n\n## SERVICE_NAME Dependencies\n[Deps]\n\n## Alerts\n[Alerts]\n")
        #expect(template.schema.vocabulary.tokens == ["SERVICE_NAME"])
        let spec = Spec(bytes: SpecGenerator(template: template).generate(title: "Payment Retries", author: "Ada", date: Self.date), path: "x.md")
        #expect(spec.outline.sections.map(\.title) == ["PAYMENT_RETRIES Dependencies", "Alerts"])
        let errors = Checker(catalog: TemplateCatalog(templates: [template])).check(spec).diagnostics.filter { $0.severity == .error }.map(\.message)
        #expect(errors == [])
    }
}
