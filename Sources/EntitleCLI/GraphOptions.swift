import ArgumentParser
import Foundation
import GraphTenant

/// `--tenant`, `--state`, `--cloud`, `--auth` and `--verbose`: how a command reaches a Microsoft
/// Entra tenant through Microsoft Graph, and where entitle keeps its state about it.
struct GraphOptions: ParsableArguments {
    @Option(
        name: .customLong("tenant"),
        help: ArgumentHelp(
            "A Microsoft Entra tenant: graph://TENANT-ID or graph://DOMAIN (default: $ENTITLE_TENANT). Without it, the embedded store is used.",
            valueName: "graph://tenant"))
    var tenantURL: String?

    @Option(
        name: .customLong("state"),
        help: ArgumentHelp(
            "Where entitle keeps its state about the tenant: sqlite:PATH or postgres://… (default: $ENTITLE_STATE, else sqlite:.entitle/state-TENANT-ID.db).",
            valueName: "url"))
    var stateURL: String?

    @Option(help: "The Microsoft cloud: global, usgov, usgov-dod or china.")
    var cloud: GraphCloud = .global

    @Option(
        help: ArgumentHelp(
            "Pin one sign-in method: secret, certificate, federated, github, managed-identity or azure-cli (default: $ENTITLE_AUTH, else the first the environment configures).",
            valueName: "method"))
    var auth: AuthMethod?

    @Flag(help: "Show each request to Graph and its timing on standard error.")
    var verbose = false

    @Option(
        help: ArgumentHelp(
            "How long a read after a write waits for Graph to show an object it has just made (Graph's replicas catch up within seconds).",
            valueName: "duration"))
    var consistencyTimeout = DurationArgument(seconds: 120)

    /// The tenant name in `graph://NAME`, from the flag or `ENTITLE_TENANT`; `nil` for the embedded store.
    func tenantName(environment: [String: String]) throws -> String? {
        guard let url = tenantURL ?? environment["ENTITLE_TENANT"].flatMap({ $0.isEmpty ? nil : $0 }) else { return nil }
        let origin = tenantURL != nil ? "--tenant" : "ENTITLE_TENANT"
        guard url.hasPrefix("graph://") else {
            throw CommandFailure(
                "\(origin) '\(url)' is not a tenant URL; write graph://TENANT-ID or graph://DOMAIN (for example graph://woodgrove.onmicrosoft.com)")
        }
        let name = String(url.dropFirst("graph://".count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }) else {
            throw CommandFailure("\(origin) '\(url)' names no tenant; write graph://TENANT-ID or graph://DOMAIN")
        }
        return name
    }

    /// The state URL in effect for the tenant with id `tenantID`.
    func stateURL(for tenantID: String, environment: [String: String]) -> (url: String, origin: String) {
        if let stateURL { return (stateURL, "--state") }
        if let env = environment["ENTITLE_STATE"], !env.isEmpty { return (env, "ENTITLE_STATE") }
        return ("sqlite:.entitle/state-\(tenantID.lowercased()).db", "the default state")
    }

    /// The sign-in method: the flag, else `ENTITLE_AUTH`.
    func authMethod(environment: [String: String]) throws -> AuthMethod? {
        if let auth { return auth }
        guard let text = environment["ENTITLE_AUTH"], !text.isEmpty else { return nil }
        guard let method = AuthMethod(rawValue: text) else {
            throw CommandFailure(
                "ENTITLE_AUTH '\(text)' is not a sign-in method; use one of: " + AuthMethod.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return method
    }
}

extension GraphCloud: ExpressibleByArgument {}
extension AuthMethod: ExpressibleByArgument {}
