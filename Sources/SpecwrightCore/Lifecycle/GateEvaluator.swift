/// One reason a status transition is refused.
public struct UnmetGate: Sendable, Equatable, Codable {
    /// `review.no-errors`, `review.no-placeholders`, `review.reviewers-named`,
    /// `approved.review-checklists`, `approved.signoffs`, `approved.no-open-concerns` or
    /// `implemented.implementation-checklists`.
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
///   No review concern open (``OpenConcern``; the server's threads, given by the caller).
/// - → implemented: every checklist item in an implementation section ticked.
public struct GateEvaluator: Sendable {
    public var checker: Checker
    public var config: GateConfig
    public var requiredRoles: [String]?
    /// Concerns raised in review and not resolved: each blocks approval.
    public var openConcerns: [OpenConcern] = []

    public init(checker: Checker, config: GateConfig = GateConfig(), requiredRoles: [String]? = nil) {
        self.checker = checker
        self.config = config
        self.requiredRoles = requiredRoles
    }

    public init(checker: Checker, policy: GatePolicy) {
        self.init(checker: checker, config: policy.config, requiredRoles: policy.requiredRoles)
    }

    /// The gates that need no checker.
    public var policy: GatePolicy { GatePolicy(config: config, requiredRoles: requiredRoles) }

    public func unmetGates(for spec: Spec, target: StatusMachine.Stage) -> [UnmetGate] {
        var unmet: [UnmetGate] = []
        if target == .review && config.review.noErrors {
            for diagnostic in checker.check(spec).diagnostics where diagnostic.severity == .error {
                unmet.append(UnmetGate(gate: "review.no-errors", message: "\(diagnostic.rule): \(diagnostic.message)", range: diagnostic.range))
            }
        }
        let found = policy.unmetGates(in: checker.context(for: spec), target: target)
        unmet += found.map { UnmetGate(gate: $0.gate, message: $0.message, range: $0.range.map { spec.document.sourceRange($0) }) }
        if target == .approved {
            for concern in openConcerns {
                let section = ThreadAnchor(sectionPath: concern.sectionPath).locate(in: spec).section
                let range = section.map { spec.outline.sections[$0].heading.range }
                unmet.append(UnmetGate(gate: "approved.no-open-concerns", message: concern.message, range: range.map { spec.document.sourceRange($0) }))
            }
        }
        return unmet
    }
}

/// The gates' settings, and every gate that needs only the spec and its template: all but
/// `review.no-errors`, which needs the checker's findings. The `status-gates` rule evaluates
/// these during a check.
public struct GatePolicy: Sendable, Equatable {
    public var config: GateConfig
    /// The sign-off roles approval needs; nil: the template's sign-off rows.
    public var requiredRoles: [String]?

    public init(config: GateConfig = GateConfig(), requiredRoles: [String]? = nil) {
        self.config = config
        self.requiredRoles = requiredRoles
    }

    /// An unmet gate at a byte range of the spec.
    struct Finding: Sendable {
        var gate: String
        var message: String
        var range: Range<Int>?
        /// The rule that reports the same problem in a check, if one does (so `status-gates` need not).
        var alsoReportedBy: String?
    }

    func unmetGates(in context: RuleContext, target: StatusMachine.Stage) -> [Finding] {
        switch target {
        case .review: return reviewGates(context)
        case .approved: return approvalGates(context)
        case .implemented: return implementationGates(context.spec)
        case .draft, .other: return []
        }
    }

    private func reviewGates(_ context: RuleContext) -> [Finding] {
        var unmet: [Finding] = []
        let spec = context.spec
        if config.review.noPlaceholdersInRequiredSections {
            for (placeholder, section) in context.placeholdersInRequiredSections() {
                unmet.append(Finding(
                    gate: "review.no-placeholders", message: "unfilled placeholder \(placeholder.text) in required section '\(section.title)'",
                    range: placeholder.range, alsoReportedBy: PlaceholderRule().id))
            }
        }
        if config.review.reviewersNamed, context.schema?.field(.reviewers) != nil {
            let field = spec.field(.reviewers)
            let value = field?.value.trimmingSpaces ?? ""
            if value.isEmpty || (value.hasPrefix("[") && value.hasSuffix("]") && !value.contains("](")) {
                unmet.append(Finding(gate: "review.reviewers-named", message: "name the reviewers in '\(field?.key ?? "Reviewers")'", range: field?.valueRange))
            }
        }
        return unmet
    }

    private func approvalGates(_ context: RuleContext) -> [Finding] {
        var unmet: [Finding] = []
        let spec = context.spec
        if config.approved.reviewChecklists {
            for entry in ChecklistEntry.collect(spec) where !entry.item.checked && entry.inSection(matching: config.approved.reviewSections) {
                unmet.append(Finding(gate: "approved.review-checklists", message: "tick '\(entry.item.text)' (\(entry.path.last ?? "checklist"))", range: entry.item.checkbox))
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
                    unmet.append(Finding(gate: "approved.signoffs", message: message, range: table?.range, alsoReportedBy: stale.isEmpty ? nil : SignOffRule().id))
                }
            } else {
                for role in roles where !valid.contains(where: { $0.role.lowercased() == role.lowercased() }) {
                    let existing = table?.entries.first { $0.role.lowercased() == role.lowercased() && $0.signedHash != nil }
                    let message = existing == nil ? "missing sign-off by \(role)" : "sign-off by \(role) is stale: the spec changed after it was signed"
                    unmet.append(Finding(gate: "approved.signoffs", message: message, range: existing?.row.range ?? table?.range, alsoReportedBy: existing == nil ? nil : SignOffRule().id))
                }
            }
        }
        return unmet
    }

    private func implementationGates(_ spec: Spec) -> [Finding] {
        guard config.implemented.implementationChecklists else { return [] }
        return ChecklistEntry.collect(spec).filter { !$0.item.checked && $0.inSection(matching: config.implemented.implementationSections) }.map { entry in
            Finding(gate: "implemented.implementation-checklists", message: "tick '\(entry.item.text)' (\(entry.path.last ?? "checklist"))", range: entry.item.checkbox)
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
