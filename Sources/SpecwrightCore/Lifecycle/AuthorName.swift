import Foundation

/// Who is making a change: `--author`, else git's `user.name`, else `$USER`.
public enum AuthorName {
    public static func resolve(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit, !explicit.trimmingSpaces.isEmpty { return explicit.trimmingSpaces }
        if let git = gitUserName(), !git.isEmpty { return git }
        return environment["USER"] ?? environment["LOGNAME"] ?? "unknown"
    }

    static func gitUserName() -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "config", "user.name"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingSpaces
    }
}

/// Today's date as ISO 8601 `YYYY-MM-DD` in the local time zone.
public enum Today {
    public static func iso(_ date: Date = Date()) -> String {
        let components = Calendar(identifier: .gregorian).dateComponents(in: TimeZone.current, from: date)
        return String(format: "%04d-%02d-%02d", components.year ?? 1970, components.month ?? 1, components.day ?? 1)
    }
}
