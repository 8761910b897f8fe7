import Foundation
import SpecwrightCore
import Yams

/// Reads `specwright.yml`.
public enum ConfigFile {
    public static func load(_ url: URL) throws -> WorkspaceConfig {
        let path = DisplayPath.relative(url)
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw SpecwrightError.unreadable(path: path, reason: "cannot read the config: \(error.localizedDescription)")
        }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).allSatisfy({ $0 == "#" }) { return WorkspaceConfig() }
        do {
            // A file of comments only decodes as nothing.
            guard try Yams.load(yaml: text) != nil else { return WorkspaceConfig() }
            return try YAMLDecoder().decode(WorkspaceConfig.self, from: text)
        } catch let error as YamlError {
            throw SpecwrightError.invalid("\(path): not valid YAML: \(error)")
        } catch let error as DecodingError {
            throw SpecwrightError.invalid("\(path): \(describe(error))")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [CodingKey]) -> String { keys.map(\.stringValue).joined(separator: ".") }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): missing"
        @unknown default:
            return "\(error)"
        }
    }
}
