import Foundation
import GraphMapping

/// Gathers the requests that many steps running side by side send into `$batch` requests of up to
/// twenty, so an apply costs about one HTTP request per twenty calls while each step stays a
/// plain sequence of calls.
///
/// A request waits a moment for others to join it (steps that run in step send their next calls
/// together); a lone request goes out on its own. At most `maxInFlight` HTTP requests are out at
/// once, as Graph's throttling guidance asks. Throttled items are retried by `GraphClient.batch`.
/// POSTs are batched apart from the requests that may be sent twice (GET, PUT, PATCH, DELETE), so
/// a batch of the latter that meets a 503 is sent again whole, and one of POSTs never is.
actor GraphBatcher {
    private let client: GraphClient
    private let maxInFlight: Int
    private let linger: Duration
    typealias Queued = (request: GraphClient.BatchRequest, reply: CheckedContinuation<Result<GraphClient.Response, GraphError>, Never>)
    /// Requests waiting: POSTs, and those that may be sent twice.
    private var posts: [Queued] = []
    private var repeatable: [Queued] = []
    private var queued: Int { posts.count + repeatable.count }
    private var inFlight = 0
    /// How often each item was sent again after a 429 (or, for requests that may be sent twice, a 503 or 504).
    private var attempts: [String: Int] = [:]
    static let maxItemRetries = 8
    private var flushScheduled = false
    private var counter = 0

    init(client: GraphClient, maxInFlight: Int = 4, linger: Duration = .milliseconds(3)) {
        self.client = client
        self.maxInFlight = maxInFlight
        self.linger = linger
    }

    /// Sends one request, in a batch with whatever else is sent at the same time; returns its
    /// successful response or throws its failure, as `GraphClient.send` does.
    func send(_ method: String, _ url: String, body: GraphJSON? = nil) async throws(GraphError) -> GraphClient.Response {
        let relative = url.hasPrefix(client.endpoints.graph + "/v1.0") ? String(url.dropFirst(client.endpoints.graph.count + 5)) : url
        counter += 1
        let request = GraphClient.BatchRequest(key: String(counter), method: method, url: relative, body: body)
        let result = await withCheckedContinuation { continuation in
            if RetryPolicy.isIdempotent(method) { repeatable.append((request, continuation)) } else { posts.append((request, continuation)) }
            schedule()
        }
        return try result.get()
    }

    /// Every item of a collection, each page through the batcher.
    func list(_ url: String) async throws(GraphError) -> [GraphJSON] {
        var items: [GraphJSON] = []
        var next: String? = url
        while let current = next {
            let body = try await send("GET", current).body
            guard case .array(let page)? = body?["value"] else {
                throw .unexpected(method: "GET", path: GraphClient.shortened(current), reason: "the response has no 'value' array")
            }
            items += page
            next = body?["@odata.nextLink"]?.stringValue
        }
        return items
    }

    private func requeue(_ items: [Queued]) {
        for item in items {
            if RetryPolicy.isIdempotent(item.request.method) { repeatable.append(item) } else { posts.append(item) }
        }
        schedule()
    }

    private func schedule() {
        if posts.count >= 20 || repeatable.count >= 20 {
            flush()
        } else if !flushScheduled {
            flushScheduled = true
            Task {
                try? await Task.sleep(for: linger)
                self.lingered()
            }
        }
    }

    private func lingered() {
        flushScheduled = false
        flush()
    }

    /// Sends what is queued, twenty to a request, while fewer than `maxInFlight` are out.
    private func flush() {
        while queued > 0, inFlight < maxInFlight {
            let group: [Queued]
            if repeatable.count >= posts.count {
                group = Array(repeatable.prefix(20))
                repeatable.removeFirst(group.count)
            } else {
                group = Array(posts.prefix(20))
                posts.removeFirst(group.count)
            }
            inFlight += 1
            Task { await self.send(group) }
        }
    }

    private func send(_ group: [Queued]) async {
        if group.count == 1, let only = group.first {
            let result: Result<GraphClient.Response, GraphError>
            do {
                result = .success(try await client.send(only.request.method, only.request.url, body: only.request.body))
            } catch {
                result = .failure(error)
            }
            only.reply.resume(returning: result)
        } else {
            do {
                let responses = try await client.batchOnce(group.map(\.request))
                var throttled: [Queued] = []
                var retryAfter = 0.0
                for (request, reply) in group {
                    guard let response = responses[request.key] else {
                        reply.resume(
                            returning: .failure(
                                .unexpected(method: request.method, path: GraphClient.shortened(request.url), reason: "no answer in the $batch")))
                        continue
                    }
                    if (200..<300).contains(response.status) {
                        reply.resume(returning: .success(response))
                    } else if RetryPolicy.isRetried(response.status, method: request.method), (attempts[request.key] ?? 0) < Self.maxItemRetries {
                        // Sent again after Graph's Retry-After, in whatever batch is going then.
                        attempts[request.key, default: 0] += 1
                        throttled.append((request, reply))
                        retryAfter = max(retryAfter, RetryPolicy.retryAfter(response.headers["retry-after"]) ?? Double(attempts[request.key] ?? 1))
                    } else {
                        attempts[request.key] = nil
                        reply.resume(returning: .failure(client.failure(of: response, method: request.method, url: request.url)))
                    }
                }
                if !throttled.isEmpty {
                    let wait = retryAfter
                    Task {
                        try? await Task.sleep(for: .seconds(wait))
                        self.requeue(throttled)
                    }
                }
            } catch {
                for (_, reply) in group { reply.resume(returning: .failure(error)) }
            }
        }
        inFlight -= 1
        if queued > 0 { flush() }
    }
}
