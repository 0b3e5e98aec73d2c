import Foundation

/// When to send a request again: on 429, 503 and 504 (the Graph SDKs' statuses), after the
/// `Retry-After` Graph gives (whole or decimal seconds, or an HTTP date), otherwise after an
/// exponential back-off with jitter; bounded both in attempts and in total waiting.
public struct RetryPolicy: Sendable {
    /// The statuses worth another try.
    static let retriedStatuses: Set<Int> = [429, 503, 504]

    /// Whether to send `method` again after `status`: a read, or a write that is the same once or
    /// twice (PUT, PATCH, DELETE), after 429, 503 or 504; a POST only after 429 (a POST that timed
    /// out or met a 503 may have landed, and must not happen twice).
    static func isRetried(_ status: Int, method: String) -> Bool {
        isIdempotent(method) ? retriedStatuses.contains(status) : status == 429
    }

    /// Whether sending `method` twice does what sending it once does. A DELETE sent again after it
    /// landed answers 404, which its callers take as done.
    static func isIdempotent(_ method: String) -> Bool {
        ["GET", "HEAD", "PUT", "PATCH", "DELETE"].contains(method)
    }

    /// The most retries of one request.
    public var maxRetries: Int
    /// The first back-off, in seconds, doubled on every retry.
    public var baseDelay: Double
    /// The most time spent waiting for one request, in seconds.
    public var maxTotalWait: Double

    /// Creates a policy.
    public init(maxRetries: Int = 6, baseDelay: Double = 1, maxTotalWait: Double = 180) {
        self.maxRetries = maxRetries
        self.baseDelay = baseDelay
        self.maxTotalWait = maxTotalWait
    }

    /// How long to wait before retry number `attempt + 1`, or `nil` to give up.
    func delay(attempt: Int, waited: Double, retryAfter: Double?) -> Double? {
        guard attempt < maxRetries else { return nil }
        let delay = retryAfter ?? (baseDelay * pow(2, Double(attempt)) + Double.random(in: 0..<baseDelay))
        guard waited + delay <= maxTotalWait else { return nil }
        return delay
    }

    /// A `Retry-After` value in seconds: `2`, `2.128`, or an HTTP date.
    static func retryAfter(_ value: String?) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds >= 0, seconds.isFinite { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return max(0, date.timeIntervalSinceNow)
    }
}
