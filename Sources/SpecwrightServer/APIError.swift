import Foundation
import Hummingbird
import SpecwrightCore
import SpecwrightStore

/// Every error the API returns: `{"error": "message"}`, plus `details` where useful and
/// `retry_after` for 429. The one place core and storage errors become HTTP statuses.
public struct APIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var message: String
    public var details: [String]?
    public var retryAfter: Int?
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, _ message: String, details: [String]? = nil) {
        self.status = status
        self.message = message
        self.details = details
    }

    struct Body: Encodable {
        var error: String
        var details: [String]?
        var retry_after: Int?
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try context.responseEncoder.encode(Body(error: message, details: details, retry_after: retryAfter), from: request, context: context)
        response.status = status
        for field in headers { response.headers[field.name] = field.value }
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        return response
    }

    /// Maps any error to the API's form; unknown errors become a 500 without internals.
    public static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError: return error
        case let error as StoreError:
            switch error {
            case .notFound(let message): return APIError(.notFound, message)
            case .conflict(let message): return APIError(.conflict, message)
            case .preconditionFailed(let current):
                var apiError = APIError(.preconditionFailed, "the spec changed since you read it (If-Match does not match); fetch it again", details: ["current ETag: \"\(current)\""])
                apiError.headers[.eTag] = "\"\(current)\""
                return apiError
            case .unavailable:
                // Nothing was written; the client may retry as soon as the database is back.
                var apiError = APIError(.serviceUnavailable, "the database is not reachable right now; retry shortly (a change sent with If-Match cannot be applied twice)")
                apiError.retryAfter = 2
                return apiError
            }
        case let error as SpecwrightError:
            if case .missingInput(.reason, let message) = error { return APIError(.conflict, "\(message): give 'reason' in the body") }
            switch error.kind {
            case .invalid: return APIError(.badRequest, error.description)
            case .notFound: return APIError(.notFound, error.description)
            case .conflict: return APIError(.conflict, error.description)
            case .preconditionFailed: return APIError(.preconditionFailed, error.description)
            // The API reads and writes no files: a core I/O failure is the server's own.
            case .inputOutput: return APIError(.internalServerError, "internal server error")
            }
        case let error as HTTPError:
            return APIError(error.status, error.body ?? error.status.reasonPhrase)
        case is DecodingError:
            return APIError(.badRequest, "the request body is not the JSON this endpoint takes")
        default:
            return APIError(.internalServerError, "internal server error")
        }
    }
}
