import Foundation
import GraphMapping

/// The identity platform's token endpoint (`{authority}/{tenant}/oauth2/v2.0/token`) with the
/// client-credentials grant: shared by the secret, certificate and federated credentials.
struct TokenEndpoint: Sendable {
    var endpoints: GraphEndpoints
    var tenant: String
    var clientID: String
    var transport = HTTPTransport()

    var url: String { "\(endpoints.authority)/\(tenant)/oauth2/v2.0/token" }

    /// Requests a token with `credentialFields` (`client_secret`, or `client_assertion` and its type).
    func token(credential: String, _ credentialFields: [(String, String)]) async throws(GraphError) -> AccessToken {
        let fields = [("grant_type", "client_credentials"), ("client_id", clientID), ("scope", endpoints.scope)] + credentialFields
        let reply: HTTPTransport.Reply
        do {
            reply = try await transport.send(
                method: "POST", url: url, headers: ["Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"],
                body: HTTPTransport.form(fields))
        } catch {
            throw .signIn(credential: credential, message: "cannot reach \(endpoints.authority): \(HTTPTransport.reason(error))", hint: nil)
        }
        return try Self.parse(reply, credential: credential)
    }

    /// A token response (`expires_in` as a number or, from managed identity, a string), or the
    /// AADSTS error it carries.
    static func parse(_ reply: HTTPTransport.Reply, credential: String) throws(GraphError) -> AccessToken {
        let json = GraphJSON.parse(reply.body)
        guard reply.status == 200, let json, let value = json["access_token"]?.stringValue else {
            let description = json?["error_description"]?.stringValue ?? json?["message"]?.stringValue ?? "HTTP \(reply.status)"
            let codes = (json?["error_codes"]?.arrayValue ?? []).compactMap(\.intValue)
            let code = json?["error"]?.stringValue.map { "\($0): " } ?? ""
            throw .signIn(credential: credential, message: code + Self.firstLine(description), hint: GraphErrorHints.signInHint(codes))
        }
        // `expires_in` (seconds), else `expires_on` (POSIX time: App Service sends only that), else
        // an hour, the platform's usual lifetime.
        let expires: Date
        if let lifetime = json["expires_in"]?.intValue, lifetime > 0 {
            expires = Date().addingTimeInterval(Double(lifetime))
        } else if let on = json["expires_on"]?.intValue {
            expires = Date(timeIntervalSince1970: Double(on))
        } else {
            expires = Date().addingTimeInterval(3599)
        }
        return AccessToken(value: value, expiresOn: expires)
    }

    /// AADSTS descriptions end with trace and correlation ids on further lines (after `\r\n`,
    /// one Character in Swift); the first says what happened.
    static func firstLine(_ text: String) -> String {
        String(text.split(whereSeparator: \.isNewline).first ?? Substring(text)).trimmingCharacters(in: .whitespaces)
    }
}
