import Testing

@testable import SpecwrightCore

/// The checker's fingerprint changes exactly when its findings could.
@Suite("Checker fingerprint")
struct CheckerFingerprintTests {
    @Test("the same settings give the same fingerprint; rules, severities, templates and limits each change it")
    func fingerprint() throws {
        let base = Checker(catalog: .builtin)
        // The same settings spelled out, with the rule set and catalog built afresh: the same fingerprint.
        let catalog = TemplateCatalog(templates: BuiltinTemplates.all.map { Template(name: $0.name, summary: $0.summary, origin: .builtin, bytes: $0.bytes) })
        let spelledOut = Checker(catalog: catalog, rules: RuleSet(RuleSet.core.rules), severities: [:], explicitTemplate: nil,
                                 limits: SpecFileLoader.Limits(maxBytes: 32 << 20), retainedSeverity: .info)
        #expect(spelledOut.fingerprint == base.fingerprint)
        var reassembled = Checker(catalog: .builtin, rules: RuleSet([]))
        for rule in RuleSet.core.rules { reassembled.rules.append(rule) }
        #expect(reassembled.fingerprint == base.fingerprint)
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

        var limits = base
        limits.limits = SpecFileLoader.Limits(maxBytes: 1 << 20)
        // One severity changed, on a rule other than the one above: a different fingerprint.
        var oneSeverity = spelledOut
        oneSeverity.severities = ["unchecked-item": .error]
        #expect(oneSeverity.fingerprint != base.fingerprint)
        #expect(severities.fingerprint != base.fingerprint && ruleOff.fingerprint != base.fingerprint)

        let all = [base, severities, ruleOff, fewerRules, explicit, retained, templates, limits, oneSeverity].map(\.fingerprint)
        #expect(Set(all).count == all.count)
    }
}
