/// A review concern not yet resolved: while one is open, a spec cannot be approved (the gate
/// `approved.no-open-concerns`). Concerns live with the server's review threads, not in the text,
/// so whoever moves a spec hands them to the gates (``SpecEnvironment/withOpenConcerns(_:)``).
public struct OpenConcern: Sendable, Equatable, Codable {
    /// The thread's number.
    public var id: Int64
    public var author: String
    /// The section's heading path (empty: the spec as a whole).
    public var sectionPath: [String]
    /// The first line of the concern.
    public var summary: String

    public init(id: Int64, author: String, sectionPath: [String], summary: String) {
        self.id = id
        self.author = author
        self.sectionPath = sectionPath
        self.summary = summary
    }

    /// `open concern #3 by tom on 'Security › Threats': …`.
    public var message: String {
        let place = sectionPath.isEmpty ? "the spec" : "'\(sectionPath.joined(separator: " › "))'"
        return "open concern #\(id) by \(author) on \(place): \(summary)"
    }
}

extension SpecEnvironment {
    /// This environment with `concerns` blocking approval.
    public func withOpenConcerns(_ concerns: [OpenConcern]) -> SpecEnvironment {
        var environment = self
        environment.gates.openConcerns = concerns
        return environment
    }
}
