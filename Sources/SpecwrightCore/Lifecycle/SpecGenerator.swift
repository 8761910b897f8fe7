import Foundation

/// Writes a new spec from a template: title, template marker, today's dates, author, the first
/// allowed status, version 0.1, file names derived from the title, and a change log that starts
/// with one "initial" row. Every change is a byte edit of the template text, so the template's
/// layout (line endings, table alignment) carries over.
///
/// ```swift
/// let text = SpecGenerator(template: template).generate(title: "Payment Retries", author: "Ada", date: "2026-11-21")
/// ```
public struct SpecGenerator: Sendable {
    public let template: Template

    /// The version a new spec starts at (see the README's version policy).
    public static let initialVersion = "0.1"

    public init(template: Template) {
        self.template = template
    }

    /// `payment-retries` for "Payment Retries".
    public static func slug(_ title: String) -> String {
        var result = ""
        var pendingDash = false
        // Accents dropped and only ASCII kept, so slugs work as file names and URL segments everywhere.
        let folded = title.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        for character in folded.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber) {
                if pendingDash && !result.isEmpty { result.append("-") }
                pendingDash = false
                result.append(character)
            } else {
                pendingDash = true
            }
        }
        return result
    }

    /// `PAYMENT_RETRIES` for "Payment Retries", for file names in the template's `FEATURE_NAME_PRD.md` style.
    public static func constantName(_ title: String) -> String {
        slug(title).uppercased().replacingOccurrences(of: "-", with: "_")
    }

    public func generate(title: String, author: String, date: String) -> [UInt8] {
        let document = template.document
        let spec = Spec(document: document, path: "")
        let schema = template.schema
        let newline = document.source.preferredLineEnding
        var edits: [ByteEdit] = []
        var claimed: [Range<Int>] = []
        func add(_ edit: ByteEdit) {
            guard !claimed.contains(where: { $0.overlaps(edit.range) || ($0.isEmpty == false && edit.range.isEmpty && $0.contains(edit.range.lowerBound)) }) else { return }
            edits.append(edit)
            claimed.append(edit.range)
        }

        // Title.
        if let heading = spec.outline.title, let line = heading.lines.first {
            let text = document.string(line.range)
            if let placeholder = schema.title?.placeholder, let found = text.range(of: placeholder) {
                let offset = line.range.lowerBound + text.utf8.distance(from: text.startIndex, to: found.lowerBound)
                add(ByteEdit(range: offset..<offset + placeholder.utf8.count, with: title))
            } else {
                add(ByteEdit(range: line.range, with: title))
            }
        }
        // Template marker, just before the header fields (or after the title).
        let marker = TemplateMarker.line(for: template.name)
        if let first = spec.outline.header.first(where: { if case .frontMatter = $0.kind { return false } else { return true } }) {
            add(.insert(marker + newline + newline, at: first.range.lowerBound))
        } else if let heading = spec.outline.title {
            add(.insert(newline + newline + marker, at: heading.range.upperBound))
        } else if let frontMatter = document.blocks.first, case .frontMatter = frontMatter.kind {
            add(.insert(newline + newline + marker, at: frontMatter.range.upperBound))
        } else {
            add(.insert(marker + newline + newline, at: 0))
        }
        // A template's own description comment is about the template, not the spec.
        for block in spec.outline.header {
            guard case .htmlBlock = block.kind, document.string(block.range).contains("specwright:description") else { continue }
            var end = block.range.upperBound
            let bytes = document.bytes
            // The comment's line ending and one blank line after it go too.
            for _ in 0..<2 {
                if end < bytes.count && bytes[end] == ByteClass.carriageReturn { end += 1 }
                if end < bytes.count && bytes[end] == ByteClass.newline { end += 1 }
            }
            add(ByteEdit(range: block.range.lowerBound..<end, with: ""))
        }
        // Header fields.
        for field in spec.metadata {
            switch field.kind {
            case .status:
                let own = schema.fields.first { $0.key.lowercased() == field.key.lowercased() }
                if let first = own?.allowedValues?.first { add(ByteEdit(range: field.valueRange, with: first)) }
            case .version: add(ByteEdit(range: field.valueRange, with: Self.initialVersion))
            case .created, .lastUpdated, .date: add(ByteEdit(range: field.valueRange, with: date))
            case .author: add(ByteEdit(range: field.valueRange, with: author))
            case .reviewers, .other: break
            }
        }
        // Change log: the first row becomes the initial entry; the template's example rows go.
        if let log = ChangeLogTable(spec, schema: schema), let first = log.table.rows.first {
            let changeLog = schema.changeLog
            for (index, _) in first.cells.enumerated() {
                var value: String?
                if index == log.versionColumn { value = Self.initialVersion }
                if index == log.dateColumn { value = date }
                if index == changeLog?.authorColumn { value = author }
                if let value, let edit = TableEditing.setCell(index, of: first, to: value, in: document) { add(edit) }
            }
            for row in log.table.rows.dropFirst() {
                let lineStart = document.source.lineStarts[row.line]
                let nextLine = row.line + 1 < document.source.lineCount ? document.source.lineStarts[row.line + 1] : document.bytes.count
                add(ByteEdit(range: lineStart..<nextLine, with: ""))
            }
        }
        // Template variables: FEATURE_NAME and friends.
        let constant = Self.constantName(title)
        let slug = Self.slug(title)
        let codeRanges = Self.codeRanges(document)
        for placeholder in PlaceholderScanner(vocabulary: schema.vocabulary).scan(document) {
            let inCode = codeRanges.contains { $0.contains(placeholder.range.lowerBound) }
            switch placeholder.kind {
            case .bracket:
                let inner = String(placeholder.text.dropFirst().dropLast())
                guard let token = schema.vocabulary.tokens.first(where: { inner.hasPrefix($0) }) else { continue }
                if inner == token {
                    add(ByteEdit(range: placeholder.range, with: inCode ? slug : title))
                } else if inner.hasSuffix(".md") {
                    let file = constant + inner.dropFirst(token.count)
                    add(ByteEdit(range: placeholder.range, with: inCode ? file : "[\(file)](\(file))"))
                }
            case .token:
                add(ByteEdit(range: placeholder.range, with: inCode ? slug : constant))
            case .marker, .datePattern, .choice, .sample:
                continue
            }
        }
        return ByteEdit.apply(edits, to: document.bytes)
    }

    private static func codeRanges(_ document: MarkdownDocument) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        document.walk { block, _ in
            if case .codeBlock = block.kind { ranges.append(block.range) }
            return true
        }
        return ranges
    }
}
