import EntitlementModel

/// The review frequencies of manifests as Graph `recurrencePattern`s: the portal's Weekly, Monthly,
/// Quarterly, Bi-annually and Annually.
public enum ReviewRecurrence {
    /// Each frequency's pattern type and interval.
    public static let patterns: [(AccessReviewSettings.Recurrence, type: String, interval: Int)] = [
        (.weekly, "weekly", 1), (.monthly, "absoluteMonthly", 1), (.quarterly, "absoluteMonthly", 3),
        (.halfYearly, "absoluteMonthly", 6), (.annually, "absoluteYearly", 1),
    ]

    /// The manifest name of a pattern; another pattern is named `type/interval` so it shows as it is.
    public static func name(of pattern: GraphJSON?) -> String {
        let type = pattern?["type"]?.stringValue ?? "none"
        let interval = pattern?["interval"]?.intValue ?? 1
        if let match = patterns.first(where: { $0.type == type && $0.interval == interval }) { return match.0.rawValue }
        if type == "absoluteMonthly", interval == 12 { return AccessReviewSettings.Recurrence.annually.rawValue }
        return "\(type)/\(interval)"
    }
}
