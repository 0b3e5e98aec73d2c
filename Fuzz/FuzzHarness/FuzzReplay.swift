import Foundation

/// Runs inputs from files and directories through a fuzz entry, without libFuzzer.
public enum FuzzReplay {
    /// Every regular file under `arguments` (files or directories), in name order.
    public static func inputs(_ arguments: [String]) -> [URL] {
        var files: [URL] = []
        for argument in arguments {
            let url = URL(fileURLWithPath: argument)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
                files += names.filter { !$0.hasPrefix(".") }.sorted().map { url.appendingPathComponent($0) }
            } else {
                files.append(url)
            }
        }
        return files
    }

    /// Replays each input and prints how many ran.
    public static func run(arguments: [String], _ entry: ([UInt8]) -> Int) {
        let files = inputs(arguments)
        for file in files {
            guard let data = FileManager.default.contents(atPath: file.path) else { continue }
            _ = entry(Array(data))
        }
        print("replayed \(files.count) inputs")
    }
}
