/// A spec's change log: the table with version, date and changes columns, read row by row.
public struct ChangeLogTable: Sendable {
    public struct Entry: Sendable, Equatable {
        public var version: String
        public var date: String
        public var row: TableRow
    }

    public var table: TableInfo
    /// The table block's range.
    public var range: Range<Int>
    public var versionColumn: Int
    public var dateColumn: Int
    public var entries: [Entry]

    /// Finds the change log table (the columns the template's change log has, or any table with
    /// Version, Date and Change columns).
    public init?(_ spec: Spec, schema: TemplateSchema?) {
        let document = spec.document
        var found: (TableInfo, Range<Int>, Int, Int)?
        // Change logs are top-level tables; nothing else needs visiting.
        for block in document.blocks {
            guard case .table(let table) = block.kind, table.header.cells.count >= 3 else { continue }
            if let changeLog = schema?.changeLog, TableColumnsRule.header(table.header, in: document, equals: changeLog.columns) {
                found = (table, block.range, changeLog.versionColumn, changeLog.dateColumn)
                break
            }
        }
        // Without the template's change log, any table with version, date and change columns is one.
        for block in document.blocks where found == nil {
            guard case .table(let table) = block.kind, table.header.cells.count >= 3 else { continue }
            let columns = TableColumnsRule.normalized(table.header.cells.map { document.string($0) })
            if let version = columns.firstIndex(where: { $0.contains("version") }), let date = columns.firstIndex(where: { $0.contains("date") }),
               columns.contains(where: { $0.contains("change") }) {
                found = (table, block.range, version, date)
                break
            }
        }
        guard let (table, range, versionColumn, dateColumn) = found else { return nil }
        self.table = table
        self.range = range
        self.versionColumn = versionColumn
        self.dateColumn = dateColumn
        self.entries = table.rows.compactMap { row in
            guard row.cells.indices.contains(versionColumn), row.cells.indices.contains(dateColumn) else { return nil }
            return Entry(version: document.string(row.cells[versionColumn]).trimmingSpaces, date: document.string(row.cells[dateColumn]).trimmingSpaces, row: row)
        }
    }

    /// The entry with the highest version (the later row on a tie); nil if no row has a version.
    public var newest: Entry? {
        var best: Entry?
        for entry in entries where SpecValues.isVersion(entry.version) {
            if let current = best, let order = SpecValues.compareVersions(entry.version, current.version), order < 0 { continue }
            best = entry
        }
        return best
    }
}
