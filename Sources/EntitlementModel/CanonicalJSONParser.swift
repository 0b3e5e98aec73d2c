/// Reads canonical JSON text (as `CanonicalValue.jsonText()` writes it, or any JSON) back into a
/// value tree, keeping field order.
///
/// JSON has one kind of array; which arrays are sets is a property of the model, so arrays under a
/// field named in `CanonicalValue.unorderedFieldNames` become sets (sorted, de-duplicated) and all
/// others lists. That way a spec read back from a store compares equal to the one that was written.
public struct CanonicalJSONParser {
    /// Why text is not JSON.
    public struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        /// The byte offset of the problem.
        public var offset: Int
        /// What is wrong.
        public var message: String
        /// `offset 12: expected ':'`.
        public var description: String { "offset \(offset): \(message)" }
    }

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0
    private static let maxDepth = 128

    private init(_ text: String) { bytes = Array(text.utf8) }

    /// Parses `text`; throws `Failure` if it is not one JSON value.
    public static func parse(_ text: String) throws(Failure) -> CanonicalValue {
        var parser = CanonicalJSONParser(text)
        let value = try parser.value(field: nil)
        parser.skipSpace()
        guard parser.index == parser.bytes.count else { throw parser.failure("unexpected text after the value") }
        return value
    }

    private func failure(_ message: String) -> Failure { Failure(offset: index, message: message) }

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func expect(_ byte: UInt8) throws(Failure) {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else { throw failure("expected '\(Character(Unicode.Scalar(byte)))'") }
        index += 1
    }

    private mutating func value(field: String?) throws(Failure) -> CanonicalValue {
        skipSpace()
        guard index < bytes.count else { throw failure("unexpected end of text") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array(field: field)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default: return try number()
        }
    }

    private mutating func literal(_ word: StaticString, _ value: CanonicalValue) throws(Failure) -> CanonicalValue {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count, (0..<count).allSatisfy({ bytes[index + $0] == word.utf8Start[$0] }) else {
            throw failure("invalid literal")
        }
        index += count
        return value
    }

    private mutating func number() throws(Failure) -> CanonicalValue {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        guard let number = Int(String(decoding: bytes[start..<index], as: UTF8.self)) else {
            index = start
            throw failure("expected a value (canonical specs hold integers, not fractions)")
        }
        return .int(number)
    }

    private mutating func nested<T>(_ body: (inout CanonicalJSONParser) throws(Failure) -> T) throws(Failure) -> T {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw failure("nested too deeply") }
        return try body(&self)
    }

    private mutating func object() throws(Failure) -> CanonicalValue {
        try nested { (parser: inout CanonicalJSONParser) throws(Failure) -> CanonicalValue in
            try parser.expect(UInt8(ascii: "{"))
            var fields: [CanonicalField] = []
            parser.skipSpace()
            if parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "}") {
                parser.index += 1
                return .object(fields)
            }
            while true {
                parser.skipSpace()
                let name = try parser.string()
                try parser.expect(UInt8(ascii: ":"))
                fields.append(CanonicalField(name: name, value: try parser.value(field: name)))
                parser.skipSpace()
                guard parser.index < parser.bytes.count else { throw parser.failure("unexpected end of text") }
                let next = parser.bytes[parser.index]
                parser.index += 1
                if next == UInt8(ascii: "}") { return .object(fields) }
                guard next == UInt8(ascii: ",") else { throw parser.failure("expected ',' or '}'") }
            }
        }
    }

    private mutating func array(field: String?) throws(Failure) -> CanonicalValue {
        try nested { (parser: inout CanonicalJSONParser) throws(Failure) -> CanonicalValue in
            try parser.expect(UInt8(ascii: "["))
            var items: [CanonicalValue] = []
            parser.skipSpace()
            if parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "]") {
                parser.index += 1
            } else {
                while true {
                    items.append(try parser.value(field: nil))
                    parser.skipSpace()
                    guard parser.index < parser.bytes.count else { throw parser.failure("unexpected end of text") }
                    let next = parser.bytes[parser.index]
                    parser.index += 1
                    if next == UInt8(ascii: "]") { break }
                    guard next == UInt8(ascii: ",") else { throw parser.failure("expected ',' or ']'") }
                }
            }
            if let field, CanonicalValue.unorderedFieldNames.contains(field) { return .unordered(items) }
            return .list(items)
        }
    }

    private mutating func string() throws(Failure) -> String {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a string") }
        index += 1
        // Fast path: no escapes before the closing quote, so the bytes are the string.
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                defer { index += 1 }
                return String(decoding: bytes[start..<index], as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw failure("control character in a string") }
            index += 1
        }
        var out = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: out, as: UTF8.self)
            }
            if byte < 0x20 { throw failure("control character in a string") }
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                index += 1
                continue
            }
            index += 1
            guard index < bytes.count else { break }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code), bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                    index += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw failure("a high surrogate without its low surrogate") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else { throw failure("invalid \\u escape") }
                out.append(contentsOf: String(Character(scalar)).utf8)
            default: throw failure("invalid escape")
            }
        }
        throw failure("unterminated string")
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard bytes.count - index >= 4, let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
            throw failure("invalid \\u escape")
        }
        index += 4
        return code
    }
}

extension CanonicalValue {
    /// Fields whose lists are sets: their order means nothing (approvers, reviewers, sponsors,
    /// resource roles, identity sources, localizations…). Every `.unordered` in the model is under one
    /// of these names; a round-trip test over the examples keeps the list complete.
    public static let unorderedFieldNames: Set<String> = [
        "resourceRoles", "resources", "accessPackages", "groups", "identitySources", "internalSponsors", "externalSponsors",
        "specific", "requestors", "approvers", "fallbackApprovers", "reviewers", "fallbackReviewers", "localizations",
    ]
}

extension CanonicalJSONParser {
    /// Checks that `text` is what `parse` reads, without building the value: for text a store
    /// wrote, which a reader may never need as a tree (see `StoredSpec`). Fails exactly where
    /// `parse` would.
    public static func check(_ text: String) throws(Failure) {
        // Over the string's own bytes, copying nothing: a snapshot checks every stored spec.
        var text = text
        let outcome: Result<Void, Failure> = text.withUTF8 { bytes in
            var scanner = Scanner(bytes: bytes)
            do throws(Failure) {
                try scanner.value()
                scanner.skipSpace()
                guard scanner.index == bytes.count else { throw scanner.failure("unexpected text after the value") }
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try outcome.get()
    }

    /// `parse`'s grammar, walked without building anything.
    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        var depth = 0

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        func failure(_ message: String) -> Failure { Failure(offset: index, message: message) }

        mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x0A, 0x0D, 0x09: index += 1
                default: return
                }
            }
        }

        mutating func value() throws(Failure) {
            skipSpace()
            guard index < bytes.count else { throw failure("unexpected end of text") }
            switch bytes[index] {
            case UInt8(ascii: "{"): try container(closing: UInt8(ascii: "}"), keyed: true)
            case UInt8(ascii: "["): try container(closing: UInt8(ascii: "]"), keyed: false)
            case UInt8(ascii: "\""): try string()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            default: try number()
            }
        }

        mutating func literal(_ word: StaticString) throws(Failure) {
            let count = word.utf8CodeUnitCount
            guard bytes.count - index >= count, (0..<count).allSatisfy({ bytes[index + $0] == word.utf8Start[$0] }) else {
                throw failure("invalid literal")
            }
            index += count
        }

        mutating func number() throws(Failure) {
            let start = index
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
            let digitsStart = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            // Up to 18 digits always fit; longer ones are checked against Int's range.
            let digits = index - digitsStart
            guard digits > 0, digits <= 18 || Int(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)) != nil else {
                index = start
                throw failure("expected a value (canonical specs hold integers, not fractions)")
            }
        }

        mutating func container(closing: UInt8, keyed: Bool) throws(Failure) {
            depth += 1
            defer { depth -= 1 }
            guard depth <= CanonicalJSONParser.maxDepth else { throw failure("nested too deeply") }
            index += 1
            skipSpace()
            if index < bytes.count, bytes[index] == closing {
                index += 1
                return
            }
            while true {
                if keyed {
                    skipSpace()
                    try string()
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':'") }
                    index += 1
                }
                try value()
                skipSpace()
                guard index < bytes.count else { throw failure("unexpected end of text") }
                let next = bytes[index]
                index += 1
                if next == closing { return }
                guard next == UInt8(ascii: ",") else { throw failure(keyed ? "expected ',' or '}'" : "expected ',' or ']'") }
            }
        }

        mutating func string() throws(Failure) {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a string") }
            index += 1
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return
                }
                if byte < 0x20 { throw failure("control character in a string") }
                index += 1
                guard byte == UInt8(ascii: "\\") else { continue }
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"),
                    UInt8(ascii: "r"), UInt8(ascii: "t"):
                    continue
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code), bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    {
                        index += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw failure("a high surrogate without its low surrogate") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard Unicode.Scalar(code) != nil else { throw failure("invalid \\u escape") }
                default: throw failure("invalid escape")
                }
            }
            throw failure("unterminated string")
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            guard bytes.count - index >= 4,
                let code = UInt32(String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<index + 4]), as: UTF8.self), radix: 16)
            else {
                throw failure("invalid \\u escape")
            }
            index += 4
            return code
        }
    }
}
