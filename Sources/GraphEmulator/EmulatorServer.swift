import Foundation
import GraphMapping
import HTTPTypes
import Hummingbird
import Logging

/// The HTTP side of the emulator: default Graph headers, permission checks, injected faults
/// (throttling, 503s, latency), `$batch`, the request log, and the sign-in endpoints.
actor EmulatorServer {
    struct Faults {
        var throttleEvery: Int
        var failRate: Double
        var latencyMilliseconds: Int
    }

    let tenant: EmulatedTenant
    let tokens: TokenService
    let faults: Faults
    private var requestCount = 0
    private var generator = SystemRandomNumberGenerator()
    /// The faults each request (by method, URL and body) has met since the first of them.
    private var faultWindows: [Int: (start: Date, count: Int)] = [:]
    /// A request meets at most this many injected faults within `faultWindow` seconds of its first,
    /// then goes through: faults are transient, and a client that retries as the Graph SDKs do by
    /// default (three retries, a few seconds apart) gets through every time, so a test with faults
    /// injected cannot fail by chance. Counted per request, not per attempt, so that identical
    /// requests sent at once cannot take turns to keep one another failing.
    static let maxFaultsPerRequest = 3
    static let faultWindow = 30.0
    private let log: FileHandle?

    init(tenant: EmulatedTenant, tokens: TokenService, faults: Faults, logPath: String?) {
        self.tenant = tenant
        self.tokens = tokens
        self.faults = faults
        if let logPath {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
            log = FileHandle(forWritingAtPath: logPath)
        } else {
            log = nil
        }
    }

    /// Answers an HTTP request.
    nonisolated func respond(to request: Request) async -> Response {
        let started = Date()
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        var request = request
        let bytes = (try? await request.collectBody(upTo: 32 * 1024 * 1024)).map { Array($0.readableBytesView) } ?? []
        // Paths are matched decoded (a site path may hold `%20`); queries are decoded per option.
        let path = request.uri.path.removingPercentEncoding ?? request.uri.path
        let query = request.uri.query
        let requestID = EmulatedTenant.newID()
        if faults.latencyMilliseconds > 0 { try? await Task.sleep(for: .milliseconds(faults.latencyMilliseconds)) }
        let response = await answer(method: request.method.rawValue, path: path, query: query, headers: headers, bytes: bytes, requestID: requestID)
        await record(
            [
                "time": .string(EmulatedTenant.timestamp()), "method": .string(request.method.rawValue), "path": .string(path),
                "query": .string(query ?? ""), "status": .number(Double(response.status)),
                "ms": .number((Date().timeIntervalSince(started) * 1000).rounded()), "requestId": .string(requestID),
                "clientRequestId": .string(headers["client-request-id"] ?? ""),
            ])
        return Self.http(response, requestID: requestID, clientRequestID: headers["client-request-id"])
    }

    private func record(_ line: GraphJSON) {
        log?.write(Data((line.text + "\n").utf8))
    }

    private func answer(method: String, path: String, query: String?, headers: [String: String], bytes: [UInt8], requestID: String) async -> EmulatedResponse {
        let segments = path.split(separator: "/").map(String.init)
        // Sign-in endpoints: the token endpoint, managed identity, GitHub's OIDC tokens.
        if method == "POST", segments.count == 4, segments[1] == "oauth2", segments[2] == "v2.0", segments[3] == "token" {
            return await tokens.token(tenant: segments[0], form: Self.form(bytes))
        }
        if method == "GET", path == "/metadata/identity/oauth2/token" {
            return await tokens.managedIdentity(headers: headers, query: ODataQuery(query), imds: true)
        }
        if method == "GET", path == "/msi/token" {
            return await tokens.managedIdentity(headers: headers, query: ODataQuery(query), imds: false)
        }
        if method == "GET", path == "/github/token" {
            return await tokens.githubToken(authorization: headers["authorization"], query: ODataQuery(query))
        }
        guard path.hasPrefix("/v1.0/") else {
            if path.hasPrefix("/beta/") {
                return .error(EmulatorError(400, "BadRequest", "This emulator serves Graph v1.0 only; entitle never calls beta."))
            }
            return .error(EmulatorError(404, "NotFound", "No route for \(method) \(path)."))
        }
        if let fault = injectedFault(for: Self.faultKey(method, path + "?" + (query ?? ""), body: bytes.hashValue)) { return fault }
        let permissions: Set<String>
        do {
            permissions = try await tokens.validate(authorization: headers["authorization"])
        } catch {
            return .error(error)
        }
        var body: GraphJSON?
        if !bytes.isEmpty {
            guard let parsed = GraphJSON.parse(bytes) else { return .error(.invalid("Unable to read JSON request payload.")) }
            body = parsed
        }
        let relative = String(path.dropFirst("/v1.0".count))
        if relative == "/$batch", method == "POST" {
            return await batch(body, permissions: permissions, requestID: requestID)
        }
        let request = EmulatedRequest(method: method, path: relative, query: ODataQuery(query), rawQuery: query, headers: headers, body: body)
        if let denied = Self.denied(request, permissions) { return .error(denied) }
        return await tenant.handle(request)
    }

    /// Every `--throttle-every`th request gets 429 with `Retry-After`; a `--fail-rate` share get 503;
    /// but the same request (`key`) at most `maxFaultsPerRequest` times within `faultWindow`.
    private func injectedFault(for key: Int) -> EmulatedResponse? {
        requestCount += 1
        let now = Date()
        var window = faultWindows[key].flatMap { now.timeIntervalSince($0.start) <= Self.faultWindow ? $0 : nil } ?? (start: now, count: 0)
        guard window.count < Self.maxFaultsPerRequest else { return nil }
        var fault: EmulatedResponse
        if faults.throttleEvery > 0, requestCount % faults.throttleEvery == 0 {
            fault = EmulatedResponse.error(
                EmulatorError(429, "TooManyRequests", "Too many requests. Retry after the time the Retry-After header gives."))
            fault.headers["Retry-After"] = "1"
        } else if faults.failRate > 0, Double.random(in: 0..<1, using: &generator) < faults.failRate {
            fault = .error(EmulatorError(503, "ServiceUnavailable", "The service is temporarily unavailable. Try again later."))
        } else {
            return nil
        }
        window.count += 1
        faultWindows[key] = window
        return fault
    }

    /// What tells a request from others when counting its faults: its method, URL and body.
    private static func faultKey(_ method: String, _ url: String, body: Int) -> Int {
        var hasher = Hasher()
        hasher.combine(method)
        hasher.combine(url)
        hasher.combine(body)
        return hasher.finalize()
    }

    /// `POST /$batch`: at most 20 requests with unique ids and relative URLs; each answered on its
    /// own (with its own faults), in any order; a request whose `dependsOn` failed gets 424.
    private func batch(_ body: GraphJSON?, permissions: Set<String>, requestID: String) async -> EmulatedResponse {
        guard let items = body?["requests"]?.arrayValue else { return .error(.invalid("The batch request body must have a 'requests' array.")) }
        guard items.count <= 20 else { return .error(.invalid("The number of requests in a batch exceeds the limit of 20.")) }
        let ids = items.compactMap { $0["id"]?.stringValue }
        guard ids.count == items.count, Set(ids).count == ids.count else {
            return .error(.invalid("Every request in a batch needs an id, and the ids must be unique."))
        }
        var statuses: [String: Int] = [:]
        var responses: [GraphJSON] = []
        for item in items {
            let id = item["id"]?.stringValue ?? ""
            let method = item["method"]?.stringValue?.uppercased() ?? "GET"
            guard let url = item["url"]?.stringValue, url.hasPrefix("/"), !url.hasPrefix("//") else {
                return .error(.invalid("Batch request '\(id)' must have a relative url such as /users."))
            }
            let response: EmulatedResponse
            if item["dependsOn"]?.arrayValue.contains(where: { statuses[$0.stringValue ?? ""].map { $0 >= 400 } ?? true }) == true {
                response = .error(EmulatorError(424, "FailedDependency", "The request depends on a request that failed."))
            } else if let fault = injectedFault(for: Self.faultKey(method, url, body: item["body"]?.text.hashValue ?? 0)) {
                response = fault
            } else {
                let parts = url.split(separator: "?", maxSplits: 1).map(String.init)
                var headers: [String: String] = [:]
                for (name, value) in item["headers"]?.objectValue ?? [:] { headers[name.lowercased()] = value.stringValue ?? "" }
                let request = EmulatedRequest(
                    method: method, path: parts[0].removingPercentEncoding ?? parts[0], query: ODataQuery(parts.count > 1 ? parts[1] : nil),
                    rawQuery: parts.count > 1 ? parts[1] : nil,
                    headers: headers, body: item["body"])
                if let denied = Self.denied(request, permissions) {
                    response = .error(denied)
                } else {
                    response = await tenant.handle(request)
                }
            }
            statuses[id] = response.status
            // Each item is logged too, under its batch's request id (as `url`, not `path`, so a
            // count of HTTP requests is a count of `path` lines).
            record(["batchOf": .string(requestID), "method": .string(method), "url": .string(url), "status": .number(Double(response.status))])
            var headers = response.headers
            headers["Content-Type"] = "application/json"
            var entry: [String: GraphJSON] = [
                "id": .string(id), "status": .number(Double(response.status)), "headers": .object(headers.mapValues { .string($0) }),
            ]
            if let body = response.body { entry["body"] = Self.withInnerError(body, requestID: requestID, clientRequestID: nil) }
            responses.append(.object(entry))
        }
        responses.shuffle(using: &generator)
        return .json(200, ["responses": .array(responses)])
    }

    /// Why the caller's permissions do not allow `request`, if they do not: Graph's 403.
    static func denied(_ request: EmulatedRequest, _ permissions: Set<String>) -> EmulatorError? {
        let first = request.path.split(separator: "/").first.map(String.init) ?? ""
        let needed: [String]
        switch first {
        case "identityGovernance":
            needed =
                request.method == "GET" ? ["EntitlementManagement.Read.All", "EntitlementManagement.ReadWrite.All"] : ["EntitlementManagement.ReadWrite.All"]
        case "users": needed = ["User.Read.All", "Directory.Read.All"]
        case "groups": needed = ["Group.Read.All", "Directory.Read.All"]
        case "servicePrincipals": needed = ["Application.Read.All", "Directory.Read.All"]
        case "sites": needed = ["Sites.Read.All"]
        case "organization": needed = ["Organization.Read.All", "Directory.Read.All"]
        case "directoryObjects": needed = ["Directory.Read.All"]
        default: needed = []
        }
        guard !needed.isEmpty, permissions.isDisjoint(with: needed) else { return nil }
        return EmulatorError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
    }

    static func form(_ bytes: [UInt8]) -> [String: String] {
        var form: [String: String] = [:]
        for pair in String(decoding: bytes, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncodingPlus }
            if parts.count == 2 { form[parts[0]] = parts[1] }
        }
        return form
    }

    static func withInnerError(_ body: GraphJSON, requestID: String, clientRequestID: String?) -> GraphJSON {
        guard var error = body["error"]?.objectValue, error["innerError"] == nil else { return body }
        var inner: [String: GraphJSON] = ["date": .string(EmulatedTenant.timestamp()), "request-id": .string(requestID)]
        if let clientRequestID { inner["client-request-id"] = .string(clientRequestID) }
        error["innerError"] = .object(inner)
        return ["error": .object(error)]
    }

    /// The Hummingbird response, with Graph's default headers.
    static func http(_ response: EmulatedResponse, requestID: String, clientRequestID: String?) -> Response {
        var fields = HTTPFields()
        func set(_ name: String, _ value: String) {
            if let field = HTTPField.Name(name) { fields[field] = value }
        }
        set("request-id", requestID)
        if let clientRequestID { set("client-request-id", clientRequestID) }
        set("Cache-Control", "no-store")
        for (name, value) in response.headers { set(name, value) }
        var body = ResponseBody()
        if let json = response.body {
            set("Content-Type", "application/json")
            let bytes = withInnerError(json, requestID: requestID, clientRequestID: clientRequestID).text
            body = ResponseBody(byteBuffer: ByteBuffer(string: bytes))
        }
        return Response(status: HTTPResponse.Status(code: response.status), headers: fields, body: body)
    }
}

extension EmulatedResponse {
    static func error(_ error: EmulatorError) -> EmulatedResponse {
        EmulatedResponse(status: error.status, headers: error.headers).withError(error)
    }
}
