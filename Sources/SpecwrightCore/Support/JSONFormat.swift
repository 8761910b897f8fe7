import Foundation

/// Specwright's one JSON style, for the check report, SARIF, the API and the MCP tools: keys sorted
/// (stable output that diffs cleanly), slashes unescaped, dates in ISO 8601.
public enum JSONFormat {
    /// Compact output. Shared: an encoder is safe to use from many threads while nobody changes it.
    public static let encoder = make([])
    /// Indented output, for people reading it (SARIF, MCP tool results).
    public static let prettyEncoder = make(.prettyPrinted)

    private static func make(_ extra: JSONEncoder.OutputFormatting) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, extra]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}
