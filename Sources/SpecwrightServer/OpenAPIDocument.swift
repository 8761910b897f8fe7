import Hummingbird
import SpecwrightCore

/// The OpenAPI 3.1 document describing every endpoint (`openapi.yaml` beside this file, embedded
/// at build time; served at `/api/v1/openapi.yaml`).
///
/// It is the contract: CI runs schemathesis against a live server with it, and a test checks its
/// operations and `x-minimum-role`s against the ``RouteTable``.
struct OpenAPIDocument {
    static let yaml = String(decoding: PackageResources.openapi_yaml, as: UTF8.self)

    /// The document naming this server's templates.
    let text: String

    init(catalog: TemplateCatalog) {
        text = Self.yaml.replacingOccurrences(
            of: "enum: [feature-spec, system-design, null]", with: "enum: [\(catalog.names.joined(separator: ", ")), null]")
    }

    var routes: [Route] {
        [
            Route(.get, "openapi.yaml", "openAPIDocument", role: nil) { [text] _, _ in
                Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
            },
        ]
    }
}
