import Foundation

/// The ways to sign in, in the order the Azure SDKs try them; `--auth` (or `ENTITLE_AUTH`) pins one.
public enum AuthMethod: String, CaseIterable, Sendable {
    /// `AZURE_CLIENT_ID` and `AZURE_CLIENT_SECRET`.
    case secret
    /// `AZURE_CLIENT_ID` and `AZURE_CLIENT_CERTIFICATE_PATH`.
    case certificate
    /// `AZURE_CLIENT_ID` and `AZURE_FEDERATED_TOKEN_FILE`.
    case federated
    /// `AZURE_CLIENT_ID`, `ACTIONS_ID_TOKEN_REQUEST_URL` and `ACTIONS_ID_TOKEN_REQUEST_TOKEN`.
    case github
    /// The Azure resource's managed identity.
    case managedIdentity = "managed-identity"
    /// `az account get-access-token`.
    case azureCLI = "azure-cli"
}

/// Chooses the credential: the pinned one, else the first whose environment variables are set,
/// else managed identity where its endpoint is configured, else the Azure CLI where `az` is
/// installed. A credential that is chosen and then fails is an error, never a silent fall-through
/// to the next (a misconfigured secret must not turn into someone's `az login`).
enum CredentialChain {
    static func credential(
        pinned: AuthMethod?, tenant: String, endpoints: GraphEndpoints, environment: [String: String]
    ) throws(GraphError) -> any TokenCredential {
        let method: AuthMethod
        if let pinned { method = pinned } else { method = try detected(environment) }
        func clientID() throws(GraphError) -> String {
            guard let id = environment["AZURE_CLIENT_ID"], !id.isEmpty else {
                throw .noCredential("--auth \(method.rawValue) needs AZURE_CLIENT_ID (the application's client id)")
            }
            return id
        }
        func required(_ name: String) throws(GraphError) -> String {
            guard let value = environment[name], !value.isEmpty else { throw .noCredential("--auth \(method.rawValue) needs \(name)") }
            return value
        }
        switch method {
        case .secret:
            return ClientSecretCredential(
                endpoint: TokenEndpoint(endpoints: endpoints, tenant: tenant, clientID: try clientID()), secret: try required("AZURE_CLIENT_SECRET"))
        case .certificate:
            return try ClientCertificateCredential(
                endpoint: TokenEndpoint(endpoints: endpoints, tenant: tenant, clientID: try clientID()),
                path: try required("AZURE_CLIENT_CERTIFICATE_PATH"))
        case .federated:
            return FederatedCredential(
                endpoint: TokenEndpoint(endpoints: endpoints, tenant: tenant, clientID: try clientID()),
                source: .file(try required("AZURE_FEDERATED_TOKEN_FILE")))
        case .github:
            return FederatedCredential(
                endpoint: TokenEndpoint(endpoints: endpoints, tenant: tenant, clientID: try clientID()),
                source: .github(requestURL: try required("ACTIONS_ID_TOKEN_REQUEST_URL"), requestToken: try required("ACTIONS_ID_TOKEN_REQUEST_TOKEN")))
        case .managedIdentity:
            return ManagedIdentityCredential(endpoints: endpoints, environment: environment)
        case .azureCLI:
            return AzureCLICredential(endpoints: endpoints, tenant: tenant)
        }
    }

    /// The first method whose environment is set.
    static func detected(_ environment: [String: String]) throws(GraphError) -> AuthMethod {
        func has(_ name: String) -> Bool { !(environment[name] ?? "").isEmpty }
        if has("AZURE_CLIENT_ID") {
            if has("AZURE_CLIENT_SECRET") { return .secret }
            if has("AZURE_CLIENT_CERTIFICATE_PATH") { return .certificate }
            if has("AZURE_FEDERATED_TOKEN_FILE") { return .federated }
            if has("ACTIONS_ID_TOKEN_REQUEST_URL"), has("ACTIONS_ID_TOKEN_REQUEST_TOKEN") { return .github }
        }
        if has("IDENTITY_ENDPOINT") || has("AZURE_POD_IDENTITY_AUTHORITY_HOST") { return .managedIdentity }
        let path = environment["PATH"] ?? ""
        if path.split(separator: ":").contains(where: { FileManager.default.isExecutableFile(atPath: "\($0)/az") }) { return .azureCLI }
        throw .noCredential(
            """
            no credential found for Microsoft Graph. Set one of:
              AZURE_CLIENT_ID + AZURE_CLIENT_SECRET                      (a client secret)
              AZURE_CLIENT_ID + AZURE_CLIENT_CERTIFICATE_PATH            (a PEM certificate with its key)
              AZURE_CLIENT_ID + AZURE_FEDERATED_TOKEN_FILE               (workload identity federation)
              AZURE_CLIENT_ID + ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN      (GitHub Actions OIDC)
            or run on Azure with a managed identity (--auth managed-identity), or sign in with 'az login' (--auth azure-cli)
            """)
    }
}
