import Foundation

/// `entitle-bench --graph-apply`: HTTP requests and wall time of `entitle apply` to the Graph
/// emulator: a first apply of N access packages (one resource role and two policies each, N/50
/// catalogs) to an empty tenant, then an apply of one policy's expiry changed among them (the
/// reads of its plan included), with pages of 100 and 20 ms of latency on every response.
/// Goals: the first apply in at most N/2 requests, the change in at most N/100 + 25.
enum GraphApplyBench {
    static func measure(packages: Int, runs: Int, binary: String) async throws -> [String] {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("entitle-graph-apply-bench-\(packages)-\(getpid())")
        try? FileManager.default.removeItem(at: root)
        defer { try? FileManager.default.removeItem(at: root) }
        let manifests = root.appendingPathComponent("manifests")
        try write(packages: packages, to: manifests)
        let emulatorBinary = URL(fileURLWithPath: binary).deletingLastPathComponent().appendingPathComponent("entitle-graph-emulator").path
        var first: [Sample] = []
        var change: [Sample] = []
        var firstRequests: [Int] = []
        var changeRequests: [Int] = []
        for run in 0..<runs {
            let log = root.appendingPathComponent("requests-\(run).log").path
            let emulator = try Emulator(
                emulatorBinary, ["--directory", manifests.appendingPathComponent("directory.yaml").path, "--page-size", "100", "--latency", "20"], log: log)
            defer { emulator.stop() }
            emulator.signInHere()
            let state = "sqlite:" + root.appendingPathComponent("state-\(run).db").path
            let arguments = ["apply", manifests.path, "--auto-approve", "--tenant", "graph://woodgrove.example", "--state", state]
            try write(packages: packages, to: manifests, firstExpiry: 30)
            EntitleBench.log("N=\(packages): first apply to the emulated tenant, run \(run + 1) of \(runs)")
            first.append(try EntitleBench.run(binary, arguments))
            let afterFirst = try requestCount(log)
            firstRequests.append(afterFirst)
            try write(packages: packages, to: manifests, firstExpiry: 45)
            EntitleBench.log("N=\(packages): apply of one policy changed, run \(run + 1) of \(runs)")
            change.append(try EntitleBench.run(binary, arguments))
            changeRequests.append(try requestCount(log) - afterFirst)
            emulator.stop()
        }
        let firstMedian = firstRequests.sorted()[firstRequests.count / 2]
        let changeMedian = changeRequests.sorted()[changeRequests.count / 2]
        let (firstGoal, changeGoal) = (packages / 2, packages / 100 + 25)
        return [
            EntitleBench.row("first `entitle apply` to Graph (20 ms latency)", packages, first)
                + " \(firstMedian) requests (goal ≤ \(firstGoal)\(firstMedian <= firstGoal ? ", met" : ", missed")) |",
            EntitleBench.row("`entitle apply` of one policy changed, plan included", packages, change)
                + " \(changeMedian) requests (goal ≤ \(changeGoal)\(changeMedian <= changeGoal ? ", met" : ", missed")) |",
        ]
    }

    /// HTTP requests to Graph in the emulator's log (a `$batch` is one; token requests not counted).
    static func requestCount(_ log: String) throws -> Int {
        try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").filter { $0.contains("\"path\":\"/v1.0/") }.count
    }

    /// The set: a directory of N/2 groups, N/50 catalogs, N packages granting a group's Member
    /// role with two policies each (the first expiring after `firstExpiry` days for package 0).
    static func write(packages: Int, to directory: URL, firstExpiry: Int = 30) throws {
        let groups = max(10, packages / 2)
        let catalogs = max(1, packages / 50)
        var directoryText = "apiVersion: entitle/v1\nkind: Directory\ngroups:\n"
        for group in 0..<groups { directoryText += "  - { displayName: Group \(group) }\n" }
        try EntitleBench.write(directoryText, to: directory.appendingPathComponent("directory.yaml"))
        for catalog in 0..<catalogs {
            try EntitleBench.write(
                "apiVersion: entitle/v1\nkind: Catalog\nmetadata:\n  name: catalog-\(catalog)\nspec:\n  displayName: Catalog \(catalog)\n",
                to: directory.appendingPathComponent("catalogs/catalog-\(catalog).yaml"))
        }
        for package in 0..<packages {
            let expiry = package == 0 ? firstExpiry : 30
            let text = """
                apiVersion: entitle/v1
                kind: AccessPackage
                metadata:
                  name: package-\(package)
                spec:
                  displayName: Package \(package)
                  catalog: catalog-\(package % catalogs)
                  resourceRoles:
                    - { group: Group \(package % groups), role: Member }
                  policies:
                    - name: employees
                      displayName: Employees
                      requestors: { scope: allMemberUsers }
                      expiration: { after: \(expiry)d }
                    - name: contractors
                      displayName: Contractors
                      requestors: { scope: allMemberUsers }
                      approval:
                        stages:
                          - approvers: [manager]
                            fallbackApprovers: [{ group: Group \(package % groups) }]
                      expiration: { after: 90d }

                """
            try EntitleBench.write(text, to: directory.appendingPathComponent("packages/\(package / 1000)/package-\(package).yaml"))
        }
    }
}
