import EntitlementModel
import Store

/// A conformance check that did not hold.
public struct ConformanceFailure: Error, CustomStringConvertible {
    /// What did not hold.
    public var description: String
}

/// Makes a new, empty store of the kind under test.
public typealias StoreFactory = @Sendable () async throws -> any StateStore

/// One behaviour every `StateStore` must have.
public struct ConformanceCheck: Sendable, CustomStringConvertible {
    /// The behaviour, in words.
    public let description: String
    /// Runs the check, with new, empty stores from the factory.
    public let run: @Sendable (StoreFactory) async throws -> Void

    /// A check of one new store.
    init(description: String, _ body: @escaping @Sendable (any StateStore) async throws -> Void) {
        self.description = description
        self.run = { make in try await body(try await make()) }
    }

    /// A check that needs more than one store.
    init(description: String, stores body: @escaping @Sendable (StoreFactory) async throws -> Void) {
        self.description = description
        self.run = body
    }
}

/// The store conformance suite: the behaviours every store (in-memory, SQLite, PostgreSQL…) must
/// share, each run against a fresh store.
public enum StoreConformance {
    /// All checks.
    public static let checks: [ConformanceCheck] = [
        ConformanceCheck(description: "a new store has a lineage, serial 0, the built-in objects and nothing else") { store in
            let snapshot = try await store.snapshot()
            try expect(!snapshot.basis.lineage.isEmpty, "lineage is empty")
            try expect(snapshot.basis.serial == 0, "serial is \(snapshot.basis.serial), not 0")
            try expect(snapshot.inventory.isEmpty && snapshot.directory.isEmpty, "inventory or directory not empty")
            let builtIn = snapshot.objects.filter(\.isBuiltIn)
            try expect(builtIn.count == 2 && snapshot.objects.count == 2, "expected exactly the two built-in objects, got \(snapshot.objects)")
            try expect(builtIn.contains { $0.kind == .catalog && $0.displayName == "General" }, "no built-in General catalog")
            try expect(builtIn.contains { $0.kind == .settings }, "no built-in settings")
            try expect(try await store.journal().isEmpty, "journal not empty")
        },
        ConformanceCheck(description: "an apply writes objects, inventory and journal, and bumps the serial by one") { store in
            let before = try await store.snapshot()
            let basis = try await store.apply(sampleBatch(before))
            try expect(basis == StoreBasis(lineage: before.basis.lineage, serial: 1), "basis after apply is \(basis)")
            let after = try await store.snapshot()
            try expect(after.basis == basis, "snapshot basis \(after.basis) differs from the apply's \(basis)")
            try expect(after.objects.count == 5, "expected 5 objects (2 built-in, 3 new), got \(after.objects.count)")
            let package = after.objects.first { $0.id == "pkg-1" }
            try expect(package?.spec == sampleSpec, "package spec did not round-trip: \(String(describing: package?.spec))")
            try expect(package?.parentID == generalID(before), "package parent is \(String(describing: package?.parentID))")
            try expect(after.inventory.map(\.address) == [.accessPackage("p"), .policy(package: "p", policy: "q")], "inventory is \(after.inventory)")
            try expect(after.inventory.first?.spec == sampleSpec, "inventory spec did not round-trip")
            let journal = try await store.journal()
            try expect(journal.count == 1 && journal[0].serial == 1 && journal[0].planDigest == "digest-1", "journal is \(journal)")
            try expect(journal[0].changes == .list([.fields(["address": .string("accessPackage.p"), "action": .string("create")])]), "journal changes")
        },
        ConformanceCheck(description: "a batch with a stale basis is refused and writes nothing") { store in
            let before = try await store.snapshot()
            _ = try await store.apply(sampleBatch(before))
            let middle = try await store.snapshot()
            var stale = sampleBatch(before)
            stale.objects = [.update(LiveObject(id: "pkg-1", kind: .accessPackage, displayName: "changed", spec: .null))]
            do {
                _ = try await store.apply(stale)
                throw ConformanceFailure(description: "a stale batch was applied")
            } catch StoreError.stalePlan {
            } catch {
                throw ConformanceFailure(description: "expected stalePlan, got \(error)")
            }
            try await expectUnchanged(store, middle)
        },
        ConformanceCheck(description: "a batch that fails part-way writes nothing (all or nothing)") { store in
            let before = try await store.snapshot()
            var batch = sampleBatch(before)
            batch.objects.append(.update(LiveObject(id: "no-such-object", kind: .catalog, displayName: "x", spec: .null)))
            do {
                _ = try await store.apply(batch)
                throw ConformanceFailure(description: "a batch updating a missing object was applied")
            } catch StoreError.rejected {
            } catch {
                throw ConformanceFailure(description: "expected rejected, got \(error)")
            }
            try await expectUnchanged(store, before)
        },
        ConformanceCheck(description: "deleting an object that still holds others is refused") { store in
            let before = try await store.snapshot()
            _ = try await store.apply(sampleBatch(before))
            let middle = try await store.snapshot()
            let batch = ApplyBatch(
                basis: middle.basis, objects: [.delete(id: "pkg-1", kind: .accessPackage)], inventory: [.remove(.accessPackage("p"))],
                journal: journal("digest-2"))
            do {
                _ = try await store.apply(batch)
                throw ConformanceFailure(description: "a package holding a policy was deleted")
            } catch StoreError.rejected {
            } catch {
                throw ConformanceFailure(description: "expected rejected, got \(error)")
            }
            try await expectUnchanged(store, middle)
        },
        ConformanceCheck(description: "deletes and updates in one batch apply in order") { store in
            let before = try await store.snapshot()
            _ = try await store.apply(sampleBatch(before))
            let middle = try await store.snapshot()
            let renamed = LiveObject(id: "cat-1", kind: .catalog, displayName: "Renamed", spec: .fields(["displayName": .string("Renamed")]))
            let batch = ApplyBatch(
                basis: middle.basis,
                objects: [.delete(id: "pol-1", kind: .policy), .delete(id: "pkg-1", kind: .accessPackage), .update(renamed)],
                inventory: [.remove(.policy(package: "p", policy: "q")), .remove(.accessPackage("p"))], journal: journal("digest-2"))
            let basis = try await store.apply(batch)
            let after = try await store.snapshot()
            try expect(basis.serial == 2, "serial \(basis.serial)")
            try expect(Set(after.objects.map(\.id)) == Set(before.objects.map(\.id) + ["cat-1"]), "objects are \(after.objects.map(\.id))")
            try expect(after.objects.first { $0.id == "cat-1" } == renamed, "update not applied")
            try expect(after.inventory.isEmpty, "inventory not emptied")
            try expect(try await store.journal().map(\.serial) == [1, 2], "journal serials")
        },
        ConformanceCheck(description: "directory loads are idempotent and report what changed") { store in
            let objects = [
                DirectoryObject(id: "u1", kind: .user, displayName: "Megan Bowen", userPrincipalName: "megan@woodgrove.example"),
                DirectoryObject(id: "g1", kind: .group, displayName: "Sales", dynamic: true),
                DirectoryObject(id: "a1", kind: .application, displayName: "Payroll", roles: ["Reader", "Admin"]),
                DirectoryObject(id: "s1", kind: .site, displayName: "Marketing", url: "https://contoso.sharepoint.com/sites/marketing", roles: ["Visitors"]),
            ]
            let first = try await store.loadDirectory(objects)
            try expect(first == DirectoryLoadResult(added: 4), "first load: \(first)")
            let second = try await store.loadDirectory(objects)
            try expect(second == DirectoryLoadResult(unchanged: 4), "second load: \(second)")
            var changed = objects
            changed[1].displayName = "Sales team"
            let third = try await store.loadDirectory(changed)
            try expect(third == DirectoryLoadResult(updated: 1, unchanged: 3), "third load: \(third)")
            let snapshot = try await store.snapshot()
            try expect(snapshot.directory.sorted { $0.id < $1.id } == changed.sorted { $0.id < $1.id }, "directory is \(snapshot.directory)")
            try expect(snapshot.basis.serial == 0, "a directory load must not move the serial")
        },
        ConformanceCheck(description: "a directory load removes what it is asked to, only against the basis checked") { store in
            let objects = [
                DirectoryObject(id: "u1", kind: .user, displayName: "Megan Bowen", userPrincipalName: "megan@woodgrove.example"),
                DirectoryObject(id: "g1", kind: .group, displayName: "Sales"),
            ]
            _ = try await store.loadDirectory(objects)
            let basis = try await store.snapshot().basis
            // A basis that moved (an apply in between) refuses the removal, writing nothing.
            do {
                _ = try await store.loadDirectory([], removing: ["g1"], basis: StoreBasis(lineage: basis.lineage, serial: basis.serial + 1))
                try expect(false, "a removal against a stale basis was accepted")
            } catch StoreError.stalePlan {}
            try expect(try await store.snapshot().directory.count == 2, "a refused removal wrote something")
            let pruned = try await store.loadDirectory([objects[0]], removing: ["g1", "not-there"], basis: basis)
            try expect(pruned == DirectoryLoadResult(unchanged: 1, removed: 1), "prune: \(pruned)")
            let snapshot = try await store.snapshot()
            try expect(snapshot.directory.map(\.id) == ["u1"], "directory is \(snapshot.directory)")
            try expect(snapshot.basis == basis, "a directory load must not move the serial")
        },
        ConformanceCheck(description: "specs keep sets, ordered lists, nulls and any text exactly") { store in
            let before = try await store.snapshot()
            let spec = CanonicalValue.fields([
                "displayName": .string("Zoë \"quoted\" \\ back\nline\u{1F600}"),
                "approvers": .unordered([.fields(["user": .string("b")]), .fields(["user": .string("a")])]),
                "stages": .list([.fields(["decisionWithin": .string("P14D")]), .fields(["decisionWithin": .string("P7D")])]),
                "escalation": .null, "count": .int(-3), "enabled": .bool(false),
            ])
            let object = LiveObject(id: "org-1", kind: .connectedOrganization, displayName: "Zoë", spec: spec)
            _ = try await store.apply(ApplyBatch(basis: before.basis, objects: [.create(object)], inventory: [], journal: journal("d")))
            let stored = try await store.snapshot().objects.first { $0.id == "org-1" }
            try expect(stored == object, "stored object is \(String(describing: stored))")
        },
        ConformanceCheck(
            description: "a copy holds everything, lineage and serial included; a store that is not empty refuses one",
            stores: { make in
                guard let source = try await make() as? any TransferableStore, let target = try await make() as? any TransferableStore else {
                    throw ConformanceFailure(description: "the store cannot be copied (not a TransferableStore)")
                }
                let before = try await source.snapshot()
                _ = try await source.apply(sampleBatch(before))
                _ = try await source.loadDirectory([DirectoryObject(id: "u1", kind: .user, displayName: "Megan", userPrincipalName: "megan@x.example")])
                let contents = try await source.contents()
                try expect(contents.basis.serial == 1 && contents.journal.count == 1 && contents.directory.count == 1, "source contents \(contents.summary)")
                try expect(try await target.contents().isEmpty, "a new store is not empty")
                try await target.replaceContents(with: contents)
                let copied = try await target.contents()
                try expect(copied == contents, "the copy differs: \(copied.summary) vs \(contents.summary)")
                let (copiedSnapshot, sourceSnapshot) = (try await target.snapshot(), try await source.snapshot())
                try expect(
                    copiedSnapshot.basis == sourceSnapshot.basis && copiedSnapshot.objects == sourceSnapshot.objects
                        && copiedSnapshot.inventory == sourceSnapshot.inventory && copiedSnapshot.directory == sourceSnapshot.directory,
                    "the copy's snapshot differs")
                // The copy takes applies made against the source's basis, as plan files need.
                let next = try await target.snapshot()
                let rename = LiveObject(id: "cat-1", kind: .catalog, displayName: "Renamed", spec: .fields(["displayName": .string("Renamed")]))
                let basis = try await target.apply(ApplyBatch(basis: next.basis, objects: [.update(rename)], inventory: [], journal: journal("d-2")))
                try expect(basis == StoreBasis(lineage: contents.basis.lineage, serial: 2), "apply on the copy gave \(basis)")
                do {
                    try await target.replaceContents(with: contents)
                    throw ConformanceFailure(description: "a non-empty store took a copy")
                } catch StoreError.notEmpty {
                } catch {
                    throw ConformanceFailure(description: "expected notEmpty, got \(error)")
                }
                try expect(try await target.snapshot().basis.serial == 2, "the refused copy changed the store")
            }),
        ConformanceCheck(description: "the lease of a live tenant's state is held by one apply at a time, and can be taken over when vacant") { store in
            let first = Lease.current(operation: "apply")
            try expect(try await store.tryLease(first) == nil, "a free lease was not granted")
            let second = Lease.current(operation: "apply")
            let holder = try await store.tryLease(second)
            try expect(holder?.token == first.token && holder?.description == first.description, "the second holder was told \(String(describing: holder))")
            do {
                try await store.renewLease(second)
                throw ConformanceFailure(description: "a lease held by another was renewed")
            } catch StoreError.rejected {}
            try await store.releaseLease(second)  // not its lease: nothing happens
            try expect(try await store.tryLease(Lease.current(operation: "apply")) != nil, "a release by a non-holder freed the lease")
            try await store.releaseLease(first)
            try expect(try await store.tryLease(second) == nil, "a released lease was not granted")
            try await store.releaseLease(second)
            // Expired elsewhere, or held by a process of this host that is gone: vacant.
            var expired = Lease.current(operation: "apply")
            expired.host = "another-host"
            expired.expires = 0
            try expect(try await store.tryLease(expired) == nil, "lease not granted")
            try expect(try await store.tryLease(first) == nil, "an expired lease was not taken over")
            try await store.releaseLease(first)
            var orphan = Lease.current(operation: "apply")
            orphan.pid = Int32.max - 1
            try expect(try await store.tryLease(orphan) == nil, "lease not granted")
            try expect(try await store.tryLease(first) == nil, "the lease of a process that is gone was not taken over")
            var live = Lease.current(operation: "apply")
            live.host = "another-host"
            try await store.releaseLease(first)
            try expect(try await store.tryLease(live) == nil, "lease not granted")
            try expect(try await store.tryLease(first)?.token == live.token, "a live lease on another host was taken over")
        },
        ConformanceCheck(description: "pending operations are recorded, then settled with the inventory and the serial, under the lease only") { store in
            let lease = Lease.current(operation: "apply")
            try expect(try await store.tryLease(lease) == nil, "lease not granted")
            let pending = PendingOperation(
                address: .accessPackage("p"), action: .create, parentID: "cat-1", displayName: "Package", spec: sampleSpec, since: "2026-12-02T10:00:00Z")
            try await store.commit(StateCommit(lease: lease, intend: [pending]))
            let recorded = try await store.snapshot()
            try expect(recorded.pending == [pending], "pending is \(recorded.pending)")
            try expect(recorded.basis.serial == 0 && recorded.inventory.isEmpty, "recording an intent moved the serial or the inventory")
            let entry = InventoryEntry(address: .accessPackage("p"), objectID: "pkg-9", spec: sampleSpec, serial: 1, toolVersion: "0.0.0-test")
            try await store.commit(StateCommit(lease: lease, settle: [.accessPackage("p")], inventory: [.put(entry)], serial: 1))
            var journalEntry = journal("digest-9")
            journalEntry.serial = 1
            try await store.commit(StateCommit(lease: lease, journal: journalEntry))
            let settled = try await store.snapshot()
            try expect(
                settled.pending.isEmpty && settled.inventory == [entry] && settled.basis.serial == 1, "settled state: \(settled.inventory), \(settled.basis)")
            try expect(try await store.journal().map(\.serial) == [1], "journal")
            // A holder whose lease was taken over writes nothing more.
            try await store.releaseLease(lease)
            let other = Lease.current(operation: "apply")
            try expect(try await store.tryLease(other) == nil, "lease not granted")
            do {
                try await store.commit(StateCommit(lease: lease, intend: [pending], inventory: [.remove(.accessPackage("p"))], serial: 2))
                throw ConformanceFailure(description: "a commit under a lost lease was written")
            } catch StoreError.rejected {}
            let after = try await store.snapshot()
            try expect(after.pending.isEmpty && after.inventory == [entry] && after.basis.serial == 1, "a refused commit wrote something")
        },
    ]

    // Computed, not stored: LeakSanitizer cannot see through the spare-bit tagging of enum payloads in
    // a global, so a stored one reads as a leak.
    static var sampleSpec: CanonicalValue {
        .fields([
            "displayName": .string("Package"),
            "resourceRoles": .unordered([
                .fields(["group": .string("g2"), "role": .string("Member")]), .fields(["group": .string("g1"), "role": .string("Owner")]),
            ]),
        ])
    }

    static func generalID(_ snapshot: StoreSnapshot) -> String? {
        snapshot.objects.first { $0.isBuiltIn && $0.kind == .catalog }?.id
    }

    static func journal(_ digest: String) -> JournalEntry {
        JournalEntry(
            appliedAt: "2026-11-29T00:00:00Z", user: "tester", host: "test-host", toolVersion: "0.0.0-test", planDigest: digest, summary: "test",
            changes: .list([.fields(["address": .string("accessPackage.p"), "action": .string("create")])]))
    }

    static func sampleBatch(_ snapshot: StoreSnapshot) -> ApplyBatch {
        let general = generalID(snapshot)
        return ApplyBatch(
            basis: snapshot.basis,
            objects: [
                .create(LiveObject(id: "cat-1", kind: .catalog, displayName: "Marketing", spec: .fields(["displayName": .string("Marketing")]))),
                .create(LiveObject(id: "pkg-1", kind: .accessPackage, parentID: general, displayName: "Package", spec: sampleSpec)),
                .create(LiveObject(id: "pol-1", kind: .policy, parentID: "pkg-1", displayName: "Policy", spec: .fields(["displayName": .string("Policy")]))),
            ],
            inventory: [
                .put(InventoryEntry(address: .accessPackage("p"), objectID: "pkg-1", spec: sampleSpec, serial: 1, toolVersion: "0.0.0-test")),
                .put(InventoryEntry(address: .policy(package: "p", policy: "q"), objectID: "pol-1", spec: .null, serial: 1, toolVersion: "0.0.0-test")),
            ],
            journal: journal("digest-1"))
    }

    static func expectUnchanged(_ store: any StateStore, _ before: StoreSnapshot) async throws {
        let after = try await store.snapshot()
        try expect(after.basis == before.basis, "basis moved: \(before.basis) → \(after.basis)")
        try expect(after.objects == before.objects, "objects changed")
        try expect(after.inventory == before.inventory, "inventory changed")
        try expect(try await store.journal().count == before.basis.serial, "journal changed")
    }

    static func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw ConformanceFailure(description: message()) }
    }
}
