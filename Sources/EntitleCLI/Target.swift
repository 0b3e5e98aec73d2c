import Engine
import EntitlementModel
import Foundation
import GraphTenant
import SQLiteStore
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
    func target(_ access: Access, lockTimeout: Double = 0) async throws -> Target {
        guard let name = try graphTenantName() else {
            return .embedded(try await open(access, lockTimeout: lockTimeout))
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
        let tenant = GraphTenantWriter(reader: GraphTenantReader(client: client, name: name), consistencyTimeout: graph.consistencyTimeout.seconds)
        let identity = try await tenant.identity()
        guard identity.isNamed(name) else {
            throw CommandFailure("graph://\(name) signed in to tenant \(identity.id), whose verified domains are \(identity.domains.joined(separator: ", "))")
        }
        // The default state is named after the tenant id, so every name of one tenant (its id,
        // each verified domain) finds the same state.
        let (stateURL, origin) = graph.stateURL(for: identity.id, environment: environment)
        var state: (any StateStore)?
        switch access {
        case .create, .existing:
            state = try await Self.open(stateURL, origin: origin, access: access, lockTimeout: lockTimeout, stateOf: identity.id)
        case .readOnly:
            // Reading a tenant needs no state: before one exists, nothing is managed there yet.
            state = try await Self.openExistingState(stateURL, origin: origin, lockTimeout: lockTimeout)
        }
        let target = try await LiveTenantTarget(tenant: tenant, identity: identity, state: state) { note in Terminal.err("note: \(note)\n") }
        return .graph(target, client: client)
    }

    /// Creates the state of the tenant `identity` (for an import into a tenant with none yet).
    func createState(for identity: TenantIdentity, lockTimeout: Double) async throws -> any StateStore {
        let (stateURL, origin) = graph.stateURL(for: identity.id, environment: ProcessInfo.processInfo.environment)
        return try await Self.open(stateURL, origin: origin, access: .create, lockTimeout: lockTimeout, stateOf: identity.id)
    }

    /// The state at `url` opened read-only, or `nil` if there is none there yet.
    private static func openExistingState(_ url: String, origin: String, lockTimeout: Double) async throws -> (any StateStore)? {
        switch try StoreLocation(url, origin: origin) {
        case .sqlite(let path):
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            return try SQLiteStore(path: path, lockTimeout: lockTimeout, readOnly: true)
        case .postgres(let configuration):
            let store = try await connect(configuration, lockTimeout: lockTimeout)
            guard try await store.exists() else { return nil }
            try await store.prepare(.readOnly)
            return store
        }
    }
}
