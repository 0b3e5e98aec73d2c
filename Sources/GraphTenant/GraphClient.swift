import Foundation
import GraphMapping
import Synchronization

/// Microsoft Graph v1.0 over HTTP: signs every request with the run's token, sends a new
/// `client-request-id` with each, retries throttling and transient failures, follows
/// `@odata.nextLink`s verbatim, and sends `$batch`es of at most 20 requests, retrying the items
/// that were throttled on their own.
///
/// Retries stay in here: callers see a response that succeeded or a `GraphError`.
public final class GraphClient: Sendable {
    /// A Graph response.
    public struct Response: Sendable {
        /// The status.
        public var status: Int
        /// The headers, names in lowercase.
        public var headers: [String: String]
        /// The body, if it was JSON.
        public var body: GraphJSON?
    }

    /// One request of a `$batch`: a key of the caller's choosing, a method and a URL relative to `/v1.0`.
    public struct BatchRequest: Sendable {
        /// The caller's key, unique within a call.
        public var key: String
        /// The method.
        public var method: String
        /// The URL below `/v1.0` (`/groups?$filter=…`).
        public var url: String
        /// The JSON body, if any.
        public var body: GraphJSON?
        /// Request headers of its own (`ConsistencyLevel` for an advanced query).
        public var headers: [String: String]

        /// Creates a batch request.
        public init(key: String, method: String = "GET", url: String, body: GraphJSON? = nil, headers: [String: String] = [:]) {
            self.key = key
            self.method = method
            self.url = url
            self.body = body
            self.headers = headers
        }
    }

    let endpoints: GraphEndpoints
    let tokens: TokenProvider
    let retry: RetryPolicy
    let transport = HTTPTransport()
    let trace: (@Sendable (String) -> Void)?
    private let counter = RequestCounter()

    /// The credential's name ("client secret").
    public var credentialName: String { tokens.credential.name }

    /// A client for `tenant` (an id or a verified domain) on `endpoints`, signing in with the
    /// pinned method or the first one the environment configures. `trace` receives one line per
    /// request (`--verbose`); tokens never appear in it.
    public init(
        tenant: String, endpoints: GraphEndpoints, auth: AuthMethod?, environment: [String: String], retry: RetryPolicy = RetryPolicy(),
        trace: (@Sendable (String) -> Void)? = nil
    ) throws(GraphError) {
        self.endpoints = endpoints
        self.tokens = TokenProvider(
            credential: try CredentialChain.credential(pinned: auth, tenant: tenant, endpoints: endpoints, environment: environment))
        self.retry = retry
        self.trace = trace
    }

    /// How many HTTP requests Graph has been sent (token requests not counted).
    public var requestCount: Int { counter.value }

    /// Signs in now, so a sign-in problem is reported before anything else happens.
    public func signIn() async throws(GraphError) { _ = try await tokens.token() }

    /// Sends one request to `url` (below `/v1.0`, or an absolute next link) and returns its
    /// successful response; throws `GraphError.http` with Graph's code and request-id otherwise.
    /// `readOnly` says the request changes nothing even if it is a POST (a `$batch` of reads, a
    /// `getByIds`), so it may be sent again after a 503, a 504 or a broken connection, as a GET,
    /// PUT, PATCH or DELETE may.
    public func send(
        _ method: String, _ url: String, body: GraphJSON? = nil, readOnly: Bool? = nil, headers extraHeaders: [String: String] = [:]
    ) async throws(GraphError) -> Response {
        let retriedAs = (readOnly ?? RetryPolicy.isIdempotent(method)) ? "GET" : method
        // The token goes to Graph only: a next link elsewhere (another host, or http) is refused.
        if url.hasPrefix("http"), !url.hasPrefix(endpoints.graph + "/") {
            throw .unexpected(method: method, path: Self.shortened(url), reason: "a link outside \(endpoints.graph), which entitle does not follow")
        }
        let absolute = url.hasPrefix("http") ? url : "\(endpoints.graph)/v1.0\(url)"
        let path = absolute.hasPrefix(endpoints.graph + "/v1.0") ? String(absolute.dropFirst(endpoints.graph.count + 5)) : absolute
        var attempt = 0
        var waited = 0.0
        var refreshedToken = false
        while true {
            let clientRequestID = UUID().uuidString.lowercased()
            let token = try await tokens.token()
            var headers = extraHeaders.merging(["Authorization": "Bearer \(token)", "client-request-id": clientRequestID, "Accept": "application/json"]) {
                _, own in own
            }
            var bytes: [UInt8]?
            if let body {
                headers["Content-Type"] = "application/json"
                bytes = Array(body.text.utf8)
            }
            let started = Date()
            counter.increment()
            let reply: HTTPTransport.Reply
            do {
                reply = try await transport.send(method: method, url: absolute, headers: headers, body: bytes)
            } catch {
                trace?("\(method) \(Self.shortened(path)) → failed after \(Self.milliseconds(since: started)) ms: \(HTTPTransport.reason(error))")
                // A read can be repeated safely; a write might have landed, so it is not repeated here.
                if retriedAs == "GET", let delay = retry.delay(attempt: attempt, waited: waited, retryAfter: nil) {
                    attempt += 1
                    waited += delay
                    try? await Task.sleep(for: .seconds(delay))
                    continue
                }
                throw .transport(method: method, path: Self.shortened(path), reason: HTTPTransport.reason(error))
            }
            trace?(
                "\(method) \(Self.shortened(path)) → \(reply.status) in \(Self.milliseconds(since: started)) ms (request-id \(reply.headers["request-id"] ?? "none"))"
            )
            let json = reply.body.isEmpty ? nil : GraphJSON.parse(reply.body)
            if (200..<300).contains(reply.status) { return Response(status: reply.status, headers: reply.headers, body: json) }
            if reply.status == 401, !refreshedToken {
                // An expired or revoked token: get a new one once.
                refreshedToken = true
                await tokens.invalidate(token)
                continue
            }
            if RetryPolicy.isRetried(reply.status, method: retriedAs),
                let delay = retry.delay(attempt: attempt, waited: waited, retryAfter: RetryPolicy.retryAfter(reply.headers["retry-after"]))
            {
                attempt += 1
                waited += delay
                trace?("  retrying in \(String(format: "%.1f", delay)) s (attempt \(attempt + 1))")
                try? await Task.sleep(for: .seconds(delay))
                continue
            }
            throw .http(
                Self.failure(
                    method: method, path: Self.shortened(path), status: reply.status, body: json, headers: reply.headers, clientRequestID: clientRequestID))
        }
    }

    /// Every item of a collection, following `@odata.nextLink` as given until there is none
    /// (each page sent with `headers`: an advanced query's pages need its `ConsistencyLevel`).
    public func list(_ url: String, headers: [String: String] = [:]) async throws(GraphError) -> [GraphJSON] {
        var items: [GraphJSON] = []
        var next: String? = url
        while let current = next {
            let response = try await send("GET", current, headers: headers)
            guard let body = response.body, case .array(let page)? = body["value"] else {
                throw .unexpected(method: "GET", path: Self.shortened(current), reason: "the response has no 'value' array")
            }
            items += page
            next = body["@odata.nextLink"]?.stringValue
        }
        return items
    }

    /// Sends `requests` in `$batch`es of at most 20, retrying throttled or unavailable items in a
    /// new batch after the longest `Retry-After` among them; returns each item's final response by key.
    /// An item's own failure is in its response (the caller decides what it means).
    public func batch(_ requests: [BatchRequest]) async throws(GraphError) -> [String: Response] {
        var results: [String: Response] = [:]
        var pending = requests
        var attempt = 0
        var waited = 0.0
        while !pending.isEmpty {
            var retryLater: [BatchRequest] = []
            var longestRetryAfter: Double?
            for start in stride(from: 0, to: pending.count, by: 20) {
                let chunk = Array(pending[start..<min(start + 20, pending.count)])
                for (key, response) in try await batchOnce(chunk) {
                    guard let request = chunk.first(where: { $0.key == key }) else { continue }
                    if RetryPolicy.isRetried(response.status, method: request.method) {
                        retryLater.append(request)
                        let after = RetryPolicy.retryAfter(response.headers["retry-after"]) ?? 0
                        longestRetryAfter = max(longestRetryAfter ?? 0, after)
                        continue
                    }
                    results[key] = response
                }
            }
            guard !retryLater.isEmpty else { break }
            guard let delay = retry.delay(attempt: attempt, waited: waited, retryAfter: longestRetryAfter.flatMap { $0 > 0 ? $0 : nil }) else {
                let first = retryLater[0]
                throw .http(
                    GraphError.Failure(
                        method: first.method, path: Self.shortened(first.url), status: 429, code: "TooManyRequests",
                        message: "still throttled or unavailable after \(attempt + 1) attempts", requestID: nil, clientRequestID: "(in $batch)",
                        hint: GraphErrorHints.hint(method: first.method, path: first.url, status: 429, code: "")))
            }
            attempt += 1
            waited += delay
            try? await Task.sleep(for: .seconds(delay))
            pending = retryLater
        }
        return results
    }

    /// Sends at most twenty requests in one `$batch` and returns each item's response by key, as
    /// Graph gave it (throttled ones included: the caller decides when to send them again).
    public func batchOnce(_ chunk: [BatchRequest]) async throws(GraphError) -> [String: Response] {
        let items: [GraphJSON] = chunk.enumerated().map { index, request in
            var item: [String: GraphJSON] = ["id": .string(String(index + 1)), "method": .string(request.method), "url": .string(request.url)]
            var headers = request.headers
            if let body = request.body {
                item["body"] = body
                headers["Content-Type"] = "application/json"
            }
            if !headers.isEmpty { item["headers"] = .object(headers.mapValues { .string($0) }) }
            return .object(item)
        }
        let response = try await send("POST", "/$batch", body: ["requests": .array(items)], readOnly: chunk.allSatisfy { RetryPolicy.isIdempotent($0.method) })
        let answers = response.body?["responses"]?.arrayValue ?? []
        var results: [String: Response] = [:]
        for (index, request) in chunk.enumerated() {
            guard let answer = answers.first(where: { $0["id"]?.stringValue == String(index + 1) }), let status = answer["status"]?.intValue else {
                throw .unexpected(
                    method: "POST", path: "/$batch", reason: "no response for request \(index + 1) (\(request.method) \(Self.shortened(request.url)))")
            }
            var headers: [String: String] = [:]
            for (name, value) in answer["headers"]?.objectValue ?? [:] { headers[name.lowercased()] = value.stringValue }
            if RetryPolicy.isRetried(status, method: request.method) { trace?("  batch item \(request.method) \(Self.shortened(request.url)) → \(status)") }
            results[request.key] = Response(status: status, headers: headers, body: answer["body"])
        }
        return results
    }

    /// The failure of a batch item's response, for callers that treat it as an error.
    public func failure(of response: Response, method: String, url: String) -> GraphError {
        .http(
            Self.failure(
                method: method, path: Self.shortened(url), status: response.status, body: response.body, headers: response.headers,
                clientRequestID: "(in $batch)"))
    }

    static func failure(method: String, path: String, status: Int, body: GraphJSON?, headers: [String: String], clientRequestID: String) -> GraphError.Failure {
        let error = body?["error"]
        let code = error?["code"]?.stringValue ?? "HTTP\(status)"
        return GraphError.Failure(
            method: method, path: path, status: status, code: code, message: error?["message"]?.stringValue ?? "no error message",
            requestID: headers["request-id"] ?? error?["innerError"]?["request-id"]?.stringValue, clientRequestID: clientRequestID,
            hint: GraphErrorHints.hint(method: method, path: path, status: status, code: code))
    }

    /// A path for messages: long filters cut short, and never a `$skiptoken` (which may carry state).
    static func shortened(_ path: String) -> String {
        var text = path
        if let range = text.range(of: "$skiptoken=") { text = String(text[..<range.upperBound]) + "…" }
        return text.count > 160 ? String(text.prefix(157)) + "…" : text
    }

    static func milliseconds(since start: Date) -> Int { Int((Date().timeIntervalSince(start) * 1000).rounded()) }
}

/// A counter of requests sent, shared by the tasks of a run.
final class RequestCounter: Sendable {
    private let count = Mutex(0)

    func increment() { count.withLock { $0 += 1 } }

    var value: Int { count.withLock { $0 } }
}
