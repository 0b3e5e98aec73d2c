import EntitlementModel
import Testing

@Test(arguments: [
    ("14d", "P14D"), ("12h", "PT12H"), ("30m", "PT30M"), ("36h", "P1DT12H"), ("P14D", "P14D"), ("PT336H", "P14D"), ("P2W", "P14D"),
    ("P1DT2H30M", "P1DT2H30M"), ("0d", "PT0S"),
])
func durationsParseToTheirCanonicalISOForm(text: String, canonical: String) throws {
    #expect(try #require(ISODuration(parsing: text)).iso8601 == canonical)
}

@Test(arguments: ["", "14", "d", "14 d", "P", "PT", "P1M", "P1Y", "14w", "-3d", "P1H", "PT1D", "P1DT"])
func malformedDurationsAreRefused(text: String) {
    #expect(ISODuration(parsing: text) == nil)
}

@Test func equalLengthsAreEqualDurations() {
    #expect(ISODuration(parsing: "P14D") == ISODuration(parsing: "336h"))
    #expect(ISODuration.days(60).shorthand == "60d")
}

@Test(arguments: [("2027-03-31", "2027-03-31T00:00:00Z"), ("2027-03-31T17:05:09Z", "2027-03-31T17:05:09Z"), ("2028-02-29", "2028-02-29T00:00:00Z")])
func datesParseToUTCInstants(text: String, canonical: String) throws {
    #expect(try #require(ISODateTime(parsing: text)).iso8601 == canonical)
}

@Test(arguments: ["2027-02-29", "2027-13-01", "2027-3-31", "2027-03-31T25:00:00Z", "2027-03-31T10:00:00+02:00", "31/03/2027"])
func invalidDatesAreRefused(text: String) {
    #expect(ISODateTime(parsing: text) == nil)
}

@Test func setsCompareRegardlessOfOrderAndListsByPosition() {
    let a: [Subject] = [.user("a@x"), .internalSponsors, .group("G")]
    let b: [Subject] = [.group("G"), .user("a@x"), .internalSponsors]
    #expect(a.canonicalSet == b.canonicalSet)
    #expect(a.canonicalSet.jsonText() == b.canonicalSet.jsonText())
    #expect(CanonicalValue.list(a.map(\.canonicalValue)) != CanonicalValue.list(b.map(\.canonicalValue)))
}

@Test func canonicalJSONKeepsFieldOrderAndEscapes() {
    let value = CanonicalValue.fields(["z": .string("a\"b\n"), "a": .list([.int(1), .bool(true), .null])])
    #expect(value.jsonText() == #"{"z":"a\"b\n","a":[1,true,null]}"#)
}

@Test func removingAnOptionalBlockChangesTheCanonicalPolicy() {
    let base = AssignmentPolicy(
        name: "p", displayName: "P", requestors: Requestors(scope: .allMemberUsers), expiration: .after(.days(60)),
        accessReviews: AccessReviewSettings(starting: ISODateTime(year: 2027, month: 1, day: 4), reviewers: .self))
    var without = base
    without.accessReviews = nil
    #expect(base.canonicalValue != without.canonicalValue)
    #expect(without.canonicalValue[field: "accessReviews"] == .null)
}

@Test(arguments: [
    "catalog.partners", "accessPackage.x", "accessPackage.x.policy.y", "connectedOrganization.contoso", "settings",
    "catalog.partners.resource.4b1f7c2e-0d5a-4c3b-9e8f-7a6b5c4d3e2f",
    // A SharePoint site in a Graph tenant is named by its URL, dots and all.
    "catalog.partners.resource.https://woodgrove.sharepoint.com/sites/External.Audit",
])
func addressesRoundTripThroughText(text: String) throws {
    #expect(try #require(ObjectAddress(parsing: text)).description == text)
}

@Test(arguments: [
    "catalog", "catalog.", "accessPackage.x.policy", "widget.x", "settings.x", "catalog.x.resource.", "catalog..resource.a.b",
    "accessPackage.x.policy.", "accessPackage..policy.y", "connectedOrganization.", "settings.", "", "catalog.x.resource",
])
func malformedAddressesAreRefused(text: String) {
    #expect(ObjectAddress(parsing: text) == nil)
}

@Test func setsTreatCanonicallyEquivalentTextAsOneElement() {
    let composed = "\u{00C9}quipe"
    let decomposed = "E\u{0301}quipe"
    #expect(CanonicalValue.unordered([.string(composed), .string("Finance"), .string(decomposed)]) == .unordered([.string("Finance"), .string(composed)]))
    #expect(CanonicalValue.unordered([.string(composed), .string("Finance")]) == .unordered([.string("Finance"), .string(decomposed)]))
}

/// `check` accepts exactly what `parse` reads, and fails at the same place for the same reason.
@Test(arguments: [
    #"{"a":[1,-2,"x\"y\u00e9\ud83d\ude00"],"b":{"c":null,"d":true,"e":false},"approvers":["z","a"]}"#, " [ ] ", "{}", "\"\"", "0",
    "", "{", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "1.5", "tru", "\"a", "\"\\x\"", "\"\\ud800\"", "\"\\ud800\\u0041\"", "[1] 2",
    "\"a\u{01}\"", String(repeating: "[", count: 200) + String(repeating: "]", count: 200), "99999999999999999999",
    "-", "-0", "123456789012345678", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "[null,true,false]", "nul",
    "[n]", "{\"a\":fals}",
])
func checkingStoredTextAgreesWithParsingIt(text: String) {
    var parseFailure: CanonicalJSONParser.Failure?
    do { _ = try CanonicalJSONParser.parse(text) } catch { parseFailure = error }
    var checkFailure: CanonicalJSONParser.Failure?
    do { try CanonicalJSONParser.check(text) } catch { checkFailure = error }
    #expect(checkFailure == parseFailure)
    if parseFailure == nil {
        let spec = try? StoredSpec(checking: text)
        #expect(spec?.isParsed == false)
        #expect(spec?.value == (try? CanonicalJSONParser.parse(text)))
        #expect(spec?.isParsed == true)
    }
}

/// `isCompactJSON` says yes exactly to the text `jsonText` writes.
@Test func aValueRecognisesItsOwnCompactText() throws {
    let value = try CanonicalJSONParser.parse(
        #"{"a":[1,-2,"x\"y\\z\u0001é"],"b":{"c":null,"d":true,"e":false},"approvers":["z","a"],"empty":{},"none":[]}"#)
    let text = value.jsonText()
    #expect(value.isCompactJSON(text))
    for other in [text + " ", String(text.dropLast()), text.replacing("true", with: "false"), "", "{}", " " + text] {
        #expect(!value.isCompactJSON(other), "\(other)")
    }
    #expect(CanonicalValue.string("a\"b").isCompactJSON(#""a\"b""#))
    // Text JSON escapes is compared with its escaped form, never byte for byte.
    #expect(CanonicalValue.string(#"a\b"#).isCompactJSON(#""a\\b""#))
    #expect(!CanonicalValue.string(#"a\"#).isCompactJSON(#""a\"""#))
    #expect(!CanonicalValue.string(#"a\b"#).isCompactJSON(#""a\b""#))
    #expect(CanonicalValue.string("").isCompactJSON(#""""#) && !CanonicalValue.string("").isCompactJSON(#"""#))
    #expect(CanonicalValue.string("a much longer text than fits in a small string").isCompactJSON(#""a much longer text than fits in a small string""#))
    #expect(!CanonicalValue.string("a much longer text than fits in a small string").isCompactJSON(#""a much longer text than fits in a small strinG""#))
    #expect(!CanonicalValue.string("ab").isCompactJSON(#""ab"#))
    #expect(CanonicalValue.int(-42).isCompactJSON("-42") && !CanonicalValue.int(-42).isCompactJSON("-4"))
}
