/// `[wake]`: when an utterance counts as a command.
public struct WakeSettings: Sendable, Equatable {
    public enum Mode: String, Sendable, CaseIterable {
        /// A wake-word detection opens a command window.
        case wake
        /// A message on `<prefix>/listen` (or Hermes `hermes/asr/startListening` /
        /// `hermes/hotword/toggleOn` with `[mqtt] hermes`) opens a command window.
        case pushToTalk = "push_to_talk"
        /// Every utterance is a command candidate; only the grammar recogniser may accept it,
        /// at `always_min_confidence` or more.
        case always
    }

    /// nil (key unset): `wake` when a wake model is installed, else `always`.
    public var mode: Mode?
    /// Wake models to run (names in the models folder: okay_nabu, hey_jarvis, hey_mycroft, alexa).
    public var models: [String]
    /// How long a window waits for a command to start (after a detection or push-to-talk).
    public var listenTimeout: Duration
    /// `always` mode: least grammar-recogniser confidence (0..1) that acts.
    public var alwaysMinConfidence: Double
    /// Play the listening chime when a window opens.
    public var listeningChime: Bool
    /// Per-model detection cutoffs overriding the model's own `probability_cutoff` (window mean of
    /// the model's probabilities, 0..1 exclusive): lower hears the phrase in more noise and
    /// fires more often on other sound (`[wake] cutoffs = { okay_nabu = 0.6 }`).
    public var cutoffs: [String: Double]
    /// Line of `mode` (or of the section) for cross-section messages.
    public var line: Int

    public init(_ t: ConfigTable) {
        line = t.line(of: "mode")
        mode = t.has("mode") ? t.choice("mode", default: Mode.wake) : nil
        models = t.strings("models", default: ["okay_nabu"])
        if t.has("models"), models.isEmpty, mode == .wake {
            t.report("models", "wake mode needs at least one wake model", got: "[]", hint: "e.g. [\"okay_nabu\"]")
        }
        for (i, name) in models.enumerated() where !Self.isValidModelName(name) {
            t.report("models", "model \(i + 1) is not a model name", got: "\"\(name)\"",
                     hint: "letters, digits and '_' (e.g. \"okay_nabu\"; see the models folder)")
        }
        listenTimeout = t.duration("listen_timeout", default: .seconds(8), in: .milliseconds(500)...(.seconds(120)))
        alwaysMinConfidence = t.double("always_min_confidence", default: 0.75, in: 0...1)
        listeningChime = t.bool("listening_chime", default: true)
        cutoffs = [:]
        if let table = t.table("cutoffs") {
            for (name, _) in table.entries().sorted(by: { $0.key < $1.key }) {
                guard Self.isValidModelName(name) else {
                    table.report(name, "is not a model name", hint: "letters, digits and '_' (e.g. okay_nabu)")
                    continue
                }
                if let cutoff = table.double(name, in: 0.01...0.99) { cutoffs[name] = cutoff }
            }
        }
    }

    static func isValidModelName(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 64 && s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
    }
}
