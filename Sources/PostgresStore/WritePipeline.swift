import PostgresNIO
import Store

/// Writes sent one after another without waiting for each answer, then awaited in order: one
/// round trip for a whole apply instead of one per row. The server runs them in the order sent,
/// inside the caller's transaction; after the first failure the rest fail too ("transaction
/// aborted"), so the first error is the one reported.
struct WritePipeline {
    private let connection: PostgresConnection
    private let logger: Logger
    private var pending: [(result: EventLoopFuture<PostgresQueryResult>, unlessOneRow: String?)] = []

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Sends `query`; if `unlessOneRow` is given, the write must touch exactly one row or the
    /// batch is rejected with that reason.
    mutating func send(_ query: PostgresQuery, failingUnlessOneRow unlessOneRow: String? = nil) {
        let result: EventLoopFuture<PostgresQueryResult> = connection.query(query, logger: logger)
        pending.append((result, unlessOneRow))
    }

    /// Waits for every answer, in order.
    func finish() async throws {
        for (result, unlessOneRow) in pending {
            let answer = try await result.get()
            if let unlessOneRow, answer.metadata.rows != 1 { throw StoreError.rejected(reason: unlessOneRow) }
        }
    }
}
