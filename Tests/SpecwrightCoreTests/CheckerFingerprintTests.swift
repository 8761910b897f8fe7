import Testing

@testable import SpecwrightCore

/// The checker's fingerprint changes exactly when its findings could.
@Suite("Checker fingerprint")
struct CheckerFingerprintTests {
    @Test("the same settings give the same fingerprint; rules, severities, templates and limits each change it")
    func fingerprint() throws {
        let base = Checker(catalog: .builtin)
        #expect(base.fingerprint == Checker(catalog: .builtin).fingerprint)
        #expect(base.fingerprint.hasPrefix("sha256:") && base.fingerprint.count == 23)

        var severities = base
        severities.severities = ["placeholder": .error]
        var ruleOff = base
        ruleOff.severities = ["placeholder": nil]
        var fewerRules = base
        fewerRules.rules = RuleSet(Array(base.rules.rules.dropLast()))
        var explicit = base
        explicit.explicitTemplate = "system-design"
        var retained = base
        retained.retainedSeverity = .error
        var templates = base
        templates.catalog.add(Template(name: "team", summary: "", origin: .file("team.md"), bytes: Array("# [Feature] Spec\n\n## Overview\n".utf8)))

        let all = [base, severities, ruleOff, fewerRules, explicit, retained, templates].map(\.fingerprint)
        #expect(Set(all).count == all.count)
    }
}
