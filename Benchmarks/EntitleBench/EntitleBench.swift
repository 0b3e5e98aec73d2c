import CYAML
import Diagnostics
import Foundation
import ManifestGenerator
import Manifests

#if canImport(Glibc)
    import Glibc
#endif

/// One measured run: wall and CPU seconds, peak resident memory.
struct Sample {
    var wall: Double
    var cpu: Double
    var peakMB: Double
}

/// `entitle-bench`: generates manifest sets of N access packages and measures validate (in process,
/// beside a bare libyaml event parse of the same bytes), plan with one policy changed, apply of that
/// change, and drift, with the real `entitle` binary, over repeated runs.
///
///     swift build -c release && .build/release/entitle-bench [--sizes 1000,10000] [--runs 5] [--store postgres://…] [--graph]
///
/// With `--store postgres://…` (a server's URL; each store gets a schema of its own, `bench_…`,
/// left behind for inspection) the plan, apply and drift rows measure the PostgreSQL store. With
/// `--graph`, the rows are `plan` against the Graph emulator instead (`GraphBench`); with
/// `--graph-apply`, a first apply to it and an apply of one change (`GraphApplyBench`).
@main
enum EntitleBench {
    static func main() async throws {
        var sizes = [1_000, 10_000]
        var runs = 5
        var binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("entitle").path
        var postgres: String?
        var graph = false
        var graphApply = false
        var arguments = CommandLine.arguments.dropFirst().makeIterator()
        while let argument = arguments.next() {
            switch argument {
            case "--sizes": sizes = (arguments.next() ?? "").split(separator: ",").compactMap { Int($0) }
            case "--runs": runs = Int(arguments.next() ?? "") ?? runs
            case "--binary": binary = arguments.next() ?? binary
            case "--store": postgres = arguments.next()
            case "--graph": graph = true
            case "--graph-apply": graphApply = true
            case "--generate":
                // Writes one generated set and stops: for profiling and trying things by hand.
                guard let size = arguments.next().flatMap({ Int($0) }), let directory = arguments.next() else { usage() }
                for file in ManifestSetGenerator(packages: size).files() {
                    try write(file.text, to: URL(fileURLWithPath: directory).appendingPathComponent(file.path))
                }
                return
            default:
                usage()
            }
        }
        var rows: [String] = []
        for size in sizes {
            if graphApply {
                rows += try await GraphApplyBench.measure(packages: size, runs: runs, binary: binary)
            } else if graph {
                rows += try await GraphBench.measure(packages: size, runs: runs, binary: binary)
            } else {
                rows += try measure(packages: size, runs: runs, binary: binary, postgres: postgres)
            }
        }
        let requests = graph || graphApply
        print("| operation | packages | wall (median) | wall (min–max) | CPU (median) | peak memory |" + (requests ? " requests |" : ""))
        print("|---|---:|---:|---:|---:|---:|" + (requests ? "---|" : ""))
        for row in rows { print(row) }
        guard !ratios.isEmpty else { return }
        print("\nEach run's wall time over the floor (the fastest bare libyaml parse of the same set, measured in the same run):\n")
        print("| operation | packages | ratio to the floor (median) | ratio (min–max) | goal | peak memory (goal < 300 MB) |")
        print("|---|---:|---:|---:|---:|---:|")
        for ratio in ratios { print(ratio) }
    }

    /// The ratio rows of the sizes measured so far, printed after the table.
    nonisolated(unsafe) static var ratios: [String] = []

    /// A ratio row: each of `samples` over the floor (the fastest bare parse), against `goal`.
    static func ratio(_ operation: String, _ packages: Int, _ samples: [Sample], floor: Double, goal: Double) -> String {
        let values = samples.map { $0.wall / floor }
        let value = median(values)
        let memory = samples.map(\.peakMB).max() ?? 0
        return
            "| \(operation) | \(packages) | \(String(format: "%.2f", value))× | \(String(format: "%.2f", values.min() ?? 0))–\(String(format: "%.2f", values.max() ?? 0))× | "
            + "≤ \(String(format: "%g", goal))× \(value <= goal ? "met" : "missed") | \(Int(memory.rounded())) MB \(memory < 300 ? "met" : "missed") |"
    }

    static func usage() -> Never {
        FileHandle.standardError.write(
            Data(
                "usage: entitle-bench [--sizes 1000,10000] [--runs 5] [--binary PATH] [--store postgres://… | --graph | --graph-apply] | --generate N DIR\n"
                    .utf8))
        exit(64)
    }

    static func measure(packages: Int, runs: Int, binary: String, postgres: String?) throws -> [String] {
        let generator = ManifestSetGenerator(packages: packages)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("entitle-bench-\(packages)-\(getpid())")
        try? FileManager.default.removeItem(at: root)
        defer { try? FileManager.default.removeItem(at: root) }
        let manifests = root.appendingPathComponent("manifests")
        for file in generator.files() { try write(file.text, to: manifests.appendingPathComponent(file.path)) }
        // The store is built once, in SQLite, and kept as `pristine.db`; every measurement that
        // changes a store starts from a fresh copy of it.
        let pristine = root.appendingPathComponent("pristine.db").path
        log("N=\(packages): setting up the store")
        try require(
            run(binary, ["directory", "load", manifests.appendingPathComponent("directory.yaml").path, "--store", "sqlite:" + pristine]), "directory load")
        try require(run(binary, ["apply", manifests.path, "--auto-approve", "--max-deletes", "0", "--store", "sqlite:" + pristine]), "initial apply")
        let changed = root.appendingPathComponent("changed")
        try FileManager.default.copyItem(at: manifests, to: changed)
        let file = generator.packageFile(packages / 2, expiryDays: 400)
        try write(file.text, to: changed.appendingPathComponent(file.path))
        var copies = 0
        /// A new, empty store's URL: a new file, or a new schema on the PostgreSQL server.
        func newStore() -> String {
            copies += 1
            guard let postgres else { return "sqlite:" + root.appendingPathComponent("store-\(copies).db").path }
            return postgres + (postgres.contains("?") ? "&" : "?") + "schema=bench_\(packages)_\(getpid())_\(copies)"
        }
        /// A store holding the pristine state (copied as `cp` would, or with `store copy` for PostgreSQL).
        func freshStore() throws -> String {
            let url = newStore()
            if postgres == nil {
                try FileManager.default.copyItem(atPath: pristine, toPath: String(url.dropFirst("sqlite:".count)))
            } else {
                try require(run(binary, ["store", "copy", "--from", "sqlite:" + pristine, "--to", url]), "store copy")
            }
            return url
        }
        let kind = postgres == nil ? "SQLite" : "PostgreSQL"

        var rows: [String] = []
        // In process: the loader beside the floor, a bare libyaml event parse of the same bytes.
        let paths = generator.files().map { manifests.appendingPathComponent($0.path).path }
        log("N=\(packages): validate (in process) and bare libyaml parse")
        let bytes = paths.compactMap { FileManager.default.contents(atPath: $0).map { [UInt8]($0) } }
        // The floor is the fastest of at least seven parses: it is a fixed amount of work, and on a
        // shared machine its slower runs only measure the neighbours (and would flatter the ratios).
        let parse = (0..<max(runs, 7)).map { _ in inProcess { libyamlEvents(bytes) } }
        let floor = parse.map(\.wall).min() ?? 0
        let validate = (0..<runs).map { _ in inProcess { ManifestLoader().load(paths: [manifests.path]).diagnostics.count } }
        rows.append(row("bare libyaml event parse (floor: the fastest run)", packages, parse))
        rows.append(row("validate, in process", packages, validate) + " ratio \(format(median(validate.map(\.wall)) / floor))×")
        log("N=\(packages): validate, store copy, plan, apply, drift (the entitle binary, \(kind) store)")
        let validateRuns = try (0..<runs).map { _ in try run(binary, ["validate", manifests.path], expect: [0]) }
        rows.append(row("`entitle validate`", packages, validateRuns))
        ratios.append(ratio("`entitle validate`", packages, validateRuns, floor: floor, goal: 2))
        rows.append(
            row(
                "`entitle store copy` (SQLite → \(kind), whole store)", packages,
                try (0..<runs).map { _ in try run(binary, ["store", "copy", "--from", "sqlite:" + pristine, "--to", newStore()], expect: [0]) }))
        let storeURL = try freshStore()
        let plans = try (0..<runs).map { _ in try run(binary, ["plan", changed.path, "--store", storeURL], expect: [0]) }
        rows.append(row("`entitle plan` (1 policy changed)", packages, plans))
        ratios.append(ratio("`entitle plan` (1 policy changed, \(kind))", packages, plans, floor: floor, goal: postgres == nil ? 4 : 5))
        var applies: [Sample] = []
        for _ in 0..<runs {
            let url = try freshStore()
            applies.append(try run(binary, ["apply", changed.path, "--auto-approve", "--store", url], expect: [0]))
        }
        rows.append(row("`entitle apply` (that change, planning included)", packages, applies))
        ratios.append(ratio("`entitle apply` (that change, \(kind))", packages, applies, floor: floor, goal: 5))
        var savedApplies: [Sample] = []
        let planFile = root.appendingPathComponent("change.plan").path
        for _ in 0..<runs {
            let url = try freshStore()
            _ = try run(binary, ["plan", changed.path, "--out", planFile, "--store", url], expect: [0])
            savedApplies.append(try run(binary, ["apply", "--plan", planFile, "--store", url], expect: [0]))
        }
        rows.append(row("`entitle apply --plan` (the saved plan of that change)", packages, savedApplies))
        let drifts = try (0..<runs).map { _ in try run(binary, ["drift", manifests.path, "--store", storeURL], expect: [0, 2]) }
        rows.append(row("`entitle drift` (whole store)", packages, drifts))
        ratios.append(ratio("`entitle drift` (\(kind))", packages, drifts, floor: floor, goal: 5))
        return rows
    }

    // MARK: Measuring

    /// Runs `binary arguments…` with output discarded; wall time, the child's CPU time and peak RSS.
    static func run(_ binary: String, _ arguments: [String], expect: Set<Int32> = [0]) throws -> Sample {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let start = Date()
        guard posix_spawn(&pid, binary, &actions, nil, argv, environ) == 0 else { throw BenchError("cannot start \(binary)") }
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        let wall = Date().timeIntervalSince(start)
        let exitStatus = (status >> 8) & 0xFF
        guard status & 0x7F == 0, expect.contains(exitStatus) else {
            throw BenchError("entitle \(arguments.joined(separator: " ")) exited with status \(status)")
        }
        return Sample(wall: wall, cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime), peakMB: Double(usage.ru_maxrss) / 1024)
    }

    static func require(_ sample: @autoclosure () throws -> Sample, _ what: String) throws { _ = try sample() }

    /// Wall and CPU time of `body` in this process (peak memory is not attributable here).
    static func inProcess(_ body: () -> Int) -> Sample {
        var before = rusage()
        getrusage(RUSAGE_SELF.rawValue, &before)
        let start = Date()
        let result = body()
        let wall = Date().timeIntervalSince(start)
        var after = rusage()
        getrusage(RUSAGE_SELF.rawValue, &after)
        if result < 0 { log("unexpected result") }
        return Sample(wall: wall, cpu: seconds(after.ru_utime) + seconds(after.ru_stime) - seconds(before.ru_utime) - seconds(before.ru_stime), peakMB: 0)
    }

    /// Parses every file into libyaml events and throws them away: the least any YAML reader must do.
    static func libyamlEvents(_ files: [[UInt8]]) -> Int {
        var events = 0
        for bytes in files {
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { continue }
            bytes.withUnsafeBufferPointer { buffer in
                yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
                var event = yaml_event_t()
                while yaml_parser_parse(&parser, &event) == 1 {
                    events += 1
                    let done = event.type == YAML_STREAM_END_EVENT
                    yaml_event_delete(&event)
                    if done { break }
                }
            }
            yaml_parser_delete(&parser)
        }
        return events
    }

    // MARK: Output

    static func row(_ operation: String, _ packages: Int, _ samples: [Sample]) -> String {
        let walls = samples.map(\.wall)
        let memory = samples.map(\.peakMB).max() ?? 0
        return "| \(operation) | \(packages) | \(format(median(walls))) s | \(format(walls.min() ?? 0))–\(format(walls.max() ?? 0)) s | "
            + "\(format(median(samples.map(\.cpu)))) s | " + (memory > 0 ? "\(Int(memory.rounded())) MB |" : "– |")
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    static func format(_ value: Double) -> String { String(format: value < 10 ? "%.3f" : "%.1f", value) }

    static func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }

    static func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    static func log(_ message: String) { FileHandle.standardError.write(Data((message + "\n").utf8)) }
}

/// A benchmark step that failed.
struct BenchError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }
}
