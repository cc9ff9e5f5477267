import ArgumentParser
import Foundation
import HarkModels

struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Print the MiniLM-L6-v2 sentence embedding of each TEXT as one JSON array of 384 floats per line.")

    @Argument(help: "Texts to embed (one JSON array each).")
    var texts: [String]

    @OptionGroup var models: ModelOptions

    func run() throws {
        let store = try models.openStore()
        let embedder = try reportingModelErrors { try SentenceEmbedder(store: store) }
        for text in texts {
            let v = embedder.embed(text)
            print("[" + v.map { String(format: "%.7g", Double($0)) }.joined(separator: ",") + "]")
        }
    }
}
