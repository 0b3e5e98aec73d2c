import Diagnostics
import Engine
import EntitlementModel
import Manifests
import Planner

/// The code under fuzzing, shared by the libFuzzer targets and by the corpus replay that CI runs
/// as an ordinary test. Each entry takes arbitrary bytes and must return, whatever they are.
public enum FuzzHarness {
    /// A small directory, so that manifests which get past validation are also resolved and planned.
    static let directory = [
        DirectoryObject(id: "u1", kind: .user, displayName: "Megan Bowen", userPrincipalName: "megan@woodgrove.example"),
        DirectoryObject(id: "g1", kind: .group, displayName: "External collaboration"),
        DirectoryObject(id: "a1", kind: .application, displayName: "Payroll", roles: ["Reader"]),
        DirectoryObject(id: "s1", kind: .site, displayName: "Marketing", url: "https://woodgrove.sharepoint.com/sites/marketing", roles: ["Visitors"]),
    ]

    /// Bytes → YAML → manifests → validation → name resolution → a plan against an empty store.
    /// Returns the number of diagnostics (so the work cannot be optimized away).
    @discardableResult
    public static func loadManifest(_ bytes: [UInt8]) -> Int {
        let result = ManifestLoader().load(files: [SourceFile(path: "fuzz.yaml", bytes: bytes)])
        guard let state = result.state else { return result.diagnostics.count }
        let (resolved, diagnostics) = DesiredStateResolver(directory: directory).resolve(state)
        guard let resolved else { return result.diagnostics.count + diagnostics.count }
        let snapshot = StoreSnapshot(basis: StoreBasis(lineage: "fuzz", serial: 0), directory: directory)
        let plan = Planner.plan(resolved, against: snapshot)
        return result.diagnostics.count + plan.changes.count
    }

    /// Bytes → a saved plan file, as `apply --plan` and `show --plan` read it.
    @discardableResult
    public static func readPlanFile(_ bytes: [UInt8]) -> Int {
        do {
            return try PlanFile.read(String(decoding: bytes, as: UTF8.self)).changes.count
        } catch {
            return -1
        }
    }
}
