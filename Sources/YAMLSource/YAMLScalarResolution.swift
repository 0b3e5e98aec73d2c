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
        // Most scalars are text: only these first bytes can start a null, a boolean or a number.
        guard let first = value.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "~"),
            UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"):
            break
        default:
            return .string(value)
        }
        switch value {
        case "~", "null", "Null", "NULL": return .null
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
        var digits = value.utf8[...]
        if digits.first == UInt8(ascii: "-") || digits.first == UInt8(ascii: "+") { digits = digits.dropFirst() }
        return digits.count > 1 && digits.first == UInt8(ascii: "0") && digits.allSatisfy(Self.isDigit)
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    static func parseInt(_ text: String) -> Int? {
        let bytes = text.utf8
        if text.hasPrefix("0o"), bytes.count > 2 { return Int(text.dropFirst(2), radix: 8) }
        if text.hasPrefix("0x"), bytes.count > 2 { return Int(text.dropFirst(2), radix: 16) }
        var digits = bytes[...]
        if digits.first == UInt8(ascii: "-") || digits.first == UInt8(ascii: "+") { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy(isDigit) else { return nil }
        return Int(text.hasPrefix("+") ? String(text.dropFirst()) : text)
    }

    static func looksLikeFloat(_ text: String) -> Bool {
        // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
        var bytes = text.utf8[...]
        if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        let mantissaEnd = bytes.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") } ?? bytes.endIndex
        let mantissa = bytes[..<mantissaEnd]
        let dot = mantissa.firstIndex(of: UInt8(ascii: "."))
        let whole = dot.map { mantissa[..<$0] } ?? mantissa
        let fraction = dot.map { mantissa[mantissa.index(after: $0)...] } ?? mantissa[mantissa.endIndex...]
        guard !mantissa.isEmpty, whole.allSatisfy(isDigit), fraction.allSatisfy(isDigit) else { return false }
        // "." alone, or a dot with digits on neither side, is no number.
        if whole.isEmpty && fraction.isEmpty { return false }
        guard mantissaEnd != bytes.endIndex else { return true }
        var exponent = bytes[bytes.index(after: mantissaEnd)...]
        if exponent.first == UInt8(ascii: "-") || exponent.first == UInt8(ascii: "+") { exponent = exponent.dropFirst() }
        return !exponent.isEmpty && exponent.allSatisfy(isDigit)
    }
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
