import Diagnostics

/// Source text with position markers (`1️⃣`, `2️⃣`, …) stripped out and remembered, so a test can
/// state which diagnostic lands on which marker instead of counting lines and columns by hand.
public struct MarkedText {
    /// The markers this helper recognises, in order.
    public static let markerSymbols = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣", "🔟"]

    /// The text with every marker removed.
    public let text: String
    /// Where each marker stood, by marker.
    public let markers: [String: SourcePosition]

    /// Strips the markers from `marked`.
    public init(_ marked: String) {
        var text = ""
        var markers: [String: SourcePosition] = [:]
        var line = 1
        var column = 1
        var remaining = Substring(marked)
        outer: while let character = remaining.first {
            for symbol in Self.markerSymbols where remaining.hasPrefix(symbol) {
                markers[symbol] = SourcePosition(line: line, column: column)
                remaining = remaining.dropFirst(symbol.count)
                continue outer
            }
            text.append(character)
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
            remaining = remaining.dropFirst()
        }
        self.text = text
        self.markers = markers
    }
}

/// What a test expects at one marker: a diagnostic id (and optionally part of its message).
public struct DiagnosticSpec: Sendable, CustomStringConvertible {
    /// The marker the diagnostic must start at.
    public var marker: String
    /// The diagnostic id expected there.
    public var id: DiagnosticID
    /// Text the message must contain, if given.
    public var messageContains: String?

    /// Creates an expectation.
    public init(_ marker: String, _ id: DiagnosticID, message: String? = nil) {
        self.marker = marker
        self.id = id
        self.messageContains = message
    }

    /// A readable form for test failure messages.
    public var description: String { "\(id) at \(marker)" + (messageContains.map { " containing '\($0)'" } ?? "") }
}

/// Compares diagnostics with marker expectations; returns readable mismatches (empty when all match).
public func mismatches(_ diagnostics: [Diagnostic], _ specs: [DiagnosticSpec], in marked: MarkedText) -> [String] {
    var problems: [String] = []
    var unmatched = diagnostics
    for spec in specs {
        guard let position = marked.markers[spec.marker] else {
            problems.append("marker \(spec.marker) is not in the text")
            continue
        }
        if let index = unmatched.firstIndex(where: { diagnostic in
            diagnostic.id == spec.id && diagnostic.location?.range?.start == position
                && (spec.messageContains.map { diagnostic.message.contains($0) } ?? true)
        }) {
            unmatched.remove(at: index)
        } else {
            problems.append("expected \(spec) (\(position.line):\(position.column))")
        }
    }
    for diagnostic in unmatched {
        let start = diagnostic.location?.range?.start
        problems.append("unexpected \(diagnostic.id) at \(start?.line ?? 0):\(start?.column ?? 0): \(diagnostic.message)")
    }
    return problems
}
