import ArgumentParser
import Foundation
import HarkCore
import HarkInference
import HarkModels
import HarkSystemd

/// Where the model tools find the installed models: `--models-dir`, else `[models] dir` of `--config`
/// (relative to the config file), else `ModelStore.defaultDirectory()` (HARK_MODELS_DIR, the repo's
/// models/, /usr/local/share/hark/models). Threads: `--threads`, else `[models] threads`, else 1.
struct ModelOptions: ParsableArguments {
    @Option(help: "Folder of installed models (overrides --config).")
    var modelsDir: String?

    @Option(help: "Config file whose [models] section to use.")
    var config: String?

    @Option(help: "OpenBLAS threads (default: [models] threads, else 1).")
    var threads: Int?

    func openStore() throws -> ModelStore {
        var directory = modelsDir.map { URL(fileURLWithPath: $0) }
        var configThreads = 1
        if directory == nil, let config {
            switch ConfigFile.load(config) {
            case let .success(c):
                directory = URL(fileURLWithPath: c.resolvePath(c.models.dir))
                configThreads = c.models.threads
            case let .failure(errors):
                ConsoleOutput.error(errors.description)
                throw ExitCode.configError
            }
        }
        BLASLibrary.threads = threads ?? configThreads
        do {
            return try ModelStore(directory: directory ?? ModelStore.defaultDirectory())
        } catch {
            ConsoleOutput.error("\(error)")
            throw ExitCode.modelError
        }
    }
}

extension ExitCode {
    /// A model file is missing, corrupted or of the wrong shape (sysexits EX_DATAERR).
    static let modelError = ExitCode(65)
}

/// Runs `body`, turning model and audio file errors into a message and exit code 65.
func reportingModelErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let e as ExitCode {
        throw e
    } catch {
        ConsoleOutput.error("\(error)")
        throw ExitCode.modelError
    }
}
