import EntitlementModel

/// One field that changed outside entitle.
public struct DriftField: Hashable, Sendable {
    /// The field's path in the canonical spec.
    public var path: String
    /// What entitle last applied; `nil` when the field was added outside entitle.
    public var lastApplied: CanonicalValue?
    /// What the store holds now; `nil` when the field was removed outside entitle.
    public var current: CanonicalValue?
    /// Whether this change is declared as expected (`--ignore`).
    public var ignored: Bool
}

/// How an object drifted.
public enum DriftStatus: String, Hashable, Sendable {
    /// Changed outside entitle.
    case changed
    /// Deleted outside entitle; the next plan creates it again.
    case deleted
    /// In the store, but no manifest manages it.
    case unmanaged
}

/// One object found out of step with what entitle last applied.
public struct DriftFinding: Hashable, Sendable {
    /// The address (`nil` for unmanaged objects).
    public var address: ObjectAddress?
    /// How it drifted.
    public var status: DriftStatus
    /// The object id.
    public var objectID: String
    /// The kind of object.
    public var kind: ObjectKind
    /// `displayName`.
    public var displayName: String
    /// The drifted fields (for `changed`).
    public var fields: [DriftField]
    /// The manifests changed the object too (desired ≠ last applied): applying will overwrite the
    /// change made outside entitle.
    public var conflict: Bool
    /// The fields the manifests changed since the last apply, for conflicts.
    public var desiredPaths: [String]
}

/// A field change that is expected and not counted as drift: `ADDRESS:PATH` or `*:PATH`, where
/// PATH matches the field and everything under it.
public struct DriftIgnoreRule: Hashable, Sendable, CustomStringConvertible {
    /// The address the rule applies to; `nil` for every object.
    public var address: ObjectAddress?
    /// The path prefix.
    public var path: String

    /// Parses `accessPackage.x:description` or `*:description`; `nil` if malformed.
    public init?(parsing text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let addressText = String(text[..<colon])
        path = String(text[text.index(after: colon)...])
        guard !path.isEmpty else { return nil }
        if addressText == "*" {
            address = nil
        } else {
            guard let parsed = ObjectAddress(parsing: addressText) else { return nil }
            address = parsed
        }
    }

    /// Whether the rule covers `path` of the object at `address`.
    public func covers(_ address: ObjectAddress, path candidate: String) -> Bool {
        if let own = self.address, own != address { return false }
        return candidate == path || candidate.hasPrefix(path + ".") || candidate.hasPrefix(path + "[")
    }

    /// `ADDRESS:PATH`.
    public var description: String { (address?.description ?? "*") + ":" + path }
}

/// What a drift run found.
public struct DriftReport: Hashable, Sendable {
    /// The report format's version; minor versions only add fields.
    public static let formatVersion = "1.0"

    /// The store's lineage and serial when read.
    public var basis: StoreBasis
    /// Objects out of step, in address order (unmanaged ones last).
    public var findings: [DriftFinding]
    /// Managed objects in sync (including those whose only changes are ignored).
    public var inSyncCount: Int
    /// Readable labels for directory object ids.
    public var labels: [String: String]

    /// Findings that count: changed with a field not ignored, deleted, or unmanaged.
    public var drifted: [DriftFinding] {
        findings.filter { $0.status != .changed || $0.fields.contains { !$0.ignored } }
    }

    /// Whether anything counts as drift (exit status 2).
    public var hasDrift: Bool { !drifted.isEmpty }
}

/// Three-way drift detection: for every managed object, compares what entitle last applied (the
/// inventory), what the store holds now, and what the manifests say. Pure, like the planner.
public enum DriftDetector {
    /// The drift of `snapshot`, with `desired` for conflicts; `unmanaged` also lists objects no
    /// manifest manages (built-in objects and catalog resources in use excepted).
    public static func detect(
        snapshot: StoreSnapshot, desired: ResolvedDesiredState?, ignore: [DriftIgnoreRule] = [], unmanaged: Bool = false
    ) -> DriftReport {
        let names = ManagedNames(snapshot: snapshot)
        let live = Dictionary(snapshot.objects.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var findings: [DriftFinding] = []
        var inSync = 0
        for entry in snapshot.inventory.sorted(by: { $0.address < $1.address }) {
            guard let object = live[entry.objectID] else {
                findings.append(
                    DriftFinding(
                        address: entry.address, status: .deleted, objectID: entry.objectID, kind: entry.address.kind,
                        displayName: displayName(entry.spec) ?? entry.address.description, fields: [], conflict: false, desiredPaths: []))
                continue
            }
            // The same stored text (usually the very same, shared): in sync, with nothing parsed.
            if entry.storedSpec === object.storedSpec || (entry.storedSpec.text != nil && entry.storedSpec.text == object.storedSpec.text) {
                inSync += 1
                continue
            }
            let current = names.planForm(object.spec, of: object.kind)
            // Both sides in plan form with today's names, so renaming a referenced object is no drift.
            let lastApplied = names.planForm(entry.spec, of: object.kind)
            guard current != lastApplied else {
                inSync += 1
                continue
            }
            let fields = FieldDiff.changes(from: lastApplied, to: current).map { change in
                DriftField(
                    path: change.path, lastApplied: change.before, current: change.after,
                    ignored: ignore.contains { $0.covers(entry.address, path: change.path) })
            }
            if fields.allSatisfy(\.ignored) { inSync += 1 }
            // A conflict: the manifests changed the object too, to something else than the store
            // holds, so applying overwrites the outside change.
            var desiredPaths: [String] = []
            if let wanted = desired?[entry.address]?.spec, wanted != lastApplied, wanted != current {
                desiredPaths = FieldDiff.changes(from: lastApplied, to: wanted).map(\.path)
            }
            findings.append(
                DriftFinding(
                    address: entry.address, status: .changed, objectID: object.id, kind: object.kind, displayName: object.displayName,
                    fields: fields, conflict: !desiredPaths.isEmpty && !fields.allSatisfy(\.ignored), desiredPaths: desiredPaths))
        }
        if unmanaged {
            let managed = Set(snapshot.inventory.map(\.objectID))
            for object in snapshot.objects.sorted(by: { ($0.kind, $0.displayName, $0.id) < ($1.kind, $1.displayName, $1.id) })
            where !managed.contains(object.id) && !object.isBuiltIn {
                findings.append(
                    DriftFinding(
                        address: nil, status: .unmanaged, objectID: object.id, kind: object.kind, displayName: object.displayName, fields: [],
                        conflict: false, desiredPaths: []))
            }
        }
        return DriftReport(basis: snapshot.basis, findings: findings, inSyncCount: inSync, labels: desired?.labels ?? [:])
    }

    private static func displayName(_ spec: CanonicalValue) -> String? {
        if case .string(let name)? = spec[field: "displayName"] { return name }
        return nil
    }
}
