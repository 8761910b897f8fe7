extension TemplateSchema {
    /// Derives the schema from a template document.
    public init(deriving template: MarkdownDocument) {
        let spec = Spec(document: template, path: "")
        let bytes = template.bytes
        self.title = Self.titlePattern(spec.title)
        self.fields = spec.metadata.map { Self.field($0, optional: Self.isOptional($0, in: template)) }
        let statusValues = Set(fields.compactMap(\.allowedValues).joined())
        let choiceFieldValues = Set(fields.filter { $0.allowedValues != nil }.map(\.templateValue))
        self.vocabulary = Self.vocabulary(template, statusValues: statusValues, statusTemplateValues: choiceFieldValues)
        let scanner = PlaceholderScanner(vocabulary: vocabulary)
        self.sections = Self.sections(spec.outline, template, scanner, tokens: vocabulary.tokens.map { $0.lowercased() })

        var changeLog: ChangeLog?
        var signOff: SignOff?
        template.walk { block, _ in
            guard case .table(let table) = block.kind else { return true }
            let columns = table.header.cells.map { decode(bytes, $0).trimmingSpaces }
            if changeLog == nil, let found = Self.changeLog(columns) { changeLog = found }
            if signOff == nil, var found = Self.signOff(columns) {
                found.roles = table.rows.compactMap { row in
                    row.cells.indices.contains(found.roleColumn) ? String(decoding: bytes[row.cells[found.roleColumn]], as: UTF8.self).trimmingSpaces : nil
                }.filter { !$0.isEmpty }
                signOff = found
            }
            return true
        }
        self.changeLog = changeLog
        self.signOff = signOff
    }

    /// The template title's first placeholder — `[Name]`, `{name}`, `<name>`, or a digit
    /// placeholder such as `NNNN` — splits it into literal prefix and suffix. A title with none is
    /// itself the text to replace (`# Feature name`).
    static func titlePattern(_ title: String?) -> TitlePattern? {
        guard let title else { return nil }
        let characters = Array(title)
        let closing: [Character: Character] = ["[": "]", "{": "}", "<": ">"]
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if let close = closing[character], let end = characters[(index + 1)...].firstIndex(of: close), end > index + 1 {
                return TitlePattern(prefix: String(characters[..<index]), suffix: String(characters[(end + 1)...]), placeholder: String(characters[index...end]))
            }
            if character == "N" || character == "X" {
                var end = index
                while end < characters.count && characters[end] == character { end += 1 }
                let standsAlone = (index == 0 || !characters[index - 1].isLetter) && (end == characters.count || !characters[end].isLetter)
                if end - index >= 3 && standsAlone {
                    return TitlePattern(prefix: String(characters[..<index]), suffix: String(characters[end...]), placeholder: String(characters[index..<end]))
                }
                index = end
                continue
            }
            index += 1
        }
        return TitlePattern(prefix: "", suffix: "", placeholder: title)
    }

    /// "(optional)" on the field's line, or a front-matter comment above it that calls the fields
    /// optional (MADR: "# These are optional metadata elements.").
    private static func isOptional(_ metadata: MetadataField, in template: MarkdownDocument) -> Bool {
        let line = template.string(metadata.lineRange).lowercased()
        if line.contains("(optional)") { return true }
        guard metadata.fromFrontMatter else { return false }
        let above = template.string(0..<metadata.lineRange.lowerBound).split(separator: "\n")
        return above.contains(where: { line in String(line).trimmingSpaces.hasPrefix("#") && line.lowercased().contains("optional") })
    }

    private static func field(_ metadata: MetadataField, optional: Bool) -> Field {
        let value = metadata.value
        let alternatives = value.split(separator: "|").map { String($0).trimmingSpaces }
        let kind: Field.ValueKind
        if alternatives.count >= 2 && alternatives.allSatisfy({ !$0.isEmpty && !$0.contains("[") }) {
            kind = .choice(alternatives)
        } else if [.created, .lastUpdated, .date].contains(metadata.kind) || value.contains("YYYY-MM-DD") {
            kind = .date
        } else if metadata.kind == .version || SpecValues.isVersion(value) {
            kind = .version
        } else {
            kind = .text
        }
        return Field(key: metadata.key, kind: metadata.kind, valueKind: kind, templateValue: value, optional: optional, fromFrontMatter: metadata.fromFrontMatter)
    }

    private static func sections(_ outline: Outline, _ document: MarkdownDocument, _ scanner: PlaceholderScanner, tokens: [String]) -> [Section] {
        var result: [Section] = []
        var indexMap: [Int: Int] = [:]
        for (index, section) in outline.sections.enumerated() {
            let key = normalizeTitle(section.title)
            let pattern = wildcardPattern(key, tokens: tokens)
            let parent = section.parent.flatMap { indexMap[$0] }
            // Consecutive siblings with the same pattern (Phase 1, Phase 2) are one repeatable section.
            if let pattern, let previous = result.indices.last(where: { result[$0].parent == parent && result[$0].level == section.level }),
               result[previous].pattern == pattern {
                indexMap[index] = previous
                continue
            }
            var tables: [[String]] = []
            var checklist: [String] = []
            var placeholders = 0
            var hasBody = false
            for block in section.body {
                if case .htmlBlock = block.kind { continue }
                hasBody = true
                placeholders += scanner.scan(block, in: document).count
                if case .table(let table) = block.kind {
                    tables.append(table.header.cells.map { document.string($0).trimmingSpaces })
                }
                checklist += TaskItems.collect(in: block, document: document).map(\.text)
            }
            // The comment may open the section or stand just above its heading (as MADR writes it).
            let commentAbove = index > 0 ? outline.sections[index - 1].body.last : nil
            let optional = section.title.lowercased().contains("(optional)") || Self.saysOptional(section.body.first, in: document)
                || Self.saysOptional(commentAbove, in: document)
            var entry = Section(
                title: section.title, key: key, pattern: pattern, level: section.level, parent: parent, optional: optional,
                tables: tables, checklist: checklist, hasBody: hasBody, placeholderCount: placeholders,
                isTableOfContents: ["table of contents", "contents", "toc"].contains(key))
            entry.path = (parent.map { result[$0].path } ?? []) + [section.title]
            indexMap[index] = result.count
            if let parent { result[parent].children.append(result.count) }
            result.append(entry)
        }
        return result
    }

    /// Whether a block is an HTML comment calling a section optional (MADR: `<!-- This is an
    /// optional element. Feel free to remove. -->`).
    private static func saysOptional(_ block: Block?, in document: MarkdownDocument) -> Bool {
        guard let block, case .htmlBlock = block.kind else { return false }
        let text = document.string(block.range).lowercased()
        guard text.hasPrefix("<!--") else { return false }
        return text.contains("optional element") || text.contains("optional section") || text.contains("this section is optional")
            || text.contains("(optional)")
    }

    /// Literal parts around `[...]` and `{...}` placeholders, template variables and numbers, or nil when the
    /// title has none of them.
    static func wildcardPattern(_ key: String, tokens: [String] = []) -> [String]? {
        var parts: [String] = []
        var literal = ""
        var wildcards = 0
        var characters = Substring(key)
        while let character = characters.first {
            if let token = tokens.first(where: { characters.hasPrefix($0) }) {
                parts.append(literal)
                literal = ""
                wildcards += 1
                characters = characters.dropFirst(token.count).drop(while: { $0.isLetter || $0.isNumber || $0 == "_" })
            } else if let closing = ["[": "]", "{": "}"][character], let close = characters.firstIndex(of: Character(closing)) {
                parts.append(literal)
                literal = ""
                wildcards += 1
                characters = characters[characters.index(after: close)...]
            } else if character.isNumber {
                parts.append(literal)
                literal = ""
                wildcards += 1
                characters = characters.drop(while: { $0.isNumber })
            } else {
                literal.append(character)
                characters.removeFirst()
            }
        }
        parts.append(literal)
        return wildcards > 0 ? parts : nil
    }

    private static func changeLog(_ columns: [String]) -> ChangeLog? {
        let lower = columns.map { $0.lowercased() }
        guard let version = lower.firstIndex(where: { $0.contains("version") }),
              let date = lower.firstIndex(where: { $0.contains("date") }),
              let changes = lower.firstIndex(where: { $0.contains("change") }) else { return nil }
        return ChangeLog(
            columns: columns, versionColumn: version, dateColumn: date,
            authorColumn: lower.firstIndex { $0.contains("author") || $0 == "by" },
            changesColumn: changes,
            reasonColumn: lower.firstIndex { $0.contains("reason") || $0 == "why" })
    }

    private static func signOff(_ columns: [String]) -> SignOff? {
        let lower = columns.map { $0.lowercased() }
        guard let role = lower.firstIndex(of: "role"),
              lower.contains(where: { $0.contains("signature") || $0.contains("sign-off") || $0.contains("approval") }) else { return nil }
        return SignOff(
            columns: columns, roleColumn: role, nameColumn: lower.firstIndex { $0.contains("name") },
            dateColumn: lower.firstIndex { $0.contains("date") },
            signatureColumn: lower.firstIndex { $0.contains("signature") || $0.contains("approval") }, roles: [])
    }

    private static func vocabulary(_ template: MarkdownDocument, statusValues: Set<String>, statusTemplateValues: Set<String>) -> PlaceholderVocabulary {
        let bytes = template.bytes
        let generic = PlaceholderScanner(everyBracket: true)
        var codeBrackets: Set<String> = []
        var literalValues: Set<String> = []
        var bracketTexts: [String] = []
        template.walk { block, _ in
            switch block.kind {
            case .codeBlock:
                // In the template, any `[...]` in code is a placeholder to remember.
                let prose = Block(kind: .paragraph, range: block.range, lineSpan: block.lineSpan, lines: block.lines)
                for placeholder in generic.scan(prose, in: template) where placeholder.kind == .bracket {
                    codeBrackets.insert(String(placeholder.text.dropFirst().dropLast()))
                    bracketTexts.append(placeholder.text)
                }
            case .table(let table):
                bracketTexts += generic.scan(block, in: template).filter { $0.kind == .bracket }.map(\.text)
                for row in table.rows {
                    for cell in row.cells {
                        let text = decode(bytes, cell).trimmingSpaces
                        if isChoiceList(text) || isSampleQuantity(text) { literalValues.insert(text) }
                    }
                }
            case .heading:
                bracketTexts += generic.scan(block, in: template).filter { $0.kind == .bracket }.map(\.text)
            case .paragraph:
                for line in block.lines {
                    if let field = MetadataField.parse(line: line.range, in: bytes), isChoiceList(field.value),
                       !statusTemplateValues.contains(field.value) {
                        literalValues.insert(field.value)
                    }
                }
                bracketTexts += generic.scan(block, in: template).filter { $0.kind == .bracket }.map(\.text)
            default:
                break
            }
            return true
        }
        // ALL_CAPS_WITH_UNDERSCORES words used inside a bracket placeholder are template variables.
        var tokens: Set<String> = []
        for text in bracketTexts {
            for word in text.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }) {
                let word = String(word)
                if word.contains("_"), word.first?.isUppercase == true, word.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }),
                   !statusValues.contains(word) {
                    tokens.insert(word)
                }
            }
        }
        let minimal = tokens.filter { token in !tokens.contains { $0 != token && token.hasPrefix($0 + "_") } }
        // Brackets with no letter (`[1]`, `[ ]`) are indices and boxes in any spec, whatever the template meant.
        let prose = Set(bracketTexts.map { $0.dropFirst().dropLast() }.filter { $0.contains(where: \.isLetter) }.map(PlaceholderVocabulary.normalized))
        return PlaceholderVocabulary(tokens: minimal.sorted(), codeBrackets: codeBrackets, literalValues: literalValues, bracketTexts: prose)
    }

    /// `HIGH/MED/LOW`, `Blue-Green / Canary / Rolling`: options the author must choose between.
    static func isChoiceList(_ text: String) -> Bool {
        let parts = text.split(separator: "/").map { String($0).trimmingSpaces }
        guard parts.count >= 2 else { return false }
        return parts.allSatisfy { part in
            part.count >= 2 && part.first?.isUppercase == true && part.split(separator: " ").count <= 3
                && part.allSatisfy { $0.isLetter || $0 == "-" || $0 == " " }
        }
    }

    /// `X cores`, `Y GB`: a sample figure to replace.
    static func isSampleQuantity(_ text: String) -> Bool {
        let parts = text.split(separator: " ")
        guard parts.count == 2, let variable = parts.first, ["X", "Y", "Z", "N"].contains(variable) else { return false }
        return parts[1].allSatisfy(\.isLetter)
    }
}
