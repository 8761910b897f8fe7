/// The OpenAPI 3.1 document describing every endpoint (`openapi.yaml` beside this file, embedded
/// at build time; served at `/api/v1/openapi.yaml`).
///
/// It is the contract: CI runs schemathesis against a live server with it.
enum OpenAPIDocument {
    static let yaml = String(decoding: PackageResources.openapi_yaml, as: UTF8.self)
}
