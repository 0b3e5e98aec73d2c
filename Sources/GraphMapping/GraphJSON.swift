import Foundation

/// A JSON value as Microsoft Graph sends and receives it.
///
/// Graph bodies carry properties entitle does not model (and new ones appear over time), so they
/// are kept as a tree rather than decoded into fixed structs: what entitle does not read survives
/// a read, and a later PUT can send it back unchanged.
public enum GraphJSON: Hashable, Sendable, Codable, CustomStringConvertible {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number (Graph's entitlement objects use integers; kept as a double for generality).
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([GraphJSON])
    /// An object.
    case object([String: GraphJSON])

    /// Decodes any JSON value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([GraphJSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: GraphJSON].self))
        }
    }

    /// Encodes the value.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if value == value.rounded(), abs(value) < 1e15 { try container.encode(Int(value)) } else { try container.encode(value) }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Parses JSON bytes; `nil` if they are not JSON.
    public static func parse(_ data: some Collection<UInt8>) -> GraphJSON? {
        try? JSONDecoder().decode(GraphJSON.self, from: Data(data))
    }

    /// Compact JSON text with sorted keys (stable for tests and logs).
    public var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The JSON text.
    public var description: String { text }

    /// The member `key` of an object (`nil` for other values or a missing key).
    public subscript(key: String) -> GraphJSON? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// The string, if this is one.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The boolean, if this is one (or the string `"true"` or `"false"`, as some Graph examples send it).
    public var boolValue: Bool? {
        switch self {
        case .bool(let value): return value
        case .string("true"): return true
        case .string("false"): return false
        default: return nil
        }
    }

    /// The integer, if this is a whole number (or a string of one: some Graph examples send numbers as strings).
    public var intValue: Int? {
        switch self {
        case .number(let value) where value == value.rounded() && abs(value) < 1e15: return Int(value)
        case .string(let text): return Int(text)
        default: return nil
        }
    }

    /// The elements, if this is an array; `[]` for null or a missing value.
    public var arrayValue: [GraphJSON] {
        if case .array(let items) = self { return items }
        return []
    }

    /// The members, if this is an object.
    public var objectValue: [String: GraphJSON]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The `@odata.type` without its `#microsoft.graph.` prefix (`singleUser`); some documented
    /// examples leave out the `#`.
    public var odataType: String? {
        guard var type = self["@odata.type"]?.stringValue else { return nil }
        if type.hasPrefix("#") { type.removeFirst() }
        return type.hasPrefix("microsoft.graph.") ? String(type.dropFirst("microsoft.graph.".count)) : type
    }
}

extension GraphJSON: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    /// A string literal.
    public init(stringLiteral value: String) { self = .string(value) }
    /// A boolean literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An integer literal.
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    /// `nil` is JSON null.
    public init(nilLiteral: ()) { self = .null }
    /// An array literal.
    public init(arrayLiteral elements: GraphJSON...) { self = .array(elements) }
    /// An object literal.
    public init(dictionaryLiteral elements: (String, GraphJSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
