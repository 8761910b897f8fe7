/// One row of `specwright list`: a spec's headline facts.
public struct SpecListEntry: Sendable, Codable, Equatable {
    public var path: String
    public var title: String?
    public var template: String?
    public var status: String?
    public var version: String?
    public var author: String?
    public var lastUpdated: String?
    /// 0…1.
    public var completeness: Double?
    public var errors: Int
    public var warnings: Int

    public init(spec: Spec, report: FileReport) {
        path = spec.path
        title = spec.title
        template = report.template
        status = spec.field(.status)?.value
        version = spec.field(.version)?.value
        author = spec.field(.author)?.value
        lastUpdated = (spec.field(.lastUpdated) ?? spec.field(.date))?.value
        completeness = report.completeness
        errors = report.count(.error)
        warnings = report.count(.warning)
    }

    /// The columns `list --sort` accepts.
    public enum Column: String, Sendable, CaseIterable {
        case title, status, version, author, updated, completeness, path, template
    }

    /// Orders two summaries by a column (versions numerically, missing values last).
    public static func areInIncreasingOrder(_ lhs: SpecListEntry, _ rhs: SpecListEntry, by column: Column) -> Bool {
        func compare(_ a: String?, _ b: String?) -> Bool {
            switch (a, b) {
            case (nil, nil): return lhs.path < rhs.path
            case (nil, _): return false
            case (_, nil): return true
            case (let a?, let b?): return a == b ? lhs.path < rhs.path : a.localizedLowercase < b.localizedLowercase
            }
        }
        switch column {
        case .title: return compare(lhs.title, rhs.title)
        case .status: return compare(lhs.status, rhs.status)
        case .author: return compare(lhs.author, rhs.author)
        case .updated: return compare(lhs.lastUpdated, rhs.lastUpdated)
        case .path: return lhs.path < rhs.path
        case .template: return compare(lhs.template, rhs.template)
        case .completeness: return (lhs.completeness ?? -1, lhs.path) < (rhs.completeness ?? -1, rhs.path)
        case .version:
            if let l = lhs.version, let r = rhs.version, let order = SpecValues.compareVersions(l, r), order != 0 { return order < 0 }
            return compare(lhs.version, rhs.version)
        }
    }
}
