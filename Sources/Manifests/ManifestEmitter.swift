import Diagnostics
import EntitlementModel
import YAMLSource

/// Writes manifests: the inverse of decoding, for `entitle export`.
///
/// A canonical spec is already in manifest vocabulary with every default explicit; the emitter
/// leaves out what a manifest would not write (nulls, empty lists), turns `localizations` back into
/// a language → text map, and writes block-style YAML whose plain scalars read back as the same
/// strings (anything that could read as a number, boolean or null is quoted).
public enum ManifestEmitter {
    /// The modeline that gives editors the schema.
    public static func modeline(schemaPath: String) -> String { "# yaml-language-server: $schema=\(schemaPath)\n" }

    /// One manifest document: `apiVersion`, `kind`, `metadata.name` and the spec.
    public static func document(kind: String, name: String, spec: CanonicalValue, header: String = "") -> String {
        var out = header + "apiVersion: entitle/v1\nkind: \(kind)\nmetadata:\n  name: \(scalar(name))\nspec:"
        write(prepared(spec) ?? .object([]), indent: 1, into: &out)
        return out + "\n"
    }

    /// An AccessPackage document: the package's spec with its policies, each `{name, …spec}`.
    public static func accessPackage(name: String, spec: CanonicalValue, policies: [(name: String, spec: CanonicalValue)], header: String = "") -> String {
        var fields: [CanonicalField] = []
        if case .object(let own) = spec { fields = own }
        let list = policies.map { policy -> CanonicalValue in
            var policyFields = [CanonicalField(name: "name", value: .string(policy.name))]
            if case .object(let own) = policy.spec { policyFields += own }
            return .object(policyFields)
        }
        fields.append(CanonicalField(name: "policies", value: .list(list)))
        return document(kind: "AccessPackage", name: name, spec: .object(fields), header: header)
    }

    /// A Directory seed document.
    public static func directory(_ objects: [DirectoryObject], header: String = "") -> String {
        func list(_ kind: DirectoryObject.Kind, _ fields: (DirectoryObject) -> CanonicalValue) -> CanonicalValue {
            .list(objects.filter { $0.kind == kind }.map(fields))
        }
        let spec = CanonicalValue.fields([
            "users": list(.user) { user in
                .fields([
                    "id": .string(user.id), "userPrincipalName": .optional(user.userPrincipalName), "displayName": .string(user.displayName),
                    "external": user.external ? .bool(true) : .null,
                ])
            },
            "groups": list(.group) { group in
                .fields(["id": .string(group.id), "displayName": .string(group.displayName), "dynamic": group.dynamic ? .bool(true) : .null])
            },
            "applications": list(.application) { application in
                .fields([
                    "id": .string(application.id), "displayName": .string(application.displayName),
                    "roles": .list(application.roles.map(CanonicalValue.string)),
                ])
            },
            "sites": list(.site) { site in
                .fields([
                    "id": .string(site.id), "url": .optional(site.url), "displayName": .string(site.displayName),
                    "roles": .list(site.roles.map(CanonicalValue.string)),
                ])
            },
        ])
        var out = header + "apiVersion: entitle/v1\nkind: Directory"
        if let prepared = prepared(spec), case .object(let fields) = prepared {
            for field in fields {
                out += "\n" + field.name + ":"
                write(field.value, indent: 0, into: &out)
            }
        }
        return out + "\n"
    }

    /// The value as a manifest writes it, or `nil` when it says nothing (null, empty).
    static func prepared(_ value: CanonicalValue) -> CanonicalValue? {
        switch value {
        case .null: return nil
        case .bool, .int, .string: return value
        case .list(let items), .set(let items):
            let kept = items.compactMap(prepared)
            return kept.isEmpty ? nil : .list(kept)
        case .object(let fields):
            var kept: [CanonicalField] = []
            // `multipleSelection` belongs to choice questions only; the model keeps it false for others.
            let isOtherQuestion = fields.contains { $0.name == "answer" && $0.value != .string("choice") }
            for field in fields where !(isOtherQuestion && field.name == "multipleSelection") {
                if field.name == "localizations", case .set(let items) = field.value {
                    let map = items.compactMap { item -> CanonicalField? in
                        guard case .string(let language)? = item[field: "languageCode"], let text = item[field: "text"] else { return nil }
                        return CanonicalField(name: language, value: text)
                    }
                    if !map.isEmpty { kept.append(CanonicalField(name: field.name, value: .object(map))) }
                } else if let value = prepared(field.value) {
                    kept.append(CanonicalField(name: field.name, value: value))
                }
            }
            return kept.isEmpty ? nil : .object(kept)
        }
    }

    /// Appends `value` as the value of a key (or list item) just written, at nesting `indent`.
    private static func write(_ value: CanonicalValue, indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent)
        switch value {
        case .object(let fields):
            if fields.isEmpty {
                out += " {}"
                return
            }
            for field in fields {
                out += "\n" + pad + key(field.name) + ":"
                write(field.value, indent: indent + 1, into: &out)
            }
        case .list(let items), .set(let items):
            if items.isEmpty {
                out += " []"
                return
            }
            for item in items {
                out += "\n" + pad + "-"
                if case .object(let fields) = item, !fields.isEmpty {
                    // The first field on the dash's line, the rest below it.
                    out += " " + key(fields[0].name) + ":"
                    write(fields[0].value, indent: indent + 2, into: &out)
                    for field in fields.dropFirst() {
                        out += "\n" + pad + "  " + key(field.name) + ":"
                        write(field.value, indent: indent + 2, into: &out)
                    }
                } else {
                    write(item, indent: indent + 1, into: &out)
                }
            }
        case .null: out += " null"
        case .bool(let flag): out += flag ? " true" : " false"
        case .int(let number): out += " \(number)"
        case .string(let text): out += " " + scalar(text)
        }
    }

    private static func key(_ name: String) -> String { scalar(name) }

    /// A string as a YAML scalar: plain when it reads back as the same string, else double-quoted.
    static func scalar(_ text: String) -> String {
        plainIsSafe(text) ? text : JSONString.quote(text)
    }

    private static func plainIsSafe(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        if first == " " || last == " " || last == ":" { return false }
        if "-?:,[]{}#&*!|>'\"%@`~".unicodeScalars.contains(first) { return false }
        // YAML 1.1 booleans: strings in the core schema, but quoted for people and older tools.
        if ["y", "n", "yes", "no", "on", "off"].contains(text.lowercased()) { return false }
        if text.contains(": ") || text.contains(" #") || text.contains("\t") { return false }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\u{FEFF}" }) { return false }
        // Anything the core schema would read as something other than this string.
        return YAMLScalar(value: text, style: .plain).resolved(tag: nil) == .string(text) && !YAMLScalar(value: text, style: .plain).hasAmbiguousLeadingZero
    }
}
