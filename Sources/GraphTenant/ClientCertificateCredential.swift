import Crypto
import Foundation
import GraphMapping
import _CryptoExtras

/// Sign-in with a certificate (`AZURE_CLIENT_CERTIFICATE_PATH`, a PEM file holding the certificate
/// and its RSA private key): a client assertion signed PS256 with the certificate's SHA-256
/// thumbprint in `x5t#S256`, valid for ten minutes.
struct ClientCertificateCredential: TokenCredential {
    var endpoint: TokenEndpoint
    var thumbprint: String
    var key: _RSA.Signing.PrivateKey

    var name: String { "client certificate" }

    /// Reads the PEM file at `path`.
    init(endpoint: TokenEndpoint, path: String) throws(GraphError) {
        self.endpoint = endpoint
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw .configuration("AZURE_CLIENT_CERTIFICATE_PATH '\(path)' cannot be read")
        }
        guard let certificate = Self.block("CERTIFICATE", in: text), let der = Data(base64Encoded: certificate) else {
            throw .configuration(
                "AZURE_CLIENT_CERTIFICATE_PATH '\(path)' holds no PEM certificate (-----BEGIN CERTIFICATE-----); PKCS#12 files are not supported, convert them with openssl pkcs12 -nodes"
            )
        }
        thumbprint = ClientAssertion.base64URL(Data(SHA256.hash(data: der)))
        let keyLabel = ["PRIVATE KEY", "RSA PRIVATE KEY"].first { Self.block($0, in: text) != nil }
        guard let keyLabel, let keyBase64 = Self.block(keyLabel, in: text),
            let key = try? _RSA.Signing.PrivateKey(pemRepresentation: "-----BEGIN \(keyLabel)-----\n\(keyBase64)\n-----END \(keyLabel)-----")
        else {
            throw .configuration("AZURE_CLIENT_CERTIFICATE_PATH '\(path)' holds no unencrypted RSA private key (-----BEGIN PRIVATE KEY-----)")
        }
        self.key = key
    }

    /// The base64 body of the first PEM block with `label`.
    static func block(_ label: String, in text: String) -> String? {
        guard let begin = text.range(of: "-----BEGIN \(label)-----"),
            let end = text.range(of: "-----END \(label)-----", range: begin.upperBound..<text.endIndex)
        else {
            return nil
        }
        return text[begin.upperBound..<end.lowerBound].split(whereSeparator: \.isNewline).joined()
    }

    func token() async throws(GraphError) -> AccessToken {
        let now = Int(Date().timeIntervalSince1970)
        let header: GraphJSON = ["alg": "PS256", "typ": "JWT", "x5t#S256": .string(thumbprint)]
        let claims: GraphJSON = [
            "aud": .string(endpoint.url), "iss": .string(endpoint.clientID), "sub": .string(endpoint.clientID),
            "jti": .string(UUID().uuidString.lowercased()), "nbf": .number(Double(now)), "iat": .number(Double(now)),
            "exp": .number(Double(now + 600)),
        ]
        let signingInput = ClientAssertion.base64URL(Data(header.text.utf8)) + "." + ClientAssertion.base64URL(Data(claims.text.utf8))
        let signature: _RSA.Signing.RSASignature
        do {
            signature = try key.signature(for: Data(signingInput.utf8), padding: .PSS)
        } catch {
            throw .signIn(credential: name, message: "cannot sign the client assertion: \(error)", hint: nil)
        }
        let assertion = signingInput + "." + ClientAssertion.base64URL(signature.rawRepresentation)
        return try await endpoint.token(credential: name, ClientAssertion.fields(assertion))
    }
}

/// Client assertions as the token endpoint takes them.
enum ClientAssertion {
    static func fields(_ assertion: String) -> [(String, String)] {
        [("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"), ("client_assertion", assertion)]
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
