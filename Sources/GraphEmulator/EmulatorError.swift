import GraphMapping

/// A Graph error response: a status and the OData error's `code` and `message`
/// (`{"error": {"code", "message", "innerError": {"date", "request-id", "client-request-id"}}}`).
struct EmulatorError: Error {
    var status: Int
    var code: String
    var message: String
    var headers: [String: String] = [:]

    init(_ status: Int, _ code: String, _ message: String, headers: [String: String] = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    static func notFound(_ what: String) -> EmulatorError {
        EmulatorError(404, "ResourceNotFound", "\(what) does not exist or one of its queried reference-property objects are not present.")
    }

    static func unknownProperty(_ name: String, type: String) -> EmulatorError {
        EmulatorError(
            400, "BadRequest",
            "The property '\(name)' does not exist on type 'microsoft.graph.\(type)'. Make sure to only use property names that are defined by the type.")
    }

    static func invalid(_ message: String) -> EmulatorError { EmulatorError(400, "BadRequest", message) }

    /// The OData error body.
    func body(requestID: String, clientRequestID: String?, date: String) -> GraphJSON {
        var inner: [String: GraphJSON] = ["date": .string(date), "request-id": .string(requestID)]
        if let clientRequestID { inner["client-request-id"] = .string(clientRequestID) }
        return ["error": ["code": .string(code), "message": .string(message), "innerError": .object(inner)]]
    }
}

/// What the emulator answers: a status, headers and an optional JSON body.
struct EmulatedResponse {
    var status: Int
    var headers: [String: String] = [:]
    var body: GraphJSON?

    static func json(_ status: Int, _ body: GraphJSON) -> EmulatedResponse { EmulatedResponse(status: status, body: body) }
    static let noContent = EmulatedResponse(status: 204)
}

/// A request as the emulator's Graph routes see it, whether it came over HTTP or inside `$batch`.
struct EmulatedRequest {
    var method: String
    /// The path below `/v1.0`, without the query (`/identityGovernance/entitlementManagement/catalogs`).
    var path: String
    var query: ODataQuery
    var rawQuery: String?
    var headers: [String: String]
    var body: GraphJSON?
}
