/// Failures that stop a command outright. Problems *in* a spec are never errors of this kind:
/// they are ``Diagnostic`` values.
public enum SpecwrightError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case unknownTemplate(name: String, known: [String])
    case fileExists(path: String)
    case invalidArgument(String)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "\(path): \(reason)"
        case .unknownTemplate(let name, let known):
            return "unknown template '\(name)'; known templates: \(known.joined(separator: ", "))"
        case .fileExists(let path): return "\(path): already exists; refusing to overwrite it"
        case .invalidArgument(let message): return message
        case .writeFailed(let path, let reason): return "\(path): cannot write: \(reason)"
        }
    }
}
