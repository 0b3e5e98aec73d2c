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
/// refuses it. Requests running side by side share one sign-in: the first starts it, the others
/// wait for it.
actor TokenProvider {
    let credential: any TokenCredential
    private var cached: AccessToken?
    private var pending: Task<AccessToken, any Error>?

    init(credential: any TokenCredential) { self.credential = credential }

    /// A token valid for a while yet.
    func token() async throws(GraphError) -> String {
        if let cached, cached.refreshOn > Date() { return cached.value }
        let task: Task<AccessToken, any Error>
        if let pending {
            task = pending
        } else {
            let credential = self.credential
            task = Task { try await credential.token() }
            pending = task
        }
        do {
            let fresh = try await task.value
            if pending == task {
                cached = fresh
                pending = nil
            }
            return fresh.value
        } catch {
            if pending == task { pending = nil }
            throw (error as? GraphError) ?? .signIn(credential: credential.name, message: String(describing: error), hint: nil)
        }
    }

    /// Forgets `token` (Graph answered 401 to it), unless a newer one replaced it meanwhile.
    func invalidate(_ token: String) {
        if cached?.value == token { cached = nil }
    }
}
