import Foundation
import HarkCore

/// Reads and validates a config file from disk.
public enum ConfigFile {
    public static let defaultPath = "/etc/hark/hark.toml"

    /// The validated config at `path`, or every problem found (an unreadable file is one problem).
    public static func load(_ path: String) -> Result<HarkConfig, ConfigErrors> {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        guard let data = FileManager.default.contents(atPath: absolute) else {
            let reason = FileManager.default.fileExists(atPath: absolute) ? "cannot be read (permissions?)" : "does not exist"
            return .failure(ConfigErrors([ConfigDiagnostic(
                file: path, line: 0, path: "", problem: "the config file \(reason)",
                hint: "pass --config PATH or create it from config/hark.toml")]))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(ConfigErrors([ConfigDiagnostic(file: path, line: 0, path: "", problem: "the config file is not valid UTF-8")]))
        }
        var result = HarkConfig.parse(text: text, file: path)
        if case var .success(config) = result {
            config.file = absolute
            result = .success(config)
        }
        return result
    }
}
