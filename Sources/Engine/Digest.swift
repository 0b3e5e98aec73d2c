import Crypto
import EntitlementModel

/// SHA-256 digests, hex encoded: of plan files (tamper check, journal), and as the seed of stable
/// directory ids. (A plan's manifest digest is the loader's: `DesiredState.manifestDigest`.)
public enum Digest {
    /// SHA-256 of `text`'s UTF-8 bytes, as 64 lowercase hex digits.
    public static func sha256(_ text: String) -> String {
        hex(SHA256.hash(data: Array(text.utf8)))
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
