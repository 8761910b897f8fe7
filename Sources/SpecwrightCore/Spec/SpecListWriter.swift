import Foundation

/// Renders `specwright list` rows as an aligned table, JSON or CSV.
public enum SpecListWriter {
    static let headers = ["TITLE", "STATUS", "VERSION", "AUTHOR", "UPDATED", "COMPLETE", "PATH"]

    /// How `list` prints: an aligned table, JSON, or CSV (RFC 4180).
    public enum Format: String, Sendable, CaseIterable {
        case table, json, csv
    }

    public static func render(_ summaries: [SpecListEntry], format: Format) -> String {
        switch format {
        case .json:
            return String(decoding: (try? JSONFormat.prettyEncoder.encode(summaries)) ?? Data("[]".utf8), as: UTF8.self) + "\n"
        case .csv:
            let header = ["title", "status", "version", "author", "last_updated", "completeness", "path", "template"].joined(separator: ",")
            let rows = summaries.map { summary in
                [summary.title ?? "", summary.status ?? "", summary.version ?? "", summary.author ?? "", summary.lastUpdated ?? "",
                 summary.completeness.map { String(format: "%.3f", $0) } ?? "", summary.path, summary.template ?? ""].map(csvField).joined(separator: ",")
            }
            return ([header] + rows).joined(separator: "\r\n") + "\r\n"
        case .table:
            let rows = summaries.map { summary in
                [truncate(summary.title ?? "(untitled)", 48), summary.status ?? "-", summary.version ?? "-", truncate(summary.author ?? "-", 24),
                 summary.lastUpdated ?? "-", summary.completeness.map { "\(Int(($0 * 100).rounded()))%" } ?? "-", summary.path]
            }
            return table([headers] + rows)
        }
    }

    static func table(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        let widths = first.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    static func truncate(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    /// RFC 4180: quote fields with commas, quotes or line breaks; double inner quotes.
    static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
