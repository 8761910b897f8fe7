/// A spec's sign-off table (Role | Name | Date | Signature) and the rows signed in it.
public struct SignOffTable: Sendable {
    public struct Entry: Sendable, Equatable {
        public var role: String
        public var name: String
        public var date: String
        /// The signature cell's text (`sha256:1a2b3c4d5e6f` when signed with Specwright).
        public var signature: String
        public var row: TableRow

        /// The content hash in the signature, if it is one.
        public var signedHash: String? {
            guard signature.hasPrefix(NormativeContent.signaturePrefix) else { return nil }
            let hash = String(signature.dropFirst(NormativeContent.signaturePrefix.count))
            return hash.count >= 8 && hash.allSatisfy(\.isHexDigit) ? hash : nil
        }
    }

    public var table: TableInfo
    /// The table block's range.
    public var range: Range<Int>
    public var roleColumn: Int
    public var nameColumn: Int?
    public var dateColumn: Int?
    public var signatureColumn: Int?
    public var entries: [Entry]
    /// `<!-- specwright:signed … -->` records after the table (section digests at signing time).
    public var records: [SignatureRecord]

    /// Default columns for a sign-off table Specwright adds to a spec whose template has none.
    public static let defaultColumns = ["Role", "Name", "Date", "Signature"]

    /// Finds the sign-off table: the template's columns, or any table with a Role column and a
    /// Signature or Approval column.
    public init?(_ spec: Spec) {
        let document = spec.document
        var found: (TableInfo, Range<Int>, Int)?
        var recordBlocks: [Block] = []
        for block in document.blocks {
            if found != nil {
                if case .htmlBlock = block.kind, document.string(block.range).contains(SignatureRecord.marker) {
                    recordBlocks.append(block)
                    continue
                }
                break
            }
            guard case .table(let table) = block.kind, table.header.cells.contains(where: { Self.isRoleCell($0, document.bytes) }) else { continue }
            let columns = TableColumnsRule.normalized(table.header.cells.map { document.string($0) })
            guard let role = columns.firstIndex(of: "role"),
                  columns.contains(where: { $0.contains("signature") || $0.contains("approval") }) else { continue }
            found = (table, block.range, role)
        }
        guard let (table, range, roleColumn) = found else { return nil }
        let columns = TableColumnsRule.normalized(table.header.cells.map { document.string($0) })
        self.table = table
        self.range = range
        self.roleColumn = roleColumn
        self.nameColumn = columns.firstIndex { $0.contains("name") }
        self.dateColumn = columns.firstIndex { $0.contains("date") }
        self.signatureColumn = columns.firstIndex { $0.contains("signature") || $0.contains("approval") }
        let signatureColumn = self.signatureColumn
        let nameColumn = self.nameColumn
        let dateColumn = self.dateColumn
        func cell(_ row: TableRow, _ column: Int?) -> String {
            guard let column, row.cells.indices.contains(column) else { return "" }
            // A pipe in a cell is written `\|`; the value is the unescaped text.
            return document.string(row.cells[column]).replacingOccurrences(of: "\\|", with: "|")
        }
        self.entries = table.rows.map { row in
            Entry(role: cell(row, roleColumn), name: cell(row, nameColumn), date: cell(row, dateColumn), signature: cell(row, signatureColumn), row: row)
        }
        self.records = recordBlocks.compactMap { SignatureRecord(parsing: document.string($0.range), range: $0.range) }
    }

    /// A header cell reading `Role` (any case), checked on bytes before any string is made.
    static func isRoleCell(_ cell: Range<Int>, _ bytes: [UInt8]) -> Bool {
        cell.count == 4 && zip(bytes[cell], "role".utf8).allSatisfy { ByteClass.lowercased($0) == $1 }
    }

    /// The byte range the table and its records cover.
    public var fullRange: Range<Int> {
        records.reduce(range) { min($0.lowerBound, $1.range.lowerBound)..<max($0.upperBound, $1.range.upperBound) }
    }
}

/// The section digests of a spec at the moment it was signed, kept next to the sign-off table as
/// `<!-- specwright:signed HASH overview=1a2b3c4d scope=… -->` so a stale sign-off can say
/// which sections changed.
public struct SignatureRecord: Sendable, Equatable {
    static let marker = "specwright:signed"

    public var hash: String
    /// Section anchor → short digest.
    public var sections: [(String, String)]
    public var range: Range<Int>

    public static func == (lhs: SignatureRecord, rhs: SignatureRecord) -> Bool {
        lhs.hash == rhs.hash && lhs.range == rhs.range && lhs.sections.map(\.0) == rhs.sections.map(\.0) && lhs.sections.map(\.1) == rhs.sections.map(\.1)
    }

    public init(hash: String, sections: [(String, String)], range: Range<Int> = 0..<0) {
        self.hash = hash
        self.sections = sections
        self.range = range
    }

    init?(parsing text: String, range: Range<Int>) {
        guard let start = text.range(of: Self.marker) else { return nil }
        var words = text[start.upperBound...].split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }).map(String.init)
        if words.last == "-->" { words.removeLast() }
        guard let hash = words.first else { return nil }
        self.hash = hash
        self.sections = words.dropFirst().compactMap { word in
            guard let equals = word.lastIndex(of: "=") else { return nil }
            return (String(word[..<equals]), String(word[word.index(after: equals)...]))
        }
        self.range = range
    }

    /// The comment line.
    public var line: String {
        "<!-- \(Self.marker) \(hash) " + sections.map { "\($0.0)=\($0.1)" }.joined(separator: " ") + " -->"
    }
}
