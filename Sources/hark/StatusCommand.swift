import ArgumentParser
import HarkCore
import HarkMetrics
import HarkSystemd

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the running daemon's state: STATUS= line, stage health, active alerts, key counters.",
        discussion: """
            Reads the daemon's metrics endpoint ([metrics] listen in the config). Exits 0 when every \
            stage is healthy, 1 when a stage has stalled or reports degraded/disconnected, 69 \
            (EX_UNAVAILABLE) when the daemon cannot be reached, 78 when the config is invalid or \
            has no [metrics] listen.
            """)

    @Option(name: .long, help: "The daemon's config file (for [metrics] listen).")
    var config: String = ConfigFile.defaultPath

    @Option(name: .long, help: "Seconds to wait for the daemon.")
    var timeout: Int = 3

    func run() throws {
        let settings: HarkConfig
        switch ConfigFile.load(config) {
        case let .success(loaded): settings = loaded
        case let .failure(errors):
            ConsoleOutput.error(errors.description)
            throw ExitCode.configError
        }
        guard settings.metrics.enabled else {
            ConsoleOutput.error("\(config): [metrics] listen is not set, so the daemon has no status endpoint; "
                + "set it (e.g. listen = \"127.0.0.1:9757\") and reload or restart hark")
            throw ExitCode.configError
        }
        let host = settings.metrics.host == "0.0.0.0" ? "127.0.0.1" : settings.metrics.host == "::" ? "::1" : settings.metrics.host
        let endpoint = "http://\(settings.metrics.listen)/metrics"
        let text: String
        do {
            text = try MetricsScraper.get(host: host, port: settings.metrics.port, timeoutSeconds: max(1, timeout))
        } catch {
            ConsoleOutput.error("hark status: the daemon is not reachable at \(endpoint): \(error) "
                + "(is it running? systemctl status hark)")
            throw ExitCode(69)
        }
        let report = DaemonReport(samples: PrometheusSample.parse(text))
        print(report.render(endpoint: endpoint), terminator: "")
        if !report.healthy { throw ExitCode(1) }
    }
}
