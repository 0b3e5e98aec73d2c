import Foundation
import GraphMapping

/// Sign-in through the Azure CLI's signed-in account (`az account get-access-token`), for people
/// at a terminal.
struct AzureCLICredential: TokenCredential {
    var endpoints: GraphEndpoints
    var tenant: String

    var name: String { "Azure CLI" }

    func token() async throws(GraphError) -> AccessToken {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["az", "account", "get-access-token", "--output", "json", "--resource", endpoints.resource, "--tenant", tenant]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw .signIn(credential: name, message: "cannot run az: \(error)", hint: "install the Azure CLI and run 'az login'")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let json = GraphJSON.parse(data), let value = json["accessToken"]?.stringValue else {
            throw .signIn(
                credential: name, message: "az account get-access-token failed: \(TokenEndpoint.firstLine(message))",
                hint: "run 'az login --tenant \(tenant)' first")
        }
        let expires = json["expires_on"]?.intValue.map { Date(timeIntervalSince1970: Double($0)) } ?? Date().addingTimeInterval(300)
        return AccessToken(value: value, expiresOn: expires)
    }
}
