/// The contents of `specwright.yml`: where things live, rule severities, lifecycle gates and
/// required sign-off roles. Every key is optional; absent keys keep their defaults.
///
/// ```yaml
/// specs: specs
/// rules: { unchecked-item: off, placeholder: error }
/// gates: { review: { reviewers-named: false } }
/// signoff: { roles: [Technical Lead, Security Lead] }
/// ```
public struct WorkspaceConfig: Sendable, Decodable, Equatable {
    public var specs: String?
    public var templates: String?
    /// Rule id → `error`, `warning`, `info` or `off`.
    public var rules: [String: String]?
    public var gates: GateConfig?
    public var signoff: SignOffConfig?
    public var server: ServerSettings?

    /// The `server:` section: defaults for `specwright serve` (flags and SPECWRIGHT_* variables win).
    public struct ServerSettings: Sendable, Decodable, Equatable {
        public var host: String?
        public var port: Int?
        public var db: String?
        public var bodyLimit: Int?
        public var rateLimitBurst: Int?
        public var rateLimitPerSecond: Double?
        /// Sign-off role → the user role that may sign it (reader, author, reviewer, approver, admin).
        public var signoffRoles: [String: String]?
        /// Who may resolve a review concern besides its author: `admin` (the default) or `reviewer`
        /// (any user with the reviewer role or above).
        public var concernResolvers: String?
        /// MiB of current revisions (text and detail view) a server keeps in memory (default 64).
        public var specCacheMB: Int?

        enum CodingKeys: String, CodingKey {
            case host, port, db, bodyLimit = "body-limit", rateLimitBurst = "rate-limit-burst", rateLimitPerSecond = "rate-limit-per-second", signoffRoles = "signoff-roles"
            case concernResolvers = "concern-resolvers", specCacheMB = "spec-cache-mb"
        }
    }

    public init(specs: String? = nil, templates: String? = nil, rules: [String: String]? = nil, gates: GateConfig? = nil, signoff: SignOffConfig? = nil, server: ServerSettings? = nil) {
        self.server = server
        self.specs = specs
        self.templates = templates
        self.rules = rules
        self.gates = gates
        self.signoff = signoff
    }

    public struct SignOffConfig: Sendable, Decodable, Equatable {
        /// Roles whose sign-off approval needs (default: the template's sign-off table rows).
        public var roles: [String]?
    }

    /// Severity overrides for the checker; throws on an unknown rule id or severity.
    public func severities(knownRules: [String]) throws -> [String: Severity?] {
        var result: [String: Severity?] = [:]
        for (rule, value) in rules ?? [:] {
            guard knownRules.contains(rule) else {
                throw SpecwrightError.invalid("\(Workspace.configFileName): unknown rule '\(rule)' under rules; known rules: \(knownRules.joined(separator: ", "))")
            }
            if value.lowercased() == "off" {
                result[rule] = .some(nil)
            } else if let severity = Severity(rawValue: value.lowercased()) {
                result[rule] = .some(severity)
            } else {
                throw SpecwrightError.invalid("\(Workspace.configFileName): rule '\(rule)' has severity '\(value)'; use error, warning, info or off")
            }
        }
        return result
    }
}

/// Which gates guard which transitions. Every gate is on by default.
public struct GateConfig: Sendable, Decodable, Equatable {
    public struct Review: Sendable, Decodable, Equatable {
        public var noErrors: Bool = true
        public var noPlaceholdersInRequiredSections: Bool = true
        public var reviewersNamed: Bool = true

        enum CodingKeys: String, CodingKey {
            case noErrors = "no-errors", noPlaceholdersInRequiredSections = "no-placeholders-in-required-sections", reviewersNamed = "reviewers-named"
        }

        public init() {}

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            noErrors = try container.decodeIfPresent(Bool.self, forKey: .noErrors) ?? true
            noPlaceholdersInRequiredSections = try container.decodeIfPresent(Bool.self, forKey: .noPlaceholdersInRequiredSections) ?? true
            reviewersNamed = try container.decodeIfPresent(Bool.self, forKey: .reviewersNamed) ?? true
        }
    }

    public struct Approved: Sendable, Decodable, Equatable {
        public var reviewChecklists: Bool = true
        public var signOffs: Bool = true
        /// Checklist sections whose items approval needs ticked, matched as lower-case substrings of section titles.
        public var reviewSections: [String] = ["review", "approval", "pre-implementation"]

        enum CodingKeys: String, CodingKey { case reviewChecklists = "review-checklists", signOffs = "signoffs", reviewSections = "review-sections" }

        public init() {}

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            reviewChecklists = try container.decodeIfPresent(Bool.self, forKey: .reviewChecklists) ?? true
            signOffs = try container.decodeIfPresent(Bool.self, forKey: .signOffs) ?? true
            reviewSections = try container.decodeIfPresent([String].self, forKey: .reviewSections)?.map { $0.lowercased() } ?? reviewSections
        }
    }

    public struct Implemented: Sendable, Decodable, Equatable {
        public var implementationChecklists: Bool = true
        /// Checklist sections whose items IMPLEMENTED needs ticked.
        public var implementationSections: [String] = ["post-implementation", "implementation plan"]

        enum CodingKeys: String, CodingKey { case implementationChecklists = "implementation-checklists", implementationSections = "implementation-sections" }

        public init() {}

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            implementationChecklists = try container.decodeIfPresent(Bool.self, forKey: .implementationChecklists) ?? true
            implementationSections = try container.decodeIfPresent([String].self, forKey: .implementationSections)?.map { $0.lowercased() } ?? implementationSections
        }
    }

    public var review = Review()
    public var approved = Approved()
    public var implemented = Implemented()

    public init() {}

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        review = try container.decodeIfPresent(Review.self, forKey: .review) ?? Review()
        approved = try container.decodeIfPresent(Approved.self, forKey: .approved) ?? Approved()
        implemented = try container.decodeIfPresent(Implemented.self, forKey: .implemented) ?? Implemented()
    }

    enum CodingKeys: String, CodingKey { case review, approved, implemented }
}
