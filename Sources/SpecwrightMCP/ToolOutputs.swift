import SpecwrightCore

/// Structured results of the tools (also sent as JSON text for clients without structured output).
struct TemplateListing: Codable, Sendable {
    struct Entry: Codable, Sendable {
        var name: String
        var summary: String
        var source: String
    }
    var templates: [Entry]
}

struct SpecListing: Codable, Sendable {
    var specs: [SpecListEntry]
}

struct CreateOutput: Codable, Sendable {
    var path: String
    var template: String
    var content: String
}

struct EditOutput: Codable, Sendable {
    var path: String
    var changed: Bool
    var summary: String
    var version: String?
    var status: String?
    /// For update_section: the findings inside the updated section.
    var findings: [Finding]?

    init(_ change: SpecChange, findings: [Diagnostic]? = nil) {
        path = change.after.spec.path
        changed = change.changed
        summary = change.summary
        version = change.after.version
        status = change.after.status
        self.findings = findings?.map(Finding.init)
    }
}

struct StatusOutput: Codable, Sendable {
    struct Gate: Codable, Sendable {
        var gate: String
        var message: String
        var line: Int?
        var column: Int?
    }
    var path: String
    var applied: Bool
    var status: String?
    var summary: String
    var unmet: [Gate]

    init(_ change: SpecChange) {
        path = change.after.spec.path
        applied = change.refusal == nil
        status = change.after.status
        summary = change.refusal.map { "\($0.message); nothing was changed" } ?? change.summary
        unmet = change.refusal?.unmet.map { Gate(gate: $0.gate, message: $0.message, line: $0.range?.start.line, column: $0.range?.start.column) } ?? []
    }
}

struct SpecOutput: Encodable, Sendable {
    var overview: SpecOverview
    var markdown: String

    /// The overview's keys, plus this one.
    enum CodingKeys: String, CodingKey { case markdown }

    func encode(to encoder: Encoder) throws {
        try overview.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(markdown, forKey: .markdown)
    }
}
