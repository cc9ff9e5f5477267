// The local text path (no model) on arbitrary text: what `hark say`, MQTT commands and free
// transcripts reach before the classifier. Intents are parsed per input (see Harness.swift).
enum PhraseFuzz {
    static let config = """
        [[intent]]
        name = "light"
        sentences = ["turn (on|off){state} the {room} (light|lights)", "lights (on|off){state} in the {room}"]
        slots = { room = ["kitchen", "living room"] }
        topic = "home/{room}/light"
        payload = "{state}"
        [[intent]]
        name = "thermostat"
        sentences = ["set the {zone} to {degrees} degrees", "what is the temperature in the {zone}"]
        slots = { zone = ["house", "office"], degrees = "10..30" }
        topic = "home/{zone}/t"
        payload = "{degrees}"
        [[intent]]
        name = "door"
        sentences = ["(lock|unlock){action} the {door} [door]"]
        slots = { door = ["front", "back"] }
        topic = "home/door/{door}"
        payload = "{action}"
        [[intent]]
        name = "timer"
        sentences = ["set a timer for {minutes} minutes", "turn it (up|down){direction}"]
        slots = { minutes = "1..180" }
        topic = "home/timer"
        """

    static func run(_ text: String) {
        guard case let .success(parsed) = HarkConfig.parse(text: config, file: "fuzz.toml") else { fatalError("phrase fuzz config invalid") }
        let intents = parsed.intents
        // As the engine reads it: disfluencies first ("the kit- the bedroom light", "offff").
        let written = text
        let text = PolarityGuard.withoutContrast(TextNormalizer.fluent(written))
        _ = NotARequestCues.messageReason(TextNormalizer.words(written), text: written, vocabulary: [],
                                          ownNames: NotARequestCues.ownNames(wakeModels: ["alexa", "hey_jarvis"]))
        let said = TextNormalizer.words(text)
        let clauses = TextNormalizer.clauses(text).map(TextNormalizer.words)
        _ = TextNormalizer.endsWithRetraction(said)
        _ = TextNormalizer.isRequestQuestion(said)
        let context = ClauseContext(intents: intents)
        let matcher = TemplateMatcher(intents: intents)
        _ = NotARequestCues.messageReason(said, clauses: clauses, text: text, vocabulary: context.vocabulary)
        _ = NotARequestCues.quotesARequest(text)
        _ = NotARequestCues.isMachineText(text)
        _ = TextNormalizer.withoutRestarts(said)
        for (i, c) in clauses.enumerated() {
            _ = NotARequestCues.isOnlyATime(c, vocabulary: context.vocabulary)
            _ = TextNormalizer.afterCorrection(c)
            _ = TextNormalizer.isNoLongerNeeded(c)
            _ = NotARequestCues.clauseReason(c, vocabulary: context.vocabulary)
            _ = TextNormalizer.isInability(c)
            _ = TextNormalizer.isCorrection(c)
            for reading in context.readings(c, earlier: Array(clauses[..<i])) { _ = matcher.match(words: reading) }
        }
        let paraphrased = Lexicon.english.rewrite(said)
        let guardian = UnknownModifierGuard(intents: intents)
        let values = ValueGuard(intents: intents)
        let scope = ScopeGuard(intents: intents)
        let referent = ReferentGuard(intents: intents)
        let thing = clauses.last.map { context.referent($0, earlier: Array(clauses.dropLast())) } ?? nil
        for intent in intents {
            if let slots = SlotSpanFiller(intent: intent).fill(paraphrased, said: said) {
                let m = IntentMatch(intent: intent.name, slots: slots, confidence: 1, source: .embedding, sentence: "")
                _ = guardian.namesSomethingElse(m, clauses: clauses, intents: intents)
                // Any predicate stands in for the model's vocabulary.
                _ = guardian.realWordReadAsAnother(said, match: m, intents: intents, isWord: { $0.count % 2 == 0 })
                _ = values.reason(m, clauses: clauses, intents: intents, isKnown: guardian.isKnown)
                _ = scope.reason(m, words: said, clauses: clauses, vocabulary: context.vocabulary)
                _ = referent.reason(m, clause: clauses.last ?? said, referent: thing)
            }
        }
        if let m = matcher.match(words: said) { _ = guardian.namesSomethingElse(m, clauses: clauses, intents: intents) }
    }
}
