import Foundation
import _TestSupport

/// SQL against the test PostgreSQL server through `psql`, as a database administrator would.
struct PostgresSQL {
    /// The store's schema.
    let schema: String

    /// A new, unused schema (the store in it is created by the first entitle command).
    init(schema: String = TestPostgres.uniqueSchema()) {
        self.schema = schema
    }

    /// The store URL for entitle.
    func storeURL() throws -> String { try TestPostgres.url(schema: schema) }

    /// The first column of the first row of `query`, or `nil` when there is none.
    func scalar(_ query: String) throws -> String? {
        let output = try run(["-tA", "-c", query])
        return output.split(separator: "\n").first.map(String.init)
    }

    /// All rows of `query`, one line each (`|` between columns).
    func rows(_ query: String) throws -> [String] {
        try run(["-tA", "-c", query]).split(separator: "\n").map(String.init)
    }

    /// `psql` on the test server, in this schema, stopping at the first error.
    private func psql(_ arguments: [String] = []) throws -> Process {
        guard let base = TestPostgres.baseURL else { throw TestPostgresMissing() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = [base, "-v", "ON_ERROR_STOP=1", "-X", "-q"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PGOPTIONS"] = "-c search_path=\(schema)"
        process.environment = environment
        return process
    }

    private func run(_ arguments: [String]) throws -> String {
        let process = try psql(arguments)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PSQLFailure(description: "psql \(arguments.joined(separator: " ")): " + String(decoding: error, as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Starts a `psql` session that runs `statements` and then holds its transaction open until
    /// `release()` is called (or the test process ends): how a test keeps a lock held.
    func hold(_ statements: String) throws -> HeldSession {
        let process = try psql()
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data("BEGIN;\n\(statements)\n\\echo held\n".utf8))
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("held") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { throw PSQLFailure(description: "psql ended before holding: " + String(decoding: seen, as: UTF8.self)) }
            seen.append(chunk)
        }
        return HeldSession(process: process, input: input)
    }
}

/// A `psql` session holding a transaction open.
struct HeldSession {
    let process: Process
    let input: Pipe

    /// Rolls the transaction back and ends the session.
    func release() {
        input.fileHandleForWriting.write(Data("ROLLBACK;\n\\q\n".utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

/// `psql` failed.
struct PSQLFailure: Error, CustomStringConvertible {
    var description: String
}
