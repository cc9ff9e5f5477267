import Foundation

/// Finds the `hark` binary that `swift test` built next to the test bundle.
enum BinaryLocator {
    static var hark: URL {
        if let override = ProcessInfo.processInfo.environment["HARK_BINARY"] {
            return URL(fileURLWithPath: override)
        }
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = bundle.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("hark")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return bundle.deletingLastPathComponent().appendingPathComponent("hark")
    }
}
