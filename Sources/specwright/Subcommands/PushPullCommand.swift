import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SpecwrightCore

/// A small client for the server's API, shared by push and pull.
struct APIClient {
    let base: URL
    let token: String

    init(server: String, token: String?) throws {
        guard let url = URL(string: server), url.scheme == "http" || url.scheme == "https" else {
            throw ValidationError("--server must be an http(s) URL, e.g. http://127.0.0.1:8080")
        }
        guard let token = token ?? ProcessInfo.processInfo.environment["SPECWRIGHT_TOKEN"], !token.isEmpty else {
            throw ValidationError("give --token or set SPECWRIGHT_TOKEN")
        }
        base = url
        self.token = token
    }

    func send(_ method: String, _ path: String, body: Data? = nil, contentType: String? = nil, headers: [String: String] = [:]) async throws -> (Int, Data, [String: String]) {
        var request = URLRequest(url: base.appendingPathComponent(path))
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw SpecwrightError.invalidArgument("no HTTP response from \(base)") }
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields { fields[String(describing: key).lowercased()] = String(describing: value) }
        return (http.statusCode, data, fields)
    }

    static func message(_ data: Data) -> String {
        ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any])?["error"] as? String ?? String(decoding: data, as: UTF8.self)
    }
}

struct PushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push", abstract: "Upload local spec files to a server as new revisions (slug = file name).")

    @Argument(help: "Files or folders (default: the workspace's specs folder).")
    var paths: [String] = []

    @Option(help: "The server, e.g. http://127.0.0.1:8080.")
    var server: String = "http://127.0.0.1:8080"

    @Option(help: "API token (default: SPECWRIGHT_TOKEN).")
    var token: String?

    func run() async throws {
        let client = try APIClient(server: server, token: token)
        let context = try CommandContext.load()
        let (files, problems) = SpecInput.expand(paths.isEmpty ? context.defaultPaths : paths)
        var failures = problems.count
        for problem in problems { FileHandle.standardError.write(Data("specwright: \(problem.file): \(problem.message)\n".utf8)) }
        for file in files {
            guard case .loaded(let bytes) = SpecFileLoader.load(file.url, displayPath: file.displayPath) else { failures += 1; continue }
            let slug = SpecGenerator.slug(file.url.deletingPathExtension().lastPathComponent)
            let (status, _, headers) = try await client.send("GET", "api/v1/specs/\(slug)")
            let result: (Int, Data, [String: String])
            if status == 404 {
                let body = try JSONSerialization.data(withJSONObject: ["markdown": String(decoding: bytes, as: UTF8.self), "slug": slug])
                result = try await client.send("POST", "api/v1/specs", body: body, contentType: "application/json")
            } else {
                result = try await client.send("PUT", "api/v1/specs/\(slug)", body: Data(bytes), contentType: "text/markdown", headers: ["If-Match": headers["etag"] ?? "*"])
            }
            if (200..<300).contains(result.0) {
                print("\(file.displayPath) → \(slug): \(status == 404 ? "created" : "saved")")
            } else {
                failures += 1
                FileHandle.standardError.write(Data("specwright: \(file.displayPath): \(result.0) \(APIClient.message(result.1))\n".utf8))
            }
        }
        if failures > 0 { throw ExitCode(2) }
    }
}

struct PullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull", abstract: "Write the server's current specs to files (<slug>.md), atomically.")

    @Option(help: "The server, e.g. http://127.0.0.1:8080.")
    var server: String = "http://127.0.0.1:8080"

    @Option(help: "API token (default: SPECWRIGHT_TOKEN).")
    var token: String?

    @Option(help: "Folder to write into (default: the workspace's specs folder).")
    var out: String?

    func run() async throws {
        let client = try APIClient(server: server, token: token)
        let folder = try out.map { URL(fileURLWithPath: $0) } ?? CommandContext.load().workspace.specsDirectory
        var cursor: String?
        var written = 0
        repeat {
            let query = "api/v1/specs" + (cursor.map { "?limit=100&cursor=\($0)" } ?? "?limit=100")
            var request = URLRequest(url: URL(string: query, relativeTo: client.base)!)
            request.setValue("Bearer \(client.token)", forHTTPHeaderField: "Authorization")
            let (data, response) = try await URLSession.shared.data(for: request)
            guard (response as? HTTPURLResponse)?.statusCode == 200,
                  let page = try JSONSerialization.jsonObject(with: data) as? [String: Any], let specs = page["specs"] as? [[String: Any]] else {
                throw SpecwrightError.invalidArgument("\(server): \(APIClient.message(data))")
            }
            for spec in specs {
                guard let slug = spec["slug"] as? String else { continue }
                let (status, text, _) = try await client.send("GET", "api/v1/specs/\(slug)", headers: ["Accept": "text/markdown"])
                guard status == 200 else { throw SpecwrightError.invalidArgument("\(slug): \(APIClient.message(text))") }
                try AtomicFileWriter.save(folder.appendingPathComponent("\(slug).md"), bytes: [UInt8](text))
                written += 1
            }
            cursor = page["next_cursor"] as? String
        } while cursor != nil
        print("wrote \(written) spec\(written == 1 ? "" : "s") to \(DisplayPath.relative(folder))")
    }
}
