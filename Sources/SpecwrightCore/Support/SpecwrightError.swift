/// Failures that stop an operation outright. Problems *in* a spec are never errors of this kind:
/// they are ``Diagnostic`` values.
///
/// Messages never name a front end's flags or fields: where an operation lacks an input, the error
/// says which (``MissingInput``) and each front end says how to give it.
public enum SpecwrightError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case unknownTemplate(name: String, known: [String])
    case fileExists(path: String)
    case writeFailed(path: String, reason: String)
    /// The file changed on disk between reading and writing it; nothing was written.
    case changedOnDisk(path: String)
    /// A value given to the operation is not acceptable (an empty role, a bad config value).
    case invalid(String)
    /// What the operation names is not in the spec (a section, a checklist item).
    case notFound(String)
    /// The spec's state does not allow the operation (a move the lifecycle forbids, no lifecycle).
    case conflict(String)
    /// The operation needs an input it was not given.
    case missingInput(MissingInput, String)

    /// An input an operation may need; front ends map it to their own flag, argument or field.
    public enum MissingInput: String, Sendable, Equatable {
        case reason
    }

    /// How a front end should treat the failure (HTTP maps these to 400, 404, 409, 412 and 500).
    public enum Kind: Sendable, Equatable {
        case invalid, notFound, conflict, preconditionFailed, inputOutput
    }

    public var kind: Kind {
        switch self {
        case .unknownTemplate, .invalid: .invalid
        case .notFound: .notFound
        // A move that needs a reason is refused by the lifecycle's rules, like any other move.
        case .conflict, .fileExists, .missingInput: .conflict
        case .changedOnDisk: .preconditionFailed
        case .unreadable, .writeFailed: .inputOutput
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "\(path): \(reason)"
        case .unknownTemplate(let name, let known):
            return "unknown template '\(name)'; known templates: \(known.joined(separator: ", "))"
        case .fileExists(let path): return "\(path): already exists; refusing to overwrite it"
        case .writeFailed(let path, let reason): return "\(path): cannot write: \(reason)"
        case .changedOnDisk(let path): return "\(path): cannot write: the file changed on disk while Specwright was editing it; nothing was written"
        case .invalid(let message), .notFound(let message), .conflict(let message), .missingInput(_, let message): return message
        }
    }
}
