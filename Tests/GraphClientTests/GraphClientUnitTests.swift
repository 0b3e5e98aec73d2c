import Foundation
import Testing

@testable import GraphTenant

/// The Graph client's pure parts: retry timing, the hosts a run may talk to, token responses.
struct GraphClientUnitTests {
    @Test(arguments: [("2", 2.0), ("2.128", 2.128), ("0", 0.0)])
    func retryAfterInSecondsIsHonoured(header: String, seconds: Double) {
        #expect(RetryPolicy.retryAfter(header) == seconds)
    }

    @Test func retryAfterAsAnHTTPDateIsTheTimeUntilThen() throws {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let seconds = try #require(RetryPolicy.retryAfter(formatter.string(from: Date().addingTimeInterval(30))))
        #expect(seconds > 25 && seconds <= 30)
        #expect(RetryPolicy.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT") == 0, "a date in the past means now")
        #expect(RetryPolicy.retryAfter("soon") == nil && RetryPolicy.retryAfter("-1") == nil && RetryPolicy.retryAfter(nil) == nil)
    }

    @Test func retriesAreBoundedInCountAndTotalWait() {
        let policy = RetryPolicy(maxRetries: 3, baseDelay: 1, maxTotalWait: 10)
        #expect(policy.delay(attempt: 0, waited: 0, retryAfter: 4) == 4)
        #expect(policy.delay(attempt: 3, waited: 0, retryAfter: 1) == nil, "no fourth retry")
        #expect(policy.delay(attempt: 1, waited: 8, retryAfter: 3) == nil, "no waiting past the total")
        let backoff = policy.delay(attempt: 2, waited: 0, retryAfter: nil) ?? 0
        #expect(backoff >= 4 && backoff < 5, "1 s doubled twice, plus under a second of jitter")
    }

    @Test func hostsComeFromTheCloudAndPlainHTTPOnlyOnLoopback() throws {
        let global = try GraphEndpoints(cloud: .global, environment: [:])
        #expect(global.authority == "https://login.microsoftonline.com" && global.graph == "https://graph.microsoft.com")
        #expect(global.scope == "https://graph.microsoft.com/.default")
        let dod = try GraphEndpoints(cloud: .usgovDoD, environment: [:])
        #expect(dod.graph == "https://dod-graph.microsoft.us" && dod.scope == "https://dod-graph.microsoft.us/.default")
        #expect(dod.myAccess == "https://myaccess.microsoft.us")
        let bareHost = try GraphEndpoints(cloud: .usgov, environment: ["AZURE_AUTHORITY_HOST": "login.microsoftonline.us"])
        #expect(bareHost.authority == "https://login.microsoftonline.us")
        let loopback = try GraphEndpoints(
            cloud: .global, environment: ["ENTITLE_GRAPH_URL": "http://127.0.0.1:8400/", "AZURE_AUTHORITY_HOST": "http://localhost:8400"])
        #expect(loopback.graph == "http://127.0.0.1:8400" && loopback.scope == "https://graph.microsoft.com/.default")
        #expect(throws: GraphError.self) { try GraphEndpoints(cloud: .global, environment: ["ENTITLE_GRAPH_URL": "http://graph.example.com"]) }
        #expect(throws: GraphError.self) { try GraphEndpoints(cloud: .global, environment: ["AZURE_AUTHORITY_HOST": "ftp://login.example.com"]) }
    }

    @Test func tokenResponsesWithNumbersAsStringsAndAADSTSErrors() throws {
        let managed = HTTPTransport.Reply(status: 200, headers: [:], body: Array(#"{"access_token":"t","expires_in":"3599","token_type":"Bearer"}"#.utf8))
        let token = try TokenEndpoint.parse(managed, credential: "managed identity")
        #expect(token.value == "t" && token.expiresOn.timeIntervalSinceNow > 3500)
        #expect(token.refreshOn.timeIntervalSinceNow > 3200 && token.refreshOn.timeIntervalSinceNow < 3400, "five minutes before expiry")
        let refused = HTTPTransport.Reply(
            status: 401, headers: [:],
            body: Array(
                #"{"error":"invalid_client","error_description":"AADSTS7000222: The provided client secret keys are expired.\r\nTrace ID: x","error_codes":[7000222]}"#
                    .utf8))
        #expect {
            try TokenEndpoint.parse(refused, credential: "client secret")
        } throws: { error in
            let text = String(describing: error)
            return text.contains("invalid_client: AADSTS7000222: The provided client secret keys are expired.") && !text.contains("Trace ID")
                && text.contains("hint: the client secret has expired")
        }
    }

    @Test func aShortLivedTokenIsRenewedHalfWay() {
        let token = AccessToken(value: "t", expiresOn: Date().addingTimeInterval(60))
        let remaining = token.refreshOn.timeIntervalSinceNow
        #expect(remaining > 28 && remaining <= 30)
    }

    @Test(arguments: ["4a5c1f7e-2b3d-4e6f-8a9b-0c1d2e3f4a5b", "4A5C1F7E-2B3D-4E6F-8A9B-0C1D2E3F4A5B"])
    func guidsAreRecognized(text: String) {
        #expect(DirectoryLookup.isGUID(text))
    }

    @Test func namesAreEncodedForFilters() {
        #expect(DirectoryLookup.encoded("displayName in ('Sales & Marketing','O''Brien')") == "displayName%20in%20('Sales%20%26%20Marketing','O''Brien')")
        #expect(DirectoryLookup.encoded("adele_contoso.example#EXT#@woodgrove.example").contains("%23EXT%23@"))
        #expect(DirectoryLookup.sitePath("https://contoso.sharepoint.com/sites/Sales Team") == "/sites/contoso.sharepoint.com:/sites/Sales%20Team")
        #expect(!DirectoryLookup.isGUID("External collaboration"))
    }
}

/// What a run may send where.
struct GraphClientSafetyTests {
    @Test(arguments: [
        ("127.0.0.1", true), ("127.1.2.3", true), ("localhost", true), ("::1", true), ("127.attacker.example", false), ("1270.0.0.1", false),
        ("10.0.0.1", false),
    ])
    func onlyLoopbackAddressesMayUsePlainHTTP(host: String, loopback: Bool) {
        #expect(GraphEndpoints.isLoopback(host) == loopback)
    }

    @Test func postsAreRetriedOnlyWhenThrottled() {
        #expect(RetryPolicy.isRetried(503, method: "GET") && RetryPolicy.isRetried(504, method: "GET") && RetryPolicy.isRetried(429, method: "GET"))
        #expect(RetryPolicy.isRetried(429, method: "POST"))
        #expect(!RetryPolicy.isRetried(503, method: "POST") && !RetryPolicy.isRetried(504, method: "POST") && !RetryPolicy.isRetried(500, method: "GET"))
        // PUT, PATCH and DELETE do the same when sent twice, so they are sent again after a 503 or 504.
        #expect(RetryPolicy.isRetried(503, method: "PUT") && RetryPolicy.isRetried(504, method: "PATCH") && RetryPolicy.isRetried(503, method: "DELETE"))
    }

    @Test func theTokenGoesToGraphOnly() async throws {
        let client = try GraphClient(
            tenant: "woodgrove.example", endpoints: try GraphEndpoints(cloud: .global, environment: [:]), auth: .secret,
            environment: ["AZURE_CLIENT_ID": "app", "AZURE_CLIENT_SECRET": "secret"])
        await #expect(throws: GraphError.self) { try await client.send("GET", "https://graph.example.net/v1.0/users?$skiptoken=x") }
        await #expect(throws: GraphError.self) { try await client.send("GET", "http://graph.microsoft.com/v1.0/users") }
        #expect(client.requestCount == 0, "nothing was sent")
    }
}
