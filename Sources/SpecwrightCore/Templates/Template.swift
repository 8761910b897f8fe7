import Foundation

/// A spec template: a Markdown file whose text is also the schema specs written from it must follow.
///
/// ```swift
/// let template = TemplateCatalog.builtin.template(named: "feature-spec")!
/// template.schema.statuses   // ["DRAFT", "IN_REVIEW", "APPROVED", "IMPLEMENTED"]
/// ```
public struct Template: Sendable {
    public enum Origin: Sendable, Equatable {
        case builtin
        case file(String)

        public var description: String {
            switch self {
            case .builtin: return "built-in"
            case .file(let path): return path
            }
        }
    }

    public let name: String
    public let summary: String
    public let origin: Origin
    public let document: MarkdownDocument
    public let schema: TemplateSchema

    public init(name: String, summary: String, origin: Origin, bytes: [UInt8]) {
        self.name = name
        self.summary = summary
        self.origin = origin
        self.document = MarkdownDocument(bytes: bytes)
        self.schema = TemplateSchema(deriving: document)
    }

    /// Reads a team template from a file. Its name is the file name without extension; its
    /// summary is a `<!-- specwright:description ... -->` comment if present, else its title.
    public static func load(contentsOf url: URL) throws -> Template {
        let bytes = [UInt8](try FileContents.read(url, as: "template"))
        guard UTF8Validation.firstInvalidOffset(in: bytes) == nil else {
            throw SpecwrightError.unreadable(path: url.path, reason: "template is not valid UTF-8")
        }
        let name = url.deletingPathExtension().lastPathComponent
        let document = MarkdownDocument(bytes: bytes)
        var summary = Outline(document).titleText ?? name
        let text = document.text
        if let found = text.range(of: "<!-- specwright:description ") {
            let rest = text[found.upperBound...]
            if let close = rest.range(of: "-->") { summary = String(rest[..<close.lowerBound]).trimmingSpaces }
        }
        return Template(name: name, summary: summary, origin: .file(url.path), bytes: bytes)
    }
}
