import ArgumentParser
import HarkCore
import HarkSystemd
import Logging
import Synchronization

/// Bootstraps swift-log once per process with Hark's handler.
enum LoggingSetup {
    private static let done = Mutex(false)

    static func bootstrap(level: LogSettings.Level, format: LogSettings.Format, environment: [String: String]) {
        let style = HarkLogHandler.style(for: format.rawValue, environment: environment)
        let swiftLevel = Logger.Level(rawValue: level == .notice ? "notice" : level.rawValue) ?? .info
        done.withLock { done in
            guard !done else { return }
            done = true
            LoggingSystem.bootstrap { label in HarkLogHandler(label: label, level: swiftLevel, style: style) }
        }
    }
}

extension LogSettings.Level: ExpressibleByArgument {}
