import Engine
import EntitlementModel
import Foundation
import Store
import Testing

/// Which managed objects missing from a live tenant's read may still be on their way.
struct WriteVisibilityTests {
    /// 2026-12-03T12:00:00Z.
    static let now = Date(timeIntervalSince1970: 1_796_299_200)

    static func entry(_ name: String, serial: Int) -> InventoryEntry {
        InventoryEntry(address: .catalog(name), objectID: "id-\(name)", spec: .fields([:]), serial: serial, toolVersion: "t")
    }

    static func journal(_ serial: Int, endedSecondsAgo seconds: Double) -> JournalEntry {
        JournalEntry(
            serial: serial, appliedAt: ISO8601DateFormatter().string(from: now.addingTimeInterval(-seconds)), user: "u", host: "h",
            toolVersion: "t", planDigest: "d", summary: "s", changes: .list([]))
    }

    @Test func onlyObjectsOfAnApplyThatEndedWithinTheWindowAreWaitedFor() {
        var snapshot = StoreSnapshot(basis: StoreBasis(lineage: "l", serial: 3))
        snapshot.inventory = [Self.entry("old", serial: 1), Self.entry("recent", serial: 3), Self.entry("shown", serial: 3)]
        snapshot.objects = [LiveObject(id: "id-shown", kind: .catalog, displayName: "shown", spec: .fields([:]))]
        let journal = [Self.journal(1, endedSecondsAgo: 600), Self.journal(3, endedSecondsAgo: 5)]
        let waiting = WriteVisibility.unsettled(snapshot, journal: journal, window: 60, now: Self.now)
        #expect(waiting.map(\.entry.address) == [.catalog("recent")])
        // Until the window has passed since the apply ended (its whole second counted in).
        #expect(waiting.first?.until == Self.now.addingTimeInterval(-5 + 1 + 60))
        #expect(WriteVisibility.unsettled(snapshot, journal: journal, window: 4, now: Self.now).isEmpty)
        #expect(WriteVisibility.unsettled(snapshot, journal: journal, window: 0, now: Self.now).isEmpty)
    }

    /// An apply cut off journals nothing; its writes precede the end of the next apply, or, if
    /// none has run since, may have been just now.
    @Test func anApplyCutOffIsBoundedByTheNextOneOrByNow() {
        var snapshot = StoreSnapshot(basis: StoreBasis(lineage: "l", serial: 3))
        snapshot.inventory = [Self.entry("cut-off", serial: 2)]
        let later = WriteVisibility.unsettled(snapshot, journal: [Self.journal(3, endedSecondsAgo: 100)], window: 60, now: Self.now)
        #expect(later.isEmpty)
        let latest = WriteVisibility.unsettled(snapshot, journal: [Self.journal(1, endedSecondsAgo: 100)], window: 60, now: Self.now)
        #expect(latest.first?.until == Self.now.addingTimeInterval(60))
        // Its lease, left behind, ran out 100 s ago: it wrote nothing after that.
        let leased = WriteVisibility.unsettled(
            snapshot, journal: [Self.journal(1, endedSecondsAgo: 100)], window: 60, cutOff: Self.now.addingTimeInterval(-100), now: Self.now)
        #expect(leased.isEmpty)
    }

    /// An object whose delete was sent is gone, not on its way; and no object is waited for longer
    /// than the window from now, even if the applying host's clock ran ahead.
    @Test func deletesAreNotWaitedForAndNoWaitOutlastsTheWindow() {
        var snapshot = StoreSnapshot(basis: StoreBasis(lineage: "l", serial: 3))
        snapshot.inventory = [Self.entry("deleting", serial: 3), Self.entry("ahead", serial: 3)]
        snapshot.pending = [
            PendingOperation(address: .catalog("deleting"), action: .delete, objectID: "id-deleting", displayName: "deleting", since: "t")
        ]
        let waiting = WriteVisibility.unsettled(snapshot, journal: [Self.journal(3, endedSecondsAgo: -3600)], window: 60, now: Self.now)
        #expect(waiting.map(\.entry.address) == [.catalog("ahead")])
        #expect(waiting.first?.until == Self.now.addingTimeInterval(60))
    }
}
