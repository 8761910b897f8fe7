/// What a sign-off signs: the spec's normative content, hashed.
///
/// Everything in the file counts except what Specwright itself maintains or derives:
/// - the sign-off table and its `specwright:signed` records;
/// - the change log table;
/// - the values of the status, version and last-updated fields (the `Date` field when the template
///   has no last-updated field);
/// - the body of the table of contents (it is derived from the headings, which do count);
/// - whether checkboxes are ticked (`[x]` hashes as `[ ]`: progress is not content).
///
/// Line endings are normalised to `\n` first, so a checkout with other line endings verifies.
/// The signature is `sha256:` plus the first 12 hex digits of the SHA-256 of what remains.
public enum NormativeContent {
    public static let signaturePrefix = "sha256:"
    static let hashLength = 12

    /// The signature cell value for a spec as it is now.
    public static func signature(of spec: Spec) -> String { signaturePrefix + hash(of: spec) }

    public static func hash(of spec: Spec) -> String {
        String(SHA256.hex(normalized(spec, range: 0..<spec.document.bytes.count)).prefix(hashLength))
    }

    /// Short digests of each top-level section (keyed by heading anchor) and of the header
    /// (`_header`), to tell later which sections changed.
    public static func sectionDigests(of spec: Spec) -> [(String, String)] {
        let outline = spec.outline
        let anchors = outline.sectionAnchors()
        let headerEnd = outline.sections.first?.heading.range.lowerBound ?? spec.document.bytes.count
        var digests = [("_header", digest(spec, 0..<headerEnd))]
        for index in outline.roots {
            digests.append((anchors[index], digest(spec, outline.sections[index].range)))
        }
        return digests
    }

    /// Titles of the sections whose digest differs from `record` (added and removed ones too).
    public static func changedSections(of spec: Spec, since record: SignatureRecord) -> [String] {
        let current = sectionDigests(of: spec)
        let outline = spec.outline
        let anchors = outline.sectionAnchors()
        func title(_ anchor: String) -> String {
            if anchor == "_header" { return "header" }
            return anchors.firstIndex(of: anchor).map { outline.sections[$0].title } ?? anchor
        }
        let before = Dictionary(record.sections, uniquingKeysWith: { first, _ in first })
        var changed: [String] = []
        for (anchor, digest) in current where before[anchor] != digest { changed.append(title(anchor)) }
        let now = Set(current.map(\.0))
        for (anchor, _) in record.sections where !now.contains(anchor) { changed.append("\(anchor) (removed)") }
        return changed
    }

    private static func digest(_ spec: Spec, _ range: Range<Int>) -> String {
        String(SHA256.hex(normalized(spec, range: range)).prefix(8))
    }

    /// The bytes of `range` with the exclusions applied.
    static func normalized(_ spec: Spec, range: Range<Int>) -> [UInt8] {
        let document = spec.document
        let bytes = document.bytes
        var removed: [Range<Int>] = []
        if let signOff = SignOffTable(spec) { removed.append(signOff.fullRange) }
        if let log = ChangeLogTable(spec, schema: nil) { removed.append(log.range) }
        let hasLastUpdated = spec.field(.lastUpdated) != nil
        for field in spec.metadata where field.kind == .status || field.kind == .version || field.kind == .lastUpdated || (field.kind == .date && !hasLastUpdated) {
            removed.append(field.valueRange)
        }
        if let toc = TableOfContents(spec) {
            let section = spec.outline.sections[toc.sectionIndex]
            removed.append(section.heading.range.upperBound..<section.range.upperBound)
        }
        var checkboxes: Set<Int> = []
        for item in TaskItems.collect(in: document) where item.checked { checkboxes.insert(item.checkbox.lowerBound + 1) }
        removed.sort { $0.lowerBound < $1.lowerBound }

        var output: [UInt8] = []
        output.reserveCapacity(range.count)
        var index = range.lowerBound
        var next = 0
        while index < range.upperBound {
            while next < removed.count && removed[next].upperBound <= index { next += 1 }
            if next < removed.count && removed[next].contains(index) {
                index = removed[next].upperBound
                continue
            }
            let byte = bytes[index]
            if byte == ByteClass.carriageReturn {
                output.append(ByteClass.newline)
                if index + 1 < bytes.count && bytes[index + 1] == ByteClass.newline { index += 1 }
            } else if checkboxes.contains(index) {
                output.append(ByteClass.space)
            } else {
                output.append(byte)
            }
            index += 1
        }
        return output
    }
}
