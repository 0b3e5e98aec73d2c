/// The YAML 1.2 core-schema type of a scalar.
///
/// Only `true`/`false` (and their `True`/`TRUE` spellings) are booleans: YAML 1.1's `yes`, `no`,
/// `on` and `off` stay strings, so `country: no` means Norway. `0755` is the decimal 755 in
/// YAML 1.2 (not the octal 493 of YAML 1.1); integer fields reject such leading zeros as
/// ambiguous rather than guess.
public enum YAMLResolvedScalar: Sendable, Equatable {
    /// `null`, `~` or empty.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A decimal, `0o` octal or `0x` hexadecimal integer.
    case int(Int)
    /// A floating-point number.
    case float(Double)
    /// Anything else.
    case string(String)
}

extension YAMLScalar {
    /// The core-schema resolution of this scalar given its explicit tag (if any).
    public func resolved(tag: String?) -> YAMLResolvedScalar {
        if tag == YAMLTag.string || (style != .plain && tag == nil) { return .string(value) }
        switch value {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        if let int = Self.parseInt(value) { return .int(int) }
        if Self.looksLikeFloat(value), let double = Double(value) { return .float(double) }
        switch value {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
        case ".nan", ".NaN", ".NAN": return .float(.nan)
        default: return .string(value)
        }
    }

    /// Whether a plain scalar is a decimal integer with a leading zero (`0755`): YAML 1.1 reads
    /// it as octal, YAML 1.2 as decimal, so a number field refuses to guess.
    public var hasAmbiguousLeadingZero: Bool {
        guard style == .plain else { return false }
        var digits = Substring(value)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        return digits.count > 1 && digits.first == "0" && digits.allSatisfy(\.isASCIIDigit)
    }

    static func parseInt(_ text: String) -> Int? {
        if text.hasPrefix("0o"), text.count > 2 { return Int(text.dropFirst(2), radix: 8) }
        if text.hasPrefix("0x"), text.count > 2 { return Int(text.dropFirst(2), radix: 16) }
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else { return nil }
        return Int(text.hasPrefix("+") ? String(text.dropFirst()) : text)
    }

    static func looksLikeFloat(_ text: String) -> Bool {
        // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
        var scalars = Substring(text)
        if scalars.first == "-" || scalars.first == "+" { scalars = scalars.dropFirst() }
        let mantissaEnd = scalars.firstIndex { $0 == "e" || $0 == "E" } ?? scalars.endIndex
        let mantissa = scalars[..<mantissaEnd]
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, !mantissa.isEmpty, mantissa != "." else { return false }
        guard parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { return false }
        if parts.first?.isEmpty == true, parts.count == 2, parts[1].isEmpty { return false }
        guard mantissaEnd != scalars.endIndex else { return true }
        var exponent = scalars[scalars.index(after: mantissaEnd)...]
        if exponent.first == "-" || exponent.first == "+" { exponent = exponent.dropFirst() }
        return !exponent.isEmpty && exponent.allSatisfy(\.isASCIIDigit)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

/// The tags a manifest may carry: YAML 1.2's core-schema tags. Anything else is an error,
/// because a tag asks the reader to construct something and entitle constructs nothing but data.
public enum YAMLTag {
    /// `!!str`
    public static let string = "tag:yaml.org,2002:str"
    /// The core-schema tags accepted.
    public static let allowed: Set<String> = [
        "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:null", "tag:yaml.org,2002:float", "tag:yaml.org,2002:map",
        "tag:yaml.org,2002:seq",
    ]
}
