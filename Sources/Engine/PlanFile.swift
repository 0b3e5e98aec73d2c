import Crypto
import EntitlementModel
import Foundation
import Planner

/// A saved plan: the plan's JSON form plus a SHA-256 digest of it, and (with a key) an
/// HMAC-SHA256 of it.
///
/// What each protects against:
/// - The digest catches a file damaged or edited by hand after `plan --out` wrote it. Anyone can
///   recompute it, so it says nothing of who wrote the file.
/// - The HMAC (`ENTITLE_PLAN_KEY`, a secret shared by the jobs that plan and apply) shows the plan
///   was written by a holder of the key: a runner or artifact store that passes plans between
///   jobs cannot change one undetected.
/// - Whatever the file says, apply renders and applies the same thing: every change's
///   `fieldChanges` must be exactly the difference of its `before` and `after` (what apply
///   writes), and apply still refuses a change to anything entitle does not manage.
public enum PlanFile {
    /// Why a plan file cannot be used.
    public struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        /// What is wrong.
        public var description: String
    }

    /// The secret that signs and checks saved plans.
    public struct SigningKey {
        let key: SymmetricKey

        /// The shortest secret accepted, in bytes: HMAC-SHA256 wants 32; 16 keeps a guessable
        /// passphrase out.
        public static let minimumLength = 16

        /// A key from its secret text (as `ENTITLE_PLAN_KEY` holds it), refused when too short.
        public init(secret: String) throws(Failure) {
            guard secret.utf8.count >= Self.minimumLength else {
                throw Failure(
                    description: "ENTITLE_PLAN_KEY is too short (at least \(Self.minimumLength) bytes; make one with: openssl rand -hex 32)")
            }
            key = SymmetricKey(data: Data(secret.utf8))
        }

        func mac(_ text: String) -> String {
            HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key).map { String(format: "%02x", $0) }.joined()
        }

        func isValid(_ mac: String, for text: String) -> Bool {
            guard let bytes = Self.bytes(ofHex: mac) else { return false }
            return HMAC<SHA256>.isValidAuthenticationCode(bytes, authenticating: Data(text.utf8), using: key)
        }

        /// The bytes of 64 hex digits; `nil` for anything else (counted in bytes, so text of
        /// multi-byte characters cannot step past its end).
        static func bytes(ofHex text: String) -> Data? {
            let digits = Array(text.utf8)
            guard digits.count == 64 else { return nil }
            var data = Data()
            for index in stride(from: 0, to: digits.count, by: 2) {
                guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
                data.append(high << 4 | low)
            }
            return data
        }

        private static func hexValue(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
            default: nil
            }
        }
    }

    /// The file's text: indented JSON, ending with the digest (and the HMAC, with a key).
    public static func text(of plan: Plan, key: SigningKey? = nil) -> String {
        let body = PlanJSON.encode(plan)
        guard case .object(var fields) = body else { return body.prettyJSONText() + "\n" }
        let text = body.jsonText()
        fields.append(CanonicalField(name: "digest", value: .string(Digest.sha256(text))))
        if let key { fields.append(CanonicalField(name: "hmac", value: .string(key.mac(text)))) }
        return CanonicalValue.object(fields).prettyJSONText() + "\n"
    }

    /// The digest of a plan: what the journal records.
    public static func digest(of plan: Plan) -> String { Digest.sha256(PlanJSON.encode(plan).jsonText()) }

    /// Reads a plan file's text; refuses text that is not a plan, another format, a digest
    /// mismatch, changes whose rendering differs from what they apply, and (with `key`) a
    /// missing or wrong HMAC. A signed plan read without a key is refused too: the key that
    /// should check it is missing where the plan is used.
    public static func read(_ text: String, key: SigningKey? = nil) throws(Failure) -> Plan {
        let value: CanonicalValue
        do {
            value = try CanonicalJSONParser.parse(text)
        } catch {
            throw Failure(description: "not a plan file: the JSON is malformed at \(error)")
        }
        guard case .object(let fields) = value else { throw Failure(description: "not a plan file: expected a JSON object") }
        guard case .string(let digest)? = value[field: "digest"] else { throw Failure(description: "not a plan file: it has no digest") }
        let body = CanonicalValue.object(fields.filter { $0.name != "digest" && $0.name != "hmac" })
        let plan: Plan
        do {
            plan = try PlanJSON.decode(body)
        } catch {
            throw Failure(description: "not a usable plan file: \(error)")
        }
        let bodyText = body.jsonText()
        guard Digest.sha256(bodyText) == digest else {
            throw Failure(description: "the plan file was modified after it was written (digest mismatch); run plan again")
        }
        switch (key, value[field: "hmac"]) {
        case (let key?, .string(let mac)?):
            guard key.isValid(mac, for: bodyText) else {
                throw Failure(description: "the plan file's signature does not match ENTITLE_PLAN_KEY: it was changed, or signed with another key")
            }
        case (.some, _):
            throw Failure(description: "the plan file is not signed, but ENTITLE_PLAN_KEY is set: make it with plan --out under the same key")
        case (nil, .some):
            throw Failure(description: "the plan file is signed: set ENTITLE_PLAN_KEY to the key it was signed with, to check it")
        case (nil, nil):
            break
        }
        try checkRendering(plan)
        return plan
    }

    /// Refuses a change whose field-by-field rendering (what `show --plan` displays) is not the
    /// difference of its `before` and `after` (what apply writes).
    static func checkRendering(_ plan: Plan) throws(Failure) {
        for change in plan.changes {
            let expected: [FieldChange]
            if let before = change.before, let after = change.after {
                expected = FieldDiff.changes(from: before, to: after)
            } else {
                expected = []
            }
            // Compared as the file holds them: a set read back from JSON is a list, a null an absence.
            guard PlanJSON.encode(change.fieldChanges).jsonText() == PlanJSON.encode(expected).jsonText() else {
                throw Failure(
                    description:
                        "the plan file's field changes for \(change.address) are not the difference of its before and after (it was edited); run plan again"
                )
            }
        }
    }
}
