import Diagnostics
import Testing

private let file = SourceFile(path: "m.yaml", text: "spec:\n  aprovers: [x]\n")
private let diagnostic = Diagnostic(
    "E-MANIFEST-UNKNOWN-FIELD", "unknown field 'aprovers'",
    at: SourceLocation(file: "m.yaml", range: SourceRange(start: .init(line: 2, column: 3), end: .init(line: 2, column: 11))),
    hints: ["did you mean 'approvers'?"],
    notes: [DiagnosticNote("see here", at: SourceLocation(file: "m.yaml", range: SourceRange(start: .init(line: 1, column: 1))))])

@Test func textRenderingQuotesTheLineWithACaretUnderTheRange() {
    let text = TextDiagnosticRenderer(sources: ["m.yaml": file]).render(diagnostic)
    #expect(
        text == """
            m.yaml:2:3: error[E-MANIFEST-UNKNOWN-FIELD]: unknown field 'aprovers'
             2 |   aprovers: [x]
               |   ^~~~~~~~
               hint: did you mean 'approvers'?
               note: see here (m.yaml:1:1)

            """)
}

@Test func colourIsOnlyAddedWhenAskedFor() {
    #expect(!TextDiagnosticRenderer(sources: [:]).render(diagnostic).contains("\u{1B}["))
    #expect(TextDiagnosticRenderer(sources: [:], useColor: true).render(diagnostic).contains("\u{1B}["))
}

@Test func githubAnnotationsEscapePropertiesAndMessages() {
    var tricky = diagnostic
    tricky.location = SourceLocation(file: "a,b:c.yaml", range: SourceRange(start: .init(line: 1, column: 2)))
    tricky.message = "100% wrong"
    tricky.notes = []
    #expect(
        GitHubAnnotationRenderer().render(tricky)
            == "::error file=a%2Cb%3Ac.yaml,line=1,col=2,title=E-MANIFEST-UNKNOWN-FIELD::100%25 wrong%0Ahint: did you mean 'approvers'?")
}

@Test func jsonRenderingUsesOneBasedPositions() {
    let json = JSONDiagnosticRenderer().render(diagnostic)
    #expect(json.contains(#""range": {"start": {"line": 2, "column": 3}, "end": {"line": 2, "column": 11}}"#))
    #expect(json.contains(#""severity": "error""#))
}

@Test(arguments: [("aprovers", ["approvers"]), ("expiraton", ["expiration"]), ("zzzzzz", [])])
func suggestionsFindCloseNames(word: String, expected: [String]) {
    #expect(Suggestions.closest(to: word, in: ["approvers", "expiration", "questions"]) == expected)
}

@Test func warningsAreIdentifiedByTheirPrefix() {
    #expect(DiagnosticID("W-X").defaultSeverity == .warning)
    #expect(DiagnosticID("E-X").defaultSeverity == .error)
}
