import Diagnostics
import Engine
import EntitlementModel
import Foundation
import Manifests
import Planner
import Store
import Testing
import _StoreConformance

/// A manifest set applied to a store step by step, as a user would: the harness of the planner
/// and engine tests.
struct Scenario {
    let store: any StateStore
    private var counter = 0

    /// A scenario over `store` (default: a fresh in-memory store) with the tutorial's directory plus
    /// a few more objects loaded.
    static func make(store: (any StateStore)? = nil, directory: DirectorySeed = Scenario.directory) async throws -> Scenario {
        let store = store ?? InMemoryStore(lineage: "lineage-1", generalCatalogID: "general-catalog", settingsID: "tenant-settings")
        _ = try await DirectoryLoader.load(directory, into: store)
        return Scenario(store: store)
    }

    static let directory = DirectorySeed(
        users: [
            .init(userPrincipalName: "megan@woodgrove.example", displayName: "Megan Bowen"),
            .init(userPrincipalName: "alex@woodgrove.example", displayName: "Alex Wilber"),
            .init(userPrincipalName: "alex.w@woodgrove.example", displayName: "Alex Wilber"),
            .init(userPrincipalName: "adele@contoso.example", displayName: "Adele Vance", external: true),
        ],
        groups: [.init(displayName: "External collaboration"), .init(displayName: "Sales"), .init(displayName: "All staff", dynamic: true)],
        applications: [.init(displayName: "Payroll", roles: ["Reader", "Admin"])],
        sites: [.init(url: "https://woodgrove.sharepoint.com/sites/marketing", roles: ["Visitors", "Members"])])

    /// Loads manifests given as texts (path → YAML), failing the test on any error.
    static func desired(_ files: [String: String], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> DesiredState {
        let result = ManifestLoader().load(files: files.sorted { $0.key < $1.key }.map { SourceFile(path: $0.key, text: $0.value) })
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map { "\($0.id) \($0.message)" })", sourceLocation: sourceLocation)
        guard let state = result.state else { throw ScenarioFailure(description: "the manifests do not load") }
        return state
    }

    /// The plan for `files` against the store now.
    func plan(_ files: [String: String], options: PlanOptions = PlanOptions(), sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws
        -> PlanOutcome
    {
        try await Reconciler.plan(try Self.desired(files, sourceLocation: sourceLocation), store: store, options: options, toolVersion: "0.0.0-test")
    }

    /// Plans and applies `files`, failing the test if planning reports an error; returns the plan.
    @discardableResult
    mutating func apply(_ files: [String: String], options: PlanOptions = PlanOptions(), sourceLocation: Testing.SourceLocation = #_sourceLocation)
        async throws -> Plan
    {
        let outcome = try await plan(files, options: options, sourceLocation: sourceLocation)
        #expect(!outcome.diagnostics.containsErrors, "\(outcome.diagnostics.map { "\($0.id) \($0.message)" })", sourceLocation: sourceLocation)
        let plan = try #require(outcome.plan, sourceLocation: sourceLocation)
        if plan.summary.hasChanges {
            _ = try await Reconciler.apply(plan, to: store, context: context())
        }
        return plan
    }

    mutating func context() -> ApplyContext {
        counter += 1
        let prefix = "id-\(counter)-"
        let sequence = IDSequence()
        return ApplyContext(
            user: "tester", host: "test-host", time: "2026-11-29T00:00:00Z", toolVersion: "0.0.0-test",
            newID: { prefix + String(sequence.next()) })
    }
}

/// A scenario step that cannot go on.
struct ScenarioFailure: Error, CustomStringConvertible {
    var description: String
}

/// Numbers ids within one apply.
final class IDSequence: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}

/// Manifest texts for tests.
enum Manifest {
    static func package(
        _ name: String = "pkg", displayName: String? = nil, catalog: String = "General",
        roles: String = "    - { group: External collaboration, role: Member }",
        policies: String = Manifest.policy()
    ) -> String {
        """
        apiVersion: entitle/v1
        kind: AccessPackage
        metadata:
          name: \(name)
        spec:
          displayName: \(displayName ?? "Package \(name)")
          catalog: \(catalog)
          resourceRoles:
        \(roles)
          policies:
        \(policies)
        """
    }

    static func policy(
        _ name: String = "pol", scope: String = "allExternalUsers", expiry: String = "60d", approvers: String = "[internalSponsors]",
        extra: String = ""
    ) -> String {
        """
            - name: \(name)
              displayName: Policy \(name)
              requestors:
                scope: \(scope)
              approval:
                stages:
                  - approvers: \(approvers)
                    fallbackApprovers: [{ user: megan@woodgrove.example }]
                    decisionWithin: 14d
              expiration:
                after: \(expiry)
        \(extra)
        """
    }

    static func catalog(_ name: String, displayName: String? = nil, resources: String = "") -> String {
        """
        apiVersion: entitle/v1
        kind: Catalog
        metadata:
          name: \(name)
        spec:
          displayName: \(displayName ?? "Catalog \(name)")
        \(resources)
        """
    }
}
