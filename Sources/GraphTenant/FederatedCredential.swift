import Foundation
import GraphMapping

/// Sign-in with a token from another identity provider, exchanged at the token endpoint as a
/// client assertion (workload identity federation): read from `AZURE_FEDERATED_TOKEN_FILE` (read
/// again for every token, since Kubernetes and CI rotate it), or requested from GitHub Actions
/// (`ACTIONS_ID_TOKEN_REQUEST_URL` with `ACTIONS_ID_TOKEN_REQUEST_TOKEN`) for the audience
/// `api://AzureADTokenExchange`.
struct FederatedCredential: TokenCredential {
    enum Source: Sendable {
        case file(String)
        case github(requestURL: String, requestToken: String)
    }

    var endpoint: TokenEndpoint
    var source: Source
    var transport = HTTPTransport()

    static let audience = "api://AzureADTokenExchange"

    var name: String {
        switch source {
        case .file: "federated token file"
        case .github: "GitHub Actions OIDC"
        }
    }

    func token() async throws(GraphError) -> AccessToken {
        try await endpoint.token(credential: name, ClientAssertion.fields(try await assertion()))
    }

    private func assertion() async throws(GraphError) -> String {
        switch source {
        case .file(let path):
            guard let text = try? String(contentsOfFile: path, encoding: .utf8), !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw .signIn(credential: name, message: "AZURE_FEDERATED_TOKEN_FILE '\(path)' cannot be read or is empty", hint: nil)
            }
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        case .github(let requestURL, let requestToken):
            let separator = requestURL.contains("?") ? "&" : "?"
            let url = requestURL + separator + "audience=" + HTTPTransport.encoded(Self.audience)
            let reply: HTTPTransport.Reply
            do {
                reply = try await transport.send(method: "GET", url: url, headers: ["Authorization": "Bearer \(requestToken)", "Accept": "application/json"])
            } catch {
                throw .signIn(credential: name, message: "cannot reach ACTIONS_ID_TOKEN_REQUEST_URL: \(HTTPTransport.reason(error))", hint: nil)
            }
            guard reply.status == 200, let value = GraphJSON.parse(reply.body)?["value"]?.stringValue else {
                throw .signIn(
                    credential: name, message: "GitHub's OIDC token endpoint answered \(reply.status)",
                    hint: "the job needs 'permissions: id-token: write'")
            }
            return value
        }
    }
}
