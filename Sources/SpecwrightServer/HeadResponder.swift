import Hummingbird

/// Answers HEAD as GET without the body (RFC 9110 §9.3.2): the same status and headers,
/// `Content-Length` included, so `curl -I`, link checkers and monitors work on every GET route.
///
/// It wraps the router's responder rather than being a middleware because the router picks a
/// route by method before any middleware runs.
///
/// ```swift
/// Application(responder: HeadResponder(wrapping: router.buildResponder()))
/// ```
struct HeadResponder<Wrapped: HTTPResponder>: HTTPResponder {
    typealias Context = Wrapped.Context
    let wrapped: Wrapped

    init(wrapping wrapped: Wrapped) {
        self.wrapped = wrapped
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        guard request.method == .head else { return try await wrapped.respond(to: request, context: context) }
        var head = request.head
        head.method = .get
        let response = try await wrapped.respond(to: Request(head: head, body: request.body), context: context)
        // The initializer keeps the Content-Length the GET response carries.
        return Response(status: response.status, headers: response.headers, body: ResponseBody())
    }
}
