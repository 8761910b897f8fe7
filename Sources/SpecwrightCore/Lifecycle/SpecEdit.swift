/// The result of an editing operation: the new file bytes and what was done.
public struct SpecEdit: Sendable {
    /// The file's bytes after the edit (equal to the input when nothing changed).
    public var bytes: [UInt8]
    /// One line saying what changed, for the command's output.
    public var summary: String
    public var changed: Bool

    public init(bytes: [UInt8], summary: String, changed: Bool) {
        self.bytes = bytes
        self.summary = summary
        self.changed = changed
    }
}

/// Editing operations on one spec. Each returns the whole new file as one set of byte edits: the
/// change itself plus the bookkeeping every recorded change gets (next version, Last Updated, a
/// change-log row). Nothing is written here; the caller writes atomically.
///
/// ```swift
/// let editor = SpecEditor(spec: spec, template: template, recorder: ChangeRecorder(author: "Ada", date: "2026-11-21"))
/// let edit = try editor.tick("Security review completed")
/// try AtomicFileWriter.replace(url, bytes: edit.bytes, expected: spec.document.bytes)
/// ```
public struct SpecEditor: Sendable {
    public let spec: Spec
    public let template: Template?
    public let recorder: ChangeRecorder

    public init(spec: Spec, template: Template?, recorder: ChangeRecorder) {
        self.spec = spec
        self.template = template
        self.recorder = recorder
    }

    var document: MarkdownDocument { spec.document }

    /// Applies `edits` plus the recording of `change`.
    func recorded(_ edits: [ByteEdit], change: String, reason: String?, approval: Bool = false) -> [UInt8] {
        let bookkeeping = recorder.edits(for: spec, schema: template?.schema, change: change, reason: reason, approval: approval)
        return ByteEdit.apply(edits + bookkeeping, to: document.bytes)
    }

    // MARK: tick

    /// Ticks (or unticks) the checklist item whose text matches `query`: exactly (ignoring case),
    /// else the only item containing it.
    public func tick(_ query: String, checked: Bool = true) throws -> SpecEdit {
        let items = TaskItems.collect(in: document)
        let wanted = query.trimmingSpaces.lowercased()
        var matches = items.filter { $0.text.lowercased() == wanted }
        if matches.isEmpty { matches = items.filter { $0.text.lowercased().contains(wanted) } }
        guard !matches.isEmpty else {
            throw SpecwrightError.notFound("\(spec.path): no checklist item matches '\(query)'")
        }
        if matches.count > 1 && Set(matches.map(\.text)).count > 1 {
            let list = matches.prefix(10).map { "  line \($0.line + 1): \($0.text)" }.joined(separator: "\n")
            throw SpecwrightError.invalid("\(spec.path): '\(query)' matches \(matches.count) checklist items; quote one exactly:\n\(list)")
        }
        let targets = matches.filter { $0.checked != checked }
        guard !targets.isEmpty else {
            return SpecEdit(bytes: document.bytes, summary: "'\(matches[0].text)' is already \(checked ? "ticked" : "unticked")", changed: false)
        }
        // Only the mark between the brackets changes: one byte.
        let edits = targets.map { ByteEdit(range: $0.checkbox.lowerBound + 1..<$0.checkbox.lowerBound + 2, with: checked ? "x" : " ") }
        let change = "\(checked ? "Ticked" : "Unticked"): \(targets[0].text)"
        return SpecEdit(bytes: recorded(edits, change: change, reason: nil), summary: change, changed: true)
    }

    // MARK: changelog

    /// Records a change written by hand.
    public func addChangeLogEntry(_ change: String, reason: String?) throws -> SpecEdit {
        guard !change.trimmingSpaces.isEmpty else { throw SpecwrightError.invalid("the change description must not be empty") }
        guard ChangeLogTable(spec, schema: template?.schema) != nil else {
            throw SpecwrightError.conflict("\(spec.path): has no change log table (a table with Version, Date and Changes columns)")
        }
        let version = recorder.nextVersion(for: spec, approval: false)
        return SpecEdit(bytes: recorded([], change: change.trimmingSpaces, reason: reason), summary: "recorded version \(version): \(change)", changed: true)
    }
}
