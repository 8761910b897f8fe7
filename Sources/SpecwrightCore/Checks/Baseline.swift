import Foundation

/// Today's findings, recorded so that later checks report only new ones (for adopting Specwright
/// on a repository with existing specs).
///
/// A finding is identified by file, rule and message, not by line, so edits above it do not
/// make it "new"; identical findings are counted.
public struct Baseline: Sendable, Codable, Equatable {
    public struct Entry: Sendable, Codable, Equatable {
        public var file: String
        public var rule: String
        public var message: String
        public var count: Int
    }

    public var version = 1
    public var findings: [Entry]

    public init(reports: [FileReport]) {
        var counts: [String: (Entry, Int)] = [:]
        var order: [String] = []
        for diagnostic in reports.flatMap(\.diagnostics) where !diagnostic.isInputProblem {
            let key = Self.key(diagnostic)
            if let existing = counts[key] {
                counts[key] = (existing.0, existing.1 + 1)
            } else {
                counts[key] = (Entry(file: diagnostic.file, rule: diagnostic.rule, message: diagnostic.message, count: 0), 1)
                order.append(key)
            }
        }
        findings = order.map { key in
            var entry = counts[key]!.0
            entry.count = counts[key]!.1
            return entry
        }
    }

    static func key(_ diagnostic: Diagnostic) -> String { key(file: diagnostic.file, rule: diagnostic.rule, message: diagnostic.message) }
    static func key(file: String, rule: String, message: String) -> String { file + "\u{1F}" + rule + "\u{1F}" + message }

    /// The reports without the findings this baseline records (counts recomputed).
    public func filter(_ reports: [FileReport]) -> [FileReport] {
        var remaining: [String: Int] = [:]
        for entry in findings { remaining[Self.key(file: entry.file, rule: entry.rule, message: entry.message), default: 0] += entry.count }
        return reports.map { report in
            let kept = report.diagnostics.filter { diagnostic in
                let key = Self.key(diagnostic)
                guard let count = remaining[key], count > 0 else { return true }
                remaining[key] = count - 1
                return false
            }
            return FileReport(path: report.path, template: report.template, templateSource: report.templateSource, completeness: report.completeness, diagnostics: kept)
        }
    }

    public func encoded() -> [UInt8] {
        Array(((try? JSONFormat.prettyEncoder.encode(self)) ?? Data()) + Data("\n".utf8))
    }

    public static func load(_ url: URL) throws -> Baseline {
        let data = try FileContents.read(url, as: "baseline")
        do {
            return try JSONDecoder().decode(Baseline.self, from: data)
        } catch {
            throw SpecwrightError.unreadable(path: url.path, reason: "not a Specwright baseline file")
        }
    }
}
