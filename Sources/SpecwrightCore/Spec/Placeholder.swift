/// Unfilled template text found in a spec: `[Brief description]`, `FEATURE_NAME`, `YYYY-MM-DD`,
/// or a choice left as the template listed it (`HIGH/MED/LOW`).
public struct Placeholder: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        /// `[...]` outside links, images, footnotes and checkboxes: the template's own text or a placeholder form.
        case bracket
        /// An ALL_CAPS token the template uses as a variable, such as `FEATURE_NAME`.
        case token
        /// A word marking unfinished text in any spec: TBD, TODO, FIXME.
        case marker
        /// A date pattern such as `YYYY-MM-DD`.
        case datePattern
        /// A table cell or field value left exactly as the template's list of options (`HIGH/MED/LOW`).
        case choice
        /// A sample figure left as the template wrote it (`X cores`).
        case sample
    }

    public var kind: Kind
    public var text: String
    public var range: Range<Int>
}

/// The placeholder forms a template uses, learnt from its text (see ``PlaceholderScanner``).
public struct PlaceholderVocabulary: Sendable, Equatable {
    /// ALL_CAPS variables (`FEATURE_NAME`), flagged anywhere, code included.
    public var tokens: [String] = []
    /// Bracketed text that appears inside the template's code blocks (`[table_name]`): flagged in
    /// a spec's code only when it is still exactly that text, since `[...]` is ordinary code.
    public var codeBrackets: Set<String> = []
    /// Whole cell or field values that are the template's options or sample figures
    /// (`HIGH/MED/LOW`, `X cores`).
    public var literalValues: Set<String> = []
    /// The template's own bracketed prose (`[Brief description]`), as ``normalized(_:)`` keys: a
    /// spec's bracket is a placeholder when it is still one of these or has a generic placeholder
    /// form, not whenever it is a bracket (specs use brackets for much else: `[!NOTE]`, `[i]`,
    /// `[LinuxOnly]`, shortcut links).
    public var bracketTexts: Set<String> = []

    public init(tokens: [String] = [], codeBrackets: Set<String> = [], literalValues: Set<String> = [], bracketTexts: Set<String> = []) {
        self.tokens = tokens
        self.codeBrackets = codeBrackets
        self.literalValues = literalValues
        self.bracketTexts = bracketTexts
    }

    /// Words that mark unfinished text in any spec, template or not.
    public static let genericMarkers = ["TBD", "TODO", "FIXME"]

    /// The key a bracket's inner text is compared by: lowercased, spaces collapsed.
    public static func normalized<S: StringProtocol>(_ inner: S) -> String {
        inner.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}
