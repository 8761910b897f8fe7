import OpenAPIKit30
import Yams

/// Decodes and validates an OpenAPI 3.0 document (kept apart: OpenAPIKit and OpenAPIKit30 both
/// declare `OpenAPI`).
enum OpenAPI30Validation {
    /// Problems as (message, coding path).
    static func problems(_ text: String) -> [(String, [String])] {
        let document: OpenAPI.Document
        do {
            document = try YAMLDecoder().decode(OpenAPI.Document.self, from: text)
        } catch {
            let pretty = OpenAPI.Error(from: error)
            return [(pretty.localizedDescription, pretty.codingPath.map(\.stringValue))]
        }
        do {
            _ = try document.validate()
            return []
        } catch let collection as ValidationErrorCollection {
            return collection.values.map { ($0.reason, $0.codingPath.map(\.stringValue)) }
        } catch {
            return [("\(error)", [])]
        }
    }
}
