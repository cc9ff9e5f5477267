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
            WakeCommand.self,
            EmbedCommand.self,
            TranscribeCommand.self,
            RecognizeCommand.self,
            SayCommand.self,
            ListenCommand.self,
            ModelsCommand.self,
            BenchCommand.self,
        ])
}
