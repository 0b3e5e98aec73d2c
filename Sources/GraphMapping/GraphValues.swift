import EntitlementModel

/// How Graph's scalar types become canonical values: durations and dates are normalized so that
/// `P14D` and `PT336H`, or `2027-03-31T00:00:00.000Z` and `2027-03-31T00:00:00Z`, never differ.
enum GraphValues {
    /// An ISO-8601 duration in canonical form; text that is not one is kept as it is; `fallback`
    /// for null or a missing value.
    static func duration(_ value: GraphJSON?, fallback: CanonicalValue = .null) -> CanonicalValue {
        guard let text = value?.stringValue else { return fallback }
        return .string(ISODuration(parsing: text)?.iso8601 ?? text)
    }

    /// A UTC date-time in canonical form (fractions of a second dropped); other text kept as it is.
    static func dateTime(_ value: GraphJSON?) -> CanonicalValue {
        guard var text = value?.stringValue else { return .null }
        // Graph writes `2027-03-31T00:00:00.000Z` or `…+00:00`; entitle writes whole seconds in UTC.
        if text.hasSuffix("+00:00") { text = String(text.dropLast(6)) + "Z" }
        if let dot = text.firstIndex(of: "."), text.hasSuffix("Z") { text = String(text[..<dot]) + "Z" }
        return .string(ISODateTime(parsing: text)?.iso8601 ?? text)
    }

    /// A string, or `""` for null or a missing value (Graph omits empty descriptions).
    static func text(_ value: GraphJSON?) -> CanonicalValue { .string(value?.stringValue ?? "") }

    /// A boolean, `fallback` for null or a missing value.
    static func flag(_ value: GraphJSON?, _ fallback: Bool = false) -> CanonicalValue { .bool(value?.boolValue ?? fallback) }
}

/// Reading store-form specs back, for the bodies of writes.
extension CanonicalValue {
    /// The text of a string value.
    var text: String? {
        if case .string(let value) = self { value } else { nil }
    }

    /// The value of a boolean.
    var flag: Bool? {
        if case .bool(let value) = self { value } else { nil }
    }

    /// A field's text (`nil` when missing or not a string).
    func text(_ name: String) -> String? { self[field: name]?.text }

    /// A field's boolean (`false` when missing).
    func flag(_ name: String) -> Bool { self[field: name]?.flag ?? false }

    /// A field's value as Graph JSON text: a string, or null.
    func graphText(_ name: String) -> GraphJSON { self[field: name]?.text.map(GraphJSON.string) ?? .null }
}
