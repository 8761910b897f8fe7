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
    var specs: [SpecSummary]
}

struct CheckOutput: Codable, Sendable {
    var path: String?
    var template: String?
    var templateSource: String
    var completeness: Double?
    var errors: Int
    var warnings: Int
    var infos: Int
    var findings: [FindingSummary]
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
    var findings: [FindingSummary]?
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
}

struct SpecOutput: Encodable, Sendable {
    var overview: SpecOverview
    var markdown: String

    enum CodingKeys: String, CodingKey { case path, title, template, templateSource, completeness, errors, warnings, metadata, sections, missingSections, openItems, markdown }

    func encode(to encoder: Encoder) throws {
        try overview.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(markdown, forKey: .markdown)
    }
}
