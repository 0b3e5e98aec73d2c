#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where output goes. Results go to standard output; progress, warnings and logs to standard error.
enum Terminal {
    /// Writes `text` to standard output as is, unbuffered (output is built whole before writing).
    static func out(_ text: String) {
        write(text, to: 1)
    }

    /// Writes `text` to standard error as is.
    static func err(_ text: String) {
        write(text, to: 2)
    }

    private static func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }

    /// Whether to colour what goes to `descriptor`: only on a terminal, never with `NO_COLOR`
    /// set (to anything non-empty) or `TERM=dumb`.
    static func useColor(forDescriptor descriptor: Int32) -> Bool {
        if let noColor = getenv("NO_COLOR"), strlen(noColor) > 0 { return false }
        if let term = getenv("TERM"), String(cString: term) == "dumb" { return false }
        return isatty(descriptor) == 1
    }
}
