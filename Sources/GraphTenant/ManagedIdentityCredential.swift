import Foundation
import GraphMapping

/// Sign-in as the Azure resource's managed identity: App Service and Functions
/// (`IDENTITY_ENDPOINT` with `IDENTITY_HEADER`), or the instance metadata service of a VM or AKS
/// node (`http://169.254.169.254`, or `AZURE_POD_IDENTITY_AUTHORITY_HOST`). A user-assigned
/// identity is chosen with `AZURE_CLIENT_ID`.
struct ManagedIdentityCredential: TokenCredential {
    var endpoints: GraphEndpoints
    var environment: [String: String]
    var transport = HTTPTransport()

    var name: String { "managed identity" }

    func token() async throws(GraphError) -> AccessToken {
        let resource = HTTPTransport.encoded(endpoints.resource)
        var url: String
        var headers: [String: String]
        if let endpoint = environment["IDENTITY_ENDPOINT"], let header = environment["IDENTITY_HEADER"] {
            url = "\(endpoint)?api-version=2019-08-01&resource=\(resource)"
            headers = ["X-IDENTITY-HEADER": header]
        } else {
            let host = environment["AZURE_POD_IDENTITY_AUTHORITY_HOST"] ?? "http://169.254.169.254"
            url = "\(host.hasSuffix("/") ? String(host.dropLast()) : host)/metadata/identity/oauth2/token?api-version=2018-02-01&resource=\(resource)"
            headers = ["Metadata": "true"]
        }
        if let clientID = environment["AZURE_CLIENT_ID"] { url += "&client_id=\(clientID)" }
        let reply: HTTPTransport.Reply
        do {
            reply = try await transport.send(method: "GET", url: url, headers: headers)
        } catch {
            throw .signIn(
                credential: name, message: "no managed identity endpoint answered: \(HTTPTransport.reason(error))",
                hint:
                    "managed identity works only on Azure (VM, AKS, App Service, Functions); elsewhere set AZURE_CLIENT_ID with AZURE_CLIENT_SECRET or a federated token"
            )
        }
        return try TokenEndpoint.parse(reply, credential: name)
    }
}
