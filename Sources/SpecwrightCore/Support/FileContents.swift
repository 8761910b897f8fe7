import Foundation

/// Reading a whole file that Specwright needs (a template, a baseline, the config), with an error
/// that names the file and what it was meant to be.
public enum FileContents {
    /// The bytes of `url`, or ``SpecwrightError/unreadable(path:reason:)`` ("cannot read template: …").
    public static func read(_ url: URL, as what: String) throws -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw SpecwrightError.unreadable(path: url.path, reason: "cannot read \(what): \(error.localizedDescription)")
        }
    }
}
