import ArgumentParser

/// A duration given on the command line: `30s`, `2m`, `500ms`, `1h`, or a number of seconds.
/// Help shows defaults the way they are typed (`30s`), not as a Swift value.
struct DurationArgument: ExpressibleByArgument, Hashable {
    var seconds: Double

    init(seconds: Double) { self.seconds = seconds }

    /// The longest duration accepted: a day.
    static let maximum: Double = 86_400

    init?(argument: String) {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        var value: Double?
        for (suffix, factor) in units where argument.hasSuffix(suffix) {
            value = Double(argument.dropLast(suffix.count)).map { $0 * factor }
            break
        }
        guard let seconds = value ?? Double(argument), seconds.isFinite, seconds >= 0, seconds <= Self.maximum else { return nil }
        self.seconds = seconds
    }

    var defaultValueDescription: String { description }

    /// As a person would type it: `30s`, `2m`, `500ms`, `1.5s`.
    var description: String {
        if seconds < 1, seconds > 0, (seconds * 1000).rounded() == seconds * 1000 { return "\(Int(seconds * 1000))ms" }
        if seconds >= 3600, seconds.truncatingRemainder(dividingBy: 3600) == 0 { return "\(Int(seconds / 3600))h" }
        if seconds >= 120, seconds.truncatingRemainder(dividingBy: 60) == 0 { return "\(Int(seconds / 60))m" }
        return seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s"
    }
}

/// `--lock-timeout`, for the commands that may wait for another writer: apply, import,
/// directory load, init and the state commands (and plan, which may upgrade an older store).
struct LockOptions: ParsableArguments {
    @Option(help: ArgumentHelp("How long to wait for another apply to finish: 30s, 2m, 500ms (at most 24h).", valueName: "duration"))
    var lockTimeout = DurationArgument(seconds: 30)

    var seconds: Double { lockTimeout.seconds }
}
