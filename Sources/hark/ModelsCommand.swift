import ArgumentParser
import Foundation
import HarkModels

struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "Inspect the installed models.",
        subcommands: [Verify.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every model file against manifest.json (sha256 and size), then load each model.",
            discussion: "Exits 0 when all files match and load; exits 65 naming the first bad file otherwise.")

        @OptionGroup var models: ModelOptions

        func run() throws {
            let store = try models.openStore()
            try reportingModelErrors {
                for name in store.files.keys.sorted() {
                    try store.verify(name)
                    print("ok  \(name)  \(store.files[name]!.size) bytes")
                }
                _ = try SileroVAD(store: store)
                _ = try SentenceEmbedder(store: store)
                _ = try WhisperTranscriber(store: store)
            }
            print("\(store.directory.path): \(store.files.count) files verified; Silero VAD, MiniLM and Whisper tiny.en load")
        }
    }
}
