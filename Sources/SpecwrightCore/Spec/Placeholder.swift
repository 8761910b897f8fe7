/// Unfilled template text found in a spec: `[Brief description]`, `FEATURE_NAME`, `YYYY-MM-DD`,
/// or a choice left as the template listed it (`HIGH/MED/LOW`).
public struct Placeholder: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        /// `[...]` outside links, images, footnotes and checkboxes.
        case bracket
        /// An ALL_CAPS token the template uses as a variable, such as `FEATURE_NAME`.
        case token
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

    public init(tokens: [String] = [], codeBrackets: Set<String> = [], literalValues: Set<String> = []) {
        self.tokens = tokens
        self.codeBrackets = codeBrackets
        self.literalValues = literalValues
    }
}
