import ArgumentParser
import HarkCore
import HarkSystemd

struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate a config file and list every problem in it.",
        discussion: "Exits 0 and prints a one-line summary when the file is valid; exits 78 (EX_CONFIG) and prints each problem as FILE:LINE: key.path: problem otherwise.")

    @Argument(help: "The config file to check.")
    var path: String = ConfigFile.defaultPath

    func run() throws {
        switch ConfigFile.load(path) {
        case let .success(config):
            print("\(path): OK: \(config.summary)")
        case let .failure(errors):
            ConsoleOutput.error(errors.description)
            ConsoleOutput.error("\(path): \(errors.diagnostics.count) problem(s)")
            throw ExitCode.configError
        }
    }
}
