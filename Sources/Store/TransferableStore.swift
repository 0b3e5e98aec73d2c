/// A store whose whole contents can be read and written at once, so `entitle store copy` can move
/// it: the embedded and the PostgreSQL stores. (Microsoft Graph is the tenant itself and moves nowhere.)
public protocol TransferableStore: StateStore {
    /// Everything the store holds, read consistently at one point in time.
    func contents() async throws(StoreError) -> StoreContents

    /// Makes a new or empty store hold exactly `contents`, lineage and serial included, in one
    /// transaction. Throws `StoreError.notEmpty` (and writes nothing) if the store is not empty.
    func replaceContents(with contents: StoreContents) async throws(StoreError)
}
