/// Hides passwords in URLs shown to people.
enum Redaction {
    /// `postgres://user:secret@host/db` → `postgres://user:***@host/db`. Whatever the URL's shape
    /// (a password with an unencoded '/'), everything between the user name and the last '@' is
    /// hidden; without a `://`, everything before the last '@'.
    static func url(_ url: String) -> String {
        guard let at = url.lastIndex(of: "@") else { return url }
        guard let scheme = url.range(of: "://"), scheme.upperBound <= at else { return "***" + String(url[at...]) }
        let credentials = url[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }
}
