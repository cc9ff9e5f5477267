import ArgumentParser
import Foundation
import HarkCore
import HarkInference
import HarkModels
import HarkSystemd
import Logging
import ServiceLifecycle

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon (under systemd: Type=notify).",
        discussion: """
            Refuses to start on an invalid config (exit 78). SIGTERM/SIGINT stop it gracefully; \
            SIGHUP reloads the config file, keeping the running config if the new one is invalid.
            """)

    @Option(name: .long, help: "The config file.")
    var config: String = ConfigFile.defaultPath

    @Option(name: .long, help: "Override [log] level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: LogSettings.Level?

    func run() async throws {
        SignalMask.unblockAll()
        let environment = ProcessInfo.processInfo.environment
        let settings: HarkConfig
        switch ConfigFile.load(config) {
        case let .success(loaded): settings = loaded
        case let .failure(errors):
            ConsoleOutput.error(errors.description)
            ConsoleOutput.error("\(config): \(errors.diagnostics.count) problem(s); not starting")
            throw ExitCode.configError
        }
        LoggingSetup.bootstrap(level: logLevel ?? settings.log.level, format: settings.log.format, environment: environment)
        let logger = Logger(label: "hark")
        try checkModels(settings, logger: logger)
        let notifier = SystemdNotifier(environment: environment)
        let context = DaemonContext(
            config: settings, logger: logger, health: HealthRegistry(), status: DaemonStatus(), counters: Counters(),
            credentials: Credentials(environment: environment), configUpdates: ConfigUpdates(),
            hostName: ProcessInfo.processInfo.hostName)
        logger.info("starting", metadata: [
            "version": "\(HarkVersion.string)", "config": "\(config)", "device": "\(context.deviceID)",
            "summary": "\(settings.summary)",
        ])

        let assembly = Assembly(context: context)
        try assembly.addAreas()
        assembly.add(
            ReloadService(path: config, notifier: notifier, updates: context.configUpdates, status: context.status,
                          counters: context.counters, logger: Logger(label: "hark.config")),
            name: "config-reload")
        assembly.add(
            SystemdService(notifier: notifier, watchdogInterval: SystemdNotifier.watchdogInterval(environment: environment),
                           health: context.health, status: context.status, logger: Logger(label: "hark.systemd")),
            name: "systemd")

        var groupConfig = ServiceGroupConfiguration(services: assembly.services, logger: Logger(label: "hark.lifecycle"))
        groupConfig.gracefulShutdownSignals = [.sigterm, .sigint]
        groupConfig.cancellationSignals = []
        groupConfig.maximumGracefulShutdownDuration = .milliseconds(1500)
        groupConfig.maximumCancellationDuration = .milliseconds(400)
        let group = ServiceGroup(configuration: groupConfig)
        try await group.run()
        logger.info("stopped")
    }

    /// Installed models must be intact: a corrupted or truncated file stops the daemon at start
    /// with a message naming it (exit 65, EX_DATAERR). No models at all: voice features are off.
    private func checkModels(_ settings: HarkConfig, logger: Logger) throws {
        BLASLibrary.threads = settings.models.threads
        if let advice = BLASKernelAdvice.warning() {
            logger.warning("\(advice)", metadata: ["openblas_core": .string(BLASLibrary.coreName)])
        }
        let dir = settings.resolvePath(settings.models.dir)
        guard FileManager.default.fileExists(atPath: "\(dir)/manifest.json") else {
            logger.warning("no models installed; voice features are off", metadata: ["models_dir": "\(dir)", "fix": "run make models"])
            return
        }
        do {
            try ModelStore(directory: URL(fileURLWithPath: dir)).verify()
        } catch {
            ConsoleOutput.error("\(config): [models] dir \(dir): \(error); not starting (reinstall with make models)")
            throw ExitCode(65)
        }
    }
}
