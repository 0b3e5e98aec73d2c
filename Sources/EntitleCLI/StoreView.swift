import ArgumentParser
import EntitlementModel
import Planner
import Store

/// A store snapshot arranged for people and pipelines.
struct StoreView {
    struct Item {
        var object: LiveObject
        var address: ObjectAddress?
        var spec: CanonicalValue
        var appliedSerial: Int?
    }

    let snapshot: StoreSnapshot
    let items: [Item]

    init(snapshot: StoreSnapshot) {
        self.snapshot = snapshot
        let names = ManagedNames(snapshot: snapshot)
        let byID = Dictionary(snapshot.inventory.map { ($0.objectID, $0) }, uniquingKeysWith: { first, _ in first })
        items = snapshot.objects.map { object in
            let entry = byID[object.id]
            return Item(object: object, address: entry?.address, spec: names.planForm(object.spec), appliedSerial: entry?.serial)
        }.sorted { a, b in
            if a.object.kind != b.object.kind { return a.object.kind < b.object.kind }
            return (a.address?.description ?? "~" + a.object.displayName) < (b.address?.description ?? "~" + b.object.displayName)
        }
    }

    func object(matching text: String) -> Item? {
        items.first { $0.address?.description == text } ?? items.first { $0.object.id == text }
    }

    func text(location: String) -> String {
        var out = "Store \(location): \(snapshot.basis)\n"
        out += "\(plural(snapshot.inventory.count, "managed object")), \(plural(items.count, "object")) in all, "
        out += "\(plural(snapshot.directory.count, "directory object"))\n\n"
        for item in items {
            let name = item.address?.description ?? "(unmanaged \(item.object.kind.rawValue))"
            var line = "  \(name)  \"\(item.object.displayName)\"  id \(item.object.id)"
            if item.object.isBuiltIn { line += "  built-in" }
            out += line + "\n"
        }
        let present = Set(items.map(\.object.id))
        let missing = snapshot.inventory.filter { !present.contains($0.objectID) }
        for entry in missing { out += "  \(entry.address)  (managed, but missing from the store: deleted outside entitle)\n" }
        return out
    }

    func text(_ item: Item) -> String {
        var out = (item.address?.description ?? "(unmanaged \(item.object.kind.rawValue))") + "\n"
        out += "  id: \(item.object.id)\n  kind: \(item.object.kind.rawValue)\n  displayName: \(item.object.displayName)\n"
        if let parent = item.object.parentID { out += "  parent: \(parent)\n" }
        if let serial = item.appliedSerial { out += "  last applied at serial \(serial)\n" }
        out += "  spec:\n"
        for line in ValueLines.lines(item.spec, labels: labels) { out += "    " + line + "\n" }
        return out
    }

    private var labels: [String: String] {
        Dictionary(snapshot.directory.map { ($0.id, "\($0.kind.rawValue) '\($0.label)'") }, uniquingKeysWith: { first, _ in first })
    }

    func json(_ item: Item) -> CanonicalValue {
        .fields([
            "address": .optional(item.address?.description),
            "id": .string(item.object.id),
            "kind": .string(item.object.kind.rawValue),
            "parentId": .optional(item.object.parentID),
            "displayName": .string(item.object.displayName),
            "builtIn": .bool(item.object.isBuiltIn),
            "managed": .bool(item.address != nil),
            "spec": item.spec,
        ])
    }

    func json() -> CanonicalValue {
        .fields([
            "formatVersion": .string("1.0"),
            "basis": .fields(["lineage": .string(snapshot.basis.lineage), "serial": .int(snapshot.basis.serial)]),
            "objects": .list(items.map(json)),
            "inventory": .list(
                snapshot.inventory.map { entry in
                    .fields([
                        "address": .string(entry.address.description), "objectId": .string(entry.objectID), "serial": .int(entry.serial),
                        "toolVersion": .string(entry.toolVersion), "spec": entry.spec,
                    ])
                }),
            "directory": .list(
                snapshot.directory.map { object in
                    .fields([
                        "id": .string(object.id), "kind": .string(object.kind.rawValue), "displayName": .string(object.displayName),
                        "userPrincipalName": .optional(object.userPrincipalName), "url": .optional(object.url), "external": .bool(object.external),
                        "dynamic": .bool(object.dynamic), "roles": .list(object.roles.map(CanonicalValue.string)),
                    ])
                }),
        ])
    }
}
