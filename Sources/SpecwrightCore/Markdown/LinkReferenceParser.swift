/// Parses link reference definitions (`[label]: /url "title"`) from the start of a paragraph.
struct LinkReferenceParser {
    let bytes: [UInt8]
    let end: Int

    /// A definition parsed from `bytes[position...]`; `length` ends at a line ending or at `end`.
    struct Result {
        var reference: LinkReference
        var length: Int
    }

    func parse(at position: Int) -> Result? {
        guard let (labelRange, afterLabel) = InlineScanning.linkLabel(bytes, position, end),
              afterLabel < end, bytes[afterLabel] == UInt8(ascii: ":") else { return nil }
        let label = TextDecoding.normalizeLabel(bytes[labelRange])
        guard !label.isEmpty else { return nil }
        var index = skipSpacesAndOneNewline(afterLabel + 1)
        guard let (destination, afterDestination) = InlineScanning.linkDestination(bytes, index, end) else { return nil }
        // An empty destination is only allowed in angle brackets.
        if afterDestination == index { return nil }
        let destinationEndOfLine = restOfLineIsBlank(afterDestination)
        index = skipSpacesAndOneNewline(afterDestination)
        if index > afterDestination, let (title, afterTitle) = InlineScanning.linkTitle(bytes, index, end), restOfLineIsBlank(afterTitle) {
            let reference = LinkReference(
                normalizedLabel: label,
                destination: TextDecoding.unescape(bytes, destination),
                title: TextDecoding.unescape(bytes, title))
            return Result(reference: reference, length: lineEnd(afterTitle) - position)
        }
        guard destinationEndOfLine else { return nil }
        let reference = LinkReference(normalizedLabel: label, destination: TextDecoding.unescape(bytes, destination), title: nil)
        return Result(reference: reference, length: lineEnd(afterDestination) - position)
    }

    private func skipSpacesAndOneNewline(_ position: Int) -> Int {
        var index = position
        while index < end && ByteClass.isSpaceOrTab(bytes[index]) { index += 1 }
        if index < end && bytes[index] == ByteClass.newline {
            index += 1
            while index < end && ByteClass.isSpaceOrTab(bytes[index]) { index += 1 }
        }
        return index
    }

    private func restOfLineIsBlank(_ position: Int) -> Bool {
        var index = position
        while index < end && ByteClass.isSpaceOrTab(bytes[index]) { index += 1 }
        return index == end || bytes[index] == ByteClass.newline
    }

    /// The position just past the line ending that follows `position` (or `end`).
    private func lineEnd(_ position: Int) -> Int {
        var index = position
        while index < end && bytes[index] != ByteClass.newline { index += 1 }
        return index < end ? index + 1 : end
    }
}
