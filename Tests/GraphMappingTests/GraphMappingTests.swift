import EntitlementModel
import Foundation
import GraphMapping
import Testing

/// The mapping from Graph JSON to entitle's specs, on the bodies the v1.0 API reference documents
/// (Fixtures/, each file named after its page; Fixtures/README.md says where each came from).
struct GraphMappingTests {
    static func fixture(_ name: String) throws -> GraphJSON {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/" + name, withExtension: "json"))
        return try #require(GraphJSON.parse(Array(try Data(contentsOf: url))))
    }

    /// A policy as Graph returns it: the documented create body, with the id Graph adds.
    static func policy(_ example: Int) throws -> LiveObject {
        guard case .object(var members) = try fixture("entitlementmanagement-post-assignmentpolicies.\(example).request") else {
            throw MappingTestFailure()
        }
        members["id"] = .string("policy-\(example)")
        return try #require(AssignmentPolicyMapping.policy(.object(members), packageID: "package"))
    }

    @Test func aDirectAssignmentPolicyHasNoRequestsAndNoExpiry() throws {
        let spec = try Self.policy(1).spec
        #expect(spec[field: "requestors"] == .fields(["scope": .string("notSpecified"), "specific": .set([])]))
        #expect(spec[field: "requests"]?[field: "enabled"] == .bool(false))
        #expect(spec[field: "requests"]?[field: "customSchedule"] == .bool(true))
        #expect(spec[field: "requests"]?[field: "onBehalf"] == .null)
        #expect(spec[field: "expiration"] == .fields(["never": .bool(true)]))
        #expect(spec[field: "approval"]?[field: "stages"] == .list([]))
        #expect(spec[field: "automaticAssignment"] == .null)
    }

    @Test func twoApprovalStagesKeepTheirOrderAndApproverSets() throws {
        let spec = try Self.policy(2).spec
        #expect(spec[field: "requestors"]?[field: "scope"] == .string("allConfiguredConnectedOrganizationUsers"))
        guard case .list(let stages)? = spec[field: "approval"]?[field: "stages"] else {
            Issue.record("no stages")
            return
        }
        #expect(stages.count == 2)
        #expect(stages[0][field: "approvers"] == .set([.string("internalSponsors")]))
        #expect(
            stages[0][field: "fallbackApprovers"]
                == .unordered([
                    .fields(["user": .string("7deff43e-1f17-44ef-9e5f-d516b0ba11d4")]), .fields(["group": .string("1623f912-5e86-41c2-af47-39dd67582b66")]),
                ]))
        #expect(stages[0][field: "decisionWithin"] == .string("P14D"))
        #expect(stages[0][field: "escalation"] == .null)
        #expect(stages[0][field: "approverVisibility"] == .string("default"))
    }

    @Test func anAutomaticAssignmentPolicyKeepsItsRule() throws {
        let spec = try Self.policy(3).spec
        #expect(spec[field: "requestors"]?[field: "specific"] == .set([.fields(["rule": .string("(user.department -eq \"Sales\")")])]))
        #expect(spec[field: "automaticAssignment"] == .fields(["removeWhenOutOfScope": .bool(false), "gracePeriod": .string("PT0S")]))
    }

    @Test func questionsComeInSequenceOrderEvenWithNumbersAsStrings() throws {
        let spec = try Self.policy(4).spec
        guard case .list(let questions)? = spec[field: "questions"] else {
            Issue.record("no questions")
            return
        }
        #expect(questions.count == 2)
        #expect(questions[0][field: "answer"] == .string("choice"))
        #expect(questions[0][field: "text"] == .string("What country are you working from?"))
        #expect(questions[0][field: "required"] == .bool(true))
        guard case .list(let choices)? = questions[0][field: "choices"] else {
            Issue.record("no choices")
            return
        }
        #expect(choices.first == .fields(["value": .string("KE"), "text": .string("Kenya"), "localizations": .set([])]))
        #expect(questions[1][field: "answer"] == .string("longText"))
        #expect(
            questions[1][field: "localizations"]
                == .set([.fields(["languageCode": .string("fr-CA"), "text": .string("Que fais-tu comme travail?")])]))
        #expect(spec[field: "requests"]?[field: "allowExtension"] == .bool(true))
        #expect(spec[field: "approval"]?[field: "requiredForExtension"] == .bool(true))
    }

    @Test func propertiesEntitleDoesNotModelNeverChangeTheSpec() throws {
        guard case .object(var members) = try Self.fixture("entitlementmanagement-post-assignmentpolicies.2.request") else { throw MappingTestFailure() }
        members["id"] = "p"
        let plain = try #require(AssignmentPolicyMapping.policy(.object(members), packageID: "package"))
        members["customExtensionStageSettings"] = [["stage": "assignmentRequestCreated", "customExtension": ["id": "x"]]]
        members["createdDateTime"] = "2026-01-01T00:00:00Z"
        members["somethingNew"] = ["a": 1]
        let extended = try #require(AssignmentPolicyMapping.policy(.object(members), packageID: "package"))
        #expect(plain.spec == extended.spec)
    }

    @Test func unknownEnumMembersArePreserved() throws {
        guard case .object(var members) = try Self.fixture("entitlementmanagement-post-assignmentpolicies.2.request") else { throw MappingTestFailure() }
        members["id"] = "p"
        members["allowedTargetScope"] = "allDirectoryAgentIdentities"
        members["specificAllowedTargets"] = [["@odata.type": "#microsoft.graph.targetAgentIdentitySponsorsOrOwners"]]
        let spec = try #require(AssignmentPolicyMapping.policy(.object(members), packageID: "package")).spec
        #expect(spec[field: "requestors"]?[field: "scope"] == .string("allDirectoryAgentIdentities"))
        #expect(spec[field: "requestors"]?[field: "specific"] == .set([.string("targetAgentIdentitySponsorsOrOwners")]))
        // Two subjects of a type entitle does not know stay two.
        members["specificAllowedTargets"] = [
            ["@odata.type": "#microsoft.graph.singleAgent", "agentId": "a"], ["@odata.type": "#microsoft.graph.singleAgent", "agentId": "b"],
        ]
        let two = try #require(AssignmentPolicyMapping.policy(.object(members), packageID: "package")).spec
        guard case .set(let subjects)? = two[field: "requestors"]?[field: "specific"] else { throw MappingTestFailure() }
        #expect(subjects.count == 2)
    }

    @Test func resourceRoleScopesBecomeResourceRolesByOriginID() throws {
        let objects = try #require(AccessPackageMapping.objects(try Self.fixture("accesspackage-list-resourcerolescopes.1.response"), catalogID: "c"))
        let package = try #require(objects.first)
        #expect(package.parentID == "c" && package.displayName == "Test Package 9-9")
        #expect(
            package.spec[field: "resourceRoles"]
                == .set([
                    .object([
                        CanonicalField(name: "origin-type", value: .string("7b56ede0-9b58-40bd-b11e-b3d18fc32698")),
                        CanonicalField(name: "role", value: .string("Owner")),
                    ])
                ]))
        let group = try Self.fixture("accesspackage-post-resourcerolescopes.3.request")
        let role = AccessPackageMapping.objects(["id": "p", "resourceRoleScopes": [group]], catalogID: "c")?.first?.spec[field: "resourceRoles"]
        #expect(role == .set([.fields(["group": .string("0282e19d-bf41-435d-92a4-99bab93af305"), "role": .string("Member")])]))
    }

    @Test func catalogsOrganizationsAndSettings() throws {
        let catalog = try #require(CatalogMapping.catalog(try Self.fixture("entitlementmanagement-post-catalogs.1.response")))
        #expect(catalog.spec[field: "published"] == .bool(true) && catalog.spec[field: "externallyVisible"] == .bool(true))
        #expect(!catalog.isBuiltIn)
        let organization = try #require(ConnectedOrganizationMapping.organization(try Self.fixture("connectedorganization-get.1.response")))
        #expect(organization.spec[field: "state"] == .string("configured"))
        #expect(organization.spec[field: "identitySources"] == .set([.fields(["tenant": .string(""), "displayName": .string("Wingtip Toys Co")])]))
        let settings = SettingsMapping.settings(try Self.fixture("entitlementmanagementsettings-get.1.response"))
        #expect(settings.id == "singleton")
        #expect(settings.spec == .fields(["externalUserLifecycle": .string("blockSignInAndDelete"), "deleteExternalUsersAfter": .string("P4D")]))
        let resources = try Self.fixture("accesspackagecatalog-list-resources.3.response")["value"]?.arrayValue ?? []
        let resource = try #require(resources.first.flatMap { CatalogMapping.resource($0, catalogID: "c") })
        #expect(resource.parentID == "c")
        // The documented response gives originSystem on the roles and scopes only.
        let application = try Self.fixture("accesspackagecatalog-list-resources.2.response")["value"]?.arrayValue.first
        #expect(
            application.flatMap { CatalogMapping.resource($0, catalogID: "c") }?.spec
                == .fields(["resource": .fields(["application": .string("2f1099a6-d4fc-4cc9-a0ef-ddd3f1bf0b7e")])]))
    }

    @Test func durationsAndDatesAreNormalized() throws {
        let policy: GraphJSON = [
            "id": "p", "expiration": ["type": "afterDateTime", "endDateTime": "2027-03-31T00:00:00.000+00:00"],
            "requestApprovalSettings": ["stages": [["durationBeforeAutomaticDenial": "PT336H"]]],
        ]
        let spec = try #require(AssignmentPolicyMapping.policy(policy, packageID: "package")).spec
        #expect(spec[field: "expiration"] == .fields(["on": .string("2027-03-31T00:00:00Z")]))
        guard case .list(let stages)? = spec[field: "approval"]?[field: "stages"] else { throw MappingTestFailure() }
        #expect(stages.first?[field: "decisionWithin"] == .string("P14D"))
    }
}

struct MappingTestFailure: Error {}
