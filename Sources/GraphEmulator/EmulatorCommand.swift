import ArgumentParser
import Crypto
import Foundation
import GraphMapping
import HTTPTypes
import Hummingbird
import Logging
import Manifests
import _CryptoExtras

/// `entitle-graph-emulator`: Microsoft Graph v1.0 entitlement management, the directory lookups
/// entitle makes, and the sign-in endpoints, on loopback, for tests and for trying entitle without
/// a tenant.
@main
struct EmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entitle-graph-emulator",
        abstract: "An emulator of Microsoft Graph v1.0 entitlement management and sign-in, on loopback.",
        discussion: """
            Serves /v1.0 (entitlement management, $batch, users, groups, service principals,
            sites, organization), the token endpoint /{tenant}/oauth2/v2.0/token (client secret
            and client assertion), a managed-identity endpoint (/msi/token with
            X-IDENTITY-HEADER, /metadata/identity/oauth2/token with Metadata: true) and a
            GitHub Actions OIDC token endpoint (/github/token). The first line on standard output
            is 'listening on http://127.0.0.1:PORT'. docs/graph-emulator.md lists each behaviour
            and the page of the Graph documentation it follows.

            Example: try the tutorial against it
              entitle-graph-emulator --port 8400 --directory examples/tutorial/directory.yaml &
              export AZURE_AUTHORITY_HOST=http://127.0.0.1:8400 ENTITLE_GRAPH_URL=http://127.0.0.1:8400
              export AZURE_TENANT_ID=woodgrove.example AZURE_CLIENT_ID=entitle AZURE_CLIENT_SECRET=emulator-secret
              entitle plan examples/tutorial --tenant graph://woodgrove.example
            """
    )

    @Option(help: "The port to listen on (0 picks a free one).")
    var port = 0

    @Option(help: "The tenant's verified (default) domain.")
    var tenantDomain = "woodgrove.example"

    @Option(help: "The tenant id.")
    var tenantId = "4a5c1f7e-2b3d-4e6f-8a9b-0c1d2e3f4a5b"

    @Option(help: ArgumentHelp("A kind: Directory file whose users, groups, applications and sites the tenant has.", valueName: "file"))
    var directory: String?

    @Option(help: "The application (client) id the token endpoint accepts.")
    var clientId = "entitle"

    @Option(help: "The client secret the token endpoint accepts.")
    var clientSecret = "emulator-secret"

    @Option(help: ArgumentHelp("A PEM certificate whose key may sign client assertions.", valueName: "file"))
    var clientCertificate: String?

    @Option(help: ArgumentHelp("The PEM public key of --client-certificate.", valueName: "file"))
    var clientPublicKey: String?

    @Option(help: "The issuer of accepted federated tokens.")
    var federatedIssuer = "https://token.actions.githubusercontent.com"

    @Option(help: "The subject of accepted federated tokens.")
    var federatedSubject = "repo:woodgrove/entitlements:ref:refs/heads/main"

    @Option(help: "The bearer token the GitHub OIDC endpoint expects.")
    var githubRequestToken = "github-request-token"

    @Option(help: "The X-IDENTITY-HEADER the managed-identity endpoint expects.")
    var identityHeader = "identity-header"

    @Option(help: "Lifetime of issued access tokens, in seconds.")
    var tokenLifetime = 3599

    @Option(help: ArgumentHelp("The application permissions tokens carry (comma-separated).", valueName: "list"))
    var permissions =
        "EntitlementManagement.ReadWrite.All,User.Read.All,Group.Read.All,Application.Read.All,Sites.Read.All,Organization.Read.All,Directory.Read.All"

    @Option(help: "Items per page of a collection.")
    var pageSize = 100

    @Option(help: ArgumentHelp("Delay before every response, in milliseconds.", valueName: "ms"))
    var latency = 0

    @Option(help: ArgumentHelp("Every Nth request gets 429 with Retry-After (0: never); one request meets at most three faults in 30 seconds.", valueName: "n"))
    var throttleEvery = 0

    @Option(help: ArgumentHelp("The share of requests that get 503 (0 to 1); one request meets at most three faults in 30 seconds.", valueName: "p"))
    var failRate = 0.0

    @Option(help: ArgumentHelp("How long new objects stay invisible to reads, in seconds.", valueName: "seconds"))
    var consistencyDelay = 0.0

    @Option(
        help: ArgumentHelp(
            "For this long after start, advanced queries (ConsistencyLevel: eventual) find no user, group or service principal, as when Graph's index lags.",
            valueName: "seconds"))
    var indexLag = 0.0

    @Flag(
        help:
            "Refuse $expand of an access package's catalog or incompatibilities, or of a catalog's resources, which no v1.0 page shows (Graph may refuse them)."
    )
    var documentedExpandOnly = false

    @Option(help: ArgumentHelp("Keep the tenant in this file, across restarts.", valueName: "path"))
    var stateFile: String?

    @Option(help: ArgumentHelp("Write one JSON line per request to this file.", valueName: "file"))
    var log: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        guard pageSize >= 1 else { throw ValidationError("--page-size must be at least 1") }
        guard (0...1).contains(failRate) else { throw ValidationError("--fail-rate must be between 0 and 1") }
        guard throttleEvery >= 0, latency >= 0, consistencyDelay >= 0, indexLag >= 0, tokenLifetime >= 1 else {
            throw ValidationError("--throttle-every, --latency, --consistency-delay and --index-lag must not be negative")
        }
        if (clientCertificate == nil) != (clientPublicKey == nil) {
            throw ValidationError("--client-certificate and --client-public-key go together")
        }
    }

    func run() async throws {
        var data = stateFile.flatMap(EmulatedTenant.load(stateFile:)) ?? TenantData()
        if data.catalogs.order.isEmpty {
            let time = EmulatedTenant.timestamp()
            let id = EmulatedTenant.newID()
            data.catalogs.put(
                id,
                [
                    "id": .string(id), "displayName": "General", "description": "Built-in catalog.", "catalogType": "serviceDefault",
                    "state": "published", "isExternallyVisible": true, "createdDateTime": .string(time), "modifiedDateTime": .string(time),
                ])
        }
        if let directory { try DirectorySeeding.seed(&data, from: directory) }
        var thumbprint: String?
        var publicKey: _RSA.Signing.PublicKey?
        if let clientCertificate, let clientPublicKey {
            let pem = try String(contentsOfFile: clientCertificate, encoding: .utf8)
            let base64 = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
            guard let der = Data(base64Encoded: base64) else { throw ValidationError("--client-certificate is not a PEM certificate") }
            thumbprint = TokenService.base64URL(Data(SHA256.hash(data: der)))
            publicKey = try _RSA.Signing.PublicKey(pemRepresentation: String(contentsOfFile: clientPublicKey, encoding: .utf8))
        }
        let tenant = EmulatedTenant(
            settings: .init(
                tenantID: tenantId, domain: tenantDomain, pageSize: pageSize, consistencyDelay: consistencyDelay, stateFile: stateFile,
                documentedExpandOnly: documentedExpandOnly, indexLagUntil: Date().timeIntervalSince1970 + indexLag),
            data: data)
        let tokens = TokenService(
            settings: .init(
                tenantID: tenantId, domain: tenantDomain, clientID: clientId, clientSecret: clientSecret, tokenLifetime: tokenLifetime,
                permissions: Set(permissions.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }),
                certificateThumbprint: thumbprint, certificatePublicKey: publicKey, federatedIssuer: federatedIssuer,
                federatedSubject: federatedSubject, githubRequestToken: githubRequestToken, identityHeader: identityHeader))
        let server = EmulatorServer(
            tenant: tenant, tokens: tokens, faults: .init(throttleEvery: throttleEvery, failRate: failRate, latencyMilliseconds: latency),
            logPath: log)
        let application = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in await server.respond(to: request) },
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? 0
                await tenant.setBaseURL("http://127.0.0.1:\(bound)")
                FileHandle.standardOutput.write(Data("listening on http://127.0.0.1:\(bound)\n".utf8))
            },
            logger: Logger(label: "entitle-graph-emulator", factory: { _ in SwiftLogNoOpLogHandler() }))
        // The tenant goes to --state-file twice a second while it changes, and once more on the way
        // out (SIGTERM and SIGINT stop the server gracefully).
        let flusher = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(500))
                await tenant.saveIfChanged()
            }
        }
        try await application.runService()
        flusher.cancel()
        await tenant.saveIfChanged()
    }
}
