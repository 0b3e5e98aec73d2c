import Diagnostics
import Foundation
import Manifests
import Testing
import _TestSupport

/// Loads marked source files (path → marked text) and compares the diagnostics with the specs.
private func check(_ files: [String: String], _ specs: [DiagnosticSpec], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    var marked: [String: MarkedText] = [:]
    for (path, text) in files { marked[path] = MarkedText(text) }
    let result = ManifestLoader().load(files: marked.sorted { $0.key < $1.key }.map { SourceFile(path: $0.key, text: $0.value.text) })
    // Markers are per file: match each spec against the diagnostics of the file holding its marker.
    var problems: [String] = []
    for (path, text) in marked {
        let fileSpecs = specs.filter { text.markers[$0.marker] != nil }
        let fileDiagnostics = result.diagnostics.filter { $0.location?.file == path }
        problems += mismatches(fileDiagnostics, fileSpecs, in: text).map { "\(path): \($0)" }
    }
    problems += result.diagnostics.filter { $0.location == nil }.map { "unexpected \($0.id): \($0.message)" }
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))", sourceLocation: sourceLocation)
}

/// A package manifest around one policy body (indented to sit under `policies:`).
private func package(_ policy: String, name: String = "p", extraSpec: String = "") -> String {
    """
    apiVersion: entitle/v1
    kind: AccessPackage
    metadata:
      name: \(name)
    spec:
      displayName: P
    \(extraSpec)  policies:
        - name: pol
          displayName: Pol
    \(policy)
    """
}

@Test func theTutorialPackageIsValidWithOneWarning() {
    check(
        [
            "a.yaml": package(
                """
                      requestors: {scope: allExternalUsers}
                      approval:
                        requestorJustification: true
                        stages:
                          - approvers: 1️⃣[internalSponsors]
                      expiration: {after: 60d}
                """)
        ], [.init("1️⃣", .approvalDynamicWithoutFallback)])
}

@Test func shapeErrorsAreAllReportedInOneRun() {
    check(
        [
            "a.yaml": """
            apiVersion: entitle/v1
            kind: AccessPackage
            metadata:
              name: 1️⃣Bad_Name
            spec:
              displayName: x
              hidden: 2️⃣yes
              3️⃣catalg: General
              resourceRoles:
                - group: G
                  role: 4️⃣Reader
              policies:
                - name: pol
                  displayName: Pol
                  requestors: {scope: 5️⃣allUsers}
                  expiration: {after: 6️⃣sixty days}
            """
        ],
        [
            .init("1️⃣", .nameFormat), .init("2️⃣", .manifestBool, message: "expected true or false"),
            .init("3️⃣", .manifestUnknownField, message: "catalg"), .init("4️⃣", .resourceRoleGroupRole),
            .init("5️⃣", .manifestEnum, message: "allExternalUsers"), .init("6️⃣", .manifestDuration),
        ])
}

@Test func unknownFieldsSuggestTheClosestName() throws {
    let text = package("      requestors: {scope: allMemberUsers}\n      expiraton: {after: 1d}\n")
    let result = ManifestLoader().load(files: [SourceFile(path: "a.yaml", text: text)])
    let unknown = try #require(result.diagnostics.first { $0.id == .manifestUnknownField })
    #expect(unknown.hints.first == "did you mean 'expiration'?")
    // The misspelling is not reported a second time as a missing 'expiration'.
    #expect(!result.diagnostics.contains { $0.id == .manifestMissingField })
}

@Test func wrongAPIVersionAndKindAreErrors() {
    check(
        [
            "a.yaml": "apiVersion: 1️⃣v1\nkind: Catalog\n", "b.yaml": "apiVersion: entitle/v1\nkind: 2️⃣Catalogue\n",
            "c.yaml": "1️⃣kind: Catalog\n".replacingOccurrences(of: "1️⃣", with: "3️⃣"),
        ],
        [.init("1️⃣", .manifestAPIVersion), .init("2️⃣", .manifestKind, message: "Catalog"), .init("3️⃣", .manifestAPIVersion)])
}

@Test func missingRequiredFieldsAreReportedWhereTheMappingStarts() {
    check(
        ["a.yaml": "apiVersion: entitle/v1\nkind: Catalog\nmetadata:\n  name: c\nspec:\n  1️⃣description: no name\n"],
        [.init("1️⃣", .manifestMissingField, message: "displayName")])
}

@Test func aNumberWithALeadingZeroIsRefusedWhereANumberIsExpected() {
    check(
        [
            "a.yaml": package(
                """
                      requestors: {scope: allMemberUsers}
                      approval:
                        stages:
                          - approvers: [{manager: 1️⃣0755}, {user: a@b.example}]
                      expiration: {after: 1d}
                """)
        ], [.init("1️⃣", .manifestNumber, message: "leading zero")])
}

@Test func namesAreUniquePerKindAndPoliciesPerPackage() {
    let catalog = "apiVersion: entitle/v1\nkind: Catalog\nmetadata:\n  name: 1️⃣c\nspec:\n  displayName: C\n"
    check(
        [
            "a.yaml": catalog.replacingOccurrences(of: "1️⃣", with: ""),
            "b.yaml": catalog,
            "c.yaml": """
            apiVersion: entitle/v1
            kind: AccessPackage
            metadata:
              name: p
            spec:
              displayName: P
              policies:
                - name: x
                  displayName: X
                  requestors: {scope: allMemberUsers}
                  expiration: {never: true}
                - name: 2️⃣x
                  displayName: X
                  requestors: {scope: allMemberUsers}
                  expiration: {never: true}
            """,
        ], [.init("1️⃣", .nameDuplicate), .init("2️⃣", .nameDuplicate)])
}

@Test func approvalNeedsOneToThreeStagesAndNoneWithoutIt() {
    let stage = "          - approvers: [{user: a@b.example}]\n"
    check(
        [
            "a.yaml": package("      requestors: {scope: allMemberUsers}\n      approval: 1️⃣{required: true}\n      expiration: {after: 1d}\n", name: "a"),
            "b.yaml": package(
                "      requestors: {scope: allMemberUsers}\n      approval:\n        stages:\n" + String(repeating: stage, count: 3)
                    + "          - 2️⃣approvers: [{user: c@b.example}]\n      expiration: {after: 1d}\n",
                name: "b"),
            "c.yaml": package(
                "      requestors: {scope: allMemberUsers}\n      approval:\n        required: false\n        3️⃣stages:\n" + stage
                    + "      expiration: {after: 1d}\n", name: "c"),
        ], [.init("1️⃣", .approvalStageCount), .init("2️⃣", .approvalStageCount), .init("3️⃣", .approvalStagesWithoutApproval)])
}

@Test(arguments: ["allExternalUsers", "allConfiguredConnectedOrganizationUsers"])
func everyExternalScopeRequiresApproval(scope: String) {
    check(["a.yaml": package("      requestors: {scope: 1️⃣\(scope)}\n      expiration: {after: 1d}\n")], [.init("1️⃣", .approvalRequiredForExternal)])
}

@Test func specificConnectedOrganizationsRequireApprovalToo() {
    check(
        [
            "a.yaml": package(
                "      requestors:\n        scope: 1️⃣specificConnectedOrganizationUsers\n        specific: [{connectedOrganization: contoso}]\n      expiration: {after: 1d}\n"
            ),
            "b.yaml":
                "apiVersion: entitle/v1\nkind: ConnectedOrganization\nmetadata:\n  name: contoso\nspec:\n  displayName: Contoso\n  identitySources: [{domain: contoso.example}]\n",
        ], [.init("1️⃣", .approvalRequiredForExternal)])
}

@Test func escalationNeedsFourDaysAndMustComeBeforeTheDeadline() {
    func stage(_ window: String, _ after: String) -> String {
        package(
            """
                  requestors: {scope: allMemberUsers}
                  approval:
                    stages:
                      - approvers: [{user: a@b.example}]
                        decisionWithin: \(window)
                        1️⃣escalation: {after: 2️⃣\(after), approvers: [{user: c@b.example}]}
                  expiration: {after: 1d}
            """)
    }
    check(["a.yaml": stage("3d", "2d")], [.init("1️⃣", .escalationWindowTooShort)])
    check(["a.yaml": stage("14d", "14d")], [.init("2️⃣", .escalationAfterDeadline)])
    check(["a.yaml": stage("14d", "3d")], [.init("2️⃣", .escalationEarly)])
    check(["a.yaml": stage("14d", "8d")], [])
}

@Test func expirationIsExactlyOneOfAfterOnOrNeverWithinTheLimit() {
    func policy(_ expiration: String) -> String { package("      requestors: {scope: allMemberUsers}\n      expiration: \(expiration)\n") }
    check(["a.yaml": policy("1️⃣{}")], [.init("1️⃣", .expirationChoice)])
    check(["a.yaml": policy("{after: 1d, 1️⃣never: true}")], [.init("1️⃣", .expirationChoice)])
    check(["a.yaml": policy("{after: 1️⃣3661d}")], [.init("1️⃣", .expirationRange)])
    check(["a.yaml": policy("{after: 3660d}")], [])
    check(["a.yaml": policy("{on: 1️⃣2027-02-30}")], [.init("1️⃣", .manifestDate)])
    check(["a.yaml": policy("{never: 1️⃣false}")], [.init("1️⃣", .expirationChoice)])
}

@Test func specificScopesNeedTargetsAndAllScopesForbidThem() {
    check(["a.yaml": package("      requestors: {scope: 1️⃣specificDirectoryUsers}\n      expiration: {after: 1d}\n")], [.init("1️⃣", .requestorsTargetsRequired)])
    check(
        ["a.yaml": package("      requestors: {scope: allMemberUsers, 1️⃣specific: [{user: a@b.example}]}\n      expiration: {after: 1d}\n")],
        [.init("1️⃣", .requestorsTargetsUnexpected)])
    check(
        ["a.yaml": package("      requestors: {scope: specificDirectoryUsers, specific: [1️⃣{servicePrincipal: x}]}\n      expiration: {after: 1d}\n")],
        [.init("1️⃣", .requestorsTargetKind)])
}

@Test func automaticAssignmentNeedsARuleAndARuleNeedsAutomaticAssignment() {
    check(
        [
            "a.yaml": package(
                "      requestors: {scope: specificDirectoryUsers, specific: [{group: G}]}\n      1️⃣automaticAssignment: {removeWhenOutOfScope: true}\n      expiration: {never: true}\n"
            )
        ],
        [.init("1️⃣", .automaticAssignmentRule)])
    check(
        [
            "a.yaml": package(
                "      requestors: {scope: specificDirectoryUsers, specific: [1️⃣{rule: '(user.department -eq \"Sales\")'}]}\n      expiration: {never: true}\n")
        ],
        [.init("1️⃣", .automaticAssignmentRule)])
    check(
        [
            "a.yaml": package(
                "      requestors: {scope: specificDirectoryUsers, specific: [{rule: '(user.department -eq \"Sales\")'}]}\n      automaticAssignment: {gracePeriod: 7d}\n      expiration: {never: true}\n"
            )
        ], [])
}

@Test func choiceQuestionsNeedUniqueChoicesAndPatternsMustCompile() {
    check(
        [
            "a.yaml": package(
                """
                      requestors: {scope: allMemberUsers}
                      questions:
                        - text: Region?
                          answer: choice
                          choices:
                            - {value: emea, text: Europe}
                            - {value: 1️⃣emea, text: Europe again}
                        - text: Project?
                          pattern: 2️⃣'[A-Z'
                        - text: Team?
                          3️⃣answer: choice
                        - text: Why?
                          answer: longText
                          4️⃣multipleSelection: true
                      expiration: {after: 1d}
                """)
        ],
        [.init("1️⃣", .questionChoiceDuplicate), .init("2️⃣", .questionPattern), .init("3️⃣", .questionChoices), .init("4️⃣", .questionFieldMismatch)])
}

@Test func referencesBetweenManifestsResolveWithGeneralBuiltIn() {
    check(
        [
            "a.yaml": package(
                "      requestors: {scope: allMemberUsers}\n      expiration: {after: 1d}\n",
                extraSpec: "  catalog: 1️⃣partners\n  incompatibleWith: {accessPackages: [2️⃣nothing, 3️⃣p]}\n"),
            "b.yaml": package(
                "      requestors: {scope: specificConnectedOrganizationUsers, specific: [{connectedOrganization: 4️⃣contso}]}\n      approval:\n        stages: [{approvers: [{user: a@b.example}]}]\n      expiration: {after: 1d}\n",
                name: "q", extraSpec: "  catalog: General\n"),
            "c.yaml":
                "apiVersion: entitle/v1\nkind: ConnectedOrganization\nmetadata:\n  name: contoso\nspec:\n  displayName: Contoso\n  identitySources: [{tenant: 72f988bf-86f1-41af-91ab-2d7cd011db47}]\n",
        ],
        [
            .init("1️⃣", .referenceUnknownCatalog), .init("2️⃣", .referenceUnknownAccessPackage), .init("3️⃣", .incompatibleSelf),
            .init("4️⃣", .referenceUnknownConnectedOrganization),
        ])
}

/// A long list (indexed rather than searched) finds its duplicates too.
@Test func aDuplicateInALongListOfSubjectsIsFound() {
    let users = (1...20).map { "{user: u\($0)@b.example}" }.joined(separator: ", ")
    check(
        [
            "a.yaml": package(
                """
                      requestors: {scope: allMemberUsers}
                      approval:
                        stages:
                          - approvers: [\(users), 1️⃣{user: u3@b.example}]
                      expiration: {after: 1d}
                """)
        ], [.init("1️⃣", .subjectDuplicate)])
}

@Test func anExternalPolicyInACatalogHiddenFromExternalUsersIsAnError() {
    check(
        [
            "a.yaml": "apiVersion: entitle/v1\nkind: Catalog\nmetadata:\n  name: internal\nspec:\n  displayName: Internal\n  externallyVisible: false\n",
            "b.yaml": package(
                "      requestors: {scope: 1️⃣allExternalUsers}\n      approval:\n        stages: [{approvers: [{user: a@b.example}]}]\n      expiration: {after: 1d}\n",
                extraSpec: "  catalog: internal\n"),
        ], [.init("1️⃣", .catalogNotExternallyVisible)])
}

@Test func subjectsAreCheckedForKindLevelAndDuplicates() {
    check(
        [
            "a.yaml": package(
                """
                      requestors: {scope: allMemberUsers}
                      approval:
                        stages:
                          - approvers: [{user: a@b.example}, 1️⃣{user: a@b.example}, {manager: 2️⃣3}, 3️⃣{rule: x}, 4️⃣sponsor]
                      expiration: {after: 1d}
                """)
        ],
        [.init("1️⃣", .subjectDuplicate), .init("2️⃣", .subjectManagerLevel), .init("3️⃣", .manifestSubject), .init("4️⃣", .manifestSubject)])
}

@Test func accessReviewsMustCloseBeforeTheNextOneStarts() {
    check(
        [
            "a.yaml": package(
                "      requestors: {scope: allMemberUsers}\n      accessReviews: {starting: 2027-01-04, recurrence: weekly, duration: 1️⃣14d, reviewers: self}\n      expiration: {after: 1d}\n"
            )
        ], [.init("1️⃣", .reviewDuration)])
}

@Test func onlyOneSettingsManifestAndGeneralIsReserved() {
    let settings =
        "apiVersion: entitle/v1\nkind: EntitlementSettings\nmetadata:\n  name: 1️⃣tenant\nspec:\n  externalUserLifecycle: blockSignIn\n  2️⃣deleteExternalUsersAfter: 30d\n"
    check(
        [
            "a.yaml": settings.replacingOccurrences(of: "1️⃣", with: "").replacingOccurrences(of: "2️⃣", with: "3️⃣"),
            "b.yaml": settings,
            "c.yaml": "apiVersion: entitle/v1\nkind: Catalog\nmetadata:\n  name: general\nspec:\n  displayName: 4️⃣General\n",
        ],
        [.init("1️⃣", .settingsDuplicate), .init("2️⃣", .settingsUnusedDelay), .init("3️⃣", .settingsUnusedDelay), .init("4️⃣", .catalogGeneralReserved)])
}

@Test func anEmptyManifestSetIsAnError() {
    let result = ManifestLoader().load(files: [])
    #expect(result.diagnostics.map(\.id) == [.manifestNone])
    #expect(result.state == nil)
}

@Test func everyDiagnosticIDIsDocumented() throws {
    let root = EntitleProcess.packageRoot
    let documented = try String(contentsOf: root.appendingPathComponent("docs/diagnostics.md"), encoding: .utf8)
    var ids: [String] = []
    for file in [
        "Sources/YAMLSource/YAMLDiagnosticIDs.swift", "Sources/Manifests/ManifestDiagnosticIDs.swift", "Sources/Planner/PlanDiagnosticIDs.swift",
    ] {
        let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
        ids += text.split(separator: "\n").compactMap { line in
            guard line.contains(": DiagnosticID = \""), let start = line.firstIndex(of: "\"") else { return nil }
            return String(line[line.index(after: start)...].prefix { $0 != "\"" })
        }
    }
    #expect(ids.count > 40)
    for id in ids { #expect(documented.contains("`\(id)`"), "\(id) is missing from docs/diagnostics.md") }
}

@Test func identitySourceFieldsBelongToTheirKindAndListsMustNotBeEmpty() {
    check(
        [
            "a.yaml":
                "apiVersion: entitle/v1\nkind: ConnectedOrganization\nmetadata:\n  name: o\nspec:\n  displayName: O\n  identitySources: [{domain: o.example, 1️⃣issuerUri: x}]\n",
            "b.yaml": """
            apiVersion: entitle/v1
            kind: AccessPackage
            metadata:
              name: p
            spec:
              displayName: P
              policies:
                - name: x
                  displayName: X
                  requestors: {scope: allMemberUsers}
                  approval:
                    stages:
                      - approvers: [{user: a@b.example}]
                        escalation: {after: 8d, approvers: 2️⃣[]}
                  accessReviews: {starting: 2027-01-04, reviewers: 3️⃣[]}
                  expiration: {after: 1d}
            """,
        ], [.init("1️⃣", .manifestUnknownField), .init("2️⃣", .approvalNoApprovers), .init("3️⃣", .manifestEmpty)])
}

@Test func theManifestDigestFollowsTheFilesContentsNotHowTheirPathsAreWritten() throws {
    func catalog(_ name: String) -> String { "apiVersion: entitle/v1\nkind: Catalog\nmetadata:\n  name: \(name)\nspec:\n  displayName: \(name)\n" }
    func digest(_ files: [(String, String)]) throws -> String {
        try #require(ManifestLoader().load(files: files.map { SourceFile(path: $0.0, text: $0.1) }).state).manifestDigest
    }
    let plain = try digest([("manifests/a.yaml", catalog("a")), ("manifests/b.yaml", catalog("b"))])
    #expect(plain.count == 64 && plain.allSatisfy(\.isHexDigit))
    #expect(try digest([("./manifests/a.yaml", catalog("a")), ("./manifests/b.yaml", catalog("b"))]) == plain)
    // Two roots given in either order, however spelt.
    #expect(try digest([("./b/b.yaml", catalog("b")), ("a/a.yaml", catalog("a"))]) == plain)
    #expect(try digest([("b/b.yaml", catalog("b")), ("a/a.yaml", catalog("a"))]) == plain)
    // The same documents, one comment more: other bytes, another digest.
    #expect(try digest([("manifests/a.yaml", catalog("a") + "# reviewed\n"), ("manifests/b.yaml", catalog("b"))]) != plain)
    // The same bytes split differently between files: another digest too.
    #expect(try digest([("manifests/a.yaml", catalog("a") + "---\n" + catalog("b"))]) != plain)
}
