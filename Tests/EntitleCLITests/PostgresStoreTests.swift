import Foundation
import Testing
import _TestSupport

/// The PostgreSQL store, driven through the real binary against the server `scripts/with-postgres`
/// starts. Under CI these always run (a missing server fails them); elsewhere they need
/// `scripts/with-postgres swift test`.
@Suite(.enabled(if: TestPostgres.isAvailable, "needs ENTITLE_TEST_POSTGRES_URL (scripts/with-postgres)"))
struct PostgresStoreTests {
    @Test func eightAppliesAtOnceNeverInterleave() throws {
        for _ in 0..<2 {
            let database = PostgresSQL()
            let workspace = try Workspace(storeURL: try database.storeURL())
            defer { workspace.remove() }
            try appliesAtOnceNeverInterleave(processes: 8, in: workspace, scalar: database.scalar)
        }
    }

    @Test func theTutorialRunsOnPostgresOverTCPAndTheUnixSocket() throws {
        let (user, password, _, port, database) = try TestPostgres.parts()
        let socket = try #require(ProcessInfo.processInfo.environment["ENTITLE_TEST_POSTGRES_SOCKET"])
        let directory = (socket as NSString).deletingLastPathComponent
        let schema = TestPostgres.uniqueSchema()
        for url in [
            try TestPostgres.url(schema: schema),
            "postgres://\(user):\(password)@/\(database)?host=\(directory)&port=\(port)&schema=\(schema)&sslmode=disable",
        ] {
            let workspace = try Workspace(storeURL: url)
            defer { workspace.remove() }
            try workspace.loadDirectory()
            try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
            try workspace.expect(["plan", "manifests", "--detailed-exitcode"], status: 0)
            try workspace.expect(["drift", "manifests"], status: 0)
        }
        // Both URLs reached the same store: one apply created everything, the second had nothing to do.
        #expect(try PostgresSQL(schema: schema).scalar("SELECT value FROM meta WHERE key = 'serial'") == "1")
    }

    @Test func thePasswordNeverAppears() throws {
        let (user, password, host, port, database) = try TestPostgres.parts()
        let schema = TestPostgres.uniqueSchema()
        let workspace = try Workspace(storeURL: try TestPostgres.url(schema: schema))
        defer { workspace.remove() }
        var outputs: [String] = []
        outputs.append(contentsOf: [try workspace.expect(["directory", "load", "manifests/directory.yaml"], status: 0)].map { $0.stdout + $0.stderr })
        let plan = try workspace.expect(["plan", "manifests", "--out", "plan.json"], status: 0)
        outputs.append(plan.stdout + plan.stderr)
        outputs.append(try String(contentsOf: workspace.root.appendingPathComponent("plan.json"), encoding: .utf8))
        for arguments in [["apply", "--plan", "plan.json"], ["show"], ["show", "--format", "json"], ["drift", "manifests", "--format", "json"]] {
            let outcome = try workspace.expect(arguments, status: 0)
            outputs.append(outcome.stdout + outcome.stderr)
        }
        // PGPASSWORD instead of a password in the URL.
        let bare = "postgres://\(user)@\(host):\(port)/\(database)?sslmode=disable&schema=\(schema)"
        let viaEnvironment = try EntitleProcess.run(["show", "--store", bare], in: workspace.root, environment: ["PGPASSWORD": password])
        #expect(viaEnvironment.status == 0, "\(viaEnvironment.stderr)")
        outputs.append(viaEnvironment.stdout + viaEnvironment.stderr)
        // Errors, with the password in the URL.
        for url in [
            bare.replacingOccurrences(of: "@", with: ":\(password)@") + "&sslmode=bogus", bare.replacingOccurrences(of: "@", with: ":\(password)@") + "&nope=1",
        ] {
            let outcome = try EntitleProcess.run(["show", "--store", url], in: workspace.root)
            #expect(outcome.status == 1)
            outputs.append(outcome.stdout + outcome.stderr)
        }
        for output in outputs {
            #expect(!output.contains(password), "the password appeared in: \(output.prefix(300))")
        }
        #expect(outputs.contains { $0.contains("postgres://\(user)@\(host):\(port)/\(database)?schema=\(schema)") }, "the store's location is shown")
    }

    /// Each wrong URL fails with one line naming what is wrong, exit 1, quickly, writing nothing.
    @Test func badURLsWrongPasswordsMissingDatabasesAndUnreachableHostsFailClearly() throws {
        let (user, password, host, port, database) = try TestPostgres.parts()
        let schema = TestPostgres.uniqueSchema()
        let good = "postgres://\(user):\(password)@\(host):\(port)/\(database)"
        let cases: [(url: String, message: String, seconds: Double)] = [
            ("postgres://", "it has no host", 2),
            ("postgres://\(user)@\(host):99999/\(database)", "port 99999 is not a port number", 2),
            ("postgres://\(user)@\(host):\(port)/\(database)?sslmode=bogus", "sslmode 'bogus' is not one of disable, prefer, require", 2),
            ("postgres://\(user)@\(host):\(port)/\(database)?schema=Bad-Name", "schema 'Bad-Name' must be a lower-case name", 2),
            ("postgres://\(user)@\(host):\(port)/\(database)?colour=blue", "unknown parameter 'colour'", 2),
            ("postgres://\(user)@\(host):\(port)/\(database)?host=relative", "host= must be the absolute path", 2),
            ("mysql://\(user)@\(host)/\(database)", "is not a store URL", 2),
            (
                "postgres://\(user):wrong-\(password)@\(host):\(port)/\(database)?sslmode=disable&schema=\(schema)",
                "password authentication failed for user \"\(user)\" at \(host):\(port)", 5
            ),
            ("\(good)_missing?sslmode=disable&schema=\(schema)", "database \"\(database)_missing\" does not exist", 5),
            ("postgres://\(user):\(password)@\(host):1/\(database)?sslmode=disable", "cannot connect to \(host):1: connection refused", 5),
            ("postgres://\(user):\(password)@no-such-host.invalid/\(database)?connect_timeout=3", "no-such-host.invalid", 8),
            ("postgres://\(user):\(password)@/\(database)?host=/nonexistent-dir", "unix socket /nonexistent-dir/.s.PGSQL.5432", 5),
        ]
        let workspace = try Workspace()
        defer { workspace.remove() }
        for (url, message, seconds) in cases {
            for arguments in [["plan", "manifests"], ["show"]] {
                let outcome = try EntitleProcess.run(arguments + ["--store", url], in: workspace.root)
                let lines = outcome.stderr.split(separator: "\n").filter { !$0.contains("warning[") && !$0.hasPrefix(" ") && !$0.contains("hint:") }
                #expect(outcome.status == 1, "\(url): exit \(outcome.status)")
                #expect(outcome.stderr.contains(message), "\(url): expected '\(message)' in: \(outcome.stderr)")
                #expect(lines.filter { $0.hasPrefix("error:") }.count == 1, "\(url): \(outcome.stderr)")
                #expect(outcome.seconds < seconds, "\(url) took \(outcome.seconds) s")
                #expect(!outcome.stderr.contains(password) && !outcome.stdout.contains(password))
            }
        }
        // Nothing was created by any of them.
        #expect(try PostgresSQL().scalar("SELECT count(*) FROM pg_namespace WHERE nspname = '\(schema)'") == "0")
    }

    @Test func aServerThatNeverAnswersFailsWithinTheConnectTimeout() throws {
        // A listener that accepts connections and never says a word: the TCP connect succeeds, the
        // startup never completes.
        let listener = Process()
        listener.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        listener.arguments = [
            "python3", "-c",
            "import socket,time\ns=socket.socket()\ns.bind(('127.0.0.1',0))\ns.listen(16)\nprint(s.getsockname()[1],flush=True)\ntime.sleep(120)",
        ]
        let pipe = Pipe()
        listener.standardOutput = pipe
        try listener.run()
        defer { listener.terminate() }
        let line = String(decoding: pipe.fileHandleForReading.availableData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let port = try #require(Int(line))
        let workspace = try Workspace()
        defer { workspace.remove() }
        let quick = try EntitleProcess.run(
            ["show", "--store", "postgres://someone:pw@127.0.0.1:\(port)/db?sslmode=disable&connect_timeout=2"], in: workspace.root)
        #expect(quick.status == 1)
        #expect(quick.stderr.contains("no answer from 127.0.0.1:\(port) within 2s (connect_timeout)"), "\(quick.stderr)")
        #expect(quick.seconds >= 2 && quick.seconds < 6, "took \(quick.seconds) s")
        let byDefault = try EntitleProcess.run(["show", "--store", "postgres://someone:pw@127.0.0.1:\(port)/db?sslmode=disable"], in: workspace.root)
        #expect(byDefault.status == 1)
        #expect(byDefault.stderr.contains("within 10s (connect_timeout)"), "\(byDefault.stderr)")
        #expect(byDefault.seconds >= 10 && byDefault.seconds < 15, "took \(byDefault.seconds) s")
    }

    /// A client killed while its apply is under way (its writes made, its transaction not yet
    /// committed) leaves the store exactly as it was. A test session holds the journal table, so the
    /// apply is caught, every time, after its object writes and before its commit; meanwhile a second
    /// apply waits for the lock, is told who holds it, and gives up at its lock timeout.
    @Test func aKilledApplyLeavesTheStoreExactlyAsBefore() throws {
        let database = PostgresSQL()
        let workspace = try Workspace(storeURL: try database.storeURL())
        defer { workspace.remove() }
        try workspace.loadDirectory()
        try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
        let template = try String(contentsOf: workspace.manifests.appendingPathComponent("external-user-package.yaml"), encoding: .utf8)
        for index in 0..<100 {
            let text = template.replacingOccurrences(of: "name: external-user-package", with: "name: package-\(index)")
                .replacingOccurrences(of: "displayName: External user package", with: "displayName: Package \(index)")
            try Data(text.utf8).write(to: workspace.manifests.appendingPathComponent("package-\(index).yaml"))
        }
        let before = try workspace.expect(["show", "--format", "json"], status: 0).stdout
        let plannedBefore = try workspace.expect(["plan", "manifests"], status: 0).stdout
        let rowsBefore = try database.rows("SELECT 'objects', count(*) FROM objects UNION ALL SELECT 'journal', count(*) FROM journal")

        let journalLock = try database.hold("LOCK TABLE journal IN ACCESS EXCLUSIVE MODE;")
        let apply = Process()
        apply.executableURL = EntitleProcess.binary
        apply.arguments = ["apply", "manifests", "--auto-approve", "--store", workspace.storeURL]
        apply.currentDirectoryURL = workspace.root
        apply.standardOutput = FileHandle.nullDevice
        apply.standardError = FileHandle.nullDevice
        try apply.run()
        // Wait until the apply has made its writes and waits for the journal.
        let deadline = Date().addingTimeInterval(30)
        var blocked = false
        while Date() < deadline, !blocked {
            blocked =
                try database.scalar(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'entitle % apply %' AND wait_event_type = 'Lock'") == "1"
            if !blocked { Thread.sleep(forTimeInterval: 0.02) }
        }
        #expect(blocked, "the apply never reached its journal write")

        // Another apply waits for the lock, names the holder, and times out.
        let waiter = try workspace.run(["apply", "manifests", "--auto-approve", "--lock-timeout", "1s"])
        #expect(waiter.status == 1)
        let location = "postgres://\(try TestPostgres.parts().user)@"
        #expect(waiter.stderr.contains("waiting for the lock on \(location)"), "\(waiter.stderr)")
        #expect(waiter.stderr.contains("held by apply by ") && waiter.stderr.contains(" since 20"), "\(waiter.stderr)")
        #expect(waiter.stderr.contains("; database user "), "\(waiter.stderr)")
        #expect(waiter.stderr.contains("is locked by another operation (apply by "), "\(waiter.stderr)")
        #expect(waiter.stderr.contains("gave up after 1s (--lock-timeout)"), "\(waiter.stderr)")
        #expect(waiter.seconds >= 1 && waiter.seconds < 8, "took \(waiter.seconds) s")

        kill(apply.processIdentifier, SIGKILL)
        apply.waitUntilExit()
        journalLock.release()
        // The server notices the client is gone when the blocked insert ends, and rolls back.
        let gone = Date().addingTimeInterval(30)
        while Date() < gone,
            try database.scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'entitle%'") != "0"
        {
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(try workspace.expect(["show", "--format", "json"], status: 0).stdout == before, "the store changed")
        #expect(try database.rows("SELECT 'objects', count(*) FROM objects UNION ALL SELECT 'journal', count(*) FROM journal") == rowsBefore)
        #expect(try workspace.expect(["plan", "manifests"], status: 0).stdout == plannedBefore, "the pending plan changed")
        try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
        try workspace.expect(["plan", "manifests", "--detailed-exitcode"], status: 0)
    }

    @Test func storeCopyRoundTripsSQLiteToPostgresAndBack() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.loadDirectory()
        try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
        try workspace.edit("external-user-package.yaml", replacing: "displayName: External user package", with: "displayName: Partner package")
        try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
        let original = try workspace.expect(["show", "--format", "json"], status: 0).stdout

        let postgres = try PostgresSQL().storeURL()
        let back = "sqlite:" + workspace.root.appendingPathComponent("back/store.db").path
        let toPostgres = try EntitleProcess.run(["store", "copy", "--from", workspace.storeURL, "--to", postgres], in: workspace.root)
        #expect(toPostgres.status == 0, "\(toPostgres.stderr)")
        #expect(toPostgres.stdout.contains("serial 2") && toPostgres.stdout.contains("2 journal entries"), "\(toPostgres.stdout)")
        let toSQLite = try EntitleProcess.run(["store", "copy", "--from", postgres, "--to", back], in: workspace.root)
        #expect(toSQLite.status == 0, "\(toSQLite.stderr)")

        for url in [postgres, back] {
            let shown = try EntitleProcess.run(["show", "--format", "json", "--store", url], in: workspace.root)
            #expect(shown.stdout == original, "show differs for \(url)")
            let plan = try EntitleProcess.run(["plan", "manifests", "--detailed-exitcode", "--store", url], in: workspace.root)
            #expect(plan.status == 0, "plan against \(url): \(plan.stdout)")
        }
        // A plan file made against the original applies to a copy: lineage and serial came along.
        try workspace.edit("external-user-package.yaml", replacing: "displayName: Partner package", with: "displayName: Partner access")
        try workspace.expect(["plan", "manifests", "--out", "plan.json"], status: 0)
        let applied = try EntitleProcess.run(["apply", "--plan", "plan.json", "--store", back], in: workspace.root)
        #expect(applied.status == 0, "\(applied.stderr)")

        // A store that is not empty is never overwritten, and a missing source creates nothing.
        let refused = try EntitleProcess.run(["store", "copy", "--from", workspace.storeURL, "--to", back], in: workspace.root)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("is not empty (serial 3"), "\(refused.stderr)")
        let missing = "sqlite:" + workspace.root.appendingPathComponent("missing.db").path
        let fromMissing = try EntitleProcess.run(["store", "copy", "--from", missing, "--to", try PostgresSQL().storeURL()], in: workspace.root)
        #expect(fromMissing.status == 1)
        #expect(fromMissing.stderr.contains("there is no store at \(missing) (--from); check the URL"), "\(fromMissing.stderr)")
    }

    @Test func aCopyThatFailsLeavesNoTargetBehind() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.loadDirectory()
        try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
        // Another session holds the lock that creating this schema takes: the copy times out.
        let database = PostgresSQL()
        let held = try database.hold("SELECT pg_advisory_xact_lock(\(0x656e_7469), hashtext('\(database.schema)'));")
        defer { held.release() }
        let copy = try EntitleProcess.run(
            ["store", "copy", "--from", workspace.storeURL, "--to", try database.storeURL(), "--lock-timeout", "1s"], in: workspace.root)
        #expect(copy.status == 1)
        #expect(copy.stderr.contains("is locked by another operation"), "\(copy.stderr)")
        #expect(try database.scalar("SELECT count(*) FROM pg_namespace WHERE nspname = '\(database.schema)'") == "0", "a half-made target was left")
        // The same store twice, spelled two ways, is refused before either is opened.
        let same = try EntitleProcess.run(
            ["store", "copy", "--from", workspace.storeURL, "--to", "sqlite:" + workspace.root.appendingPathComponent("store/../store/store.db").path],
            in: workspace.root)
        #expect(same.status == 1 && same.stderr.contains("--from and --to name the same store"), "\(same.stderr)")
    }

    @Test func ctrlCWhileWaitingForTheLockStopsAtOnceAndWritesNothing() throws {
        let database = PostgresSQL()
        let workspace = try Workspace(storeURL: try database.storeURL())
        defer { workspace.remove() }
        try workspace.loadDirectory()
        // Another session holds the store's lock (its key: 'enti' and the schema's oid).
        let held = try database.hold(
            "SELECT pg_advisory_xact_lock((\(0x656e_7469)::bigint << 32) | (SELECT oid::bigint FROM pg_namespace WHERE nspname = '\(database.schema)'));")
        defer { held.release() }
        let run = try runAndSignal(
            EntitleProcess.binary, ["apply", "manifests", "--auto-approve", "--lock-timeout", "60s", "--store", workspace.storeURL], in: workspace.root,
            marker: "Plan: 3 to create", after: 1.5, signals: [SIGINT])
        #expect(run.status == 130, "\(run.output)")
        #expect(run.seconds < 5, "the interrupted apply went on waiting for the lock (\(run.seconds) s)")
        #expect(run.output.contains("waiting for the lock on postgres://"), "\(run.output)")
        #expect(run.output.contains("the transaction was rolled back; nothing was changed"), "\(run.output)")
        #expect(try database.scalar("SELECT value FROM meta WHERE key = 'serial'") == "0")
    }

    @Test func invalidManifestsCreateNoStore() throws {
        let database = PostgresSQL()
        let workspace = try Workspace(storeURL: try database.storeURL())
        defer { workspace.remove() }
        try workspace.edit("external-user-package.yaml", replacing: "displayName: External user package", with: "displayNme: External user package")
        // A plan needs an existing store; an apply would create one, but not for invalid manifests.
        #expect(try workspace.expect(["plan", "manifests"], status: 1).stderr.contains("there is no store at postgres://"))
        #expect(try workspace.expect(["apply", "manifests", "--auto-approve"], status: 1).stderr.contains("error["))
        #expect(try database.scalar("SELECT count(*) FROM pg_namespace WHERE nspname = '\(database.schema)'") == "0", "a store was created")
    }
}
