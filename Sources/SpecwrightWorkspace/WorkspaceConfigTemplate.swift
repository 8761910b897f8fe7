/// The commented `specwright.yml` that `specwright init` writes.
public enum WorkspaceConfigTemplate {
    public static let text = """
        # Specwright workspace configuration. Every key is optional; the values shown are the defaults.
        # Commands use the nearest specwright.yml found upward from the current directory.

        # Where specs live (new writes here; check, list and status look here by default).
        specs: specs

        # Team templates: every *.md here is a template named after its file (one named like a
        # built-in replaces it). Built-in: feature-spec, system-design.
        templates: templates

        # Rule severities: error, warning, info or off. `specwright check --format json` lists rule ids.
        rules:
          # placeholder: warning
          # unchecked-item: info
          # sql: error

        # Gates a status change must pass (see README, "Lifecycle").
        gates:
          review:                                   # → IN_REVIEW
            no-errors: true                         # check reports no error
            no-placeholders-in-required-sections: true
            reviewers-named: true                   # where the template has a Reviewers field
          approved:                                 # → APPROVED
            review-checklists: true                 # every item in these sections ticked:
            review-sections: [review, approval, pre-implementation]
            signoffs: true                          # every required role signed, signatures current
          implemented:                              # → IMPLEMENTED
            implementation-checklists: true
            implementation-sections: [post-implementation, implementation plan]

        # Roles whose sign-off approval needs. Default: the rows of the template's sign-off table
        # (system-design: Technical Lead, Product Owner, Security Lead); a template without one needs
        # at least one sign-off.
        signoff:
          # roles: [Technical Lead, Security Lead]

        """
}
