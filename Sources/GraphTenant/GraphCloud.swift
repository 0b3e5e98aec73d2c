import Foundation

/// A Microsoft cloud: where tokens are issued, where Graph answers and where My Access lives, chosen
/// together so that a token from one cloud is never sent to another.
public enum GraphCloud: String, CaseIterable, Sendable {
    /// The global cloud (also Microsoft 365 GCC).
    case global
    /// US Government L4 (GCC High).
    case usgov
    /// US Government L5 (DoD).
    case usgovDoD = "usgov-dod"
    /// Microsoft Azure operated by 21Vianet.
    case china

    /// The authority host.
    public var authorityHost: String {
        switch self {
        case .global: "https://login.microsoftonline.com"
        case .usgov, .usgovDoD: "https://login.microsoftonline.us"
        case .china: "https://login.chinacloudapi.cn"
        }
    }

    /// Graph's base URL (without `/v1.0`).
    public var graphURL: String {
        switch self {
        case .global: "https://graph.microsoft.com"
        case .usgov: "https://graph.microsoft.us"
        case .usgovDoD: "https://dod-graph.microsoft.us"
        case .china: "https://microsoftgraph.chinacloudapi.cn"
        }
    }

    /// The My Access portal.
    public var myAccessHost: String {
        switch self {
        case .global: "https://myaccess.microsoft.com"
        case .usgov, .usgovDoD: "https://myaccess.microsoft.us"
        case .china: "https://myaccess.microsoftonline.cn"
        }
    }
}

/// The hosts a run talks to: the cloud's, or those `AZURE_AUTHORITY_HOST` and `ENTITLE_GRAPH_URL`
/// give (how tests and users reach the emulator). Plain `http` is accepted for loopback only, so a
/// token never crosses a network unencrypted.
public struct GraphEndpoints: Sendable, Hashable {
    /// The authority, e.g. `https://login.microsoftonline.com`.
    public var authority: String
    /// Graph, e.g. `https://graph.microsoft.com`.
    public var graph: String
    /// The token scope: the cloud's Graph resource with `/.default` (the real one, also when Graph is overridden).
    public var scope: String
    /// Graph's resource URI for managed identity and the Azure CLI.
    public var resource: String
    /// The My Access host for links.
    public var myAccess: String

    /// The endpoints of `cloud`, overridden from `environment`.
    public init(cloud: GraphCloud, environment: [String: String]) throws(GraphError) {
        authority = try Self.checked(environment["AZURE_AUTHORITY_HOST"].map(Self.withScheme) ?? cloud.authorityHost, "AZURE_AUTHORITY_HOST")
        graph = try Self.checked(environment["ENTITLE_GRAPH_URL"] ?? cloud.graphURL, "ENTITLE_GRAPH_URL")
        resource = cloud.graphURL
        scope = cloud.graphURL + "/.default"
        myAccess = cloud.myAccessHost
    }

    /// Python's SDK takes a bare host (`login.microsoftonline.us`); Go's a URL. Both are accepted.
    private static func withScheme(_ host: String) -> String { host.contains("://") ? host : "https://" + host }

    private static func checked(_ url: String, _ name: String) throws(GraphError) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        guard let parsed = URL(string: url), let scheme = parsed.scheme, let host = parsed.host, !host.isEmpty else {
            throw GraphError.configuration("\(name) '\(url)' is not a URL such as https://login.microsoftonline.com")
        }
        switch scheme {
        case "https": return url
        case "http" where isLoopback(host): return url
        case "http":
            throw GraphError.configuration("\(name) '\(url)' uses plain http, which is accepted only for loopback addresses (127.0.0.1, ::1, localhost)")
        default: throw GraphError.configuration("\(name) '\(url)' must be an https URL")
        }
    }

    /// `localhost`, `::1`, or an IPv4 address in 127.0.0.0/8 (four numbers, not a name that
    /// merely starts with "127.").
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { part in !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII) && UInt8(part) != nil }
    }
}
