import ManifestGenerator

/// Small pseudo-random manifest sets over `Scenario.directory`, for the convergence property test
/// (`ManifestGenerator` makes the large realistic ones for benchmarks).
struct RandomManifestSet {
    /// One policy's varying parts.
    struct PolicyShape {
        var name: String
        var external: Bool
        var stages: [String]
        var expiryDays: Int?
        var questions: Int
        var reviews: Bool
    }

    /// One package's varying parts.
    struct PackageShape {
        var name: String
        var catalog: String
        var roles: [String]
        var policies: [PolicyShape]
    }

    var catalogs: [String]
    var packages: [PackageShape]

    init(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let catalogs = (0..<random.int(0...2)).map { "catalog-\($0)" }
        self.catalogs = catalogs
        let roles = [
            "{ group: External collaboration, role: Member }", "{ group: Sales, role: Owner }", "{ application: Payroll, role: Reader }",
            "{ site: https://woodgrove.sharepoint.com/sites/marketing, role: Visitors }",
        ]
        let approvers = ["manager", "{ user: megan@woodgrove.example }", "{ group: Sales }", "internalSponsors"]
        var packages: [PackageShape] = []
        for index in 0..<random.int(1...5) {
            var chosen: [String] = []
            for role in roles where random.bool() || chosen.isEmpty && role == roles.last { chosen.append(role) }
            let policies = (0..<random.int(1...3)).map { index in
                let external = random.bool()
                // Users outside the directory always need approval.
                return PolicyShape(
                    name: "policy-\(index)", external: external,
                    stages: (0..<random.int(external ? 1...3 : 0...3)).map { _ in random.pick(approvers) },
                    expiryDays: random.bool() ? random.int(1...365) : nil, questions: random.int(0...2), reviews: random.bool())
            }
            packages.append(PackageShape(name: "package-\(index)", catalog: random.pick(["General"] + catalogs), roles: chosen, policies: policies))
        }
        self.packages = packages
    }

    /// The manifest files, path → YAML.
    var files: [String: String] {
        var files: [String: String] = [:]
        for catalog in catalogs { files["\(catalog).yaml"] = Manifest.catalog(catalog) }
        for package in packages {
            let policies: String = package.policies.map { (policy: PolicyShape) -> String in
                var extra = ""
                if policy.questions > 0 {
                    extra += "      questions:\n"
                    for index in 0..<policy.questions { extra += "        - text: Question \(index) of \(policy.name)?\n          required: \(index == 0)\n" }
                }
                if policy.reviews {
                    extra += """
                              accessReviews:
                                recurrence: quarterly
                                reviewers: [{ user: megan@woodgrove.example }]
                                starting: 2027-01-01

                        """
                }
                let stages = policy.stages.map { approver in
                    "          - approvers: [\(approver)]\n            fallbackApprovers: [{ user: megan@woodgrove.example }]\n            decisionWithin: 14d\n"
                }.joined()
                let approval = stages.isEmpty ? "" : "      approval:\n        stages:\n" + stages
                let expiry = policy.expiryDays.map { "        after: \($0)d" } ?? "        never: true"
                return """
                        - name: \(policy.name)
                          displayName: \(policy.name) of \(package.name)
                          requestors:
                            scope: \(policy.external ? "allExternalUsers" : "allMemberUsers")
                    \(approval)      expiration:
                    \(expiry)
                    \(extra)
                    """
            }.joined(separator: "\n")
            files["\(package.name).yaml"] = Manifest.package(
                package.name, catalog: package.catalog, roles: package.roles.map { (role: String) -> String in "    - " + role }.joined(separator: "\n"),
                policies: policies)
        }
        return files
    }
}
