import SpecwrightCore
import SpecwrightWorkspace

/// The editing commands' one step: open the workspace, perform the operation on the file, save it.
enum SpecFileCommand {
    /// Performs `operation` on the spec at `path` and returns what changed.
    static func perform(_ operation: SpecOperation, on path: String, by author: String) async throws -> String {
        let file = SpecFile(path: path)
        let session = try SpecSession(file, environment: try WorkspaceEnvironment.open().environment)
        return try await session.perform(operation, by: author, saving: file).change.summary
    }
}
