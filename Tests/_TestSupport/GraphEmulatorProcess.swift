import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The real `entitle-graph-emulator` binary, started as a separate process on loopback, and a
/// small Graph client for tests to act as another admin or tool would (seed objects, change them).
public final class GraphEmulatorProcess: @unchecked Sendable {
    /// `http://127.0.0.1:PORT`.
    public let url: String
    /// The port.
    public let port: Int
    /// The request log (`--log`), one JSON line per request.
    public let logPath: String
    private let process: Process
    private let scratch: URL

    /// The client id and secret the emulator accepts by default.
    public static let clientID = "entitle"
    /// The client secret the emulator accepts by default.
    public static let clientSecret = "emulator-secret"
    /// The emulator's default tenant.
    public static let domain = "woodgrove.example"
    /// The emulator's default tenant id.
    public static let tenantID = "4a5c1f7e-2b3d-4e6f-8a9b-0c1d2e3f4a5b"

    /// The built emulator: beside the `entitle` binary.
    public static var binary: URL { EntitleProcess.binary.deletingLastPathComponent().appendingPathComponent("entitle-graph-emulator") }

    /// Starts the emulator with `arguments` (plus `--port 0 --log …`) and waits for its first line.
    public init(_ arguments: [String] = []) throws {
        scratch = try EntitleProcess.temporaryDirectory()
        logPath = scratch.appendingPathComponent("requests.log").path
        process = Process()
        process.executableURL = Self.binary
        process.arguments = ["--port", "0", "--log", logPath] + arguments
        process.currentDirectoryURL = EntitleProcess.packageRoot
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        // The first line on standard output is "listening on http://127.0.0.1:PORT".
        var line = Data()
        let handle = output.fileHandleForReading
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("listening on http://127.0.0.1:"), let port = Int(text.split(separator: ":").last ?? "") else {
            process.terminate()
            throw EmulatorFailure(description: "the emulator did not start: '\(text)'")
        }
        self.port = port
        self.url = "http://127.0.0.1:\(port)"
    }

    deinit { stop() }

    /// Stops the emulator.
    public func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// The environment that points entitle at this emulator, signing in with the client secret.
    public var environment: [String: String] {
        [
            "AZURE_AUTHORITY_HOST": url, "ENTITLE_GRAPH_URL": url, "AZURE_CLIENT_ID": Self.clientID, "AZURE_CLIENT_SECRET": Self.clientSecret,
        ]
    }

    /// A workload token as GitHub Actions or GitLab would issue it (issuer GitHub's, audience
    /// `api://AzureADTokenExchange`, valid ten minutes), for `subject`: the emulator's default
    /// federated credential matches `repo:woodgrove/entitlements:ref:refs/heads/main`. Its
    /// signature is not checked (the emulator has no key of the issuer's).
    public static func federatedToken(subject: String = "repo:woodgrove/entitlements:ref:refs/heads/main") -> String {
        func segment(_ json: String) -> String {
            Data(json.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
        let expiry = Int(Date().timeIntervalSince1970) + 600
        return segment(#"{"alg":"RS256","typ":"JWT"}"#) + "."
            + segment(
                #"{"iss":"https://token.actions.githubusercontent.com","sub":"\#(subject)","aud":"api://AzureADTokenExchange","exp":\#(expiry)}"#)
            + ".c2ln"
    }

    /// The request log's lines, parsed.
    public func requests() throws -> [[String: Any]] {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw EmulatorFailure(description: "a log line is not a JSON object: \(line)")
            }
            return object
        }
    }

    // MARK: Graph, as another admin

    /// A token from the emulator's token endpoint.
    public func token() async throws -> String {
        var request = URLRequest(url: try Self.url("\(url)/\(Self.domain)/oauth2/v2.0/token"))
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(
            "grant_type=client_credentials&client_id=\(Self.clientID)&client_secret=\(Self.clientSecret)&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"
                .utf8)
        let (data, _) = try await URLSession.shared.data(for: request)
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any], let token = json["access_token"] as? String else {
            throw EmulatorFailure(description: "no token: \(String(decoding: data, as: UTF8.self))")
        }
        return token
    }

    /// Sends `method path` (below `/v1.0`) with a JSON body; returns the status and the parsed body.
    @discardableResult
    public func graph(_ method: String, _ path: String, _ body: Any? = nil) async throws -> (status: Int, body: [String: Any]) {
        let token = try await token()
        var answer = try await once(method, path, body, token: token)
        // Faults the emulator injects (--throttle-every, --fail-rate) meet this client too: it
        // waits and asks again, as any Graph client would.
        for _ in 0..<20 where [429, 503].contains(answer.status) {
            try await Task.sleep(for: .milliseconds(200))
            answer = try await once(method, path, body, token: token)
        }
        return answer
    }

    /// Sends `method path` once, whatever the answer: the status and the parsed body.
    public func once(_ method: String, _ path: String, _ body: Any? = nil, token: String) async throws -> (status: Int, body: [String: Any]) {
        var request = URLRequest(url: try Self.url("\(url)/v1.0\(path)"))
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: body, options: .sortedKeys)
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let json = data.isEmpty ? [:] : (try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:])
        return (status, json)
    }

    /// Like `graph`, but fails unless the status is `expected`; returns the body.
    @discardableResult
    public func expect(_ expected: Int, _ method: String, _ path: String, _ body: Any? = nil) async throws -> [String: Any] {
        let (status, json) = try await graph(method, path, body)
        guard status == expected else {
            throw EmulatorFailure(description: "\(method) \(path) answered \(status), expected \(expected): \(json)")
        }
        return json
    }

    private static func url(_ text: String) throws -> URL {
        guard let url = URL(string: text) else { throw EmulatorFailure(description: "not a URL: \(text)") }
        return url
    }
}

/// The emulator could not be used.
public struct EmulatorFailure: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String
}
