/// Why talking to Microsoft Graph or signing in failed. Each reads as one paragraph for the person
/// at the terminal: what was asked, what Graph answered (its `code` and `request-id`), and what
/// usually fixes it. Tokens and secrets never appear in it.
public enum GraphError: Error, Sendable, CustomStringConvertible {
    /// An option or environment variable is wrong.
    case configuration(String)
    /// No credential could be found, or the one pinned is not configured.
    case noCredential(String)
    /// Sign-in failed (the token endpoint, managed identity, the Azure CLI).
    case signIn(credential: String, message: String, hint: String?)
    /// Graph answered with an error status.
    case http(Failure)
    /// Graph could not be reached, or the connection broke.
    case transport(method: String, path: String, reason: String)
    /// Graph's answer was not what the v1.0 contract promises.
    case unexpected(method: String, path: String, reason: String)

    /// One Graph error response.
    public struct Failure: Sendable, Hashable {
        /// The method.
        public var method: String
        /// The path below `/v1.0` (query included).
        public var path: String
        /// The status.
        public var status: Int
        /// Graph's error `code`.
        public var code: String
        /// Graph's error `message`.
        public var message: String
        /// Graph's `request-id`.
        public var requestID: String?
        /// The `client-request-id` entitle sent.
        public var clientRequestID: String
        /// What usually fixes it.
        public var hint: String?
    }

    /// The message.
    public var description: String {
        switch self {
        case .configuration(let message), .noCredential(let message): return message
        case .signIn(let credential, let message, let hint):
            return "sign-in with the \(credential) credential failed: \(message)" + (hint.map { "\n  hint: \($0)" } ?? "")
        case .http(let failure):
            var text = "Graph answered \(failure.method) \(failure.path) with \(failure.status) \(failure.code): \(failure.message)"
            text += " (request-id \(failure.requestID ?? "none"), client-request-id \(failure.clientRequestID))"
            if let hint = failure.hint { text += "\n  hint: \(hint)" }
            return text
        case .transport(let method, let path, let reason): return "cannot reach Graph for \(method) \(path): \(reason)"
        case .unexpected(let method, let path, let reason): return "Graph's answer to \(method) \(path) was not understood: \(reason)"
        }
    }

    /// The status of an HTTP failure.
    public var status: Int? {
        if case .http(let failure) = self { return failure.status }
        return nil
    }
}

/// What a Graph error usually means, for the hint under it.
enum GraphErrorHints {
    /// The permission a path needs, and what else to check.
    static func hint(method: String, path: String, status: Int, code: String) -> String? {
        switch status {
        case 401:
            return "the access token was refused; check that the credential belongs to this tenant and cloud (--cloud)"
        case 403:
            let write = method != "GET" && !path.hasPrefix("/$batch")
            let permission: String
            if path.hasPrefix("/identityGovernance") {
                permission = write ? "EntitlementManagement.ReadWrite.All" : "EntitlementManagement.Read.All"
                // Adding a group to a catalog as an application also needs the right to change the group.
                let groups = write && path.contains("/resourceRequests") ? " (and Group.ReadWrite.All to add groups to a catalog)" : ""
                return "the application needs the Microsoft Graph application permission \(permission)\(groups), with admin consent. "
                    + "'Access denied' also means the tenant lacks a Microsoft Entra ID P2 or Microsoft Entra ID Governance licence, "
                    + "or (signed in as a user) the user lacks at least the Identity Governance Administrator role"
            } else if path.hasPrefix("/users") {
                permission = "User.Read.All"
            } else if path.hasPrefix("/groups") {
                permission = "Group.Read.All"
            } else if path.hasPrefix("/servicePrincipals") {
                permission = "Application.Read.All"
            } else if path.hasPrefix("/sites") {
                permission = "Sites.Read.All"
            } else if path.hasPrefix("/organization") {
                permission = "Organization.Read.All"
            } else if path.hasPrefix("/directoryObjects") {
                permission = "Directory.Read.All"
            } else {
                return nil
            }
            return "the application needs the Microsoft Graph application permission \(permission) (to look up the names the manifests use), with admin consent"
        case 429: return "Graph kept throttling after every retry; run again later"
        default: return nil
        }
    }

    /// What an AADSTS code usually means.
    static func signInHint(_ codes: [Int]) -> String? {
        for code in codes {
            switch code {
            case 7_000_215:
                return "the client secret is wrong: AZURE_CLIENT_SECRET must be the secret's Value, not its Secret ID"
            case 7_000_222: return "the client secret has expired: create a new one under the app registration's Certificates & secrets"
            case 700_016:
                return
                    "no application with AZURE_CLIENT_ID exists in this tenant: check the client id and the tenant (AZURE_TENANT_ID, --tenant), or grant admin consent"
            case 700_027: return "the certificate is not registered on the application, or the key does not match it"
            case 90002, 900_023: return "the tenant was not found: check the tenant id or domain, and the cloud (--cloud)"
            case 90038: return "the tenant is in another national cloud: pass --cloud"
            case 70021, 700_212, 700_213:
                return "no federated credential on the application matches this token's issuer, subject and audience (api://AzureADTokenExchange)"
            case 7_000_112: return "the application is disabled"
            case 53003: return "Conditional Access blocked the sign-in"
            default: continue
            }
        }
        return nil
    }
}
