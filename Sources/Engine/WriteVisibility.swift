import EntitlementModel
import Foundation
import Store

/// Waits for a live tenant to show what entitle wrote moments ago.
///
/// Graph answers a create at once but its replicas take seconds to show the new object, in lists
/// and even by id. A plan read in that window would find a managed object missing and plan it
/// again as "deleted outside entitle", and applying that plan would make it twice. So a managed
/// object that a read does not show is taken for deleted only once the tenant has had its
/// consistency window since the apply that wrote it ended; until then the tenant is read again.
/// An object deleted outside entitle long after its apply costs no wait.
public enum WriteVisibility {
    /// The managed objects `snapshot` does not show that may still be on their way: those written
    /// by an apply that ended less than `window` seconds before `now`, with the time until which
    /// each may take to show. An object a pending delete was sent for is gone, not on its way.
    ///
    /// A live apply journals the time it ended. One cut off journals nothing: its writes precede
    /// the end of any later apply (which had to wait for its lease), else `cutOff` (when its lease
    /// ran out: a holder writes only while it holds it), else, not knowing, `now`. No object is
    /// waited for longer than `window` from `now`, whatever another host's clock said.
    public static func unsettled(
        _ snapshot: StoreSnapshot, journal: [JournalEntry], window: Double, cutOff: Date? = nil, now: Date = Date()
    ) -> [(entry: InventoryEntry, until: Date)] {
        guard window > 0 else { return [] }
        let shown = Set(snapshot.objects.map(\.id))
        let deleting = Set(snapshot.pending.filter { $0.action == .delete }.map(\.address))
        let missing = snapshot.inventory.filter { !shown.contains($0.objectID) && !deleting.contains($0.address) }
        guard !missing.isEmpty else { return [] }
        let formatter = ISO8601DateFormatter()
        let ends = journal.compactMap { entry in formatter.date(from: entry.appliedAt).map { (serial: entry.serial, end: $0) } }
            .sorted { $0.serial < $1.serial }
        return missing.compactMap { entry in
            // Journal times are whole seconds: a second more covers the fraction dropped.
            let end = ends.first { $0.serial >= entry.serial }?.end.addingTimeInterval(1) ?? cutOff ?? now
            let until = min(end, now).addingTimeInterval(window)
            return until > now ? (entry, until) : nil
        }
    }

    /// `snapshot` once every managed object it misses has shown up through `reread` or had its
    /// window, telling `notify` what is waited for.
    public static func settle(
        _ snapshot: StoreSnapshot, window: Double, cutOff: () async throws -> Date? = { nil }, journal: () async throws -> [JournalEntry],
        notify: (String) -> Void, reread: () async throws -> [LiveObject]
    ) async throws -> StoreSnapshot {
        let shown = Set(snapshot.objects.map(\.id))
        // The journal and the lease are read only when something is missing, which is seldom.
        guard window > 0, snapshot.inventory.contains(where: { !shown.contains($0.objectID) }) else { return snapshot }
        var waiting = unsettled(snapshot, journal: try await journal(), window: window, cutOff: try await cutOff())
        guard let last = waiting.map(\.until).max() else { return snapshot }
        notify(
            "\(waiting.count) object(s) an apply wrote moments ago do not show in the tenant yet (\(waiting.prefix(3).map { $0.entry.address.description }.joined(separator: ", "))\(waiting.count > 3 ? ", …" : "")); reading again for up to \(Int(last.timeIntervalSinceNow.rounded(.up))) s before taking them for deleted (Graph can take that long to show a new object; --consistency-timeout)"
        )
        var snapshot = snapshot
        var delay = 0.5
        while !waiting.isEmpty {
            let pause = min(delay, max(0, last.timeIntervalSinceNow))
            try? await Task.sleep(for: .seconds(pause))
            let readAt = Date()
            snapshot.objects = try await reread()
            let shown = Set(snapshot.objects.map(\.id))
            waiting.removeAll { shown.contains($0.entry.objectID) || $0.until <= readAt }
            delay = min(delay * 2, 16)
        }
        return snapshot
    }
}
