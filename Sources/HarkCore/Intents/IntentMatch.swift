/// What a command was understood to mean.
public struct IntentMatch: Sendable, Equatable {
    public enum Source: String, Sendable {
        /// Every word matched a template.
        case exact
        /// A template matched with extra, missing or misspelt words.
        case fuzzy
        /// Nearest example sentence by MiniLM similarity.
        case embedding
        /// The cloud model's validated tool call.
        case cloud

        /// `local` or `cloud`, as published.
        public var origin: String { self == .cloud ? "cloud" : "local" }
    }

    public struct Slot: Sendable, Equatable {
        public var name: String
        /// The canonical value (the slot list entry, the number, the tagged alternative).
        public var value: String
        /// The words of the command it was read from.
        public var raw: String

        public init(name: String, value: String, raw: String) {
            self.name = name
            self.value = value
            self.raw = raw
        }
    }

    public var intent: String
    public var slots: [Slot]
    /// 0…1.
    public var confidence: Double
    public var source: Source
    /// The template (or example sentence) it matched.
    public var sentence: String

    public init(intent: String, slots: [Slot], confidence: Double, source: Source, sentence: String) {
        self.intent = intent
        self.slots = slots
        self.confidence = confidence
        self.source = source
        self.sentence = sentence
    }

    /// Slot name → value.
    public var values: [String: String] {
        var d: [String: String] = [:]
        for s in slots { d[s.name] = s.value }
        return d
    }

    public func slot(_ name: String) -> String? { slots.first { $0.name == name }?.value }
}
