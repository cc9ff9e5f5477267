import Foundation

/// Secrets (MQTT password, cloud API key) never live in the config file: they come from
/// systemd's `LoadCredential=` folder (`$CREDENTIALS_DIRECTORY/<name>`) or an environment
/// variable. Values are never logged.
public struct Credentials: Sendable {
    public let environment: [String: String]

    public init(environment: [String: String]) { self.environment = environment }

    /// The secret `name`, from `$CREDENTIALS_DIRECTORY/name` first, then `$environmentVariable`.
    /// One trailing newline is removed.
    public func read(_ name: String, environment variable: String) -> String? {
        if let dir = environment["CREDENTIALS_DIRECTORY"], !dir.isEmpty,
           let data = FileManager.default.contents(atPath: "\(dir)/\(name)") {
            var text = String(decoding: data, as: UTF8.self)
            if text.hasSuffix("\n") { text.removeLast() }
            if !text.isEmpty { return text }
        }
        if let value = environment[variable], !value.isEmpty { return value }
        return nil
    }

    /// Where a secret would be looked for, for messages (never the value).
    public func sources(_ name: String, environment variable: String) -> String {
        "$CREDENTIALS_DIRECTORY/\(name) or $\(variable)"
    }
}
