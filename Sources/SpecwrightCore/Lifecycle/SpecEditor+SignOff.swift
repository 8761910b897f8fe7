extension SpecEditor {
    /// Records a sign-off by `role` in the sign-off table, bound to the spec's current normative
    /// content (see ``NormativeContent``). A spec without a sign-off table gets a `## Sign-off`
    /// section (Role | Name | Date | Signature) before its change log section, or at its end.
    public func signOff(role: String, name: String) throws -> SpecEdit {
        let given = Self.cellText(role)
        let name = Self.cellText(name)
        guard !given.isEmpty else { throw SpecwrightError.invalid("the sign-off role must not be empty") }
        // A role the table has keeps the table's spelling, in the row and in the change log.
        let role = SignOffTable(spec)?.entries.first { $0.role.lowercased() == given.lowercased() }?.role ?? given
        // The row signed: the role's existing row, else the one appended after the last.
        let rowIndex = SignOffTable(spec).map { table in table.entries.firstIndex { $0.role.lowercased() == role.lowercased() } ?? table.entries.count } ?? 0
        let newline = document.source.preferredLineEnding

        // 1. A row for the role, with name and date (and, for a new Sign-off section, its TOC entry).
        var withRow = Spec(bytes: ByteEdit.apply(rowEdits(role: role, name: name, newline: newline), to: document.bytes), path: spec.path)
        if SignOffTable(spec) == nil, let tocEdit = SpecFixer(template: template, recorder: recorder).tableOfContentsEdit(withRow) {
            withRow = Spec(bytes: ByteEdit.apply([tocEdit], to: withRow.document.bytes), path: spec.path)
        }

        // 2. The signature, computed on the text as it now is, and the section digests beside the table.
        guard let table = SignOffTable(withRow), let signatureColumn = table.signatureColumn, table.entries.indices.contains(rowIndex) else {
            throw SpecwrightError.conflict("\(spec.path): could not add a sign-off row")
        }
        let entry = table.entries[rowIndex]
        let hash = NormativeContent.hash(of: withRow)
        var edits: [ByteEdit] = []
        if let edit = TableEditing.setCell(signatureColumn, of: entry.row, to: NormativeContent.signaturePrefix + hash, in: withRow.document) { edits.append(edit) }
        // Hashes other rows still carry (the row being signed drops its old one).
        let stillUsed = Set(table.entries.filter { $0.row.line != entry.row.line }.compactMap(\.signedHash) + [hash])
        var records = table.records.filter { stillUsed.contains($0.hash) && $0.hash != hash }
        records.append(SignatureRecord(hash: hash, sections: NormativeContent.sectionDigests(of: withRow)))
        let recordText = records.map(\.line).joined(separator: newline)
        if let first = table.records.first, let last = table.records.last {
            edits.append(ByteEdit(range: first.range.lowerBound..<last.range.upperBound, with: recordText))
        } else {
            let end = withRow.document.source.lineContent(withRow.document.source.lineIndex(ofOffset: table.range.upperBound - 1)).upperBound
            edits.append(.insert(newline + newline + recordText, at: end))
        }
        let signed = Spec(bytes: ByteEdit.apply(edits, to: withRow.document.bytes), path: spec.path)

        // 3. Bookkeeping (outside what the signature covers).
        let change = "Signed off: \(role) (\(name))"
        let bookkeeping = recorder.edits(for: signed, schema: template?.schema, change: change, reason: nil)
        return SpecEdit(bytes: ByteEdit.apply(bookkeeping, to: signed.document.bytes), summary: "\(change), signature \(NormativeContent.signaturePrefix)\(hash)", changed: true)
    }

    /// Text fit for one table cell: control characters and line breaks become spaces, runs of
    /// whitespace one space.
    static func cellText(_ text: String) -> String {
        let spaced = String(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
        return spaced.split(whereSeparator: { $0 == " " || $0 == "\u{00A0}" }).joined(separator: " ")
    }

    private func rowEdits(role: String, name: String, newline: String) -> [ByteEdit] {
        let date = recorder.date
        if let table = SignOffTable(spec) {
            let columns = table.table.header.cells.count
            if let entry = table.entries.first(where: { $0.role.lowercased() == role.lowercased() }) {
                var edits: [ByteEdit] = []
                if let column = table.nameColumn, let edit = TableEditing.setCell(column, of: entry.row, to: name, in: document) { edits.append(edit) }
                if let column = table.dateColumn, let edit = TableEditing.setCell(column, of: entry.row, to: date, in: document) { edits.append(edit) }
                return edits
            }
            var cells = [String](repeating: "", count: columns)
            cells[table.roleColumn] = role
            if let column = table.nameColumn { cells[column] = name }
            if let column = table.dateColumn { cells[column] = date }
            if let column = table.signatureColumn { cells[column] = "pending" }
            let last = table.table.rows.last ?? table.table.delimiter
            let row = TableEditing.row(for: table.table, cells: cells, in: document)
            let end = document.source.lineContent(last.line).upperBound
            return [.insert(newline + row, at: end)]
        }
        // No table yet: add a section for it.
        let columns = template?.schema.signOff?.columns ?? SignOffTable.defaultColumns
        let lower = columns.map { $0.lowercased() }
        let cells = lower.map { column -> String in
            if column == "role" { return role }
            if column.contains("name") { return name }
            if column.contains("date") { return date }
            if column.contains("signature") || column.contains("approval") { return "pending" }
            return ""
        }
        let lines = [
            "## Sign-off", "",
            "| " + columns.joined(separator: " | ") + " |",
            "|" + columns.map { String(repeating: "-", count: $0.count + 2) }.joined(separator: "|") + "|",
            "| " + cells.joined(separator: " | ") + " |", "",
        ]
        let section = lines.joined(separator: newline) + newline
        let logTitles: Set<String> = ["change log", "changelog", "document history", "revision history", "history"]
        if let log = spec.outline.sections.first(where: { logTitles.contains($0.key) }) {
            return [.insert(section, at: log.heading.range.lowerBound)]
        }
        let bytes = document.bytes
        var prefix = ""
        if let last = bytes.last, last != ByteClass.newline { prefix = newline }
        return [.insert(prefix + newline + section, at: bytes.count)]
    }
}
