import Dispatch
import Foundation

extension Array where Element: Sendable {
    /// `transform` over the elements on every core, results in element order. Small arrays are
    /// mapped in place: below a few dozen elements, handing out work costs more than it saves.
    public func concurrentMap<R: Sendable>(minimumCount: Int = 16, _ transform: @Sendable (Element) -> R) -> [R] {
        guard count > minimumCount else { return map(transform) }
        let chunks = Swift.min(count, Swift.max(1, ProcessInfo.processInfo.activeProcessorCount) * 4)
        let results = ChunkResults<R>(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let range = (count * chunk / chunks)..<(count * (chunk + 1) / chunks)
            results.set(chunk, self[range].map(transform))
        }
        return results.joined()
    }
}

/// Results of parallel chunks, each written once by its own worker.
private final class ChunkResults<R: Sendable>: @unchecked Sendable {
    private var chunks: [[R]]
    private let lock = NSLock()

    init(count: Int) { chunks = Array(repeating: [], count: count) }

    func set(_ index: Int, _ values: [R]) { lock.withLock { chunks[index] = values } }

    func joined() -> [R] { lock.withLock { chunks.flatMap { $0 } } }
}
