import Crypto
import EntitlementModel

/// SHA-256 digests, hex encoded: of the desired state (a plan's basis), of plan files (tamper
/// check, journal), and as the seed of stable directory ids.
public enum Digest {
    /// SHA-256 of `text`'s UTF-8 bytes, as 64 lowercase hex digits.
    public static func sha256(_ text: String) -> String {
        hex(SHA256.hash(data: Array(text.utf8)))
    }

    /// The digest of a desired state: of its canonical objects, in address order, as lines of
    /// `address<TAB>compact JSON`. Streamed into the hash in blocks, never built as one string.
    public static func of(_ state: DesiredState) -> String {
        var hasher = SHA256()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 16)
        state.forEachCanonicalObject { address, spec in
            buffer.append(contentsOf: address.description.utf8)
            buffer.append(0x09)
            spec.writeCompact(to: &buffer)
            buffer.append(0x0A)
            if buffer.count >= 1 << 15 {
                hasher.update(data: buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        hasher.update(data: buffer)
        return hex(hasher.finalize())
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// A UUID-shaped id derived from `seed`: the same seed gives the same id on every machine.
    public static func stableID(_ seed: String) -> String {
        let hex = Array(sha256(seed).prefix(32))
        return [hex[0..<8], hex[8..<12], hex[12..<16], hex[16..<20], hex[20..<32]].map { String($0) }.joined(separator: "-")
    }
}
