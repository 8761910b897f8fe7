import Foundation
import Hummingbird
import SpecwrightCore

/// `POST /api/v1/check`: lint posted Markdown without storing it.
struct CheckController {
    let environment: SpecEnvironment

    var routes: [Route] {
        [Route(.post, "check", "checkMarkdown", role: .reader, check)]
    }

    @Sendable func check(_ request: Request, context: AppRequestContext) async throws -> Response {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        let markdown: String
        var template: String?
        if contentType.hasPrefix("text/markdown") || contentType.hasPrefix("text/plain") {
            markdown = String(buffer: try await APIRequestDecoder.collect(request, limit: context.maxUploadSize))
        } else if contentType.hasPrefix("application/json") {
            struct Body: Decodable { var markdown: String; var template: String? }
            let body = try await request.decode(as: Body.self, context: context)
            markdown = body.markdown
            template = body.template
        } else {
            throw APIError(.unsupportedMediaType, "send text/markdown, or application/json {\"markdown\": …}")
        }
        var environment = self.environment
        if let template {
            guard environment.catalog.template(named: template) != nil else { throw APIError(.badRequest, "unknown template '\(template)'", details: environment.catalog.names) }
            environment = try environment.checking(against: template)
        }
        let session = SpecSession(bytes: Array(markdown.utf8), path: "(posted)", environment: environment)
        return try context.json(CheckResult(session.check()), for: request)
    }
}
