import Foundation
import GraphMapping

/// The OData query options the emulator understands: `$filter` (`eq`, `in`, `and`, parentheses),
/// `$expand` (with nested options), `$select` and `$skiptoken`.
struct ODataQuery {
    /// Every option, by name, percent-decoded.
    var options: [String: String] = [:]

    init(_ query: String?) {
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncodingPlus }
            guard let name = parts.first else { continue }
            options[name] = parts.count > 1 ? parts[1] : ""
        }
    }

    var filter: ODataFilter? {
        get throws(EmulatorError) { try filter(advanced: false) }
    }

    /// The filter; an advanced query's `in (…)` may hold more than fifteen values.
    func filter(advanced: Bool) throws(EmulatorError) -> ODataFilter? {
        guard let text = options["$filter"] else { return nil }
        return try ODataFilter(parsing: text, maxInValues: advanced ? nil : 15)
    }

    /// `$expand` items: name → nested `$expand` (empty when none).
    var expand: [String: ODataExpand] { ODataExpand.parse(options["$expand"] ?? "") }

    var select: Set<String>? {
        options["$select"].map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
    }
}

/// One `$expand` item's nested options.
struct ODataExpand {
    var nested: [String: ODataExpand] = [:]
    var select: Set<String>?

    /// Parses `a,b($expand=c,d;$select=id),e`.
    static func parse(_ text: String) -> [String: ODataExpand] {
        var result: [String: ODataExpand] = [:]
        for item in splitTopLevel(text, separator: ",") {
            let trimmed = item.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            if let open = trimmed.firstIndex(of: "("), trimmed.hasSuffix(")") {
                let name = String(trimmed[..<open])
                let inner = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
                var expand = ODataExpand()
                for option in splitTopLevel(inner, separator: ";") {
                    let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
                    guard parts.count == 2 else { continue }
                    if parts[0] == "$expand" { expand.nested = parse(parts[1]) }
                    if parts[0] == "$select" { expand.select = Set(parts[1].split(separator: ",").map(String.init)) }
                }
                result[name] = expand
            } else {
                result[trimmed] = ODataExpand()
            }
        }
        return result
    }

    static func splitTopLevel(_ text: String, separator: Character) -> [String] {
        var parts: [String] = []
        var depth = 0
        var current = ""
        for character in text {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if character == separator, depth == 0 {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        return parts
    }
}

/// A `$filter` of `eq` and `in` comparisons joined by `and`.
struct ODataFilter {
    struct Clause {
        var path: [String]
        var values: [String]
    }

    var clauses: [Clause]

    init(parsing text: String, maxInValues: Int? = 15) throws(EmulatorError) {
        var clauses: [Clause] = []
        var rest = Substring(text)
        while true {
            rest = rest.drop { $0 == " " || $0 == "(" }
            guard let space = rest.firstIndex(of: " ") else { throw Self.unsupported(text) }
            let path = rest[..<space].split(separator: "/").map(String.init)
            rest = rest[space...].drop { $0 == " " }
            if rest.hasPrefix("eq ") {
                rest = rest.dropFirst(3).drop { $0 == " " }
                guard let (value, after) = Self.literal(rest) else { throw Self.unsupported(text) }
                clauses.append(Clause(path: path, values: [value]))
                rest = after
            } else if rest.hasPrefix("in ") {
                rest = rest.dropFirst(3).drop { $0 == " " }
                guard rest.first == "(" else { throw Self.unsupported(text) }
                rest = rest.dropFirst()
                var values: [String] = []
                while true {
                    rest = rest.drop { $0 == " " }
                    guard let (value, after) = Self.literal(rest) else { throw Self.unsupported(text) }
                    values.append(value)
                    rest = after.drop { $0 == " " }
                    if rest.first == "," {
                        rest = rest.dropFirst()
                        continue
                    }
                    guard rest.first == ")" else { throw Self.unsupported(text) }
                    rest = rest.dropFirst()
                    break
                }
                guard values.count <= maxInValues ?? .max else {
                    throw EmulatorError(
                        400, "Request_UnsupportedQuery", "Too many values in the 'in' operator: at most 15 are allowed without advanced queries.")
                }
                clauses.append(Clause(path: path, values: values))
            } else {
                throw Self.unsupported(text)
            }
            rest = rest.drop { $0 == " " || $0 == ")" }
            if rest.isEmpty { break }
            guard rest.hasPrefix("and ") else { throw Self.unsupported(text) }
            rest = rest.dropFirst(4)
        }
        self.clauses = clauses
    }

    /// A quoted OData string literal (`''` is a quote) or a bare word (`true`, a number).
    private static func literal(_ text: Substring) -> (String, Substring)? {
        if text.first == "'" {
            var value = ""
            var index = text.index(after: text.startIndex)
            while index < text.endIndex {
                let character = text[index]
                if character == "'" {
                    let next = text.index(after: index)
                    if next < text.endIndex, text[next] == "'" {
                        value.append("'")
                        index = text.index(after: next)
                        continue
                    }
                    return (value, text[next...])
                }
                value.append(character)
                index = text.index(after: index)
            }
            return nil
        }
        let end = text.firstIndex { $0 == " " || $0 == ")" || $0 == "," } ?? text.endIndex
        guard end > text.startIndex else { return nil }
        return (String(text[..<end]), text[end...])
    }

    private static func unsupported(_ text: String) -> EmulatorError {
        EmulatorError(400, "BadRequest", "Invalid filter clause: the query '\(text)' is not supported.")
    }

    /// Whether `object` matches every clause (string comparison ignores case, as Graph's does for names).
    func matches(_ object: GraphJSON) -> Bool {
        clauses.allSatisfy { clause in
            var value: GraphJSON? = object
            for part in clause.path { value = value?[part] }
            let text: String
            switch value {
            case .string(let string)?: text = string
            case .bool(let flag)?: text = flag ? "true" : "false"
            case .number(let number)?: text = String(Int(number))
            default: return false
            }
            return clause.values.contains { $0.lowercased() == text.lowercased() }
        }
    }
}

extension String {
    /// Percent-decoded, with `+` as a space (form and query encoding).
    var removingPercentEncodingPlus: String {
        replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? self
    }
}
