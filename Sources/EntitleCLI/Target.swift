import Engine
import EntitlementModel
import Foundation
import GraphTenant
import Store

/// What a command works on: an embedded store (a local tenant and entitle's state in one file or
/// database), or a Microsoft Entra tenant read through Graph with entitle's state kept in a store
/// of its own. `StoreOptions.target` is the one place that turns options into one.
enum Target {
    /// An embedded SQLite or PostgreSQL store.
    case embedded(any StateStore)
    /// A live tenant and its state.
    case graph(LiveTenantTarget, client: GraphClient)

    /// The store that records entitle's inventory, lineage, serial and journal (`nil` for a Graph
    /// tenant whose state does not exist yet, opened only to read).
    var state: (any StateStore)? {
        switch self {
        case .embedded(let store): store
        case .graph(let target, _): target.state
        }
    }

    /// Where the objects are, for messages.
    var location: String {
        switch self {
        case .embedded(let store): store.location
        case .graph(let target, _): "\(target.tenant.location) (state \(target.state?.location ?? "not created yet"))"
        }
    }

    /// A snapshot to plan `desired` against, or (without) to show, export or import from.
    func snapshot(for desired: DesiredState?, namingReferences: Bool = false) async throws -> StoreSnapshot {
        switch self {
        case .embedded(let store): try await store.snapshot()
        case .graph(let target, _): try await target.snapshot(for: desired, namingReferences: namingReferences)
        }
    }
}

extension StoreOptions {
    /// The tenant name when the options (or `ENTITLE_TENANT`) name a Graph tenant, checking that
    /// `--store` is not given with it.
    func graphTenantName() throws -> String? {
        guard let name = try graph.tenantName(environment: ProcessInfo.processInfo.environment) else {
            if graph.stateURL != nil { throw CommandFailure("--state is the state of a Graph tenant: give --tenant graph://TENANT with it") }
            return nil
        }
        if url != nil {
            throw CommandFailure(
                "--store names an embedded store, which is a tenant of its own; give either --store, or --tenant with --state for a Graph tenant")
        }
        return name
    }

    /// Opens what the options name: the embedded store, or the Graph tenant (signing in, reading
    /// who it is) with its state store, opened for `access` and bound to the tenant on creation.
    func target(_ access: Access) async throws -> Target {
        guard let name = try graphTenantName() else {
            return .embedded(try await open(access))
        }
        let environment = ProcessInfo.processInfo.environment
        let auth = try graph.authMethod(environment: environment)
        var trace: (@Sendable (String) -> Void)?
        if graph.verbose { trace = { line in Terminal.err("graph: \(line)\n") } }
        let client: GraphClient
        do throws(GraphError) {
            let endpoints = try GraphEndpoints(cloud: graph.cloud, environment: environment)
            client = try GraphClient(tenant: name, endpoints: endpoints, auth: auth, environment: environment, trace: trace)
            Terminal.err("Signing in to graph://\(name) with the \(client.credentialName) credential.\n")
            try await client.signIn()
        } catch {
            throw CommandFailure(error.description)
        }
        let tenant = GraphTenantReader(client: client, name: name)
        let identity = try await tenant.identity()
        guard identity.isNamed(name) else {
            throw CommandFailure("graph://\(name) signed in to tenant \(identity.id), whose verified domains are \(identity.domains.joined(separator: ", "))")
        }
        let (stateURL, origin) = graph.stateURL(for: name, environment: environment)
        var state: (any StateStore)?
        if access == .create || Self.stateExists(stateURL) {
            state = try await Self.open(stateURL, origin: origin, access: access, lockTimeout: lockTimeout.seconds, stateOf: identity.id)
        }
        return .graph(try await LiveTenantTarget(tenant: tenant, identity: identity, state: state), client: client)
    }

    /// Whether a state is there to read: a SQLite file that exists, or any PostgreSQL URL (whose
    /// store says itself whether it exists).
    private static func stateExists(_ url: String) -> Bool {
        guard case .sqlite(let path)? = try? StoreLocation(url, origin: "") else { return true }
        return FileManager.default.fileExists(atPath: path)
    }
}
