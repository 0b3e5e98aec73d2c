import Foundation

/// An access token and when it expires. Its value is opaque (never parsed) and never printed.
public struct AccessToken: Sendable {
    /// The bearer token.
    var value: String
    /// When it expires.
    var expiresOn: Date
    /// When to get a new one: five minutes before expiry, or half way through a shorter life
    /// (fixed when the token arrives).
    var refreshOn: Date

    init(value: String, expiresOn: Date) {
        self.value = value
        self.expiresOn = expiresOn
        let lifetime = max(0, expiresOn.timeIntervalSinceNow)
        refreshOn = expiresOn.addingTimeInterval(-min(300, lifetime / 2))
    }
}

/// A way to get access tokens for Graph (client secret, certificate, federated token, managed
/// identity, Azure CLI).
protocol TokenCredential: Sendable {
    /// The name shown on standard error ("client secret").
    var name: String { get }
    /// A new token.
    func token() async throws(GraphError) -> AccessToken
}

/// Caches a credential's token for the run and gets a new one before it expires, or when Graph
/// refuses it; one caller at a time gets a new one.
actor TokenProvider {
    let credential: any TokenCredential
    private var cached: AccessToken?

    init(credential: any TokenCredential) { self.credential = credential }

    /// A token valid for a while yet.
    func token() async throws(GraphError) -> String {
        if let cached, cached.refreshOn > Date() { return cached.value }
        let fresh = try await credential.token()
        cached = fresh
        return fresh.value
    }

    /// Forgets the cached token (Graph answered 401 to it).
    func invalidate() { cached = nil }
}
