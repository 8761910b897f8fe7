import Foundation
import MCP
import SpecwrightCore

extension SpecwrightMCPServer {
    var checker: Checker { environment.checker }

    /// A workspace spec, opened for the tools.
    func open(_ path: String, environment: SpecEnvironment? = nil) throws -> (SpecFile, SpecSession) {
        let url = try paths.resolve(path)
        let file = SpecFile(url: url, displayPath: paths.relative(url))
        return (file, try SpecSession(file, environment: environment ?? self.environment))
    }

    /// Performs an edit on a workspace spec as the call's author (else the server's).
    func perform(_ operation: SpecOperation, on path: String, author: String?) async throws -> SpecChange {
        let (file, session) = try open(path)
        let author = author.flatMap { $0.isEmpty ? nil : $0 } ?? self.author
        return try await session.perform(operation, by: author, saving: file).change
    }

    func listTemplates() -> TemplateListing {
        TemplateListing(templates: checker.catalog.templates.map {
            .init(name: $0.name, summary: $0.summary, source: $0.origin == .builtin ? "built-in" : paths.relative(URL(fileURLWithPath: $0.origin.description)))
        })
    }

    func listSpecs(_ arguments: ToolArguments) throws -> SpecListing {
        let folder = FileManager.default.fileExists(atPath: workspace.specsDirectory.path) ? workspace.specsDirectory : paths.root
        let (files, _) = SpecInput.expand([folder.path])
        var summaries = checker.process(files: files) { spec, report -> SpecListEntry? in
            spec.map { SpecListEntry(spec: $0, report: report) }
        }.compactMap { $0 }
        for index in summaries.indices { summaries[index].path = paths.relative(URL(fileURLWithPath: summaries[index].path)) }
        if let status = arguments.string("status") { summaries = summaries.filter { $0.status?.lowercased() == status.lowercased() } }
        if let template = arguments.string("template") { summaries = summaries.filter { $0.template == template } }
        return SpecListing(specs: summaries.sorted { $0.path < $1.path })
    }

    func getSpec(_ arguments: ToolArguments) throws -> SpecOutput {
        let (_, session) = try open(try arguments.required("path"))
        return SpecOutput(overview: session.overview(), markdown: session.text)
    }

    func createSpec(_ arguments: ToolArguments) throws -> CreateOutput {
        let spec = try environment.newSpec(
            title: try arguments.required("title"), template: arguments.string("template"), author: arguments.string("author") ?? self.author)
        guard !spec.slug.isEmpty else { throw ToolError("the title needs at least one letter or digit") }
        let defaultPath = paths.relative(workspace.specsDirectory.appendingPathComponent(spec.slug + ".md"))
        let url = try paths.resolve(arguments.string("path") ?? defaultPath)
        guard url.pathExtension.lowercased() == "md" else { throw ToolError("a spec's file name must end in .md") }
        try AtomicFileWriter.create(url, bytes: spec.bytes)
        return CreateOutput(path: paths.relative(url), template: spec.template, content: spec.text)
    }

    func checkSpec(_ arguments: ToolArguments) throws -> CheckResult {
        let minimum = arguments.string("min_severity").flatMap { Severity(rawValue: $0.lowercased()) } ?? .info
        let environment = try arguments.string("template").map { try self.environment.checking(against: $0) } ?? self.environment
        let session: SpecSession
        if let markdown = arguments.string("markdown") {
            session = SpecSession(bytes: Array(markdown.utf8), path: "(markdown)", environment: environment)
        } else if let path = arguments.string("path") {
            session = try open(path, environment: environment).1
        } else {
            throw ToolError("give either 'path' or 'markdown'")
        }
        return CheckResult(session.check(), path: arguments.string("markdown") == nil ? session.spec.path : nil, minimumSeverity: minimum)
    }

    func updateSection(_ arguments: ToolArguments) async throws -> EditOutput {
        let path = try arguments.required("path")
        let heading = try arguments.required("heading").split(separator: ">").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let body = arguments.string("body") else { throw ToolError("missing required argument 'body'") }
        let newTitle = arguments.string("new_heading")
        let change = try await perform(.updateSection(path: heading, body: body, newTitle: newTitle), on: path, author: arguments.string("author"))
        // The findings inside the updated section, from the file as written.
        let findings = try change.after.findings(inSection: newTitle.map { Array(heading.dropLast()) + [$0] } ?? heading)
        return EditOutput(change, findings: findings)
    }

    func tickItem(_ arguments: ToolArguments) async throws -> EditOutput {
        let operation = SpecOperation.tick(item: try arguments.required("item"), checked: arguments.bool("checked") ?? true)
        return EditOutput(try await perform(operation, on: try arguments.required("path"), author: arguments.string("author")))
    }

    func setStatus(_ arguments: ToolArguments) async throws -> StatusOutput {
        let operation = SpecOperation.transition(to: try arguments.required("status"), reason: arguments.string("reason"), force: false)
        return StatusOutput(try await perform(operation, on: try arguments.required("path"), author: arguments.string("author")))
    }

    func addChangeLogEntry(_ arguments: ToolArguments) async throws -> EditOutput {
        let operation = SpecOperation.addChangeLogEntry(try arguments.required("change"), reason: arguments.string("reason"))
        return EditOutput(try await perform(operation, on: try arguments.required("path"), author: arguments.string("author")))
    }
}
