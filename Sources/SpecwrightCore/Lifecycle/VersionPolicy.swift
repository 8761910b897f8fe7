/// How Specwright numbers a spec's versions.
///
/// A new spec is `0.1`. Every change the tool records bumps the minor number (`0.1` → `0.2`,
/// `1.4` → `1.5`); approval moves to the next major (`0.7` → `1.0`, `1.5` → `2.0`). Patch numbers
/// are dropped on the next bump (`1.2.3` → `1.3`).
public enum VersionPolicy {
    public static func next(after current: String?, approval: Bool) -> String {
        let components = current.flatMap(SpecValues.versionComponents) ?? [0, 0]
        let major = components.first ?? 0
        let minor = components.count > 1 ? components[1] : 0
        return approval ? "\(major + 1).0" : "\(major).\(minor + 1)"
    }
}
