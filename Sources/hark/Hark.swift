import ArgumentParser

@main
struct Hark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hark",
        abstract: "Offline-first voice-and-sensor assistant for headless Linux devices.",
        subcommands: [
            RunCommand.self,
            CheckConfigCommand.self,
            StatusCommand.self,
            VersionCommand.self,
            DevicesCommand.self,
            SegmentCommand.self,
            ReplayCommand.self,
            VADCommand.self,
            EmbedCommand.self,
            SayCommand.self,
            ModelsCommand.self,
            BenchCommand.self,
        ])
}
