import Foundation
import Testing
import _TestSupport

/// Every way to sign in, against the emulator's token, managed-identity and GitHub OIDC endpoints:
/// the credential is named on standard error, failures are explained, and no secret ever appears
/// in what entitle prints.
@Suite(.serialized) struct GraphSignInTests {
    static let secrets = [GraphEmulatorProcess.clientSecret, "github-request-token", "identity-header", "PRIVATE KEY"]

    /// Plans the tutorial against `emulator` with exactly `environment` for sign-in (plus the hosts).
    static func plan(_ emulator: GraphEmulatorProcess, _ environment: [String: String], arguments: [String] = []) throws -> ProcessOutcome {
        let root = try EntitleProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        var env = ["AZURE_AUTHORITY_HOST": emulator.url, "ENTITLE_GRAPH_URL": emulator.url, "PATH": "/usr/bin:/bin"]
        for (key, value) in environment { env[key] = value }
        let outcome = try EntitleProcess.run(
            ["plan", EntitleProcess.packageRoot.appendingPathComponent("examples/tutorial").path, "--tenant", "graph://woodgrove.example"] + arguments,
            in: root, environment: env)
        for secret in secrets {
            #expect(!outcome.stdout.contains(secret) && !outcome.stderr.contains(secret), "'\(secret)' appeared in the output")
        }
        #expect(!outcome.stderr.contains("Bearer "), "a bearer token appeared in the output")
        return outcome
    }

    static func tutorialEmulator(_ arguments: [String] = []) throws -> GraphEmulatorProcess {
        try GraphEmulatorProcess(["--directory", "examples/tutorial/directory.yaml"] + arguments)
    }

    @Test func aClientSecretSignsIn() throws {
        let emulator = try Self.tutorialEmulator()
        let outcome = try Self.plan(
            emulator, ["AZURE_CLIENT_ID": "entitle", "AZURE_CLIENT_SECRET": GraphEmulatorProcess.clientSecret], arguments: ["--verbose"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("with the client secret credential"))
        #expect(outcome.stderr.contains("graph: GET /organization"), "--verbose shows each request")
    }

    @Test func aWrongSecretIsExplained() throws {
        let emulator = try Self.tutorialEmulator()
        let wrong = "wrong-secret-value-123"
        let outcome = try Self.plan(emulator, ["AZURE_CLIENT_ID": "entitle", "AZURE_CLIENT_SECRET": wrong])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("AADSTS7000215"))
        #expect(outcome.stderr.contains("must be the secret's Value, not its Secret ID"))
        #expect(!outcome.stderr.contains(wrong))
        let unknownApp = try Self.plan(emulator, ["AZURE_CLIENT_ID": "someone-else", "AZURE_CLIENT_SECRET": GraphEmulatorProcess.clientSecret])
        #expect(unknownApp.status == 1 && unknownApp.stderr.contains("AADSTS700016"))
    }

    @Test func aCertificateSignsInWithAPS256Assertion() throws {
        let directory = try EntitleProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        func openssl(_ arguments: [String]) throws {
            let outcome = try ShellProcess.run(["openssl"] + arguments, in: directory, environment: [:])
            #expect(outcome.status == 0, "openssl \(arguments.joined(separator: " ")): \(outcome.stderr)")
        }
        for name in ["right", "wrong"] {
            try openssl([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(name)-key.pem", "-out", "\(name)-cert.pem", "-days", "1", "-subj", "/CN=entitle",
            ])
            let pem =
                try String(contentsOf: directory.appendingPathComponent("\(name)-cert.pem"), encoding: .utf8)
                + String(contentsOf: directory.appendingPathComponent("\(name)-key.pem"), encoding: .utf8)
            try Data(pem.utf8).write(to: directory.appendingPathComponent("\(name).pem"))
        }
        try openssl(["rsa", "-in", "right-key.pem", "-pubout", "-out", "right-public.pem"])
        let emulator = try Self.tutorialEmulator([
            "--client-certificate", directory.appendingPathComponent("right-cert.pem").path, "--client-public-key",
            directory.appendingPathComponent("right-public.pem").path,
        ])
        let outcome = try Self.plan(
            emulator, ["AZURE_CLIENT_ID": "entitle", "AZURE_CLIENT_CERTIFICATE_PATH": directory.appendingPathComponent("right.pem").path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("with the client certificate credential"))
        let refused = try Self.plan(
            emulator, ["AZURE_CLIENT_ID": "entitle", "AZURE_CLIENT_CERTIFICATE_PATH": directory.appendingPathComponent("wrong.pem").path])
        #expect(refused.status == 1 && refused.stderr.contains("AADSTS700027"), "\(refused.stderr)")
    }

    @Test func aFederatedTokenFileAndGitHubOIDCSignIn() throws {
        let emulator = try Self.tutorialEmulator()
        let directory = try EntitleProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let token = GraphEmulatorProcess.federatedToken()
        let file = directory.appendingPathComponent("token")
        try Data(token.utf8).write(to: file)
        let federated = try Self.plan(emulator, ["AZURE_CLIENT_ID": "entitle", "AZURE_FEDERATED_TOKEN_FILE": file.path])
        #expect(federated.status == 0, "\(federated.stderr)")
        #expect(federated.stderr.contains("with the federated token file credential"))

        let github = try Self.plan(
            emulator,
            [
                "AZURE_CLIENT_ID": "entitle", "ACTIONS_ID_TOKEN_REQUEST_URL": "\(emulator.url)/github/token?api-version=2.0",
                "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "github-request-token",
            ])
        #expect(github.status == 0, "\(github.stderr)")
        #expect(github.stderr.contains("with the GitHub Actions OIDC credential"))
        let audience = try emulator.requests().first { $0["path"] as? String == "/github/token" }?["query"] as? String
        #expect(audience?.contains("audience=api%3A%2F%2FAzureADTokenExchange") == true, "\(audience ?? "no request")")

        // A token from another subject matches no federated credential.
        try Data(GraphEmulatorProcess.federatedToken(subject: "repo:someone/else:ref:refs/heads/main").utf8).write(to: file)
        let refused = try Self.plan(emulator, ["AZURE_CLIENT_ID": "entitle", "AZURE_FEDERATED_TOKEN_FILE": file.path])
        #expect(refused.status == 1 && refused.stderr.contains("AADSTS70021"), "\(refused.stderr)")
        #expect(refused.stderr.contains("no federated credential on the application matches"))
    }

    @Test func aManagedIdentityAndTheAzureCLISignIn() throws {
        let emulator = try Self.tutorialEmulator()
        let appService = try Self.plan(emulator, ["IDENTITY_ENDPOINT": "\(emulator.url)/msi/token", "IDENTITY_HEADER": "identity-header"])
        #expect(appService.status == 0, "\(appService.stderr)")
        #expect(appService.stderr.contains("with the managed identity credential"))
        let imds = try Self.plan(emulator, ["AZURE_POD_IDENTITY_AUTHORITY_HOST": emulator.url], arguments: ["--auth", "managed-identity"])
        #expect(imds.status == 0, "\(imds.stderr)")

        // The Azure CLI: a stand-in `az` that asks the emulator for a token, as `az login` would have.
        let bin = try EntitleProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: bin) }
        let script = """
            #!/usr/bin/env python3
            import json, sys, time, urllib.parse, urllib.request
            assert sys.argv[1:3] == ["account", "get-access-token"], sys.argv
            form = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": "entitle", "client_secret": "emulator-secret",
                                           "scope": "https://graph.microsoft.com/.default"}).encode()
            token = json.load(urllib.request.urlopen("\(emulator.url)/woodgrove.example/oauth2/v2.0/token", form))["access_token"]
            print(json.dumps({"accessToken": token, "expires_on": int(time.time()) + 3600, "tokenType": "Bearer", "tenant": "woodgrove.example"}))
            """
        let az = bin.appendingPathComponent("az")
        try Data(script.utf8).write(to: az)
        _ = chmod(az.path, 0o755)
        let cli = try EntitleProcess.run(
            ["plan", EntitleProcess.packageRoot.appendingPathComponent("examples/tutorial").path, "--tenant", "graph://woodgrove.example"], in: bin,
            environment: ["AZURE_AUTHORITY_HOST": emulator.url, "ENTITLE_GRAPH_URL": emulator.url, "PATH": "\(bin.path):/usr/bin:/bin"])
        #expect(cli.status == 0, "\(cli.stderr)")
        #expect(cli.stderr.contains("with the Azure CLI credential"))
    }

    @Test func anExpiredTokenIsRefreshed() throws {
        // Tokens live one second and every response takes 700 ms: the run (three rounds of
        // requests at least) outlives several tokens.
        let emulator = try Self.tutorialEmulator(["--token-lifetime", "1", "--latency", "700"])
        let outcome = try Self.plan(emulator, ["AZURE_CLIENT_ID": "entitle", "AZURE_CLIENT_SECRET": GraphEmulatorProcess.clientSecret])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let tokenRequests = try emulator.requests().filter { ($0["path"] as? String)?.hasSuffix("/oauth2/v2.0/token") == true }
        #expect(tokenRequests.count >= 2)
        let refused = try emulator.requests().filter { $0["status"] as? Int == 401 }
        #expect(refused.isEmpty, "tokens are renewed before they expire, not after Graph refuses them")
    }

    @Test func aMissingPermissionIsNamed() throws {
        let emulator = try Self.tutorialEmulator(["--permissions", "EntitlementManagement.Read.All,Organization.Read.All"])
        let outcome = try Self.plan(emulator, ["AZURE_CLIENT_ID": "entitle", "AZURE_CLIENT_SECRET": GraphEmulatorProcess.clientSecret])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("403 Authorization_RequestDenied"))
        #expect(outcome.stderr.contains("Group.Read.All"))
        #expect(outcome.stderr.contains("request-id"))
        let noEntitlement = try Self.tutorialEmulator(["--permissions", "Organization.Read.All,Group.Read.All"])
        let denied = try Self.plan(noEntitlement, ["AZURE_CLIENT_ID": "entitle", "AZURE_CLIENT_SECRET": GraphEmulatorProcess.clientSecret])
        #expect(denied.status == 1)
        #expect(denied.stderr.contains("EntitlementManagement.Read.All") && denied.stderr.contains("Identity Governance Administrator"))
    }

    @Test func noCredentialSaysWhatToSet() throws {
        let emulator = try Self.tutorialEmulator()
        let outcome = try Self.plan(emulator, [:])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("no credential found for Microsoft Graph"))
        #expect(outcome.stderr.contains("AZURE_CLIENT_ID + AZURE_CLIENT_SECRET"))
        let pinned = try Self.plan(emulator, ["AZURE_CLIENT_ID": "entitle"], arguments: ["--auth", "secret"])
        #expect(pinned.status == 1 && pinned.stderr.contains("--auth secret needs AZURE_CLIENT_SECRET"))
        let plainHTTP = try Self.plan(emulator, ["AZURE_CLIENT_ID": "entitle", "AZURE_CLIENT_SECRET": "x", "ENTITLE_GRAPH_URL": "http://graph.example.com"])
        #expect(plainHTTP.status == 1 && plainHTTP.stderr.contains("plain http, which is accepted only for loopback"))
    }
}
