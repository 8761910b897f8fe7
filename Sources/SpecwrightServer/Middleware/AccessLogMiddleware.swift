import Foundation
import Hummingbird

/// One line per request in the Common Log Format, as web servers write it, beside the JSON
/// application log: `127.0.0.1 - ada [01/Dec/2026:04:58:01 +0000] "GET /specs/x HTTP/1.1" 200 5120`.
/// Outermost, so it sees the status the client got, errors included.
struct AccessLogMiddleware: RouterMiddleware {
    let log: AccessLog

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        let response = try await next(request, context)
        let size = response.body.contentLength.map(String.init) ?? "-"
        log.write(AccessLog.line(address: context.remoteAddress, user: context.notes.user, time: Date(), method: request.method.rawValue,
                                 target: request.uri.description, status: Int(response.status.code), size: size))
        return response
    }
}

/// Where access log lines go: a file (appended to) or standard error.
public final class AccessLog: @unchecked Sendable {
    private let handle: FileHandle
    private let lock = NSLock()

    /// `path` "-" is standard error; any other path is opened for appending (created if needed).
    public init(path: String) throws {
        if path == "-" {
            handle = FileHandle.standardError
            return
        }
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        handle.seekToEndOfFile()
        self.handle = handle
    }

    func write(_ line: String) {
        lock.withLock { handle.write(Data((line + "\n").utf8)) }
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// A Common Log Format line. Spaces and quotes in the user and target are escaped, so every
    /// line splits the same way.
    static func line(address: String?, user: String?, time: Date, method: String, target: String, status: Int, size: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: time)
        let stamp = String(format: "%02d/%@/%04d:%02d:%02d:%02d +0000", c.day!, months[c.month! - 1], c.year!, c.hour!, c.minute!, c.second!)
        let who = user.map { $0.replacingOccurrences(of: " ", with: "%20").replacingOccurrences(of: "\"", with: "%22") } ?? "-"
        let request = "\(method) \(target.replacingOccurrences(of: "\"", with: "%22")) HTTP/1.1"
        return "\(address ?? "-") - \(who.isEmpty ? "-" : who) [\(stamp)] \"\(request)\" \(status) \(size)"
    }
}
