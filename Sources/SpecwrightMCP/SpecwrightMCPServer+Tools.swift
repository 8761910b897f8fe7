import Foundation
import MCP
import SpecwrightCore

extension SpecwrightMCPServer {
    var checker: Checker { configuration.checker }

    /// Reads a workspace spec: its URL, bytes and parsed form.
    func loadSpec(_ path: String) throws -> (URL, [UInt8], Spec) {
        let url = try paths.resolve(path)
        let relative = paths.relative(url)
        switch SpecFileLoader.load(url, displayPath: relative, limits: checker.limits) {
        case .loaded(let bytes): return (url, bytes, Spec(bytes: bytes, path: relative))
        case .refused(let diagnostic): throw ToolError("\(relative): \(diagnostic.message)")
        }
    }

    func editor(for spec: Spec, author: String?) -> SpecEditor {
        let (template, _) = checker.templateChoice(for: spec)
        let recorder = ChangeRecorder(author: author.flatMap { $0.isEmpty ? nil : $0 } ?? configuration.author, date: configuration.today())
        return SpecEditor(spec: spec, template: template, recorder: recorder)
    }

    /// Writes an edit atomically, refusing if the file changed since it was read.
    func write(_ edit: SpecEdit, to url: URL, original: [UInt8]) throws {
        if edit.changed { try AtomicFileWriter.replace(url, bytes: edit.bytes, expected: original) }
    }

    func listTemplates() -> TemplateListing {
        TemplateListing(templates: checker.catalog.templates.map {
            .init(name: $0.name, summary: $0.summary, source: $0.origin == .builtin ? "built-in" : paths.relative(URL(fileURLWithPath: $0.origin.description)))
        })
    }

    func listSpecs(_ arguments: ToolArguments) throws -> SpecListing {
        let folder = FileManager.default.fileExists(atPath: configuration.workspace.specsDirectory.path) ? configuration.workspace.specsDirectory : paths.root
        let (files, _) = SpecInput.expand([folder.path])
        var summaries = checker.process(files: files) { spec, report -> SpecSummary? in
            spec.map { SpecSummary(spec: $0, report: report) }
        }.compactMap { $0 }
        for index in summaries.indices { summaries[index].path = paths.relative(URL(fileURLWithPath: summaries[index].path)) }
        if let status = arguments.string("status") { summaries = summaries.filter { $0.status?.lowercased() == status.lowercased() } }
        if let template = arguments.string("template") { summaries = summaries.filter { $0.template == template } }
        return SpecListing(specs: summaries.sorted { $0.path < $1.path })
    }

    func getSpec(_ arguments: ToolArguments) throws -> SpecOutput {
        let (_, _, spec) = try loadSpec(try arguments.required("path"))
        return SpecOutput(overview: SpecOverview(spec: spec, checker: checker), markdown: spec.document.text)
    }

    func createSpec(_ arguments: ToolArguments) throws -> CreateOutput {
        let title = try arguments.required("title")
        guard !SpecGenerator.slug(title).isEmpty else { throw ToolError("the title needs at least one letter or digit") }
        let name = arguments.string("template") ?? "feature-spec"
        guard let template = checker.catalog.template(named: name) else {
            throw ToolError("unknown template '\(name)'; templates: \(checker.catalog.names.joined(separator: ", "))")
        }
        let defaultPath = paths.relative(configuration.workspace.specsDirectory.appendingPathComponent(SpecGenerator.slug(title) + ".md"))
        let url = try paths.resolve(arguments.string("path") ?? defaultPath)
        guard url.pathExtension.lowercased() == "md" else { throw ToolError("a spec's file name must end in .md") }
        let bytes = SpecGenerator(template: template).generate(title: title, author: arguments.string("author") ?? configuration.author, date: configuration.today())
        try AtomicFileWriter.create(url, bytes: bytes)
        return CreateOutput(path: paths.relative(url), template: template.name, content: String(decoding: bytes, as: UTF8.self))
    }

    func checkSpec(_ arguments: ToolArguments) throws -> CheckOutput {
        let minimum = arguments.string("min_severity").flatMap { Severity(rawValue: $0.lowercased()) } ?? .info
        var checker = self.checker
        if let template = arguments.string("template") {
            guard checker.catalog.template(named: template) != nil else { throw ToolError("unknown template '\(template)'") }
            checker.explicitTemplate = template
        }
        let spec: Spec
        if let markdown = arguments.string("markdown") {
            spec = Spec(bytes: Array(markdown.utf8), path: "(markdown)")
        } else if let path = arguments.string("path") {
            spec = try loadSpec(path).2
        } else {
            throw ToolError("give either 'path' or 'markdown'")
        }
        let report = checker.check(spec)
        return CheckOutput(
            path: arguments.string("markdown") == nil ? spec.path : nil, template: report.template, templateSource: report.templateSource,
            completeness: report.completeness, errors: report.errors, warnings: report.warnings, infos: report.infos,
            findings: report.diagnostics.filter { $0.severity >= minimum }.map(FindingSummary.init))
    }

    func updateSection(_ arguments: ToolArguments) throws -> EditOutput {
        let (url, bytes, spec) = try loadSpec(try arguments.required("path"))
        let heading = try arguments.required("heading").split(separator: ">").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let body = arguments.string("body") else { throw ToolError("missing required argument 'body'") }
        let newTitle = arguments.string("new_heading")
        let edit = try editor(for: spec, author: arguments.string("author")).replaceSectionBody(at: heading, with: body, newTitle: newTitle)
        try write(edit, to: url, original: bytes)
        // The findings inside the updated section, from the file as written.
        let updated = Spec(bytes: edit.bytes, path: spec.path)
        let index = try editor(for: updated, author: nil).section(at: newTitle.map { Array(heading.dropLast()) + [$0] } ?? heading)
        let section = updated.outline.sections[index].range
        let findings = checker.check(updated).diagnostics.filter { diagnostic in
            guard let range = diagnostic.range else { return false }
            return section.contains(range.start.offset)
        }
        return EditOutput(path: spec.path, changed: edit.changed, summary: edit.summary, version: updated.field(.version)?.value, status: updated.field(.status)?.value, findings: findings.map(FindingSummary.init))
    }

    func tickItem(_ arguments: ToolArguments) throws -> EditOutput {
        let (url, bytes, spec) = try loadSpec(try arguments.required("path"))
        let edit = try editor(for: spec, author: arguments.string("author")).tick(try arguments.required("item"), checked: arguments.bool("checked") ?? true)
        try write(edit, to: url, original: bytes)
        let updated = Spec(bytes: edit.bytes, path: spec.path)
        return EditOutput(path: spec.path, changed: edit.changed, summary: edit.summary, version: updated.field(.version)?.value, status: updated.field(.status)?.value)
    }

    func setStatus(_ arguments: ToolArguments) throws -> StatusOutput {
        let (url, bytes, spec) = try loadSpec(try arguments.required("path"))
        let target = try arguments.required("status")
        let outcome = try editor(for: spec, author: arguments.string("author"))
            .transition(to: target, reason: arguments.string("reason"), force: false, gates: configuration.gates)
        switch outcome {
        case .applied(let edit):
            try write(edit, to: url, original: bytes)
            let updated = Spec(bytes: edit.bytes, path: spec.path)
            return StatusOutput(path: spec.path, applied: true, status: updated.field(.status)?.value, summary: edit.summary, unmet: [])
        case .refused(let unmet):
            return StatusOutput(
                path: spec.path, applied: false, status: spec.field(.status)?.value,
                summary: "cannot move to \(target): \(unmet.count) unmet gate\(unmet.count == 1 ? "" : "s"); nothing was changed",
                unmet: unmet.map { .init(gate: $0.gate, message: $0.message, line: $0.range?.start.line, column: $0.range?.start.column) })
        }
    }

    func addChangeLogEntry(_ arguments: ToolArguments) throws -> EditOutput {
        let (url, bytes, spec) = try loadSpec(try arguments.required("path"))
        let edit = try editor(for: spec, author: arguments.string("author")).addChangeLogEntry(try arguments.required("change"), reason: arguments.string("reason"))
        try write(edit, to: url, original: bytes)
        let updated = Spec(bytes: edit.bytes, path: spec.path)
        return EditOutput(path: spec.path, changed: edit.changed, summary: edit.summary, version: updated.field(.version)?.value, status: updated.field(.status)?.value)
    }
}
