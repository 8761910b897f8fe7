import OpenAPIKit
import OpenAPIKit30
import Yams

/// Decodes and validates an OpenAPI document with OpenAPIKit: 3.0 documents with OpenAPIKit30,
/// 3.1 and later with OpenAPIKit. Both modules declare `OpenAPI`, so names are qualified here.
enum OpenAPIValidation {
    enum Version { case v3_0, v3_1 }

    /// Problems as (message, coding path).
    static func problems(_ text: String, version: Version) -> [(String, [String])] {
        switch version {
        case .v3_0:
            return problems(text, OpenAPIKit30.OpenAPI.Document.self, validate: { _ = try $0.validate() },
                decodingProblem: { let error = OpenAPIKit30.OpenAPI.Error(from: $0); return (error.localizedDescription, error.codingPath.map(\.stringValue)) },
                validationProblems: { ($0 as? OpenAPIKit30.ValidationErrorCollection)?.values.map { ($0.reason, $0.codingPath.map(\.stringValue)) } })
        case .v3_1:
            return problems(text, OpenAPIKit.OpenAPI.Document.self, validate: { _ = try $0.validate() },
                decodingProblem: { let error = OpenAPIKit.OpenAPI.Error(from: $0); return (error.localizedDescription, error.codingPath.map(\.stringValue)) },
                validationProblems: { ($0 as? OpenAPIKit.ValidationErrorCollection)?.values.map { ($0.reason, $0.codingPath.map(\.stringValue)) } })
        }
    }

    /// Decodes `text` as `Document`, then validates it; each step's problems are described by
    /// its module's own error types.
    private static func problems<Document: Decodable>(
        _ text: String, _ type: Document.Type, validate: (Document) throws -> Void,
        decodingProblem: (any Error) -> (String, [String]), validationProblems: (any Error) -> [(String, [String])]?
    ) -> [(String, [String])] {
        let document: Document
        do {
            document = try YAMLDecoder().decode(Document.self, from: text)
        } catch {
            return [decodingProblem(error)]
        }
        do {
            try validate(document)
            return []
        } catch {
            return validationProblems(error) ?? [("\(error)", [])]
        }
    }
}
