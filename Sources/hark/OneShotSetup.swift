import ArgumentParser
import Foundation
import HarkCore
import HarkInference
import HarkSystemd

/// What the one-shot commands that run the models (`hark say`, `hark listen`) do first: load the
/// config (or exit 78 listing every problem), log warnings only, use `[models] threads`.
enum OneShotSetup {
    static func load(_ path: String) throws -> HarkConfig {
        let settings: HarkConfig
        switch ConfigFile.load(path) {
        case let .success(c): settings = c
        case let .failure(errors):
            ConsoleOutput.error(errors.description)
            throw ExitCode.configError
        }
        LoggingSetup.bootstrap(level: .warning, format: .text, environment: ProcessInfo.processInfo.environment)
        BLASLibrary.threads = settings.models.threads
        return settings
    }
}
