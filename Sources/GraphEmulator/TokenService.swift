import Crypto
import Foundation
import GraphMapping
import _CryptoExtras

/// The Microsoft identity platform's side of sign-in: the token endpoint
/// (`/{tenant}/oauth2/v2.0/token`, client secret or client assertion), a managed-identity endpoint
/// (App Service and IMDS shapes) and a GitHub Actions OIDC token endpoint. Tokens are opaque
/// random strings, remembered with their expiry and permissions.
actor TokenService {
    struct Settings {
        var tenantID: String
        var domain: String
        var clientID: String
        var clientSecret: String
        var tokenLifetime: Int
        var permissions: Set<String>
        /// base64url SHA-256 of the client certificate (DER), and its public key, for assertions.
        var certificateThumbprint: String?
        var certificatePublicKey: _RSA.Signing.PublicKey?
        /// The federated credential: issuer and subject of accepted external tokens.
        var federatedIssuer: String
        var federatedSubject: String
        /// What `Authorization: Bearer` the GitHub OIDC endpoint and `X-IDENTITY-HEADER` the
        /// managed-identity endpoint expect.
        var githubRequestToken: String
        var identityHeader: String
    }

    struct Issued {
        var expires: Date
        var permissions: Set<String>
    }

    let settings: Settings
    private var tokens: [String: Issued] = [:]

    init(settings: Settings) { self.settings = settings }

    /// The permissions of a bearer token, or why it is refused.
    func validate(authorization: String?) throws(EmulatorError) -> Set<String> {
        guard let authorization, authorization.hasPrefix("Bearer ") else {
            throw EmulatorError(401, "InvalidAuthenticationToken", "Access token is empty.")
        }
        guard let issued = tokens[String(authorization.dropFirst(7))] else {
            throw EmulatorError(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.")
        }
        guard issued.expires > Date() else {
            throw EmulatorError(401, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.")
        }
        return issued.permissions
    }

    private func issue() -> (token: String, lifetime: Int) {
        let token = (0..<4).map { _ in UUID().uuidString.replacingOccurrences(of: "-", with: "") }.joined()
        tokens[token] = Issued(expires: Date().addingTimeInterval(Double(settings.tokenLifetime)), permissions: settings.permissions)
        return (token, settings.tokenLifetime)
    }

    /// An AADSTS error response.
    private func aadError(_ status: Int, _ error: String, _ code: Int, _ description: String) -> EmulatedResponse {
        let trace = EmulatedTenant.newID()
        let correlation = EmulatedTenant.newID()
        let time = EmulatedTenant.timestamp()
        return .json(
            status,
            [
                "error": .string(error),
                "error_description": .string("AADSTS\(code): \(description) Trace ID: \(trace) Correlation ID: \(correlation) Timestamp: \(time)"),
                "error_codes": [.number(Double(code))], "timestamp": .string(time), "trace_id": .string(trace),
                "correlation_id": .string(correlation),
            ])
    }

    /// `POST /{tenant}/oauth2/v2.0/token` with a form body.
    func token(tenant: String, form: [String: String]) -> EmulatedResponse {
        guard tenant.lowercased() == settings.tenantID.lowercased() || tenant.lowercased() == settings.domain.lowercased() else {
            return aadError(
                400, "invalid_request", 90002,
                "Tenant '\(tenant)' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.")
        }
        guard form["grant_type"] == "client_credentials" else {
            return aadError(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '\(form["grant_type"] ?? "")'.")
        }
        guard let scope = form["scope"], scope.hasSuffix("/.default") else {
            return aadError(
                400, "invalid_scope", 1_002_012,
                "The provided value for scope \(form["scope"] ?? "") is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI)."
            )
        }
        guard form["client_id"] == settings.clientID else {
            return aadError(
                400, "unauthorized_client", 700016,
                "Application with identifier '\(form["client_id"] ?? "")' was not found in the directory '\(settings.domain)'.")
        }
        if let secret = form["client_secret"] {
            guard secret == settings.clientSecret else {
                return aadError(
                    401, "invalid_client", 7_000_215,
                    "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '\(settings.clientID)'."
                )
            }
        } else if let assertion = form["client_assertion"] {
            guard form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" else {
                return aadError(400, "invalid_request", 900_144, "The request body must contain the following parameter: 'client_assertion_type'.")
            }
            if let problem = checkAssertion(assertion, tenant: tenant) { return aadError(401, "invalid_client", problem.code, problem.text) }
        } else {
            return aadError(401, "invalid_client", 7_000_218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.")
        }
        let (token, lifetime) = issue()
        return .json(
            200,
            ["token_type": "Bearer", "expires_in": .number(Double(lifetime)), "ext_expires_in": .number(Double(lifetime)), "access_token": .string(token)])
    }

    /// Why a client assertion is refused: a certificate-signed one must carry the registered
    /// certificate's `x5t#S256` and a valid PS256 signature; a federated one must come from the
    /// registered issuer and subject with audience `api://AzureADTokenExchange`.
    private func checkAssertion(_ assertion: String, tenant: String) -> (code: Int, text: String)? {
        let parts = assertion.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let header = Self.decodeSegment(parts[0]), let claims = Self.decodeSegment(parts[1]) else {
            return (50027, "JWT token is invalid or malformed.")
        }
        guard let expiry = claims["exp"]?.intValue, Double(expiry) > Date().timeIntervalSince1970 else {
            return (700024, "Client assertion is not within its valid time range.")
        }
        if let thumbprint = header["x5t#S256"]?.stringValue {
            guard header["alg"]?.stringValue == "PS256" else { return (5_002_738, "Invalid JWT token. 'alg' must be PS256.") }
            guard thumbprint == settings.certificateThumbprint, let key = settings.certificatePublicKey,
                let signature = Self.base64URLDecode(parts[2])
            else {
                return (700027, "The certificate with identifier used to sign the client assertion is not registered on application.")
            }
            let signed = Data((parts[0] + "." + parts[1]).utf8)
            guard key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: signed, padding: .PSS) else {
                return (700027, "Client assertion failed signature validation.")
            }
            guard claims["iss"]?.stringValue == settings.clientID, claims["sub"]?.stringValue == settings.clientID else {
                return (700023, "Client assertion audience claim does not match Realm issuer.")
            }
            guard let audience = claims["aud"]?.stringValue, audience.hasSuffix("/\(tenant)/oauth2/v2.0/token") else {
                return (700212, "No matching federated identity record found for presented assertion audience '\(claims["aud"]?.stringValue ?? "")'.")
            }
            return nil
        }
        guard claims["iss"]?.stringValue == settings.federatedIssuer, claims["sub"]?.stringValue == settings.federatedSubject else {
            return (
                70021,
                "No matching federated identity record found for presented assertion. Assertion Issuer: '\(claims["iss"]?.stringValue ?? "")'. Assertion Subject: '\(claims["sub"]?.stringValue ?? "")'."
            )
        }
        guard claims["aud"]?.stringValue == "api://AzureADTokenExchange" else {
            return (700212, "No matching federated identity record found for presented assertion audience '\(claims["aud"]?.stringValue ?? "")'.")
        }
        return nil
    }

    /// The managed-identity endpoint: App Service's shape (`X-IDENTITY-HEADER`) or IMDS's (`Metadata: true`).
    func managedIdentity(headers: [String: String], query: ODataQuery, imds: Bool) -> EmulatedResponse {
        if imds {
            guard headers["metadata"] == "true" else {
                return .json(400, ["error": "invalid_request", "error_description": "Required metadata header not specified"])
            }
        } else {
            guard headers["x-identity-header"] == settings.identityHeader else {
                return .json(401, ["error": "invalid_request", "error_description": "X-IDENTITY-HEADER is missing or wrong"])
            }
        }
        guard query.options["resource"] != nil else {
            return .json(400, ["error": "invalid_request", "error_description": "Required query variable 'resource' is missing"])
        }
        let (token, lifetime) = issue()
        let expiresOn = Int(Date().timeIntervalSince1970) + lifetime
        // Managed-identity endpoints send their numbers as strings.
        return .json(
            200,
            [
                "access_token": .string(token), "expires_in": .string(String(lifetime)), "expires_on": .string(String(expiresOn)),
                "resource": .string(query.options["resource"] ?? ""), "token_type": "Bearer", "client_id": .string(settings.clientID),
            ])
    }

    /// GitHub's OIDC token endpoint: `{"value": "<jwt>"}` for the audience asked for.
    func githubToken(authorization: String?, query: ODataQuery) -> EmulatedResponse {
        guard authorization == "Bearer \(settings.githubRequestToken)" else {
            return .json(401, ["message": "Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable or the request token is wrong"])
        }
        let now = Int(Date().timeIntervalSince1970)
        let header: GraphJSON = ["alg": "RS256", "typ": "JWT", "kid": "emulator"]
        let claims: GraphJSON = [
            "iss": .string(settings.federatedIssuer), "sub": .string(settings.federatedSubject),
            "aud": .string(query.options["audience"] ?? "https://github.com/emulator"), "iat": .number(Double(now)),
            "nbf": .number(Double(now)), "exp": .number(Double(now + 300)),
        ]
        let jwt = [header, claims].map { Self.base64URL(Data($0.text.utf8)) }.joined(separator: ".") + ".c2lnbmF0dXJl"
        return .json(200, ["count": 1, "value": .string(jwt)])
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func base64URLDecode(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }

    static func decodeSegment(_ text: String) -> GraphJSON? { base64URLDecode(text).flatMap { GraphJSON.parse($0) } }
}
