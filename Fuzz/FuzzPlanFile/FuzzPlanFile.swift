import FuzzHarness

#if FUZZING
    /// libFuzzer's entry point: one input through the plan-file reader.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzPlanFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
        FuzzHarness.readPlanFile(Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }
#else
    /// Without the fuzzer: replays the files given (a crash reproducer, or a whole corpus directory).
    @main
    enum FuzzPlanFileReplay {
        static func main() {
            FuzzReplay.run(arguments: Array(CommandLine.arguments.dropFirst())) { FuzzHarness.readPlanFile($0) }
        }
    }
#endif
