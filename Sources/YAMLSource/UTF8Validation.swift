import Diagnostics

/// Finds the first byte sequence that is not UTF-8, with its line and column, so the error can
/// point at it (libyaml's own message for this names no useful place).
enum UTF8Validation {
    static func firstInvalidPosition(in bytes: [UInt8]) -> SourcePosition? {
        // The standard library's check is fast; the position is looked for only when it fails.
        if String(validating: bytes, as: UTF8.self) != nil { return nil }
        var line = 1
        var column = 1
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .emptyInput:
                return nil
            case .error:
                return SourcePosition(line: line, column: column)
            }
        }
    }
}
