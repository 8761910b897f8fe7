/// Records a change the tool makes: the next version in the header, today in Last Updated, and one
/// new row at the end of the change log, written in the style of the table's existing rows.
///
/// ```swift
/// let edits = ChangeRecorder(author: "Ada", date: "2026-11-21")
///     .edits(for: spec, schema: schema, change: "Ticked: Security review completed", reason: nil)
/// ```
public struct ChangeRecorder: Sendable {
    public var author: String
    public var date: String

    public init(author: String, date: String) {
        self.author = author
        self.date = date
    }

    /// The version a recorded change gives the spec.
    public func nextVersion(for spec: Spec, approval: Bool) -> String {
        // The later of the header's version and the change log's newest, so a lagging header never
        // makes a version go backwards.
        let header = spec.field(.version)?.value
        let logged = ChangeLogTable(spec, schema: nil)?.newest?.version
        var current = header ?? logged
        if let header, let logged, let order = SpecValues.compareVersions(header, logged), order < 0 { current = logged }
        return VersionPolicy.next(after: current, approval: approval)
    }

    /// Edits of the header and change log for one recorded change.
    public func edits(for spec: Spec, schema: TemplateSchema?, change: String, reason: String?, approval: Bool = false) -> [ByteEdit] {
        let document = spec.document
        let version = nextVersion(for: spec, approval: approval)
        var edits: [ByteEdit] = []
        if let field = spec.field(.version) { edits.append(ByteEdit(range: field.valueRange, with: version)) }
        if let field = spec.field(.lastUpdated) ?? spec.field(.date) { edits.append(ByteEdit(range: field.valueRange, with: date)) }
        guard let log = ChangeLogTable(spec, schema: schema) else { return edits }
        let columns = TableColumnsRule.normalized(log.table.header.cells.map { document.string($0) })
        let cells = columns.enumerated().map { index, column -> String in
            if index == log.versionColumn { return version }
            if index == log.dateColumn { return date }
            if column.contains("author") || column == "by" || column.contains("who") { return author }
            if column.contains("reason") || column == "why" { return reason ?? "" }
            if column.contains("change") || column.contains("description") || column.contains("summary") {
                // Without a reason column, the reason goes with the change.
                if let reason, !reason.isEmpty, !columns.contains(where: { $0.contains("reason") || $0 == "why" }) {
                    return "\(change) (\(reason))"
                }
                return change
            }
            return ""
        }
        let row = TableEditing.row(for: log.table, cells: cells, in: document)
        let after = (log.table.rows.last ?? log.table.delimiter).range.upperBound
        // Insert after the last row's content, before its line ending: the new row gets the file's own ending.
        edits.append(.insert(document.source.preferredLineEnding + row, at: lineContentEnd(document, after)))
        return edits
    }

    private func lineContentEnd(_ document: MarkdownDocument, _ offset: Int) -> Int {
        let line = document.source.lineIndex(ofOffset: max(0, offset - 1))
        return document.source.lineContent(line).upperBound
    }
}
