import Diagnostics
import EntitlementModel
import YAMLSource

/// The state of decoding one document: which file it is in, the problems found so far and the
/// references seen. Every typed read goes through it, so every problem is collected with its
/// place rather than thrown, and one run reports them all.
final class DecodingContext {
    let file: String
    /// The time of reading, for dates already past (see `ManifestDecoder.now`).
    let now: ISODateTime?
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var referenceSites: [Reference: [SourceLocation]] = [:]

    init(file: String, now: ISODateTime? = nil) {
        self.file = file
        self.now = now
    }

    func location(_ range: SourceRange) -> SourceLocation {
        SourceLocation(file: file, range: range)
    }

    func report(_ id: DiagnosticID, _ message: String, at range: SourceRange, hints: [String] = [], notes: [DiagnosticNote] = []) {
        diagnostics.append(Diagnostic(id, message, at: location(range), hints: hints, notes: notes))
    }

    func noteReference(_ reference: Reference, at range: SourceRange) {
        referenceSites[reference, default: []].append(location(range))
    }

    // MARK: Typed reads

    /// Reads a mapping and checks its keys against the fields of `kind` (every mapping read goes
    /// through `ManifestMapping`, so a test can compare them all with the schema); `nil`
    /// (reported) if not a mapping.
    func mapping(_ node: YAMLNode, _ what: String, as kind: ManifestMapping) -> MappingFields? {
        let allowed = kind.fields
        guard case .mapping(let entries) = node.content else {
            report(.manifestType, "expected a mapping for \(what), found \(node.kindDescription)", at: node.range)
            return nil
        }
        for entry in entries {
            if !allowed.contains(entry.key) {
                var hints: [String] = []
                if let hint = Suggestions.hint(for: entry.key, in: allowed) { hints.append(hint) }
                if entry.key == "<<" { hints.append("YAML merge keys are not supported; write the fields out") }
                hints.append("fields of \(what): " + allowed.joined(separator: ", "))
                report(.manifestUnknownField, "unknown field '\(entry.key)' in \(what)", at: entry.keyRange, hints: hints)
            }
        }
        return MappingFields(context: self, node: node, what: what, entries: entries)
    }

    /// Reads a list; `nil` (reported) if not a list.
    func list(_ node: YAMLNode, _ what: @autoclosure () -> String) -> YAMLSequence? {
        switch node.content {
        case .sequence(let items): return items
        case .scalar(let scalar) where scalar.resolved(tag: node.tag) == .null: return .empty
        default:
            report(.manifestType, "expected a list for \(what()), found \(node.kindDescription)", at: node.range)
            return nil
        }
    }

    /// Reads a non-empty string. Any non-null scalar counts (so `country: no` is the text "no").
    func string(_ node: YAMLNode, _ what: @autoclosure () -> String, allowEmpty: Bool = false) -> String? {
        guard case .scalar(let scalar) = node.content, scalar.resolved(tag: node.tag) != .null || (allowEmpty && scalar.style != .plain)
        else {
            report(.manifestType, "expected a string for \(what()), found \(node.kindDescription)", at: node.range)
            return nil
        }
        if !allowEmpty, Self.isBlank(scalar.value) {
            report(.manifestEmpty, "\(what()) must not be empty", at: node.range)
            return nil
        }
        return scalar.value
    }

    /// Whether `text` is empty or only white space; ASCII text is checked byte by byte, without
    /// the Unicode properties of each character.
    static func isBlank(_ text: String) -> Bool {
        var isASCII = true
        for byte in text.utf8 {
            if byte >= 0x80 {
                isASCII = false
                break
            }
            // Space, tab, line feed, vertical tab, form feed, carriage return.
            if byte != 0x20 && !(0x09...0x0D).contains(byte) { return false }
        }
        return isASCII || text.allSatisfy(\.isWhitespace)
    }

    /// Reads `true` or `false`, and nothing else: YAML 1.1's `yes`/`no`/`on`/`off` are errors.
    func bool(_ node: YAMLNode, _ what: @autoclosure () -> String) -> Bool? {
        if case .scalar(let scalar) = node.content, case .bool(let value) = scalar.resolved(tag: node.tag) { return value }
        var hints: [String] = []
        if case .scalar(let scalar) = node.content {
            switch scalar.value.lowercased() {
            case "yes", "on", "y": hints.append("YAML 1.2 reads '\(scalar.value)' as text; write true")
            case "no", "off", "n": hints.append("YAML 1.2 reads '\(scalar.value)' as text; write false")
            case "true", "false": hints.append("remove the quotes")
            default: break
            }
        }
        let found: String
        if case .scalar(let scalar) = node.content, scalar.resolved(tag: node.tag) != .null {
            found = "'\(scalar.value)'"
        } else {
            found = node.kindDescription
        }
        report(.manifestBool, "expected true or false for \(what()), found \(found)", at: node.range, hints: hints)
        return nil
    }

    /// Reads an integer in `range`; leading zeros are refused as ambiguous (octal in YAML 1.1).
    func int(_ node: YAMLNode, _ what: @autoclosure () -> String, in range: ClosedRange<Int>) -> Int? {
        guard case .scalar(let scalar) = node.content else {
            report(.manifestType, "expected a number for \(what()), found \(node.kindDescription)", at: node.range)
            return nil
        }
        if scalar.hasAmbiguousLeadingZero {
            report(
                .manifestNumber, "'\(scalar.value)' has a leading zero, which YAML 1.1 reads as octal and YAML 1.2 as decimal",
                at: node.range, hints: ["write the number without leading zeros"]
            )
            return nil
        }
        guard case .int(let value) = scalar.resolved(tag: node.tag) else {
            report(.manifestType, "expected a whole number for \(what()), found \(node.kindDescription)", at: node.range)
            return nil
        }
        guard range.contains(value) else {
            report(.manifestNumber, "\(what()) must be between \(range.lowerBound) and \(range.upperBound), found \(value)", at: node.range)
            return nil
        }
        return value
    }

    /// Reads a duration (`14d`, `12h`, `30m`, `P14D`, `PT12H`).
    func duration(_ node: YAMLNode, _ what: @autoclosure () -> String) -> ISODuration? {
        guard case .scalar(let scalar) = node.content, let duration = ISODuration(parsing: scalar.value) else {
            let found: String
            if case .scalar(let scalar) = node.content { found = "'\(scalar.value)'" } else { found = node.kindDescription }
            report(
                .manifestDuration, "expected a duration for \(what()), found \(found)", at: node.range,
                hints: ["write days, hours or minutes such as 14d, 12h, 30m, or ISO-8601 such as P14D or PT12H"]
            )
            return nil
        }
        return duration
    }

    /// Reads a date (`2027-03-31`) or UTC date-time (`2027-03-31T00:00:00Z`).
    func date(_ node: YAMLNode, _ what: @autoclosure () -> String) -> ISODateTime? {
        guard case .scalar(let scalar) = node.content, let date = ISODateTime(parsing: scalar.value) else {
            let found: String
            if case .scalar(let scalar) = node.content { found = "'\(scalar.value)'" } else { found = node.kindDescription }
            report(
                .manifestDate, "expected a date for \(what()), found \(found)", at: node.range,
                hints: ["write an ISO-8601 date such as 2027-03-31, or a UTC time such as 2027-03-31T17:00:00Z"]
            )
            return nil
        }
        return date
    }

    /// Reads one value of an enumeration, listing the allowed ones when it is not.
    func enumeration<E: RawRepresentable & CaseIterable>(_ node: YAMLNode, _ what: @autoclosure () -> String, _ type: E.Type) -> E? where E.RawValue == String {
        if case .scalar(let scalar) = node.content, let value = E(rawValue: scalar.value) { return value }
        let allowed = E.allCases.map(\.rawValue)
        var hints: [String] = []
        let found: String
        if case .scalar(let scalar) = node.content {
            found = "'\(scalar.value)'"
            if let hint = Suggestions.hint(for: scalar.value, in: allowed) { hints.append(hint) }
        } else {
            found = node.kindDescription
        }
        report(.manifestEnum, "\(what()) must be one of \(allowed.joined(separator: ", ")); found \(found)", at: node.range, hints: hints)
        return nil
    }
}

/// The fields of one mapping, checked against the allowed keys when it was read.
struct MappingFields {
    let context: DecodingContext
    let node: YAMLNode
    let what: String
    /// In source order, keys unique.
    let entries: YAMLMapping

    /// The entry of `key`, if written.
    func entry(_ key: String) -> YAMLMappingEntry? {
        entries.entry(key)
    }

    /// The value of `key`, or `nil` when absent (or explicitly null).
    func optional(_ key: String) -> YAMLNode? {
        guard let value = entry(key)?.value else { return nil }
        if case .scalar(let scalar) = value.content, scalar.style == .plain, scalar.resolved(tag: value.tag) == .null { return nil }
        return value
    }

    /// The value of `key`; reports it missing when absent.
    func required(_ key: String) -> YAMLNode? {
        if let value = optional(key) { return value }
        // A misspelt key was already reported with "did you mean"; saying it is missing too is noise.
        if entries.contains(where: { Suggestions.closest(to: $0.key, in: [key]).first == key }) { return nil }
        let range = entry(key)?.value.range ?? SourceRange(start: node.range.start)
        context.report(.manifestMissingField, "missing required field '\(key)' in \(what)", at: range)
        return nil
    }

    /// Whether `key` is present.
    func has(_ key: String) -> Bool { optional(key) != nil }

    /// Where `key` is written, or the mapping's start when absent.
    func keyRange(_ key: String) -> SourceRange {
        entry(key)?.keyRange ?? SourceRange(start: node.range.start)
    }

    func string(_ key: String, default fallback: String) -> String {
        optional(key).flatMap { context.string($0, "'\(key)'", allowEmpty: true) } ?? fallback
    }

    func requiredString(_ key: String) -> String? {
        required(key).flatMap { context.string($0, "'\(key)'") }
    }

    func bool(_ key: String, default fallback: Bool) -> Bool {
        optional(key).flatMap { context.bool($0, "'\(key)'") } ?? fallback
    }

    func duration(_ key: String, default fallback: ISODuration) -> ISODuration {
        optional(key).flatMap { context.duration($0, "'\(key)'") } ?? fallback
    }

    func enumeration<E: RawRepresentable & CaseIterable>(_ key: String, default fallback: E) -> E where E.RawValue == String {
        optional(key).flatMap { context.enumeration($0, "'\(key)'", E.self) } ?? fallback
    }
}
