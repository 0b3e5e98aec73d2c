import Foundation
import Testing

@testable import Manifests

/// Files are read with the size the walk found: whole when it is right, on to their end when the
/// file grew since, stopping one byte past the limit, and whole from a pipe, which gives its
/// bytes a few at a time.
@Suite final class ManifestFileReaderTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("entitle-reader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func file(_ bytes: [UInt8]) throws -> String {
        let url = directory.appendingPathComponent("\(UUID().uuidString).yaml")
        try Data(bytes).write(to: url)
        return url.path
    }

    @Test func aFileIsReadWholeWhateverTheSizeTheWalkFound() throws {
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 % 251) }
        let path = try file(bytes)
        for size in [bytes.count, 0, 10, bytes.count - 1, bytes.count + 5] {
            #expect(ManifestFileReader.contents(of: path, size: size, limit: 1 << 20) == bytes, "size \(size)")
        }
        #expect(ManifestFileReader.contents(of: try file([]), size: 0, limit: 10) == [])
    }

    @Test func readingStopsOneBytePastTheLimit() throws {
        let path = try file(Array(repeating: 0x61, count: 5000))
        #expect(ManifestFileReader.contents(of: path, size: 100, limit: 1000)?.count == 1001)
        #expect(ManifestFileReader.contents(of: path, size: 5000, limit: 1000)?.count == 1001)
        #expect(ManifestFileReader.contents(of: path, size: 5000, limit: 5000)?.count == 5000)
    }

    @Test func manyFilesAreReadInTheirOrderWhateverThreadReadsThem() throws {
        var files: [(path: String, size: Int)] = []
        for number in 0..<100 {
            let bytes = Array("file \(number)\n".utf8) + Array(repeating: UInt8(number), count: number * 37)
            files.append(number == 42 ? (directory.appendingPathComponent("missing.yaml").path, 10) : (try file(bytes), bytes.count))
        }
        let contents = ManifestFileReader.contents(of: files, limit: 1 << 20)
        #expect(contents.count == 100)
        for (number, bytes) in contents.enumerated() {
            if number == 42 {
                #expect(bytes == nil)
            } else {
                #expect(bytes.map { Array($0.prefix(while: { $0 != 0x0A })) } == Array("file \(number)".utf8), "file \(number)")
                #expect(bytes?.count == "file \(number)\n".utf8.count + number * 37)
            }
        }
    }

    @Test func aMissingFileCannotBeRead() {
        #expect(ManifestFileReader.contents(of: directory.appendingPathComponent("none.yaml").path, size: 10, limit: 100) == nil)
    }

    /// The size limit is on what follows a byte-order mark, and holds for a pipe, which the walk
    /// cannot size.
    @Test func aPipeIsHeldToTheSizeLimitAfterItsByteOrderMark() throws {
        func read(_ bytes: [UInt8]) -> (files: [[UInt8]], diagnostics: [String]) {
            let pipe = Pipe()
            pipe.fileHandleForWriting.write(Data(bytes))
            try? pipe.fileHandleForWriting.close()
            let (files, diagnostics) = ManifestFileReader(maxFileBytes: 10).read(paths: ["/dev/fd/\(pipe.fileHandleForReading.fileDescriptor)"])
            return (files.map(\.bytes), diagnostics.map(\.id.rawValue))
        }
        let ten = Array("a: 1234567".utf8)
        #expect(read([0xEF, 0xBB, 0xBF] + ten).files == [ten])
        #expect(read(ten).files == [ten])
        let tooLarge = read(ten + [0x0A])
        #expect(tooLarge.files.isEmpty && tooLarge.diagnostics == ["E-YAML-FILE-TOO-LARGE"], "\(tooLarge)")
    }

    @Test func aPipeIsReadToItsEnd() throws {
        let pipe = Pipe()
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 % 7 + 0x30) }
        let writer = Thread {
            for start in stride(from: 0, to: bytes.count, by: 333) {
                pipe.fileHandleForWriting.write(Data(bytes[start..<min(start + 333, bytes.count)]))
            }
            try? pipe.fileHandleForWriting.close()
        }
        writer.start()
        let path = "/dev/fd/\(pipe.fileHandleForReading.fileDescriptor)"
        #expect(ManifestFileReader.contents(of: path, size: 0, limit: 1 << 20) == bytes)
    }
}
