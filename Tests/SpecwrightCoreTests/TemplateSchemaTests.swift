import Foundation
import Testing

@testable import SpecwrightCore

/// What Specwright derives from a template's text: title pattern, header fields, sections,
/// tables, change log, sign-off and the placeholder vocabulary.
@Suite("Template schema derivation")
struct TemplateSchemaTests {
    static let featureSpec = TestSupport.template("feature-spec").schema
    static let systemDesign = TestSupport.template("system-design").schema

    static func section(_ schema: TemplateSchema, _ path: [String]) -> TemplateSchema.Section? {
        schema.sections.first { $0.path == path }
    }

    // MARK: Catalog

    @Test("The built-in catalog holds exactly the two seed templates")
    func builtinCatalog() {
        #expect(TemplateCatalog.builtin.names == ["feature-spec", "system-design"])
        for template in TemplateCatalog.builtin.templates {
            #expect(template.origin == .builtin)
            #expect(!template.summary.isEmpty)
        }
        #expect(TemplateCatalog.builtin.template(named: "nope") == nil)
    }

    // MARK: feature-spec

    @Test("feature-spec: title pattern")
    func featureSpecTitle() throws {
        let title = try #require(Self.featureSpec.title)
        #expect(title == TemplateSchema.TitlePattern(prefix: "", suffix: " Technical Specification", placeholder: "[FEATURE_NAME]"))
        #expect(title.display == "[FEATURE_NAME] Technical Specification")
        #expect(title.filled(with: "Payment Retries") == "Payment Retries Technical Specification")
        #expect(title.matches("Payment Retries Technical Specification"))
        #expect(!title.matches(" Technical Specification"), "the placeholder must be filled with something")
        #expect(!title.matches("Payment Retries Design"))
    }

    @Test("feature-spec: header fields with roles and kinds")
    func featureSpecFields() {
        typealias Field = TemplateSchema.Field
        #expect(Self.featureSpec.fields == [
            Field(key: "Document Status", kind: .status, valueKind: .choice(["DRAFT", "IN_REVIEW", "APPROVED", "IMPLEMENTED"]),
                  templateValue: "DRAFT | IN_REVIEW | APPROVED | IMPLEMENTED"),
            Field(key: "Version", kind: .version, valueKind: .version, templateValue: "4.0"),
            Field(key: "Created", kind: .created, valueKind: .date, templateValue: "YYYY-MM-DD"),
            Field(key: "Last Updated", kind: .lastUpdated, valueKind: .date, templateValue: "YYYY-MM-DD"),
            Field(key: "Author", kind: .author, valueKind: .text, templateValue: "[Name]"),
            Field(key: "Related PRD", kind: .other, valueKind: .text, templateValue: "[FEATURE_NAME_PRD.md]"),
        ])
        #expect(Self.featureSpec.statuses == ["DRAFT", "IN_REVIEW", "APPROVED", "IMPLEMENTED"])
    }

    @Test("feature-spec: 58 sections with their paths")
    func featureSpecSections() throws {
        let schema = Self.featureSpec
        #expect(schema.sections.count == 58)
        #expect(schema.sections.first?.title == "Table of Contents")
        #expect(schema.sections.first?.isTableOfContents == true)
        #expect(schema.sections.last?.path == ["Change Log"])
        let roots = schema.sections.filter { $0.parent == nil }.map(\.title)
        #expect(roots == [
            "Table of Contents", "Overview", "Architecture Design", "Detailed Design", "Data Model", "API Design",
            "Integration Points", "Security Considerations", "Performance Considerations", "Testing Strategy",
            "Deployment Plan", "Monitoring & Observability", "Risk Analysis", "Implementation Checklist", "Change Log",
        ])
        let overview = try #require(Self.section(schema, ["Overview"]))
        #expect(overview.level == 2)
        #expect(!overview.hasBody, "Overview holds only subsections")
        #expect(overview.children.map { schema.sections[$0].title } == ["Purpose", "Scope", "Technical Goals", "Constraints & Assumptions"])
        let goals = try #require(Self.section(schema, ["Overview", "Technical Goals"]))
        #expect(goals.level == 3 && goals.hasBody && goals.placeholderCount == 3)
        #expect(Self.section(schema, ["Monitoring & Observability", "Key Metrics"])?.key == "key metrics")
        #expect(Self.section(schema, ["Security Considerations", "Authentication & Authorization"])?.key == "authentication and authorization")
    }

    @Test("feature-spec: `#### [Component Name]` is a repeatable section that matches any component heading")
    func featureSpecRepeatableComponent() throws {
        let component = try #require(Self.section(Self.featureSpec, ["Detailed Design", "Module/Component Design", "[Component Name]"]))
        #expect(component.level == 4)
        #expect(component.pattern == ["", ""])
        #expect(component.matches("payment scheduler"))
    }

    @Test("feature-spec: tables' columns by section", arguments: [
        (["Architecture Design", "Component Overview"], ["Component", "Purpose", "Technology", "Owner"]),
        (["Data Model", "Data Flow"], ["Source", "Transformation", "Destination", "Frequency", "Volume"]),
        (["API Design", "Error Handling"], ["Error Code", "Meaning", "Response Format", "Retry-able"]),
        (["Integration Points", "External Systems Impact"], ["System", "Impact", "Risk Level", "Mitigation", "Testing Required"]),
        (["Risk Analysis", "Rollback Risks"], ["Scenario", "Risk", "Mitigation"]),
        (["Change Log"], ["Date", "Version", "Author", "Changes", "Reason"]),
    ])
    func featureSpecTables(_ path: [String], _ columns: [String]) throws {
        let section = try #require(Self.section(Self.featureSpec, path))
        #expect(section.tables == [columns])
    }

    @Test("feature-spec: checklists come from the task items")
    func featureSpecChecklists() throws {
        let security = try #require(Self.section(Self.featureSpec, ["Security Considerations", "Security Checklist"]))
        #expect(security.checklist.count == 8)
        #expect(security.checklist.first == "Input validation on all endpoints")
        #expect(Self.section(Self.featureSpec, ["Deployment Plan", "Deployment Checklist"])?.checklist.count == 8)
        // Nested task items count too: 3 parents plus 6 children.
        #expect(Self.section(Self.featureSpec, ["Implementation Checklist", "Git Workflow Setup"])?.checklist.count == 9)
    }

    @Test("feature-spec: change log columns, and no sign-off table")
    func featureSpecChangeLog() throws {
        let log = try #require(Self.featureSpec.changeLog)
        #expect(log.columns == ["Date", "Version", "Author", "Changes", "Reason"])
        #expect(log.versionColumn == 1)
        #expect(log.dateColumn == 0)
        #expect(log.authorColumn == 2)
        #expect(log.changesColumn == 3)
        #expect(log.reasonColumn == 4)
        #expect(Self.featureSpec.signOff == nil)
    }

    @Test("feature-spec: placeholder vocabulary")
    func featureSpecVocabulary() {
        let vocabulary = Self.featureSpec.vocabulary
        // FEATURE_NAME_PRD, FEATURE_NAME_DOCS … reduce to their shared variable.
        #expect(vocabulary.tokens == ["FEATURE_NAME"])
        #expect(vocabulary.literalValues == ["HIGH/MED/LOW", "Blue-Green / Canary / Rolling", "X cores", "Y cores", "X GB", "Y GB", "X TB", "Y TB"])
        #expect(vocabulary.codeBrackets.contains("Description"))
        #expect(vocabulary.codeBrackets.contains("ASCII or Mermaid diagram showing system components"))
        // Status values are never template variables, even though IN_REVIEW is ALL_CAPS with `_`.
        #expect(!vocabulary.tokens.contains("IN_REVIEW"))
    }

    // MARK: system-design

    @Test("system-design: title pattern")
    func systemDesignTitle() throws {
        let title = try #require(Self.systemDesign.title)
        #expect(title == TemplateSchema.TitlePattern(prefix: "Technical Specification: ", suffix: "", placeholder: "[Feature/System Name]"))
        #expect(title.filled(with: "Payment Retries") == "Technical Specification: Payment Retries")
        #expect(title.matches("Technical Specification: Ledger"))
        #expect(!title.matches("Technical Specification: "))
    }

    @Test("system-design: header fields with roles and kinds")
    func systemDesignFields() {
        typealias Field = TemplateSchema.Field
        #expect(Self.systemDesign.fields == [
            Field(key: "Document Version", kind: .version, valueKind: .version, templateValue: "1.0"),
            Field(key: "Author", kind: .author, valueKind: .text, templateValue: "[Author Name]"),
            Field(key: "Date", kind: .date, valueKind: .date, templateValue: "[YYYY-MM-DD]"),
            Field(key: "Status", kind: .status, valueKind: .choice(["Draft", "Review", "Approved", "Implemented"]),
                  templateValue: "Draft | Review | Approved | Implemented"),
            Field(key: "Reviewers", kind: .reviewers, valueKind: .text, templateValue: "[List of reviewers]"),
        ])
        #expect(Self.systemDesign.statuses == ["Draft", "Review", "Approved", "Implemented"])
    }

    @Test("system-design: 62 sections with their paths")
    func systemDesignSections() throws {
        let schema = Self.systemDesign
        #expect(schema.sections.count == 62)
        #expect(schema.sections.first?.path == ["Executive Summary"])
        #expect(schema.sections.last?.path == ["Appendices", "D. Security Analysis"])
        #expect(!schema.sections.contains { $0.isTableOfContents })
        let endpoints = try #require(Self.section(schema, ["Technical Design", "API Design", "Endpoints"]))
        #expect(endpoints.level == 4)
        #expect(endpoints.placeholderCount == 4, "the four [endpoint] brackets in the http block")
        // Appendix letters are numbering, dropped from the matching key.
        #expect(Self.section(schema, ["Appendices", "A. Detailed API Specification"])?.key == "detailed api specification")
    }

    @Test("system-design: `Phase 1` and `Phase 2` are one repeatable `Phase N` section")
    func systemDesignRepeatablePhase() throws {
        let schema = Self.systemDesign
        let phases = schema.sections.filter { $0.title.hasPrefix("Phase") }
        #expect(phases.count == 1)
        let phase = try #require(phases.first)
        #expect(phase.path == ["Implementation Plan", "Phase 1: [Phase Name]"])
        #expect(phase.pattern == ["phase ", ": ", ""])
        #expect(phase.checklist == ["[Task 1]", "[Task 2]", "[Task 3]"])
        #expect(phase.matches("phase 3: rollout"))
        #expect(phase.matches("phase 12: clean-up"))
        #expect(!phase.matches("phase 3"))
        #expect(!phase.matches("deployment strategy"))
        let plan = try #require(Self.section(schema, ["Implementation Plan"]))
        #expect(plan.children.map { schema.sections[$0].title } == ["Phase 1: [Phase Name]", "Deployment Strategy"])
    }

    @Test("system-design: tables' columns by section", arguments: [
        (["System Architecture", "Component Overview"], ["Component", "Purpose", "Technology", "Owner"]),
        (["Technical Design", "Security Considerations", "Threat Model"], ["Threat", "Impact", "Mitigation"]),
        (["Monitoring & Observability", "Metrics to Track"], ["Metric", "Threshold", "Alert Condition"]),
        (["Dependencies & Risks", "Dependencies"], ["Dependency", "Owner", "Timeline", "Risk Level"]),
        (["Dependencies & Risks", "Risks & Mitigations"], ["Risk", "Probability", "Impact", "Mitigation"]),
        (["Review & Approval", "Sign-off"], ["Role", "Name", "Date", "Signature"]),
    ])
    func systemDesignTables(_ path: [String], _ columns: [String]) throws {
        let section = try #require(Self.section(Self.systemDesign, path))
        #expect(section.tables == [columns])
    }

    @Test("system-design: change log columns and sign-off roles")
    func systemDesignChangeLogAndSignOff() throws {
        let log = try #require(Self.systemDesign.changeLog)
        #expect(log.columns == ["Version", "Date", "Author", "Changes"])
        #expect(log.versionColumn == 0 && log.dateColumn == 1 && log.authorColumn == 2 && log.changesColumn == 3)
        #expect(log.reasonColumn == nil)
        let signOff = try #require(Self.systemDesign.signOff)
        #expect(signOff.roles == ["Technical Lead", "Product Owner", "Security Lead"])
        #expect(signOff.columns == ["Role", "Name", "Date", "Signature"])
        #expect(signOff.roleColumn == 0 && signOff.nameColumn == 1 && signOff.dateColumn == 2 && signOff.signatureColumn == 3)
    }

    @Test("system-design: placeholder vocabulary")
    func systemDesignVocabulary() {
        let vocabulary = Self.systemDesign.vocabulary
        #expect(vocabulary.tokens.isEmpty, "system-design has no ALL_CAPS variables")
        #expect(vocabulary.codeBrackets == ["table_name", "field_name", "endpoint", "Include architecture diagram or description"])
        #expect(vocabulary.literalValues == ["High/Medium/Low"])
    }

    @Test("The template description lists what was derived")
    func descriptionText() {
        let text = TemplateDescription(TestSupport.template("system-design")).text
        #expect(text.hasPrefix("system-design — "))
        #expect(text.contains("Title pattern: Technical Specification: [Feature/System Name]"))
        #expect(text.contains("  Status: one of Draft | Review | Approved | Implemented"))
        #expect(text.contains("Sections (62)"))
        #expect(text.contains("    Phase 1: [Phase Name]  [repeatable; 3 checklist items]"))
        #expect(text.contains("Sign-off roles: Technical Lead, Product Owner, Security Lead"))
        #expect(text.contains("  in code: [Include architecture diagram or description], [endpoint], [field_name], [table_name]"))
    }

    // MARK: Custom templates

    static let teamTemplateText = """
        ---
        team: payments
        review_status: proposed | accepted | rejected
        ---

        # RFC: [TITLE]

        **Status**: Open | Closed\\
        **Owner**: [Your Name]\\
        **Created**: YYYY-MM-DD  
        **Version**: 1  
        **Ticket**: [TICKET_ID]  

        ## Motivation
        [Why]

        ## Alternatives (Optional)
        [Other options]

        ## Rollout
        | Stage | Date | Risk |
        |-------|------|------|
        | [Stage] | YYYY-MM-DD | High/Low |

        ### Step 1
        [Do it]

        ### Step 2
        [Do more]

        ## History
        | Version | Date | Changes |
        |---------|------|---------|
        | 1 | YYYY-MM-DD | Created |

        """

    static var teamTemplate: Template { TestSupport.customTemplate("rfc", teamTemplateText) }

    @Test("Title patterns: bracketed, braced and digit placeholders, a prose suffix after a separator, a whole-title placeholder", arguments: [
        ("KEP-NNNN: Your short, descriptive title", "KEP-2784: CSR Duration", true),
        ("KEP-NNNN: Your short, descriptive title", "CSR Duration", false),
        ("{short title of solved problem and solution}", "Use Markdown ADRs", true),
        ("Feature name", "Typed throws", true),
        ("Feature name", "Feature name", false),
        ("RFC: [TITLE]", "RFC: Payment retries", true),
        ("RFC: [TITLE]", "Payment retries", false),
        ("[FEATURE_NAME] Technical Specification", "Ledger Technical Specification", true),
    ])
    func titlePatterns(_ template: String, _ title: String, _ matches: Bool) throws {
        let pattern = try #require(TemplateSchema.titlePattern(template))
        #expect(pattern.matches(title) == matches)
    }

    @Test("Optional parts: fields under a front-matter comment calling them optional, sections whose first comment says so")
    func optionalParts() {
        let template = TestSupport.customTemplate("adr", """
            ---
            # These are optional metadata elements. Feel free to remove any of them.
            status: "{proposed | accepted}"
            date: {YYYY-MM-DD}
            ---

            # {short title}

            ## Context

            {Describe the context.}

            ## Consequences

            <!-- This is an optional element. Feel free to remove. -->
            * Good, because {positive consequence}

            <!-- This is an optional element. Feel free to remove. -->
            ## More Information

            {Links}

            """)
        #expect(template.schema.fields.map(\.optional) == [true, true])
        #expect(template.schema.sections.map(\.optional) == [false, true, true])
        let checker = Checker(catalog: TemplateCatalog(templates: [template]), explicitTemplate: "adr")
        let report = checker.check(Spec(bytes: Array("# Use ADRs\n\n## Context\n\nWe need records.\n".utf8), path: "adr.md"))
        #expect(report.diagnostics.filter { $0.severity >= .warning }.map(\.rule) == [])
    }

    @Test("Custom template: front matter fields come first, then `**Key**:` lines with `\\` and two-space breaks")
    func customFields() {
        typealias Field = TemplateSchema.Field
        #expect(Self.teamTemplate.schema.fields == [
            Field(key: "team", kind: .other, valueKind: .text, templateValue: "payments", fromFrontMatter: true),
            Field(key: "review_status", kind: .status, valueKind: .choice(["proposed", "accepted", "rejected"]), templateValue: "proposed | accepted | rejected", fromFrontMatter: true),
            Field(key: "Status", kind: .status, valueKind: .choice(["Open", "Closed"]), templateValue: "Open | Closed"),
            Field(key: "Owner", kind: .author, valueKind: .text, templateValue: "[Your Name]"),
            Field(key: "Created", kind: .created, valueKind: .date, templateValue: "YYYY-MM-DD"),
            Field(key: "Version", kind: .version, valueKind: .version, templateValue: "1"),
            Field(key: "Ticket", kind: .other, valueKind: .text, templateValue: "[TICKET_ID]"),
        ])
        // The first status field wins for `statuses`.
        #expect(Self.teamTemplate.schema.statuses == ["proposed", "accepted", "rejected"])
    }

    @Test("Custom template: hard-break markers are not part of a field's value range")
    func customFieldRanges() throws {
        let spec = Spec(bytes: Array(Self.teamTemplateText.utf8), path: "rfc.md")
        let status = try #require(spec.field(named: "Status"))
        #expect(spec.document.string(status.valueRange) == "Open | Closed")
        #expect(spec.document.string(status.lineRange) == "**Status**: Open | Closed\\")
        let created = try #require(spec.field(.created))
        #expect(spec.document.string(created.valueRange) == "YYYY-MM-DD")
        #expect(spec.document.string(created.keyRange) == "Created")
        #expect(spec.field(named: "review status")?.value == "proposed | accepted | rejected", "underscores match spaces")
        #expect(spec.field(named: "review_status")?.fromFrontMatter == true)
    }

    @Test("Custom template: title, optional section, repeatable step, tables and change log")
    func customSections() throws {
        let schema = Self.teamTemplate.schema
        #expect(schema.title == TemplateSchema.TitlePattern(prefix: "RFC: ", suffix: "", placeholder: "[TITLE]"))
        #expect(schema.sections.map(\.title) == ["Motivation", "Alternatives (Optional)", "Rollout", "Step 1", "History"])
        let alternatives = schema.sections[1]
        #expect(alternatives.optional)
        #expect(alternatives.key == "alternatives")
        #expect(schema.sections.filter(\.optional).count == 1)
        #expect(schema.sections[2].tables == [["Stage", "Date", "Risk"]])
        #expect(schema.sections[3].pattern == ["step ", ""])
        #expect(schema.sections[3].path == ["Rollout", "Step 1"])
        #expect(schema.sections[4].tables == [["Version", "Date", "Changes"]])
        let log = try #require(schema.changeLog)
        #expect(log.columns == ["Version", "Date", "Changes"])
        #expect(log.authorColumn == nil)
        #expect(schema.signOff == nil)
    }

    @Test("Custom template: vocabulary from ALL_CAPS bracket words and option cells")
    func customVocabulary() {
        let vocabulary = Self.teamTemplate.schema.vocabulary
        #expect(vocabulary.tokens == ["TICKET_ID"], "TITLE has no underscore, so it is not a variable")
        #expect(vocabulary.literalValues == ["High/Low"])
        #expect(vocabulary.codeBrackets.isEmpty)
    }

    @Test("A template without a title, fields or sections derives an empty schema")
    func emptyTemplate() {
        let schema = TestSupport.customTemplate("blank", "Just a paragraph.\n").schema
        #expect(schema.title == nil)
        #expect(schema.fields.isEmpty)
        #expect(schema.sections.isEmpty)
        #expect(schema.statuses.isEmpty)
        #expect(schema.changeLog == nil)
    }

    @Test("Template.load names a file template after the file and reads its description comment")
    func loadFromFile() throws {
        let directory = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let url = directory.appendingPathComponent("team-rfc.md")
        try Data(("<!-- specwright:description Team RFC -->\n" + Self.teamTemplateText.replacingOccurrences(of: "---\nteam: payments\nreview_status: proposed | accepted | rejected\n---\n\n", with: "")).utf8).write(to: url)
        let template = try Template.load(contentsOf: url)
        #expect(template.name == "team-rfc")
        #expect(template.summary == "Team RFC")
        #expect(template.origin == .file(url.path))
        // A workspace folder adds it to the built-ins, sorted after them.
        let catalog = try TemplateCatalog.load(templatesDirectory: directory)
        #expect(catalog.names == ["feature-spec", "system-design", "team-rfc"])
    }

    @Test("A workspace template with a built-in's name replaces the built-in")
    func workspaceTemplateReplacesBuiltin() throws {
        let directory = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeDirectory(directory) }
        try Data("# [NAME] Plan\n\n## Goals\n[Goals]\n".utf8).write(to: directory.appendingPathComponent("feature-spec.md"))
        try Data("not a template".utf8).write(to: directory.appendingPathComponent("notes.txt"))
        let catalog = try TemplateCatalog.load(templatesDirectory: directory)
        #expect(catalog.names == ["system-design", "feature-spec"])
        #expect(catalog.template(named: "feature-spec")?.schema.sections.map(\.title) == ["Goals"])
        #expect(catalog.template(named: "feature-spec")?.summary == "[NAME] Plan")
    }

    @Test("Template.load refuses a template that is not UTF-8")
    func loadRejectsInvalidUTF8() throws {
        let directory = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let url = directory.appendingPathComponent("bad.md")
        try Data([0x23, 0x20, 0xFF, 0x0A]).write(to: url)
        #expect(throws: SpecwrightError.unreadable(path: url.path, reason: "template is not valid UTF-8")) {
            try Template.load(contentsOf: url)
        }
    }

    // MARK: Title normalisation and best match

    @Test("Section titles normalise for matching", arguments: [
        ("Monitoring & Observability", "monitoring and observability"),
        ("1. Overview", "overview"),
        ("10.2 Data Model", "10.2 data model"),
        ("10.2. Data Model", "data model"),
        ("A. Detailed API Specification", "detailed api specification"),
        ("Alternatives (Optional)", "alternatives"),
        ("Scope:", "scope"),
        ("  Risk   Analysis  ", "risk analysis"),
        ("Überblick & Ziele:", "überblick and ziele"),
        ("2. Überblick (optional)", "überblick"),
        ("1.", "1."),
    ])
    func normalizeTitle(_ title: String, _ expected: String) {
        #expect(TemplateSchema.normalizeTitle(title) == expected)
    }

    @Test("Without a marker, a spec is matched to the template sharing most sections")
    func bestMatch() throws {
        for name in ["feature-spec", "system-design"] {
            // The template text itself has no marker and every one of its sections.
            let spec = Spec(bytes: TestSupport.builtinBytes(name), path: "\(name).md")
            let (template, score) = try #require(TemplateCatalog.builtin.bestMatch(for: spec))
            #expect(template.name == name)
            #expect(score == 1)
        }
        // A third of system-design's top-level sections, and nothing of feature-spec's own.
        let partial = Spec(bytes: Array("# X\n\n## Executive Summary\n\n## Background & Context\n\n### Problem Statement\n\n### Current State\n\n### Requirements Source\n\n## Scope\n\n### In Scope\n\n### Out of Scope\n\n### Success Criteria\n\n## System Architecture\n\n### High-Level Architecture\n\n### Component Overview\n\n### Data Flow\n\n### Integration Points\n\n## Technical Design\n\n### API Design\n\n#### Endpoints\n\n#### Request/Response Examples\n\n### Database Design\n\n#### Schema Changes\n\n#### Migration Strategy\n".utf8), path: "p.md")
        let (template, score) = try #require(TemplateCatalog.builtin.bestMatch(for: partial))
        #expect(template.name == "system-design")
        #expect(abs(score - 21.0 / 62.0) < 1e-9)
        let unrelated = Spec(bytes: Array("# Grocery list\n\n## Fruit\n\n## Bread\n".utf8), path: "g.md")
        #expect(TemplateCatalog.builtin.bestMatch(for: unrelated) == nil)
    }
}
