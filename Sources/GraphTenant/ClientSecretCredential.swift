/// Sign-in with a client secret (`AZURE_CLIENT_SECRET`).
struct ClientSecretCredential: TokenCredential {
    var endpoint: TokenEndpoint
    var secret: String

    var name: String { "client secret" }

    func token() async throws(GraphError) -> AccessToken {
        try await endpoint.token(credential: name, [("client_secret", secret)])
    }
}
