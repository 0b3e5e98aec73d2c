import EntitleCLI

/// The executable: runs the command line, nothing else.
@main
struct EntitleMain {
    static func main() async {
        await EntitleCommand.runMain()
    }
}
