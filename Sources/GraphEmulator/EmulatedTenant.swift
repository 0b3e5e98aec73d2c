import Foundation
import GraphMapping

/// The emulated tenant: its entitlement objects, its directory, and the Graph v1.0 routes over
/// them. Every request, whether it came over HTTP or inside `$batch`, goes through `handle`.
actor EmulatedTenant {
    struct Settings {
        var tenantID: String
        var domain: String
        var pageSize: Int
        var consistencyDelay: Double
        var stateFile: String?
        /// Refuse `$expand`s of access packages that no v1.0 page shows (catalog, incompatibilities).
        var documentedExpandOnly: Bool
        /// Until when (seconds since 1970) advanced queries see no directory object, as Graph's
        /// index may lag behind the directory.
        var indexLagUntil: Double = 0
    }

    let settings: Settings
    var data: TenantData
    /// The server's base URL (`http://127.0.0.1:PORT`), for next links and `@odata.id`s.
    var baseURL = "https://graph.microsoft.com"
    /// Whether a write happened since the state file was last written.
    private var changed = false
    /// Pages not yet read, by `$skiptoken`.
    private var pages: [String: ArraySlice<GraphJSON>] = [:]

    init(settings: Settings, data: TenantData) {
        self.settings = settings
        self.data = data
    }

    func setBaseURL(_ url: String) { baseURL = url }

    static let em = "/identityGovernance/entitlementManagement"

    var now: Double { Date().timeIntervalSince1970 }

    /// A new object id (a GUID, as Graph's).
    static func newID() -> String { UUID().uuidString.lowercased() }

    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }

    /// Answers one request; the permission check has been done by the caller.
    func handle(_ request: EmulatedRequest) -> EmulatedResponse {
        do {
            let response = try route(request)
            if ["POST", "PATCH", "PUT", "DELETE"].contains(request.method), response.status < 300 { changed = true }
            return response
        } catch {
            return EmulatedResponse(status: error.status, headers: error.headers, body: nil).withError(error)
        }
    }

    private func route(_ request: EmulatedRequest) throws(EmulatorError) -> EmulatedResponse {
        let segments = request.path.split(separator: "/").map(String.init)
        if request.path.hasPrefix(Self.em + "/") || request.path == Self.em {
            return try entitlementRoute(Array(segments.dropFirst(2)), request)
        }
        return try directoryRoute(segments, request)
    }

    // MARK: Paging

    /// A collection response of `items`, paged at `pageSize` (default `--page-size`) with an
    /// opaque `$skiptoken`; with `count`, the first page says how many items there are in all.
    func collection(
        _ items: [GraphJSON], _ request: EmulatedRequest, context: String, pageSize: Int? = nil, count: Bool = false
    ) throws(EmulatorError) -> EmulatedResponse {
        var remaining: ArraySlice<GraphJSON>
        if let token = request.query.options["$skiptoken"] {
            // A token can be used again (a client may retry a page whose answer it lost).
            guard let stored = pages[token] else {
                throw EmulatorError(
                    400, "Directory_ExpiredPageToken", "The specified page token value has expired and can no longer be included in your request.")
            }
            remaining = stored
        } else {
            remaining = ArraySlice(items.map { Self.selecting($0, request.query.select) })
        }
        let page = remaining.prefix(pageSize ?? settings.pageSize)
        remaining = remaining.dropFirst(page.count)
        var body: [String: GraphJSON] = [
            "@odata.context": .string("\(baseURL)/v1.0/$metadata#\(context)"), "value": .array(Array(page)),
        ]
        if count, request.query.options["$skiptoken"] == nil { body["@odata.count"] = .number(Double(items.count)) }
        if !remaining.isEmpty {
            let token = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            pages[token] = remaining
            let query = (request.rawQuery ?? "").split(separator: "&").filter { !$0.hasPrefix("$skiptoken=") && !$0.hasPrefix("%24skiptoken=") }
            body["@odata.nextLink"] = .string(
                "\(baseURL)/v1.0\(request.path)?" + (query + ["$skiptoken=\(token)"]).joined(separator: "&"))
        }
        return .json(200, .object(body))
    }

    /// `object` with only the `$select`ed properties (and its id and type).
    static func selecting(_ object: GraphJSON, _ select: Set<String>?) -> GraphJSON {
        guard let select, case .object(let members) = object else { return object }
        return .object(members.filter { select.contains($0.key) || $0.key == "id" || $0.key == "@odata.type" })
    }

    // MARK: Persistence

    /// Writes the state file if anything changed. Called twice a second and when the emulator
    /// stops: writing a large tenant after every request would make filling it quadratic.
    func saveIfChanged() {
        guard changed, let path = settings.stateFile else { return }
        changed = false
        let encoder = JSONEncoder()
        guard let bytes = try? encoder.encode(data) else { return }
        // Written beside and renamed over, so a restart never reads half a file.
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: bytes) else { return }
        _ = rename(temporary, path)
    }

    static func load(stateFile: String) -> TenantData? {
        guard let bytes = FileManager.default.contents(atPath: stateFile) else { return nil }
        return try? JSONDecoder().decode(TenantData.self, from: bytes)
    }

    // MARK: Bodies

    /// The JSON body of a write, refused with 400 if it is missing or has properties `type` does not have.
    static func body(_ request: EmulatedRequest, as type: String) throws(EmulatorError) -> [String: GraphJSON] {
        guard let body = request.body, case .object(let members) = body else {
            throw EmulatorError.invalid("The request body is missing or is not a JSON object.")
        }
        try GraphSchema.check(body, as: type)
        return members
    }
}

extension EmulatedResponse {
    /// The response carrying `error`'s OData body (request ids are filled in by the server).
    func withError(_ error: EmulatorError) -> EmulatedResponse {
        var response = self
        response.body = ["error": ["code": .string(error.code), "message": .string(error.message)]]
        return response
    }
}
