#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A UTC instant as Graph stores it, given in manifests as `2027-03-31` (midnight UTC) or
/// `2027-03-31T00:00:00Z`. Canonical text is always the full form, so the two spellings of
/// one instant compare equal.
public struct ISODateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Year, month, day, hour, minute, second, all in UTC.
    public let year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

    /// Creates an instant from UTC components (assumed valid).
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        (self.year, self.month, self.day) = (year, month, day)
        (self.hour, self.minute, self.second) = (hour, minute, second)
    }

    /// The canonical text: `2027-03-31T00:00:00Z`.
    public var iso8601: String {
        "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))Z"
    }

    /// The shortest manifest spelling: the date alone at midnight, else the full form.
    public var shorthand: String {
        hour == 0 && minute == 0 && second == 0 ? "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))" : iso8601
    }

    /// The canonical text.
    public var description: String { iso8601 }

    /// Orders chronologically.
    public static func < (lhs: ISODateTime, rhs: ISODateTime) -> Bool {
        (lhs.year, lhs.month, lhs.day, lhs.hour, lhs.minute, lhs.second)
            < (rhs.year, rhs.month, rhs.day, rhs.hour, rhs.minute, rhs.second)
    }

    /// Parses `YYYY-MM-DD` or `YYYY-MM-DDThh:mm:ssZ` (UTC only: a manifest reviewed in a pull
    /// request should not change meaning with the reviewer's time zone). Checks the calendar.
    public init?(parsing text: String) {
        let utf8 = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= utf8.count else { return nil }
            var value = 0
            for byte in utf8[range] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard utf8.count == 10 || utf8.count == 20, utf8[4] == UInt8(ascii: "-"), utf8[7] == UInt8(ascii: "-"),
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year)
        else { return nil }
        if utf8.count == 10 {
            self.init(year: year, month: month, day: day)
            return
        }
        guard utf8[10] == UInt8(ascii: "T"), utf8[13] == UInt8(ascii: ":"), utf8[16] == UInt8(ascii: ":"),
            utf8[19] == UInt8(ascii: "Z"), let hour = number(11..<13), let minute = number(14..<16),
            let second = number(17..<19), hour < 24, minute < 60, second < 60
        else { return nil }
        self.init(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}

extension ISODateTime {
    /// The current time, to the second, in UTC.
    public static func now() -> ISODateTime {
        var seconds = time(nil)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return ISODateTime(
            year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday), hour: Int(parts.tm_hour),
            minute: Int(parts.tm_min), second: Int(parts.tm_sec))
    }
}
