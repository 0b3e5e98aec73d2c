import EntitlementModel
import Testing

/// Mapping on every core gives what a plain map gives, in order, whatever the size.
@Test(arguments: [0, 1, 16, 17, 1000, 10007])
func aConcurrentMapIsAMapInOrder(count: Int) {
    let values = Array(0..<count)
    #expect(values.concurrentMap { $0 * 3 + 1 } == values.map { $0 * 3 + 1 })
}
