import Foundation
import ManifestGenerator

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `entitle-bench --graph`: HTTP requests and wall time of `entitle plan` against the Graph
/// emulator holding N access packages (one resource role and two policies each), with pages of
/// 100 and 20 ms of latency on every response. The goal is at most N/100 + 20 requests.
///
/// The tenant is filled through the emulator's Graph API (in `$batch`es, without latency), then
/// the emulator restarts on the same state file with the latency. The manifests planned are the
/// generated set, so the names they use are looked up as a real set's would be; the tenant's
/// packages have other display names, so the plan creates the set and collides with nothing.
enum GraphBench {
    static let em = "/identityGovernance/entitlementManagement"

    static func measure(packages: Int, runs: Int, binary: String) async throws -> [String] {
        let generator = ManifestSetGenerator(packages: packages)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("entitle-graph-bench-\(packages)-\(getpid())")
        try? FileManager.default.removeItem(at: root)
        defer { try? FileManager.default.removeItem(at: root) }
        let manifests = root.appendingPathComponent("manifests")
        for file in generator.files() { try EntitleBench.write(file.text, to: manifests.appendingPathComponent(file.path)) }
        let emulatorBinary = URL(fileURLWithPath: binary).deletingLastPathComponent().appendingPathComponent("entitle-graph-emulator").path
        let stateFile = root.appendingPathComponent("tenant.json").path
        let base = ["--directory", manifests.appendingPathComponent("directory.yaml").path, "--state-file", stateFile, "--page-size", "100"]

        EntitleBench.log("N=\(packages): filling the emulated tenant through Graph")
        let seeding = try Emulator(emulatorBinary, base, log: nil)
        defer { seeding.stop() }
        try await seed(seeding, packages: packages)
        seeding.stop()

        var samples: [Sample] = []
        var requestCounts: [Int] = []
        for run in 0..<runs {
            let log = root.appendingPathComponent("requests-\(run).log").path
            let emulator = try Emulator(emulatorBinary, base + ["--latency", "20"], log: log)
            defer { emulator.stop() }
            emulator.signInHere()
            let state = "sqlite:" + root.appendingPathComponent("state-\(run).db").path
            EntitleBench.log("N=\(packages): plan against Graph, run \(run + 1) of \(runs)")
            let arguments = ["plan", manifests.path, "--tenant", "graph://woodgrove.example", "--state", state]
            do {
                samples.append(try EntitleBench.run(binary, arguments, expect: [0]))
            } catch {
                // Once more with its messages shown, to say why.
                let process = Process()
                process.executableURL = URL(fileURLWithPath: binary)
                process.arguments = arguments
                process.standardOutput = FileHandle.nullDevice
                try process.run()
                process.waitUntilExit()
                throw error
            }
            emulator.stop()
            let lines = (try String(contentsOfFile: log, encoding: .utf8)).split(separator: "\n")
            requestCounts.append(lines.filter { $0.contains("\"path\":\"/v1.0/") }.count)
            // Where they went: HTTP requests by path, and the batched items by what they read.
            var breakdown: [String: Int] = [:]
            for line in lines {
                guard let json = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
                if let path = json["path"] as? String, path.hasPrefix("/v1.0/") {
                    breakdown["GET/POST " + path.replacingOccurrences(of: "/identityGovernance/entitlementManagement", with: "…"), default: 0] += 1
                } else if let url = json["url"] as? String {
                    let head = url.split(separator: "?").first.map(String.init) ?? url
                    let kind = head.hasPrefix("/identityGovernance") ? "catalog resources/sponsors" : head.split(separator: "/").first.map(String.init) ?? head
                    breakdown["  batch item: " + kind, default: 0] += 1
                }
            }
            EntitleBench.log(breakdown.sorted { $0.key < $1.key }.map { "  \($0.value) \($0.key)" }.joined(separator: "\n"))
        }
        let requests = requestCounts.sorted()[requestCounts.count / 2]
        let goal = packages / 100 + 20
        return [
            EntitleBench.row("`entitle plan` against Graph (pages of 100, 20 ms latency)", packages, samples)
                + " \(requests) requests (goal ≤ \(goal)\(requests <= goal ? ", met" : ", missed"))"
        ]
    }

    /// Fills the tenant: N/50 catalogs with a group each, N packages granting their catalog's
    /// group, two policies per package.
    static func seed(_ emulator: Emulator, packages: Int) async throws {
        let client = try await GraphSeeder(url: emulator.url)
        let groups = try await client.get("/groups?$select=id")["value"] as? [[String: Any]] ?? []
        let groupIDs = groups.compactMap { $0["id"] as? String }
        guard !groupIDs.isEmpty else { throw BenchError("the generated directory has no groups") }
        let catalogCount = max(1, packages / 50)
        let catalogs = try await client.batch(
            (0..<catalogCount).map { ("POST", em + "/catalogs", ["displayName": "Seeded catalog \($0)", "state": "published", "isExternallyVisible": true]) })
        let catalogIDs = catalogs.map { $0["id"] as? String ?? "" }
        _ = try await client.batch(
            catalogIDs.enumerated().map { index, id in
                (
                    "POST", em + "/resourceRequests",
                    [
                        "requestType": "adminAdd", "resource": ["originId": groupIDs[index % groupIDs.count], "originSystem": "AadGroup"],
                        "catalog": ["id": id],
                    ]
                )
            })
        var roles: [(role: [String: Any], scope: [String: Any], resource: String)] = []
        for id in catalogIDs {
            let resource = ((try await client.get(em + "/catalogs/\(id)/resources?$expand=roles,scopes"))["value"] as? [[String: Any]])?.first ?? [:]
            let role = (resource["roles"] as? [[String: Any]])?.first { $0["displayName"] as? String == "Member" } ?? [:]
            let scope = (resource["scopes"] as? [[String: Any]])?.first ?? [:]
            roles.append((role, scope, resource["id"] as? String ?? ""))
        }
        let created = try await client.batch(
            (0..<packages).map { index in
                ("POST", em + "/accessPackages", ["displayName": "Seeded package \(index)", "catalog": ["id": catalogIDs[index % catalogCount]]])
            })
        let packageIDs = created.map { $0["id"] as? String ?? "" }
        _ = try await client.batch(
            packageIDs.enumerated().map { index, id in
                let grant = roles[index % catalogCount]
                return (
                    "POST", em + "/accessPackages/\(id)/resourceRoleScopes",
                    [
                        "role": [
                            "id": grant.role["id"] ?? "", "originId": grant.role["originId"] ?? "", "originSystem": "AadGroup",
                            "resource": ["id": grant.resource],
                        ],
                        "scope": ["id": grant.scope["id"] ?? "", "originId": grant.scope["originId"] ?? "", "originSystem": "AadGroup"],
                    ]
                )
            })
        _ = try await client.batch(
            packageIDs.flatMap { id in
                ["Employees", "Contractors"].map { name in
                    (
                        "POST", em + "/assignmentPolicies",
                        [
                            "displayName": name, "description": "\(name) may request", "allowedTargetScope": "allMemberUsers",
                            "specificAllowedTargets": [], "expiration": ["type": "afterDuration", "duration": "P90D"],
                            "requestorSettings": ["enableTargetsToSelfAddAccess": true, "enableTargetsToSelfRemoveAccess": true],
                            "requestApprovalSettings": ["isApprovalRequiredForAdd": false, "stages": []], "accessPackage": ["id": id],
                        ] as [String: Any]
                    )
                }
            })
    }
}

/// The emulator binary, started on a free port.
final class Emulator {
    let url: String
    private let process = Process()

    init(_ binary: String, _ arguments: [String], log: String?) throws {
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--port", "0"] + arguments + (log.map { ["--log", $0] } ?? [])
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("listening on ") else { throw BenchError("the emulator did not start: \(text)") }
        url = String(text.dropFirst("listening on ".count))
    }

    /// Points the entitle runs of this process at the emulator, signing in with its client secret.
    func signInHere() {
        setenv("AZURE_AUTHORITY_HOST", url, 1)
        setenv("ENTITLE_GRAPH_URL", url, 1)
        setenv("AZURE_CLIENT_ID", "entitle", 1)
        setenv("AZURE_CLIENT_SECRET", "emulator-secret", 1)
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}

/// Writes to the emulated tenant through Graph, twenty requests to a `$batch`.
struct GraphSeeder {
    let url: String
    let token: String

    init(url: String) async throws {
        self.url = url
        var request = URLRequest(url: URL(fileURLWithPath: "/").appendingPathComponent("x"))
        request.url = URL(string: "\(url)/woodgrove.example/oauth2/v2.0/token")
        request.httpMethod = "POST"
        request.httpBody = Data(
            "grant_type=client_credentials&client_id=entitle&client_secret=emulator-secret&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default".utf8)
        let (data, _) = try await URLSession.shared.data(for: request)
        token = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["access_token"] as? String ?? ""
    }

    func send(_ method: String, _ path: String, _ body: Any?) async throws -> [String: Any] {
        guard let target = URL(string: "\(url)/v1.0\(path)") else { throw BenchError("bad path \(path)") }
        var request = URLRequest(url: target)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
        }
        let (data, _) = try await URLSession.shared.data(for: request)
        return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    func get(_ path: String) async throws -> [String: Any] { try await send("GET", path, nil) }

    /// Sends the requests twenty at a time; returns each one's body, in order, failing on any error.
    func batch(_ requests: [(String, String, Any)]) async throws -> [[String: Any]] {
        var bodies: [[String: Any]] = []
        for start in stride(from: 0, to: requests.count, by: 20) {
            let chunk = requests[start..<min(start + 20, requests.count)]
            let items = chunk.enumerated().map { index, request in
                ["id": String(index), "method": request.0, "url": request.1, "body": request.2, "headers": ["Content-Type": "application/json"]]
                    as [String: Any]
            }
            let answer = try await send("POST", "/$batch", ["requests": items])
            let responses = (answer["responses"] as? [[String: Any]] ?? []).sorted { Int($0["id"] as? String ?? "") ?? 0 < Int($1["id"] as? String ?? "") ?? 0 }
            for response in responses {
                guard let status = response["status"] as? Int, status < 300 else { throw BenchError("a seeding request failed: \(response)") }
                bodies.append(response["body"] as? [String: Any] ?? [:])
            }
        }
        return bodies
    }
}
