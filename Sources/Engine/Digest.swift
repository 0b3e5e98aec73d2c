import Crypto
import EntitlementModel

/// SHA-256 digests, hex encoded: of the desired state (a plan's basis), of plan files (tamper
/// check, journal), and as the seed of stable directory ids.
public enum Digest {
    /// SHA-256 of `text`'s UTF-8 bytes, as 64 lowercase hex digits.
    public static func sha256(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The digest of a desired state: of its canonical objects, in address order.
    public static func of(_ state: DesiredState) -> String {
        var text = ""
        for (address, spec) in state.canonicalObjects {
            text += address.description + "\t" + spec.jsonText() + "\n"
        }
        return sha256(text)
    }

    /// A UUID-shaped id derived from `seed`: the same seed gives the same id on every machine.
    public static func stableID(_ seed: String) -> String {
        let hex = Array(sha256(seed).prefix(32))
        return [hex[0..<8], hex[8..<12], hex[12..<16], hex[16..<20], hex[20..<32]].map { String($0) }.joined(separator: "-")
    }
}
