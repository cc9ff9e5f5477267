import ArgumentParser

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks that print Hark's figures next to a reference measured in the same run.",
        subcommands: [BenchMQTTCommand.self, BenchAnomalyCommand.self, BenchAudioCommand.self, BenchInferenceCommand.self,
                      BenchIntentsCommand.self, BenchSpeechCommand.self])
}
