/// Deterministic, realistic manifest sets of any size, for benchmarks and tests: `packages` access
/// packages across catalogs (one file each), 1–3 policies per package with 1–3 approval stages,
/// questions, access reviews and expiry, connected organizations, and the Directory seed they all
/// refer to. The same size and seed give the same bytes on every machine.
public struct ManifestSetGenerator: Sendable {
    /// One generated file.
    public struct File: Hashable, Sendable {
        /// The path relative to the set's directory.
        public var path: String
        /// The YAML text.
        public var text: String
    }

    /// The number of access packages.
    public let packages: Int
    /// The seed of the pseudo-random choices.
    public let seed: UInt64

    /// Catalogs: one per 50 packages (at least one).
    public var catalogCount: Int { max(1, packages / 50) }
    /// Connected organizations: one per 100 packages (at least two).
    public var organizationCount: Int { max(2, packages / 100) }
    /// Users, groups, applications and sites in the directory.
    public var userCount: Int { max(20, packages / 4) }
    /// Groups.
    public var groupCount: Int { max(10, packages / 2) }

    /// Creates a generator.
    public init(packages: Int, seed: UInt64 = 1) {
        self.packages = packages
        self.seed = seed
    }

    /// Every file of the set.
    public func files() -> [File] {
        var files = [File(path: "directory.yaml", text: directory())]
        for catalog in 0..<catalogCount { files.append(File(path: "catalogs/catalog-\(catalog).yaml", text: catalogManifest(catalog))) }
        for organization in 0..<organizationCount {
            files.append(File(path: "organizations/organization-\(organization).yaml", text: organizationManifest(organization)))
        }
        for package in 0..<packages { files.append(packageFile(package)) }
        return files
    }

    /// The file of package `index`, with the expiry of its first policy set to `expiryDays` when given
    /// (a one-field change for plan and apply benchmarks).
    public func packageFile(_ index: Int, expiryDays: Int? = nil) -> File {
        File(path: "packages/\(index / 1000)/package-\(index).yaml", text: packageManifest(index, firstExpiry: expiryDays))
    }

    // MARK: Pieces

    private func directory() -> String {
        var out = "apiVersion: entitle/v1\nkind: Directory\nusers:\n"
        for user in 0..<userCount {
            out += "  - { userPrincipalName: user\(user)@woodgrove.example, displayName: User \(user) }\n"
        }
        out += "groups:\n"
        for group in 0..<groupCount { out += "  - { displayName: Group \(group) }\n" }
        out += "applications:\n"
        for catalog in 0..<catalogCount { out += "  - { displayName: Application \(catalog), roles: [Reader, Writer, Administrator] }\n" }
        out += "sites:\n"
        for catalog in 0..<catalogCount {
            out += "  - { url: 'https://woodgrove.sharepoint.com/sites/site\(catalog)', displayName: Site \(catalog), roles: [Visitors, Members] }\n"
        }
        return out
    }

    private func catalogManifest(_ index: Int) -> String {
        """
        apiVersion: entitle/v1
        kind: Catalog
        metadata:
          name: catalog-\(index)
        spec:
          displayName: Catalog \(index)
          description: Resources of department \(index)
          externallyVisible: \(index % 3 != 0)
          resources:
            - application: Application \(index)
            - site: https://woodgrove.sharepoint.com/sites/site\(index)

        """
    }

    private func organizationManifest(_ index: Int) -> String {
        """
        apiVersion: entitle/v1
        kind: ConnectedOrganization
        metadata:
          name: partner-\(index)
        spec:
          displayName: Partner \(index)
          description: Partner organization \(index)
          identitySources:
            - domain: partner\(index).example
              displayName: Partner \(index)
          internalSponsors:
            - user: user\(index % userCount)@woodgrove.example

        """
    }

    private func packageManifest(_ index: Int, firstExpiry: Int?) -> String {
        var random = SplitMix64(seed: seed &+ UInt64(index) &* 0x9E37_79B9)
        let catalog = index % catalogCount
        let external = catalog % 3 != 0
        var out = """
            apiVersion: entitle/v1
            kind: AccessPackage
            metadata:
              name: package-\(index)
            spec:
              displayName: Package \(index)
              description: Access package \(index) of catalog \(catalog)
              catalog: catalog-\(catalog)
              resourceRoles:
                - { group: Group \(index % groupCount), role: Member }

            """
        if random.int(0...1) == 1 { out += "    - { application: Application \(catalog), role: \(random.pick(["Reader", "Writer"])) }\n" }
        if random.int(0...2) == 0 { out += "    - { site: 'https://woodgrove.sharepoint.com/sites/site\(catalog)', role: Visitors }\n" }
        out += "  policies:\n"
        for policy in 0..<random.int(1...3) {
            let isExternal = external && policy == 1
            out += "    - name: policy-\(policy)\n      displayName: Policy \(policy) of package \(index)\n      requestors:\n"
            if isExternal {
                out +=
                    "        scope: specificConnectedOrganizationUsers\n        specific: [{ connectedOrganization: partner-\(index % organizationCount) }]\n"
            } else if random.int(0...1) == 0 {
                out += "        scope: allMemberUsers\n"
            } else {
                out += "        scope: specificDirectoryUsers\n        specific: [{ group: Group \((index + 1) % groupCount) }]\n"
            }
            out += "      requests: { allowExtension: \(random.int(0...1) == 1) }\n"
            let stages = isExternal ? random.int(1...3) : random.int(0...3)
            if stages > 0 {
                out += "      approval:\n        requestorJustification: true\n        stages:\n"
                for stage in 0..<stages {
                    let approver =
                        isExternal && stage == 0
                        ? "internalSponsors"
                        : random.pick([
                            "manager", "{ user: user\(random.int(0...userCount - 1))@woodgrove.example }", "{ group: Group \(random.int(0...groupCount - 1)) }",
                        ])
                    out += "          - approvers: [\(approver)]\n"
                    out += "            fallbackApprovers: [{ user: user\(stage)@woodgrove.example }]\n"
                    out += "            decisionWithin: \(random.pick(["7d", "14d", "3d"]))\n"
                }
            }
            let questions = random.int(0...2)
            if questions > 0 {
                out += "      questions:\n"
                for question in 0..<questions {
                    if question == 0 {
                        out += "        - text: Why do you need access to package \(index)?\n          required: true\n"
                    } else {
                        out += "        - text: Which environment?\n          answer: choice\n          choices:\n"
                        out += "            - { value: dev, text: Development }\n            - { value: prod, text: Production }\n"
                    }
                }
            }
            if random.int(0...1) == 1 {
                out += "      accessReviews:\n        recurrence: \(random.pick(["monthly", "quarterly"]))\n"
                out += "        reviewers: [manager]\n        fallbackReviewers: [{ user: user0@woodgrove.example }]\n        starting: 2027-01-01\n"
            }
            let days = policy == 0 ? (firstExpiry ?? 30 + random.int(0...335)) : 30 + random.int(0...335)
            out += "      expiration:\n        after: \(days)d\n"
        }
        return out
    }
}

/// SplitMix64: a small, fast pseudo-random generator that gives the same numbers on every platform,
/// so generated sets are the same bytes everywhere.
public struct SplitMix64: Sendable {
    private var state: UInt64

    /// Starts from `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `range`.
    public mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }

    /// A coin toss.
    public mutating func bool() -> Bool { next() & 1 == 1 }

    /// One of `items`.
    public mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }
}
