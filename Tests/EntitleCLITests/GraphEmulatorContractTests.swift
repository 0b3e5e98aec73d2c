import Foundation
import Testing
import _TestSupport

/// The emulator answers the requests of the v1.0 API reference as the reference says: each
/// documented example request (Tests/GraphMappingTests/Fixtures, with its ids swapped for the
/// emulated tenant's) gets the documented status and a response with the documented properties.
@Suite(.serialized) struct GraphEmulatorContractTests {
    static let em = "/identityGovernance/entitlementManagement"

    static func fixture(_ name: String) throws -> [String: Any] {
        let url = EntitleProcess.packageRoot.appendingPathComponent("Tests/GraphMappingTests/Fixtures/\(name).json")
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    /// The documented ids of the directory objects the examples name.
    static let directory = """
        apiVersion: entitle/v1
        kind: Directory
        users:
          - { id: e6bf4d7d-6824-4dd0-809d-5bf42d4817c2, userPrincipalName: admin@woodgrove.example, displayName: Admin }
        groups:
          - { id: 0282e19d-bf41-435d-92a4-99bab93af305, displayName: example group }
          - { id: 8ab659d0-3839-427d-8c54-5ae92f0b3e2e, displayName: Test group }
        """

    static func emulator(_ extra: [String] = []) throws -> (GraphEmulatorProcess, URL) {
        let directory = try EntitleProcess.temporaryDirectory()
        let file = directory.appendingPathComponent("directory.yaml")
        try Data(Self.directory.utf8).write(to: file)
        return (try GraphEmulatorProcess(["--directory", file.path] + extra), directory)
    }

    @Test func documentedRequestsGetDocumentedAnswers() async throws {
        let (emulator, directory) = try Self.emulator()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Catalogs: POST → 201 with the documented properties.
        let catalogDoc = try Self.fixture("entitlementmanagement-post-catalogs.1.response")
        let catalog = try await emulator.expect(201, "POST", Self.em + "/catalogs", try Self.fixture("entitlementmanagement-post-catalogs.1.request"))
        #expect(Set(catalog.keys) == Set(catalogDoc.keys))
        #expect(catalog["catalogType"] as? String == "userManaged" && catalog["displayName"] as? String == "sales")
        let catalogID = try #require(catalog["id"] as? String)

        // Resource requests: POST adminAdd → 201, delivered.
        var request = try Self.fixture("entitlementmanagement-post-resourcerequests.1.request")
        request["catalog"] = ["id": catalogID]
        let resourceRequest = try await emulator.expect(201, "POST", Self.em + "/resourceRequests", request)
        #expect(resourceRequest["requestType"] as? String == "adminAdd" && resourceRequest["state"] as? String == "delivered")
        try await emulator.expect(
            201, "POST", Self.em + "/resourceRequests",
            [
                "requestType": "adminAdd", "resource": ["originId": "0282e19d-bf41-435d-92a4-99bab93af305", "originSystem": "AadGroup"],
                "catalog": ["id": catalogID],
            ])

        // Access packages: POST → 201 with the documented properties; PATCH → 204.
        var packageBody = try Self.fixture("entitlementmanagement-post-accesspackages.1.request")
        packageBody["catalog"] = ["id": catalogID]
        let package = try await emulator.expect(201, "POST", Self.em + "/accessPackages", packageBody)
        #expect(Set(package.keys) == Set(try Self.fixture("entitlementmanagement-post-accesspackages.1.response").keys))
        let packageID = try #require(package["id"] as? String)
        let patched = try await emulator.graph("PATCH", Self.em + "/accessPackages/\(packageID)", try Self.fixture("accesspackage-update.1.request"))
        #expect(patched.status == 204 && patched.body.isEmpty)

        // Resource role scopes: the documented group-member body, with this catalog's role and
        // scope ids → 201 and the composite id {roleId}_{scopeId}.
        let resources = try await emulator.expect(200, "GET", Self.em + "/catalogs/\(catalogID)/resources?$expand=roles,scopes")
        let resource = try #require((resources["value"] as? [[String: Any]])?.first { $0["originId"] as? String == "0282e19d-bf41-435d-92a4-99bab93af305" })
        let role = try #require((resource["roles"] as? [[String: Any]])?.first { $0["displayName"] as? String == "Member" })
        let scope = try #require((resource["scopes"] as? [[String: Any]])?.first)
        var roleScope = try Self.fixture("accesspackage-post-resourcerolescopes.3.request")
        var documentedRole = try #require(roleScope["role"] as? [String: Any])
        documentedRole["id"] = role["id"]
        documentedRole["resource"] = ["id": resource["id"] ?? ""]
        var documentedScope = try #require(roleScope["scope"] as? [String: Any])
        documentedScope["id"] = scope["id"]
        roleScope["role"] = documentedRole
        roleScope["scope"] = documentedScope
        let created = try await emulator.expect(201, "POST", Self.em + "/accessPackages/\(packageID)/resourceRoleScopes", roleScope)
        #expect(Set(created.keys) == Set(try Self.fixture("accesspackage-post-resourcerolescopes.3.response").keys))
        #expect(created["id"] as? String == "\(role["id"] ?? "")_\(scope["id"] ?? "")")
        // A resource in use cannot leave the catalog.
        let removal = try await emulator.graph(
            "POST", Self.em + "/resourceRequests", ["requestType": "adminRemove", "resource": ["id": resource["id"] ?? ""], "catalog": ["id": catalogID]])
        #expect(removal.status == 400)

        // Policies: each documented create body → 201; PUT of the documented update body → 200.
        var policyIDs: [String] = []
        for example in 1...4 {
            var body = try Self.fixture("entitlementmanagement-post-assignmentpolicies.\(example).request")
            body["accessPackage"] = ["id": packageID]
            let policy = try await emulator.expect(201, "POST", Self.em + "/assignmentPolicies", body)
            #expect(policy["displayName"] as? String == body["displayName"] as? String)
            policyIDs.append(try #require(policy["id"] as? String))
        }
        var update = try Self.fixture("accesspackageassignmentpolicy-update.1.request")
        update["accessPackage"] = ["id": packageID]
        update["id"] = policyIDs[0]
        let replaced = try await emulator.expect(200, "PUT", Self.em + "/assignmentPolicies/\(policyIDs[0])", update)
        #expect(replaced["displayName"] as? String == "All Users")
        // PUT replaces the whole policy: what the body leaves out is gone.
        let after = try await emulator.expect(200, "GET", Self.em + "/assignmentPolicies/\(policyIDs[3])?$expand=questions")
        #expect((after["questions"] as? [Any])?.count == 2)
        var withoutQuestions = try Self.fixture("entitlementmanagement-post-assignmentpolicies.4.request")
        withoutQuestions["accessPackage"] = ["id": packageID]
        withoutQuestions["questions"] = nil
        try await emulator.expect(200, "PUT", Self.em + "/assignmentPolicies/\(policyIDs[3])", withoutQuestions)
        let emptied = try await emulator.expect(200, "GET", Self.em + "/assignmentPolicies/\(policyIDs[3])?$expand=questions")
        #expect((emptied["questions"] as? [Any])?.isEmpty == true)
        // Questions are a contained navigation property: not in a plain GET.
        #expect(try await emulator.expect(200, "GET", Self.em + "/assignmentPolicies/\(policyIDs[3])")["questions"] == nil)
        // Update is PUT; PATCH is refused.
        #expect(try await emulator.graph("PATCH", Self.em + "/assignmentPolicies/\(policyIDs[0])", ["displayName": "x"]).status == 405)

        // Connected organizations: POST → 201; PATCH → 202 with the organization.
        let organization = try await emulator.expect(
            201, "POST", Self.em + "/connectedOrganizations", try Self.fixture("entitlementmanagement-post-connectedorganizations.1.request"))
        let organizationID = try #require(organization["id"] as? String)
        let updated = try await emulator.expect(
            202, "PATCH", Self.em + "/connectedOrganizations/\(organizationID)", try Self.fixture("connectedorganization-update.1.request"))
        #expect(Set(try Self.fixture("connectedorganization-update.1.response").keys).isSubset(of: Set(updated.keys)))
        var sponsor = try Self.fixture("connectedorganization-post-internalsponsors.1.request")
        sponsor["@odata.id"] = "https://graph.microsoft.com/v1.0/users/e6bf4d7d-6824-4dd0-809d-5bf42d4817c2"
        try await emulator.expect(204, "POST", Self.em + "/connectedOrganizations/\(organizationID)/internalSponsors/$ref", sponsor)
        let sponsors = try await emulator.expect(200, "GET", Self.em + "/connectedOrganizations/\(organizationID)/internalSponsors")
        #expect((sponsors["value"] as? [[String: Any]])?.first?["@odata.type"] as? String == "#microsoft.graph.user")

        // Incompatibilities through $ref → 204.
        let other = try await emulator.expect(201, "POST", Self.em + "/accessPackages", ["displayName": "other", "catalog": ["id": catalogID]])
        var reference = try Self.fixture("accesspackage-post-incompatibleaccesspackage.1.request")
        reference["@odata.id"] = "https://graph.microsoft.com/v1.0/identityGovernance/entitlementManagement/accessPackages/\(other["id"] ?? "")"
        try await emulator.expect(204, "POST", Self.em + "/accessPackages/\(packageID)/incompatibleAccessPackages/$ref", reference)

        // Settings: GET → 200 with the documented properties; PATCH → 204.
        let settings = try await emulator.expect(200, "GET", Self.em + "/settings")
        #expect(Set(try Self.fixture("entitlementmanagementsettings-get.1.response").keys).subtracting(["id"]).isSubset(of: Set(settings.keys)))
        try await emulator.expect(204, "PATCH", Self.em + "/settings", ["durationUntilExternalUserDeletedAfterBlocked": "P14D"])

        // DELETE → 204, then 404 in the OData error shape.
        try await emulator.expect(204, "DELETE", Self.em + "/assignmentPolicies/\(policyIDs[1])")
        let gone = try await emulator.graph("GET", Self.em + "/assignmentPolicies/\(policyIDs[1])")
        #expect(gone.status == 404)
        let error = try #require(gone.body["error"] as? [String: Any])
        let inner = try #require(error["innerError"] as? [String: Any])
        #expect(error["code"] is String && error["message"] is String && inner["request-id"] is String && inner["date"] is String)
    }

    @Test func betaShapedBodiesAndUnknownPropertiesAreRefused() async throws {
        let (emulator, directory) = try Self.emulator()
        defer { try? FileManager.default.removeItem(at: directory) }
        let catalogs = try await emulator.expect(200, "GET", Self.em + "/catalogs")
        let general = try #require((catalogs["value"] as? [[String: Any]])?.first?["id"] as? String)
        let package = try await emulator.expect(201, "POST", Self.em + "/accessPackages", ["displayName": "p", "catalog": ["id": general]])
        // The beta-shaped policy a v1.0 page shows (accesspackageassignmentpolicy-get example 2).
        var beta = try Self.fixture("accesspackageassignmentpolicy-get.2.response")
        beta["accessPackage"] = ["id": package["id"] ?? ""]
        let refused = try await emulator.graph("POST", Self.em + "/assignmentPolicies", beta)
        #expect(refused.status == 400)
        let message = try #require((refused.body["error"] as? [String: Any])?["message"] as? String)
        #expect(message.contains("does not exist on type 'microsoft.graph."))
        // A nested beta name is refused too.
        var body = try Self.fixture("entitlementmanagement-post-assignmentpolicies.1.request")
        body["accessPackage"] = ["id": package["id"] ?? ""]
        body["requestorSettings"] = ["scopeType": "AllExistingDirectoryMemberUsers", "acceptRequests": true]
        let nested = try await emulator.graph("POST", Self.em + "/assignmentPolicies", body)
        #expect(nested.status == 400)
        #expect(((nested.body["error"] as? [String: Any])?["message"] as? String)?.contains("accessPackageAssignmentRequestorSettings") == true)
        // Beta paths do not exist on v1.0.
        #expect(try await emulator.graph("GET", Self.em + "/accessPackageAssignmentPolicies").status == 400)
    }

    @Test func pagesFollowOpaqueNextLinks() async throws {
        let (emulator, directory) = try Self.emulator(["--page-size", "2"])
        defer { try? FileManager.default.removeItem(at: directory) }
        for index in 1...4 { try await emulator.expect(201, "POST", Self.em + "/catalogs", ["displayName": "Catalog \(index)"]) }
        var names: [String] = []
        var next: String? = emulator.url + "/v1.0" + Self.em + "/catalogs?$select=id,displayName"
        var links: [String] = []
        while let link = next {
            let page = try await emulator.expect(200, "GET", String(link.dropFirst((emulator.url + "/v1.0").count)))
            names += (page["value"] as? [[String: Any]] ?? []).compactMap { $0["displayName"] as? String }
            next = page["@odata.nextLink"] as? String
            if let next { links.append(next) }
        }
        #expect(names == ["General", "Catalog 1", "Catalog 2", "Catalog 3", "Catalog 4"])
        #expect(links.count == 2)
        let token = try #require(links.first?.components(separatedBy: "$skiptoken=").last)
        #expect(Int(token) == nil && token.count >= 16, "a skip token is opaque, not an offset")
        #expect(links.allSatisfy { $0.contains("$select=id,displayName") }, "next links repeat the query")
        // A page read again (a retry) is the same page; a token the emulator never gave is refused.
        let first = try #require(links.first)
        let again = try await emulator.expect(200, "GET", String(first.dropFirst((emulator.url + "/v1.0").count)))
        #expect((again["value"] as? [[String: Any]])?.compactMap { $0["displayName"] as? String } == ["Catalog 2", "Catalog 3"])
        let made = try await emulator.graph("GET", Self.em + "/catalogs?$skiptoken=2")
        #expect(made.status == 400)
    }

    /// concepts/aad-advanced-queries: `ConsistencyLevel: eventual` with `$count=true` makes a
    /// query advanced, which lifts `in`'s fifteen values to the URL's 2,048 characters and
    /// answers with `@odata.count`; group-list: `$top` pages up to 999.
    @Test func advancedQueriesTakeMoreThanFifteenNamesWithinTheURLLimit() async throws {
        let (emulator, directory) = try Self.emulator()
        defer { try? FileManager.default.removeItem(at: directory) }
        func filter(_ names: [String]) -> String {
            let expression = "displayName in (" + names.map { "'\($0)'" }.joined(separator: ",") + ")"
            return "/groups?$filter=" + (expression.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") + "&$select=id,displayName"
        }
        let names = ["example group", "Test group"] + (1...30).map { "absent group \($0)" }
        let tooLong = filter((1...200).map { "absent group \($0)" }) + "&$count=true"
        let eventual = ["ConsistencyLevel": "eventual"]
        let requests: [[String: Any]] = [
            ["id": "plain", "method": "GET", "url": filter(names)],
            ["id": "advanced", "method": "GET", "url": filter(names) + "&$count=true", "headers": eventual],
            ["id": "no-header", "method": "GET", "url": filter(names) + "&$count=true"],
            ["id": "too-long", "method": "GET", "url": tooLong, "headers": eventual],
            ["id": "top-too-big", "method": "GET", "url": "/groups?$top=1000"],
            ["id": "top-one", "method": "GET", "url": "/groups?$top=1&$select=id"],
        ]
        let answer = try await emulator.expect(200, "POST", "/$batch", ["requests": requests])
        let responses = try #require(answer["responses"] as? [[String: Any]])
        func response(_ id: String) throws -> (status: Int, body: [String: Any]) {
            let item = try #require(responses.first { $0["id"] as? String == id })
            return (item["status"] as? Int ?? 0, item["body"] as? [String: Any] ?? [:])
        }
        #expect(try response("plain").status == 400)
        #expect(try response("no-header").status == 400, "$count=true without the header is not an advanced query")
        let advanced = try response("advanced")
        #expect(advanced.status == 200)
        #expect(Set((advanced.body["value"] as? [[String: Any]] ?? []).compactMap { $0["displayName"] as? String }) == ["example group", "Test group"])
        #expect(advanced.body["@odata.count"] as? Int == 2)
        #expect(tooLong.count > 2048)
        #expect(try response("too-long").status == 400)
        #expect(try response("top-too-big").status == 400)
        let one = try response("top-one")
        #expect(one.status == 200)
        #expect((one.body["value"] as? [Any])?.count == 1)
        #expect(one.body["@odata.nextLink"] is String)
    }

    @Test func batchesFollowTheDocumentedRules() async throws {
        let (emulator, directory) = try Self.emulator()
        defer { try? FileManager.default.removeItem(at: directory) }
        let tooMany = (1...21).map { ["id": "\($0)", "method": "GET", "url": "/groups"] }
        #expect(try await emulator.graph("POST", "/$batch", ["requests": tooMany]).status == 400)
        let duplicate = [["id": "1", "method": "GET", "url": "/groups"], ["id": "1", "method": "GET", "url": "/users"]]
        #expect(try await emulator.graph("POST", "/$batch", ["requests": duplicate]).status == 400)
        let mixed = [
            ["id": "a", "method": "GET", "url": "/groups?$filter=displayName%20eq%20'Test%20group'"],
            ["id": "b", "method": "GET", "url": "/users/nobody@woodgrove.example"],
            ["id": "c", "method": "GET", "url": "/users/admin@woodgrove.example", "dependsOn": ["b"]],
        ]
        let answer = try await emulator.expect(200, "POST", "/$batch", ["requests": mixed])
        let responses = try #require(answer["responses"] as? [[String: Any]])
        let status = Dictionary(
            uniqueKeysWithValues: responses.compactMap { response in (response["id"] as? String).map { ($0, response["status"] as? Int ?? 0) } })
        #expect(status == ["a": 200, "b": 404, "c": 424])
    }

    /// Injected faults are transient: with every request failing (`--fail-rate 1`), a request meets
    /// 503 three times and then its answer (and goes through for a while after), and so does a batch
    /// item, so a client that retries as the Graph SDKs do always gets through and a test with
    /// faults cannot fail by chance.
    @Test func injectedFaultsLetARequestThroughAfterThreeInARow() async throws {
        let (emulator, directory) = try Self.emulator(["--fail-rate", "1"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let token = try await emulator.token()
        func send(_ method: String, _ path: String, _ body: Any? = nil) async throws -> (status: Int, body: [String: Any]) {
            try await emulator.once(method, path, body, token: token)
        }
        for path in ["/users/admin@woodgrove.example", "/groups"] {
            var statuses: [Int] = []
            for _ in 0..<4 { statuses.append(try await send("GET", path).status) }
            #expect(statuses == [503, 503, 503, 200], "\(path)")
        }
        // The same request again soon after: its faults are spent.
        #expect(try await send("GET", "/users/admin@woodgrove.example").status == 200)
        // Identical requests sent at once share the request's three faults.
        let together = try await withThrowingTaskGroup(of: [Int].self) { group in
            for _ in 0..<3 {
                group.addTask {
                    var statuses: [Int] = []
                    while statuses.last != 200 { statuses.append(try await send("GET", "/groups/0282e19d-bf41-435d-92a4-99bab93af305").status) }
                    return statuses
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let faultsMet = together.reduce(0) { count, statuses in count + statuses.filter { $0 == 503 }.count }
        #expect(faultsMet == 3, "\(together)")
        // A batch meets its three faults, then each of its items meets three of its own.
        let batch = ["requests": [["id": "1", "method": "GET", "url": "/groups"], ["id": "2", "method": "GET", "url": "/users"]]]
        var itemStatuses: [[Int]] = []
        for _ in 0..<4 {
            let (status, body) = try await send("POST", "/$batch", batch)
            guard status == 200 else { continue }
            let responses = try #require(body["responses"] as? [[String: Any]])
            itemStatuses.append(responses.sorted { "\($0["id"] ?? "")" < "\($1["id"] ?? "")" }.map { $0["status"] as? Int ?? 0 })
        }
        #expect(itemStatuses == [[503, 503]])
        var last: [Int] = []
        for _ in 0..<16 {
            let (status, body) = try await send("POST", "/$batch", batch)
            guard status == 200, let responses = body["responses"] as? [[String: Any]] else { continue }
            last = responses.map { $0["status"] as? Int ?? 0 }
            if last == [200, 200] { break }
        }
        #expect(last == [200, 200], "the batch's items got through within four passes of the batch")
    }
}
