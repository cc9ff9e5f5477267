/// What the server offers, for the `info` answer to `describe`. Built from what is installed
/// (model files, the TTS command), never from loaded models, so it is ready at once.
public struct WyomingInfo: Sendable, Equatable {
    public struct Attribution: Sendable, Equatable {
        public var name: String
        public var url: String
        public init(name: String, url: String) {
            self.name = name
            self.url = url
        }
    }

    public struct Model: Sendable, Equatable {
        public var name: String
        public var description: String
        public var attribution: Attribution
        public var installed: Bool
        public var version: String?
        public var languages: [String]
        /// Wake models: the phrase that wakes it.
        public var phrase: String?
        public init(name: String, description: String, attribution: Attribution, installed: Bool, version: String?,
                    languages: [String], phrase: String? = nil) {
            self.name = name
            self.description = description
            self.attribution = attribution
            self.installed = installed
            self.version = version
            self.languages = languages
            self.phrase = phrase
        }
    }

    public var harkVersion: String
    public var asr: [Model]
    public var wake: [Model]
    public var ttsVoices: [Model]
    /// The satellite's name and area when satellite mode is on.
    public var satellite: (name: String, area: String?)?

    public init(harkVersion: String, asr: [Model], wake: [Model], ttsVoices: [Model], satellite: (name: String, area: String?)?) {
        self.harkVersion = harkVersion
        self.asr = asr
        self.wake = wake
        self.ttsVoices = ttsVoices
        self.satellite = satellite
    }

    public static func == (a: WyomingInfo, b: WyomingInfo) -> Bool { a.event == b.event }

    /// Hark itself (the satellite); it has no public home page to point at.
    static let hark = Attribution(name: "Hark", url: "")

    /// The `info` event.
    public var event: WyomingEvent {
        var data: [(String, JSONValue)] = []
        func program(_ name: String, _ description: String, installed: Bool, _ list: String, _ models: [Model],
                     extra: [(String, JSONValue)] = []) -> JSONValue {
            // A program is attributed to its first model's authors (Hark only wraps them).
            .object(artifact(name: name, description: description, attribution: models.first?.attribution ?? Self.hark,
                             installed: installed, version: harkVersion)
                    + [(list, .array(models.map { .object(modelFields($0)) }))] + extra)
        }
        data.append(("asr", .array(asr.isEmpty ? [] : [program(
            "hark-whisper", "Whisper speech-to-text in Hark", installed: asr.contains { $0.installed }, "models", asr,
            extra: [("supports_transcript_streaming", .bool(false))])])))
        data.append(("tts", .array(ttsVoices.isEmpty ? [] : [program(
            "hark-tts", "Hark's speech synthesis command", installed: ttsVoices.contains { $0.installed }, "voices", ttsVoices,
            extra: [("supports_synthesize_streaming", .bool(false))])])))
        data.append(("handle", .array([])))
        data.append(("intent", .array([])))
        data.append(("wake", .array(wake.isEmpty ? [] : [program(
            "hark-microwakeword", "microWakeWord wake word detection in Hark", installed: wake.contains { $0.installed }, "models", wake)])))
        data.append(("mic", .array([])))
        data.append(("snd", .array([])))
        if let satellite {
            var s = artifact(name: satellite.name, description: "Hark satellite", attribution: Self.hark, installed: true, version: harkVersion)
            if let area = satellite.area { s.append(("area", .string(area))) }
            s.append(("has_vad", .bool(true)))
            s.append(("active_wake_words", .array(wake.filter(\.installed).map { .string($0.name) })))
            s.append(("max_active_wake_words", .number(1)))
            s.append(("supports_trigger", .bool(false)))
            data.append(("satellite", .object(s)))
        }
        return WyomingEvent("info", data)
    }

    private func artifact(name: String, description: String, attribution: Attribution, installed: Bool,
                          version: String?) -> [(String, JSONValue)] {
        [("name", .string(name)),
         ("attribution", .object([("name", .string(attribution.name)), ("url", .string(attribution.url))])),
         ("installed", .bool(installed)), ("description", .string(description)),
         ("version", version.map(JSONValue.string) ?? .null)]
    }

    private func modelFields(_ m: Model) -> [(String, JSONValue)] {
        var f = artifact(name: m.name, description: m.description, attribution: m.attribution, installed: m.installed, version: m.version)
        f.append(("languages", .array(m.languages.map(JSONValue.string))))
        if let phrase = m.phrase { f.append(("phrase", .string(phrase))) }
        return f
    }
}
