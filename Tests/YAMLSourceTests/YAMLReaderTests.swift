import Diagnostics
import Foundation
import Testing
import YAMLSource
import _TestSupport

private func read(_ text: String, limits: YAMLLimits = .default) -> YAMLReadResult {
    YAMLReader(limits: limits).read(SourceFile(path: "t.yaml", text: text))
}

private func read(marked: String) -> (YAMLReadResult, MarkedText) {
    let marked = MarkedText(marked)
    return (read(marked.text), marked)
}

@Test func everyNodeHasStartAndEndPositions() throws {
    let result = read("key: value\nlist:\n  - x\n")
    let root = try #require(result.documents.first?.root)
    guard case .mapping(let entries) = root.content else { Issue.record("not a mapping"); return }
    #expect(entries.map(\.key) == ["key", "list"])
    #expect(entries[0].keyRange == SourceRange(start: .init(line: 1, column: 1), end: .init(line: 1, column: 4)))
    #expect(entries[0].value.range == SourceRange(start: .init(line: 1, column: 6), end: .init(line: 1, column: 11)))
    guard case .sequence(let items) = entries[1].value.content else { Issue.record("not a list"); return }
    #expect(items[0].range.start == SourcePosition(line: 3, column: 5))
}

@Test func columnsCountCharactersNotBytes() throws {
    let result = read("ключ: é\n")
    let root = try #require(result.documents.first?.root)
    guard case .mapping(let entries) = root.content else { Issue.record("not a mapping"); return }
    #expect(entries[0].value.range.start == SourcePosition(line: 1, column: 7))
}

@Test func readsEveryDocumentOfAFile() {
    let result = read("a: 1\n---\nb: 2\n---\nc: 3\n")
    #expect(result.documents.count == 3)
    #expect(result.documents.map(\.index) == [0, 1, 2])
    #expect(result.diagnostics.isEmpty)
}

@Test func duplicateKeyIsReportedAtTheSecondOccurrenceWithANoteAtTheFirst() throws {
    let (result, marked) = read(marked: "1️⃣name: a\nspec:\n  x: 1\n2️⃣name: b\n")
    let diagnostic = try #require(result.diagnostics.first)
    #expect(diagnostic.id == .yamlDuplicateKey)
    #expect(diagnostic.location?.range?.start == marked.markers["2️⃣"])
    #expect(diagnostic.notes.first?.location?.range?.start == marked.markers["1️⃣"])
}

/// Small mappings are searched for an earlier key, large ones also remember keys by name: a
/// duplicate is found on either side of that line, at its place, with its first place.
@Test func duplicateKeysAreFoundInMappingsOfAnySize() throws {
    let keys = (0..<40).map { "k\($0): \($0)\n" }.joined()
    let result = read(keys + "k3: again\nk30: again\nk39: again\n")
    let duplicates = result.diagnostics.filter { $0.id == .yamlDuplicateKey }
    #expect(duplicates.map(\.message) == ["duplicate key 'k3'", "duplicate key 'k30'", "duplicate key 'k39'"])
    #expect(duplicates.map { $0.location?.range?.start.line } == [41, 42, 43])
    #expect(duplicates.map { $0.notes.first?.location?.range?.start.line } == [4, 31, 40])
    guard case .mapping(let entries) = try #require(result.documents.first).root.content else {
        Issue.record("not a mapping")
        return
    }
    #expect(entries.count == 40)
}

@Test(arguments: [
    ("no", YAMLResolvedScalar.string("no")), ("yes", .string("yes")), ("off", .string("off")), ("NO", .string("NO")),
    ("true", .bool(true)), ("false", .bool(false)), ("0755", .int(755)), ("12", .int(12)), ("0x1F", .int(31)),
    ("0o17", .int(15)), ("1.5", .float(1.5)), ("~", .null), ("null", .null), ("1.10", .float(1.1)), ("2027-03-31", .string("2027-03-31")),
])
func plainScalarsResolveByTheYAML12CoreSchema(text: String, expected: YAMLResolvedScalar) {
    #expect(YAMLScalar(value: text, style: .plain).resolved(tag: nil) == expected)
}

@Test func quotedScalarsAreAlwaysStrings() {
    #expect(YAMLScalar(value: "true", style: .doubleQuoted).resolved(tag: nil) == .string("true"))
    #expect(YAMLScalar(value: "12", style: .singleQuoted).resolved(tag: nil) == .string("12"))
}

@Test func leadingZeroNumbersAreFlaggedAsAmbiguous() {
    #expect(YAMLScalar(value: "0755", style: .plain).hasAmbiguousLeadingZero)
    #expect(!YAMLScalar(value: "755", style: .plain).hasAmbiguousLeadingZero)
    #expect(!YAMLScalar(value: "0", style: .plain).hasAmbiguousLeadingZero)
    #expect(!YAMLScalar(value: "0755", style: .doubleQuoted).hasAmbiguousLeadingZero)
}

@Test func unknownTagsAreErrorsButCoreTagsAreAccepted() throws {
    let (result, marked) = read(marked: "a: 1️⃣!custom x\nb: !!str 12\nc: 2️⃣!!binary aGk=\n")
    #expect(mismatches(result.diagnostics, [.init("1️⃣", .yamlUnknownTag), .init("2️⃣", .yamlUnknownTag)], in: marked).isEmpty)
}

@Test func aliasesExpandToTheirAnchor() throws {
    let result = read("base: &b {x: 1}\ncopy: *b\n")
    #expect(result.diagnostics.isEmpty)
    let root = try #require(result.documents.first?.root)
    guard case .mapping(let entries) = root.content, case .mapping(let copied) = entries[1].value.content else {
        Issue.record("alias not expanded")
        return
    }
    #expect(copied.map(\.key) == ["x"])
}

@Test func anUndefinedAliasIsAnError() {
    let (result, marked) = read(marked: "a: 1️⃣*nowhere\n")
    #expect(mismatches(result.diagnostics, [.init("1️⃣", .yamlUnknownAlias)], in: marked).isEmpty)
}

@Test func anAliasBombIsRejectedInWellUnderASecond() {
    var text = "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    for level in 1..<12 {
        text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ",") + "]\n"
    }
    let start = Date()
    let result = read(text)
    #expect(Date().timeIntervalSince(start) < 1)
    #expect(result.diagnostics.map(\.id) == [.yamlAliasBudget])
    #expect(result.documents.isEmpty)
}

@Test func nestingDeeperThanTheLimitIsRejected() {
    let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n"
    let result = read(deep)
    #expect(result.diagnostics.map(\.id) == [.yamlTooDeep])
    #expect(result.diagnostics.first?.location?.range?.start == SourcePosition(line: 1, column: 65))
}

@Test func filesOverTheSizeLimitAreRejectedWithoutParsing() {
    let result = read(String(repeating: "a: 1\n", count: 100), limits: YAMLLimits(maxFileBytes: 100, maxDepth: 64, maxExpandedNodes: 1000))
    #expect(result.diagnostics.map(\.id) == [.yamlFileTooLarge])
}

@Test func invalidUTF8IsReportedWhereItStarts() {
    let file = SourceFile(path: "t.yaml", bytes: Array("a: 1\nb: ".utf8) + [0xC3, 0x28] + Array("\n".utf8))
    let result = YAMLReader().read(file)
    #expect(result.diagnostics.map(\.id) == [.yamlInvalidUTF8])
    #expect(result.diagnostics.first?.location?.range?.start == SourcePosition(line: 2, column: 4))
}

@Test(arguments: ["", "# only a comment\n", "\n\n"])
func aFileWithoutDocumentsIsAnError(text: String) {
    #expect(read(text).diagnostics.map(\.id) == [.yamlEmptyFile])
}

@Test func anEmptyDocumentBetweenMarkersIsAWarningAndSkipped() {
    let result = read("a: 1\n---\n---\nb: 2\n")
    #expect(result.documents.count == 2)
    #expect(result.diagnostics.map(\.id) == [.yamlEmptyDocument])
}

@Test func tabIndentationIsASyntaxErrorWithAHint() throws {
    let result = read("a:\n\tb: 1\n")
    let diagnostic = try #require(result.diagnostics.first)
    #expect(diagnostic.id == .yamlSyntax)
    #expect(diagnostic.location?.range?.start.line == 2)
    #expect(diagnostic.hints.contains { $0.contains("tab") })
}

@Test func syntaxErrorsCarryLibyamlsPositionAndContext() throws {
    let result = read("a: [1, 2\nb: 3\n")
    let diagnostic = try #require(result.diagnostics.first)
    #expect(diagnostic.id == .yamlSyntax)
    #expect(diagnostic.location?.range?.start.line == 2)
    #expect(!diagnostic.notes.isEmpty)
}

@Test func nonScalarKeysAreRejected() {
    let (result, marked) = read(marked: "1️⃣[a, b]: 1\n")
    #expect(mismatches(result.diagnostics, [.init("1️⃣", .yamlComplexKey)], in: marked).isEmpty)
}

@Test func aNulCharacterInAValueIsAnError() {
    let (result, marked) = read(marked: "a: ok\nb: 1️⃣\"External\\0 user\"\n")
    #expect(mismatches(result.diagnostics, [.init("1️⃣", .yamlNulCharacter)], in: marked).isEmpty)
}

/// A value dropped after a duplicate or non-text key (a whole nested mapping) leaves the mapping
/// around it whole: the keys after it are read, in order, with their values.
@Test func keysAfterADroppedValueAreReadWithTheirValues() throws {
    let result = read("a: 1\na:\n  nested: {deep: [1, 2]}\n  more: x\n[c]: {z: 1}\nb: [2, 3]\nd: {e: f}\n")
    #expect(result.diagnostics.map(\.id) == [.yamlDuplicateKey, .yamlComplexKey])
    guard case .mapping(let entries) = try #require(result.documents.first).root.content else {
        Issue.record("not a mapping")
        return
    }
    #expect(entries.map(\.key) == ["a", "b", "d"])
    guard case .scalar(let a) = entries[0].value.content, case .sequence(let b) = entries[1].value.content,
        case .mapping(let d) = entries[2].value.content
    else {
        Issue.record("values out of place")
        return
    }
    #expect(a.value == "1")
    #expect(b.map(\.range.start.column) == [5, 8])
    #expect(d.map(\.key) == ["e"] && d.entry("e")?.value.range.start == SourcePosition(line: 7, column: 8))
}

/// An alias of a mapping is the mapping again, at the alias's place, in every document of a file.
@Test func anAliasedMappingIsReadAtTheAliasInEachDocument() throws {
    let result = read("base: &b {x: 1, y: [2]}\ncopy: *b\n---\nother: &o [1, {k: v}]\nagain: *o\n")
    #expect(result.diagnostics.isEmpty)
    #expect(result.documents.count == 2)
    guard case .mapping(let first) = try #require(result.documents.first).root.content,
        case .mapping(let copied) = try #require(first.entry("copy")).value.content,
        case .mapping(let second) = try #require(result.documents.last).root.content,
        case .sequence(let again) = try #require(second.entry("again")).value.content
    else {
        Issue.record("aliases not expanded")
        return
    }
    #expect(copied.map(\.key) == ["x", "y"])
    #expect(first.entry("copy")?.value.range.start == SourcePosition(line: 2, column: 7))
    #expect(again.count == 2 && again[1].kindDescription == "a mapping")
}
