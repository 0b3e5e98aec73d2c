import Foundation
import FuzzHarness
import Testing
import _TestSupport

/// The committed fuzz corpora, replayed as ordinary tests: every input that ever found new coverage
/// (and every crash once fixed) must keep running through the code without a trap.
@Test(arguments: ["manifest-loader", "plan-file"])
func theFuzzCorpusReplaysWithoutACrash(target: String) throws {
    let directory = EntitleProcess.packageRoot.appendingPathComponent("Fuzz/corpus/" + target)
    let files = FuzzReplay.inputs([directory.path])
    #expect(files.count >= 10, "the \(target) corpus is missing or nearly empty")
    var outcomes = 0
    for file in files {
        let bytes = Array(try Data(contentsOf: file))
        outcomes += target == "manifest-loader" ? FuzzHarness.loadManifest(bytes) : FuzzHarness.readPlanFile(bytes)
    }
    // The examples in the corpus load cleanly and plan their objects: something was exercised.
    #expect(outcomes != 0)
}
