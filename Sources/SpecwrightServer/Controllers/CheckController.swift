import Foundation
import Hummingbird
import SpecwrightCore

/// `POST /api/v1/check`: lint posted Markdown without storing it.
struct CheckController {
    let checker: Checker

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post(use: check)
        return routes
    }

    @Sendable func check(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.require(.reader)
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        let markdown: String
        var template: String?
        if contentType.hasPrefix("text/markdown") || contentType.hasPrefix("text/plain") {
            let buffer: ByteBuffer
            do { buffer = try await request.body.collect(upTo: context.maxUploadSize) } catch {
                throw APIError(.contentTooLarge, "the request body is larger than \(context.maxUploadSize) bytes")
            }
            markdown = String(buffer: buffer)
        } else if contentType.hasPrefix("application/json") {
            struct Body: Decodable { var markdown: String; var template: String? }
            let body = try await JSON.decode(Body.self, from: request, context: context)
            markdown = body.markdown
            template = body.template
        } else {
            throw APIError(.unsupportedMediaType, "send text/markdown, or application/json {\"markdown\": …}")
        }
        var checker = self.checker
        if let template {
            guard checker.catalog.template(named: template) != nil else { throw APIError(.badRequest, "unknown template '\(template)'", details: checker.catalog.names) }
            checker.explicitTemplate = template
        }
        let report = checker.check(Spec(bytes: Array(markdown.utf8), path: "(posted)"))
        return try JSON.response(CheckResult(
            template: report.template, templateSource: report.templateSource, completeness: report.completeness,
            errors: report.errors, warnings: report.warnings, infos: report.infos, findings: report.diagnostics.map(FindingSummary.init)))
    }
}
