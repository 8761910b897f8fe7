/// One reason a status transition is refused.
public struct UnmetGate: Sendable, Equatable, Codable {
    /// `review.no-errors`, `review.no-placeholders`, `review.reviewers-named`,
    /// `approved.review-checklists`, `approved.signoffs` or `implemented.implementation-checklists`.
    public var gate: String
    public var message: String
    public var range: SourceRange?
}

/// Checks the gates guarding a transition (see ``GateConfig``).
///
/// - → review: no error-level findings; no unfilled placeholder in a required section (the
///   sign-off table, filled at approval, excepted); reviewers named where the template has a
///   reviewers field.
/// - → approved: every checklist item in a review section ticked; every required sign-off present
///   and matching the current text (required roles: config, else the template's sign-off rows,
///   else at least one sign-off).
/// - → implemented: every checklist item in an implementation section ticked.
public struct GateEvaluator: Sendable {
    public var checker: Checker
    public var config: GateConfig
    public var requiredRoles: [String]?

    public init(checker: Checker, config: GateConfig = GateConfig(), requiredRoles: [String]? = nil) {
        self.checker = checker
        self.config = config
        self.requiredRoles = requiredRoles
    }

    public func unmetGates(for spec: Spec, target: StatusMachine.Stage) -> [UnmetGate] {
        let context = checker.context(for: spec)
        switch target {
        case .review: return reviewGates(spec, context)
        case .approved: return approvalGates(spec, context)
        case .implemented: return implementationGates(spec)
        case .draft, .other: return []
        }
    }

    private func location(_ spec: Spec, _ range: Range<Int>?) -> SourceRange? {
        range.map { spec.document.sourceRange($0) }
    }

    private func reviewGates(_ spec: Spec, _ context: RuleContext) -> [UnmetGate] {
        var unmet: [UnmetGate] = []
        if config.review.noErrors {
            for diagnostic in checker.check(spec).diagnostics where diagnostic.severity == .error {
                unmet.append(UnmetGate(gate: "review.no-errors", message: "\(diagnostic.rule): \(diagnostic.message)", range: diagnostic.range))
            }
        }
        if config.review.noPlaceholdersInRequiredSections, let schema = context.schema, let match = context.sectionMatch {
            let sections = spec.outline.sections
            let signOff = SignOffTable(spec)?.fullRange
            for placeholder in context.placeholders {
                if let signOff, signOff.contains(placeholder.range.lowerBound) { continue }
                // The innermost section holding the placeholder decides.
                guard let index = sections.indices.last(where: { sections[$0].range.contains(placeholder.range.lowerBound) }),
                      let templateIndex = match.templateSection[index], !schema.sections[templateIndex].optional else { continue }
                unmet.append(UnmetGate(gate: "review.no-placeholders", message: "unfilled placeholder \(placeholder.text) in required section '\(sections[index].title)'", range: location(spec, placeholder.range)))
            }
        }
        if config.review.reviewersNamed, context.schema?.field(.reviewers) != nil {
            let field = spec.field(.reviewers)
            let value = field?.value.trimmingSpaces ?? ""
            if value.isEmpty || (value.hasPrefix("[") && value.hasSuffix("]") && !value.contains("](")) {
                unmet.append(UnmetGate(gate: "review.reviewers-named", message: "name the reviewers in '\(field?.key ?? "Reviewers")'", range: location(spec, field?.valueRange)))
            }
        }
        return unmet
    }

    private func approvalGates(_ spec: Spec, _ context: RuleContext) -> [UnmetGate] {
        var unmet: [UnmetGate] = []
        if config.approved.reviewChecklists {
            for entry in ChecklistEntry.collect(spec) where !entry.item.checked && entry.inSection(matching: config.approved.reviewSections) {
                unmet.append(UnmetGate(gate: "approved.review-checklists", message: "tick '\(entry.item.text)' (\(entry.path.last ?? "checklist"))", range: location(spec, entry.item.checkbox)))
            }
        }
        if config.approved.signOffs {
            let roles = requiredRoles ?? context.schema?.signOff?.roles ?? []
            let table = SignOffTable(spec)
            let currentHash = NormativeContent.hash(of: spec)
            let valid = table?.entries.filter { $0.signedHash == currentHash } ?? []
            if roles.isEmpty {
                if valid.isEmpty {
                    // Say why when there are sign-offs, just none for this text.
                    let stale = table?.entries.filter { $0.signedHash != nil }.map(\.role) ?? []
                    let message = stale.isEmpty
                        ? "no valid sign-off: the spec needs at least one sign-off matching its current text"
                        : "no valid sign-off: the sign-off\(stale.count == 1 ? "" : "s") by \(stale.joined(separator: ", ")) \(stale.count == 1 ? "is" : "are") stale (the spec changed after signing)"
                    unmet.append(UnmetGate(gate: "approved.signoffs", message: message, range: location(spec, table?.range)))
                }
            } else {
                for role in roles where !valid.contains(where: { $0.role.lowercased() == role.lowercased() }) {
                    let existing = table?.entries.first { $0.role.lowercased() == role.lowercased() && $0.signedHash != nil }
                    let message = existing == nil ? "missing sign-off by \(role)" : "sign-off by \(role) is stale: the spec changed after it was signed"
                    unmet.append(UnmetGate(gate: "approved.signoffs", message: message, range: location(spec, existing?.row.range ?? table?.range)))
                }
            }
        }
        return unmet
    }

    private func implementationGates(_ spec: Spec) -> [UnmetGate] {
        guard config.implemented.implementationChecklists else { return [] }
        return ChecklistEntry.collect(spec).filter { !$0.item.checked && $0.inSection(matching: config.implemented.implementationSections) }.map { entry in
            UnmetGate(gate: "implemented.implementation-checklists", message: "tick '\(entry.item.text)' (\(entry.path.last ?? "checklist"))", range: location(spec, entry.item.checkbox))
        }
    }
}

/// A checklist item with the titles of the sections it sits in.
struct ChecklistEntry {
    var item: TaskItem
    var path: [String]

    static func collect(_ spec: Spec) -> [ChecklistEntry] {
        let sections = spec.outline.sections
        return TaskItems.collect(in: spec.document).map { item in
            let index = sections.indices.last { sections[$0].range.contains(item.checkbox.lowerBound) }
            return ChecklistEntry(item: item, path: index.map { sections[$0].path } ?? [])
        }
    }

    func inSection(matching patterns: [String]) -> Bool {
        path.contains { title in
            let lower = title.lowercased()
            return patterns.contains { lower.contains($0) }
        }
    }
}
