import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SpecwrightCore

/// A client of a Specwright server's REST API, for moving spec files to and from it.
///
/// ```swift
/// let client = SpecwrightClient(server: URL(string: "http://127.0.0.1:8080")!, token: token)
/// let results = await client.push(files)
/// ```
public struct SpecwrightClient: Sendable {
    public let server: URL
    let token: String

    public init(server: URL, token: String) {
        self.server = server
        self.token = token
    }

    /// What happened to one pushed file.
    public struct PushResult: Sendable {
        public enum Outcome: Sendable, Equatable {
            case created, saved
            /// The reason, with the server's status where it answered.
            case failed(String)
        }

        public var file: String
        public var slug: String
        public var outcome: Outcome
    }

    /// Uploads each file as the spec its file name names: a new spec, or a new revision of the
    /// spec as the server has it now. Failures are reported per file; the others still go.
    public func push(_ files: [SpecInput.File]) async -> [PushResult] {
        var results: [PushResult] = []
        for file in files {
            let slug = SpecGenerator.slug(file.url.deletingPathExtension().lastPathComponent)
            let outcome: PushResult.Outcome
            do {
                outcome = try await push(try SpecFile(url: file.url, displayPath: file.displayPath).read(), slug: slug)
            } catch {
                outcome = .failed(Self.describe(error))
            }
            results.append(PushResult(file: file.displayPath, slug: slug, outcome: outcome))
        }
        return results
    }

    private func push(_ bytes: [UInt8], slug: String) async throws -> PushResult.Outcome {
        let current = try await send("GET", "api/v1/specs/\(slug)")
        let result: Reply
        if current.status == 404 {
            let body = try JSONFormat.encoder.encode(["markdown": String(decoding: bytes, as: UTF8.self), "slug": slug])
            result = try await send("POST", "api/v1/specs", body: body, contentType: "application/json")
        } else {
            result = try await send("PUT", "api/v1/specs/\(slug)", body: Data(bytes), contentType: "text/markdown", headers: ["If-Match": current.headers["etag"] ?? "*"])
        }
        guard (200..<300).contains(result.status) else { return .failed("\(result.status) \(result.errorMessage)") }
        return current.status == 404 ? .created : .saved
    }

    /// Writes every current spec on the server to `folder` as `<slug>.md` (atomically); returns
    /// how many were written.
    public func pull(into folder: URL) async throws -> Int {
        struct Page: Decodable {
            struct Summary: Decodable { var slug: String }
            var specs: [Summary]
            var next_cursor: String?
        }
        var cursor: String?
        var written = 0
        repeat {
            let page = try await send("GET", "api/v1/specs", query: ["limit": "100", "cursor": cursor])
            guard page.status == 200, let list = try? JSONDecoder().decode(Page.self, from: page.body) else {
                throw SpecwrightError.invalid("\(server.absoluteString): \(page.errorMessage)")
            }
            for spec in list.specs {
                let text = try await send("GET", "api/v1/specs/\(spec.slug)", headers: ["Accept": "text/markdown"])
                guard text.status == 200 else { throw SpecwrightError.invalid("\(spec.slug): \(text.errorMessage)") }
                try AtomicFileWriter.save(folder.appendingPathComponent("\(spec.slug).md"), bytes: [UInt8](text.body))
                written += 1
            }
            cursor = list.next_cursor
        } while cursor != nil
        return written
    }

    /// A response: status, body and headers (names in lower case).
    public struct Reply: Sendable {
        public var status: Int
        public var body: Data
        public var headers: [String: String]

        /// The API's `{"error": …}` message with its details, else the body as text.
        public var errorMessage: String {
            struct APIErrorBody: Decodable { var error: String; var details: [String]? }
            guard let error = try? JSONDecoder().decode(APIErrorBody.self, from: body) else { return String(decoding: body, as: UTF8.self) }
            return ([error.error] + (error.details ?? []).map { "  " + $0 }).joined(separator: "\n")
        }

        public var isSuccess: Bool { (200..<300).contains(status) }
    }

    /// Sends one request to the API (`path` relative to the server, e.g. `api/v1/specs`).
    public func send(_ method: String, _ path: String, query: [String: String?] = [:], body: Data? = nil, contentType: String? = nil,
              headers: [String: String] = [:]) async throws -> Reply {
        var components = URLComponents(url: server.appendingPathComponent(path), resolvingAgainstBaseURL: false)!
        let items = query.compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }.sorted { $0.name < $1.name }
        if !items.isEmpty { components.queryItems = items }
        var request = URLRequest(url: components.url!)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw SpecwrightError.invalid("no HTTP response from \(server.absoluteString)") }
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields { fields[String(describing: key).lowercased()] = String(describing: value) }
        return Reply(status: http.statusCode, body: data, headers: fields)
    }

    static func describe(_ error: any Error) -> String {
        (error as? SpecwrightError)?.description ?? error.localizedDescription
    }
}
