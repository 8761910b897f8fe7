import Foundation
import Hummingbird
import SpecwrightCore
import SpecwrightStore

/// `/api/v1/specs`: list, create, read, revise, archive, history, diff, transitions, sign-offs.
struct SpecsController {
    let service: SpecService

    /// Below `/api/v1`. Approving (a transition to an approved status) also needs the approver
    /// role, which the service checks once it knows the target.
    var routes: [Route] {
        [
            Route(.get, "specs", "listSpecs", role: .reader, list),
            Route(.post, "specs", "createSpec", role: .author, create),
            Route(.get, "specs/:slug", "getSpec", role: .reader, show),
            Route(.put, "specs/:slug", "putSpec", role: .author, replace),
            Route(.delete, "specs/:slug", "archiveSpec", role: .admin, archive),
            Route(.get, "specs/:slug/revisions", "listRevisions", role: .reader, revisions),
            Route(.get, "specs/:slug/revisions/:number", "getRevision", role: .reader, revision),
            Route(.get, "specs/:slug/diff", "diffRevisions", role: .reader, diff),
            Route(.post, "specs/:slug/transitions", "transitionSpec", role: .author, transition),
            Route(.post, "specs/:slug/signoffs", "signOffSpec", role: .reviewer, signOff),
        ]
    }

    /// The largest revision number the API accepts (the OpenAPI document says the same).
    static let maximumRevision = 1_000_000_000

    /// The `:slug` path parameter, or 400 (every API controller reads it here).
    static func slug(_ context: AppRequestContext) throws -> String {
        let slug = try context.parameters.require("slug")
        guard SpecService.isValidSlug(slug) else { throw APIError(.badRequest, "invalid slug '\(slug)'") }
        return slug
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        var limit = 20
        if let text = query["limit"] {
            guard let value = Int(String(text)), (1...100).contains(value) else { throw APIError(.badRequest, "limit must be a number from 1 to 100") }
            limit = value
        }
        for name in ["cursor", "status", "template", "q"] where (query[Substring(name)]?.unicodeScalars.count ?? 0) > 200 {
            throw APIError(.badRequest, "\(name) is longer than 200 characters")
        }
        let cursor = query["cursor"].map(String.init)
        if let cursor, !SpecService.isValidSlug(cursor) { throw APIError(.badRequest, "invalid cursor") }
        let status: String? = query["status"].map(String.init)
        let template: String? = query["template"].map(String.init)
        let text: String? = query["q"].map(String.init)
        let parts: [String] = [String(limit), cursor ?? "", status ?? "", template ?? "", text ?? ""]
        let key = parts.joined(separator: "\u{1F}")
        let body: ByteBuffer
        if let cached = service.listPages.cached(key) {
            body = cached
        } else {
            // One more than asked tells whether another page exists.
            var records = try await service.store.listSpecs(SpecQuery(limit: limit + 1, cursor: cursor, status: status, template: template, text: text))
            let more = records.count > limit
            if more { records.removeLast() }
            body = ByteBuffer(bytes: try JSONFormat.encoder.encode(SpecList(specs: records.map(SpecBody.init), nextCursor: more ? records.last?.slug : nil)))
            service.listPages.set(key, body)
        }
        return Response.json(body)
    }

    struct CreateRequest: Decodable {
        var title: String?
        var template: String?
        var markdown: String?
        var slug: String?
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await request.decode(as: CreateRequest.self, context: context)
        if let title = body.title, title.unicodeScalars.count > 200 { throw APIError(.badRequest, "title is longer than 200 characters") }
        let created = try await service.create(title: body.title, template: body.template, markdown: body.markdown, slug: body.slug, user: user)
        let record = created.record
        var response = try await detailResponse(created, status: .created)
        response.headers[.location] = "/api/v1/specs/\(record.slug)"
        response.headers[.eTag] = "\"\(record.contentHash)\""
        return response
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let current = try await service.current(try Self.slug(context))
        let etag = "\"\(current.record.contentHash)\""
        // Both representations carry the content hash (the ETag a PUT's If-Match names), so a cache
        // must key them by Accept too.
        if let ifNoneMatch = request.headers[.ifNoneMatch], Self.matches(ifNoneMatch, etag) {
            return Response(status: .notModified, headers: [.eTag: etag, .vary: "Accept"])
        }
        var response = if Self.prefersMarkdown(request.headers[.accept]) {
            Response(status: .ok, headers: [.contentType: "text/markdown; charset=utf-8"], body: .init(byteBuffer: current.text))
        } else {
            try await detailResponse(current)
        }
        response.headers[.eTag] = etag
        response.headers[.vary] = "Accept"
        return response
    }

    /// Whether an `If-None-Match` value names `etag` (weak comparison, as RFC 9110 asks for it) or is `*`.
    static func matches(_ ifNoneMatch: String, _ etag: String) -> Bool {
        ifNoneMatch.split(separator: ",").contains { candidate in
            var tag = candidate.trimmingCharacters(in: .whitespaces)
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            return tag == "*" || tag == etag
        }
    }

    @Sendable func replace(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let slug = try Self.slug(context)
        guard let ifMatch = request.headers[.ifMatch] else {
            throw APIError(.badRequest, "PUT needs If-Match with the ETag you read (no lost updates)")
        }
        let contentType = request.headers[.contentType] ?? ""
        let markdown: String
        var message = "updated"
        if contentType.hasPrefix("text/markdown") || contentType.hasPrefix("text/plain") {
            let buffer = try await APIRequestDecoder.collect(request, limit: context.maxUploadSize)
            let bytes = Array(buffer.readableBytesView)
            guard UTF8Validation.firstInvalidOffset(in: bytes) == nil else { throw APIError(.badRequest, "the body is not valid UTF-8") }
            markdown = String(decoding: bytes, as: UTF8.self)
        } else if contentType.hasPrefix("application/json") {
            struct Body: Decodable { var markdown: String; var message: String? }
            let body = try await request.decode(as: Body.self, context: context)
            markdown = body.markdown
            message = body.message ?? message
        } else {
            throw APIError(.unsupportedMediaType, "send text/markdown, or application/json {\"markdown\": …}")
        }
        let expected = ifMatch == "*" ? nil : ifMatch.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")).replacingOccurrences(of: "W/", with: "")
        let saved = try await service.save(slug: slug, markdown: markdown, expectedHash: expected, user: user, message: message)
        let record = saved.record
        var response = try await detailResponse(saved)
        response.headers[.eTag] = "\"\(record.contentHash)\""
        return response
    }

    @Sendable func archive(_ request: Request, context: AppRequestContext) async throws -> Response {
        let record = try await service.archive(try Self.slug(context))
        return try context.json(SpecBody(record), for: request)
    }

    @Sendable func revisions(_ request: Request, context: AppRequestContext) async throws -> Response {
        let slug = try Self.slug(context)
        _ = try await service.live(slug)
        let revisions = try await service.store.revisions(slug: slug)
        return try context.json(RevisionList(revisions: revisions.map { RevisionBody($0, includeText: false) }), for: request)
    }

    @Sendable func revision(_ request: Request, context: AppRequestContext) async throws -> Response {
        let slug = try Self.slug(context)
        guard let number = Int(try context.parameters.require("number")), (1...Self.maximumRevision).contains(number) else {
            throw APIError(.badRequest, "the revision number must be a whole number from 1 to \(Self.maximumRevision)")
        }
        _ = try await service.live(slug)
        guard let revision = try await service.store.revision(slug: slug, number: number) else { throw APIError(.notFound, "spec '\(slug)' has no revision \(number)") }
        return try context.json(RevisionBody(revision, includeText: true), for: request)
    }

    @Sendable func diff(_ request: Request, context: AppRequestContext) async throws -> Response {
        let slug = try Self.slug(context)
        let query = request.uri.queryParameters
        guard let from = query["from"].flatMap({ Int(String($0)) }), let to = query["to"].flatMap({ Int(String($0)) }),
              (1...Self.maximumRevision).contains(from), (1...Self.maximumRevision).contains(to) else {
            throw APIError(.badRequest, "give from and to revision numbers (1 to \(Self.maximumRevision)), e.g. ?from=1&to=2")
        }
        _ = try await service.live(slug)
        guard let old = try await service.store.revision(slug: slug, number: from), let new = try await service.store.revision(slug: slug, number: to) else {
            throw APIError(.notFound, "spec '\(slug)' has no such revision")
        }
        let text = UnifiedDiff.render(old: Array(old.markdown.utf8), new: Array(new.markdown.utf8), path: "\(slug).md")
        return Response(status: .ok, headers: [.contentType: "text/x-diff; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    struct TransitionRequest: Decodable {
        var to: String
        var reason: String?
    }

    @Sendable func transition(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await request.decode(as: TransitionRequest.self, context: context)
        guard !body.to.isEmpty, body.to.unicodeScalars.count <= 100 else { throw APIError(.badRequest, "'to' must be a status name") }
        return try await detailResponse(try await service.transition(slug: try Self.slug(context), to: body.to, reason: body.reason, user: user))
    }

    struct SignOffRequest: Decodable {
        var role: String
    }

    @Sendable func signOff(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await request.decode(as: SignOffRequest.self, context: context)
        // As the OpenAPI document says: 1 to 100 characters, no control characters, not blank.
        guard body.role.unicodeScalars.count <= 100, body.role.contains(where: { !$0.isWhitespace }),
              !body.role.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw APIError(.badRequest, "'role' must name a sign-off role")
        }
        let (record, signOff) = try await service.signOff(slug: try Self.slug(context), role: body.role, user: user)
        var response = try context.json(SignOffBody(signOff, slug: record.slug), for: request, status: .created)
        response.headers[.eTag] = "\"\(record.contentHash)\""
        return response
    }

    /// Whether `Accept` ranks text/markdown above JSON (q-values honoured; absent means JSON).
    static func prefersMarkdown(_ accept: String?) -> Bool {
        guard let accept else { return false }
        var markdown = -1.0
        var json = -1.0
        for part in accept.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let type = pieces.first else { continue }
            let quality = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            if type == "text/markdown" { markdown = max(markdown, quality) }
            if type == "application/json" || type == "*/*" || type == "application/*" { json = max(json, quality) }
        }
        return markdown > 0 && markdown > json
    }

    /// The detail view as a JSON response: facts, sections with completeness, findings.
    func detailResponse(_ current: CurrentRevision, status: HTTPResponse.Status = .ok) async throws -> Response {
        Response.json(try await service.detailJSON(current), status: status)
    }
}
