import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP exchange over AsyncHTTPClient: bytes in, status, headers and bytes out. Everything
/// entitle says to Graph and to the identity platform goes through here.
struct HTTPTransport: Sendable {
    struct Reply: Sendable {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
    }

    /// How long one exchange may take (the Graph SDKs' default).
    var timeout: TimeAmount = .seconds(100)

    func send(method: String, url: String, headers: [String: String], body: [UInt8]? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        var buffer = try await response.body.collect(upTo: 256 * 1024 * 1024)
        var replyHeaders: [String: String] = [:]
        for header in response.headers { replyHeaders[header.name.lowercased()] = header.value }
        return Reply(status: Int(response.status.code), headers: replyHeaders, body: buffer.readBytes(length: buffer.readableBytes) ?? [])
    }

    /// `application/x-www-form-urlencoded` text of `fields`.
    static func form(_ fields: [(String, String)]) -> [UInt8] {
        Array(fields.map { name, value in "\(name)=\(encoded(value))" }.joined(separator: "&").utf8)
    }

    /// `text` percent-encoded, leaving unencoded only ASCII letters, digits, `-._~` and `extra`.
    static func encoded(_ text: String, keeping extra: String = "") -> String {
        var allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        allowed.insert(charactersIn: extra)
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// A short, safe description of a transport failure (never a URL's query, which may hold a token).
    static func reason(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return String(describing: error) }
        return String(describing: error)
    }
}
