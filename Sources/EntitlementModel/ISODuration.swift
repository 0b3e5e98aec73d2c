/// A length of time as Graph stores it (an ISO-8601 duration such as `P14D` or `PT12H`).
///
/// Manifests may write `14d`, `12h`, `30m` or ISO-8601 (`P14D`, `PT12H`, `P1DT12H`); all compare
/// by their length, so `P14D` and `336h` are the same value and never a perpetual diff.
/// Months and years are refused: their length depends on the calendar.
public struct ISODuration: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The length in seconds.
    public let seconds: Int

    /// Creates a duration from seconds.
    public init(seconds: Int) { self.seconds = seconds }

    /// Creates a duration of whole days.
    public static func days(_ days: Int) -> ISODuration { ISODuration(seconds: days * 86_400) }

    /// Creates a duration of whole hours.
    public static func hours(_ hours: Int) -> ISODuration { ISODuration(seconds: hours * 3_600) }

    /// The canonical ISO-8601 text: `P14D`, `PT12H`, `P1DT12H30M`, `PT0S`.
    public var iso8601: String {
        if seconds == 0 { return "PT0S" }
        let days = seconds / 86_400
        var rest = seconds % 86_400
        let hours = rest / 3_600
        rest %= 3_600
        let minutes = rest / 60
        let secs = rest % 60
        var text = "P"
        if days > 0 { text += "\(days)D" }
        if hours > 0 || minutes > 0 || secs > 0 {
            text += "T"
            if hours > 0 { text += "\(hours)H" }
            if minutes > 0 { text += "\(minutes)M" }
            if secs > 0 { text += "\(secs)S" }
        }
        return text
    }

    /// The friendliest manifest spelling (`14d`, `12h`, `90m`), used when exporting manifests.
    public var shorthand: String {
        if seconds % 86_400 == 0 { return "\(seconds / 86_400)d" }
        if seconds % 3_600 == 0 { return "\(seconds / 3_600)h" }
        if seconds % 60 == 0 { return "\(seconds / 60)m" }
        return iso8601
    }

    /// The ISO-8601 text.
    public var description: String { iso8601 }

    /// Orders by length.
    public static func < (lhs: ISODuration, rhs: ISODuration) -> Bool { lhs.seconds < rhs.seconds }

    /// Parses `14d`, `12h`, `30m`, or an ISO-8601 duration with days, hours, minutes and seconds
    /// (`P14D`, `PT12H`, `P1DT2H30M`, `P2W`). Returns `nil` for anything else.
    public init?(parsing text: String) {
        let chars = Array(text)
        guard let last = chars.last else { return nil }
        if chars.first != "P" {
            guard chars.count >= 2, let value = Int(String(chars.dropLast())), value >= 0,
                chars.dropLast().allSatisfy({ $0.isASCII && $0.isNumber })
            else { return nil }
            switch last {
            case "d": self.init(seconds: value * 86_400)
            case "h": self.init(seconds: value * 3_600)
            case "m": self.init(seconds: value * 60)
            default: return nil
            }
            return
        }
        var total = 0
        var inTime = false
        var number = ""
        var sawComponent = false
        var lastRank = -1
        for char in chars.dropFirst() {
            if char.isASCII && char.isNumber {
                number.append(char)
                continue
            }
            if char == "T" {
                guard !inTime, number.isEmpty else { return nil }
                inTime = true
                continue
            }
            guard let value = Int(number) else { return nil }
            number = ""
            let unit: (rank: Int, seconds: Int)
            switch (char, inTime) {
            case ("W", false): unit = (0, 604_800)
            case ("D", false): unit = (1, 86_400)
            case ("H", true): unit = (2, 3_600)
            case ("M", true): unit = (3, 60)
            case ("S", true): unit = (4, 1)
            default: return nil
            }
            guard unit.rank > lastRank else { return nil }
            lastRank = unit.rank
            let (product, overflow) = value.multipliedReportingOverflow(by: unit.seconds)
            guard !overflow else { return nil }
            total += product
            sawComponent = true
        }
        // `T` must introduce at least one time component (`P1DT` is malformed).
        guard number.isEmpty, sawComponent, !inTime || lastRank >= 2 else { return nil }
        self.init(seconds: total)
    }
}
