import ArgumentParser

extension ExitCode {
    /// sysexits.h EX_CONFIG: the configuration is invalid.
    static let configError = ExitCode(78)
}
