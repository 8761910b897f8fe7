import Foundation

extension Checker {
    /// A digest of everything that decides this checker's findings.
    ///
    /// It covers the Specwright version, each rule with its settings, the severity overrides, the
    /// explicit template, the limits, the retained severity and every template's text. Results
    /// stored under one fingerprint are reusable exactly while the fingerprint stays the same; a
    /// new release or a changed `specwright.yml` or team template gives a new one.
    ///
    /// ```swift
    /// let key = checker.fingerprint          // "sha256:3f9a0c…" (16 hex digits)
    /// if stored.key != key { recompute() }
    /// ```
    public var fingerprint: String {
        var text = "specwright \(SpecwrightVersion.current)\n"
        for rule in rules.rules { text += String(reflecting: rule) + "\n" }
        for (id, severity) in severities.sorted(by: { $0.key < $1.key }) {
            text += "severity \(id)=\(severity.map { "\($0)" } ?? "off")\n"
        }
        text += "explicit \(explicitTemplate ?? "-")\nlimits \(limits)\nretained \(retainedSeverity)\n"
        var bytes = Array(text.utf8)
        for template in catalog.templates {
            bytes += Array("template \(template.name) \(template.document.bytes.count)\n".utf8)
            bytes += template.document.bytes
        }
        return "sha256:" + String(SHA256.hex(bytes).prefix(16))
    }
}
