import FuzzHarness

#if FUZZING
    /// libFuzzer's entry point: one input through the whole manifest loader.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzManifestLoader(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
        FuzzHarness.loadManifest(Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }
#else
    /// Without the fuzzer: replays the files given (a crash reproducer, or a whole corpus directory).
    @main
    enum FuzzManifestLoaderReplay {
        static func main() {
            FuzzReplay.run(arguments: Array(CommandLine.arguments.dropFirst())) { FuzzHarness.loadManifest($0) }
        }
    }
#endif
