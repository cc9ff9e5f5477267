import Foundation
import HarkCloud
import HarkCore
import Logging

/// Decides what a text command means: exact/fuzzy template match first; if that is not confident,
/// MiniLM nearest example; if still below `[cloud] min_local_confidence`, the cloud model — only
/// when its breaker and limits allow, and never past `[cloud] deadline`. Otherwise it answers at
/// once ("I can't reach the cloud right now").
public final class IntentEngine: Sendable {
    public let intents: [IntentSettings]
    public let templates: TemplateMatcher
    public let embedding: EmbeddingWorker?
    public let cloud: CloudFallback?
    public let settings: CloudSettings
    /// Per intent: its remark and question guard applies to fuzzy template matches too.
    private let fillers: [String: SlotSpanFiller]
    private let context: ClauseContext
    private let modifiers: UnknownModifierGuard
    private let values: ValueGuard
    private let scope: ScopeGuard
    private let referent: ReferentGuard
    /// Intents one of whose sentences is a question ("what is the temperature in the {room}").
    private let questionIntents: Set<String>
    private let logger: Logger

    /// Names Hark answers to ("hark", its wake models' names); other assistants' names are not its own.
    private let ownNames: Set<String>

    /// `wakeModels`: `[wake] models`; their names are Hark's own ("alexa, …" is for another assistant
    /// unless Hark wakes to it).
    public init(intents: [IntentSettings], cloudSettings: CloudSettings, embedding: EmbeddingWorker?, cloud: CloudFallback?,
                wakeModels: [String] = ["okay_nabu"], logger: Logger) {
        self.ownNames = NotARequestCues.ownNames(wakeModels: wakeModels)
        self.intents = intents
        self.templates = TemplateMatcher(intents: intents)
        self.embedding = embedding
        self.cloud = cloudSettings.enabled ? cloud : nil
        self.settings = cloudSettings
        var fillers: [String: SlotSpanFiller] = [:]
        for intent in intents { fillers[intent.name] = SlotSpanFiller(intent: intent) }
        self.fillers = fillers
        self.context = ClauseContext(intents: intents)
        self.modifiers = UnknownModifierGuard(intents: intents)
        self.values = ValueGuard(intents: intents)
        self.scope = ScopeGuard(intents: intents)
        self.referent = ReferentGuard(intents: intents)
        self.questionIntents = Set(fillers.filter(\.value.asksQuestions).map(\.key))
        self.logger = logger
    }

    /// The best local guess: templates, then (when they are not confident) the embedding. A
    /// compound command ("it's dark in here, turn on the light") that is not understood whole is
    /// split into clauses; the command clauses (not questions) that are understood must all agree,
    /// and no clause after the first may start a correction ("no, …", "I mean …", "actually …").
    /// The last clause must not be negated; a negated clause before it is a remark, not a command
    /// ("never mind the pasta, cancel the timer"), while a negation after a command takes it back
    /// ("cancel the timer, no, don't"): nothing is understood then.
    /// `everyClause`: the classifier reads every command clause (typed text); false: only the last
    /// one (a free transcript of speech, whose punctuation is the recogniser's guess at pauses: a
    /// fragment of an uncertain transcript is not acted on while the rest is ignored).
    public func matchLocally(_ written: String, everyClause: Bool = true) async -> IntentMatch? {
        // "stop the, uh, the music", "turn on the kit- the bedroom light": read as meant; "volume up, not down":
        // the opposite ruled out only confirms.
        let text = PolarityGuard.withoutContrast(TextNormalizer.fluent(written))
        guard let m = await readLocally(text, everyClause: everyClause) else { return nil }
        let said = TextNormalizer.words(text)
        // "front door locked?": a question, unless it asks as a request ("could you …?", "the sun's in my eyes. could you
        // shut the blinds?": its last sentence) or the intent answers questions.
        let clauseWords = TextNormalizer.clauses(text).map(TextNormalizer.words)
        let asked = clauseWords.last { !$0.isEmpty } ?? said
        if text.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("?"), !TextNormalizer.isRequestQuestion(said),
           !TextNormalizer.isRequestQuestion(asked), !questionIntents.contains(m.intent) {
            logger.debug("a question, not a request", metadata: ["intent": "\(m.intent)"])
            return nil
        }
        // "delete the morning scene", "clear the alerts": another action than the intent's.
        if let filler = fillers[m.intent], filler.asksAnotherAction(Lexicon.english.rewrite(said)) {
            logger.debug("an action the intent does not have", metadata: ["intent": "\(m.intent)"])
            return nil
        }
        // "turn off the guest bedroom lights": not the bedroom.
        if let why = modifiers.reason(m, clauses: clauseWords, intents: intents) {
            logger.debug("names something else", metadata: ["intent": "\(m.intent)", "why": "\(why)"])
            return nil
        }
        // "dim the bedroom lights to 20, maybe 30 percent", "… by 20 percent", "a timer for 3 eggs": not one value.
        // After a correction only what follows it counts ("a timer for 15 minutes, no, make that 20 minutes").
        let corrected = clauseWords.lastIndex(where: TextNormalizer.isCorrection).map { Array(clauseWords[$0...]) } ?? clauseWords
        if let why = values.reason(m, clauses: corrected, intents: intents, isKnown: modifiers.isKnown) {
            logger.debug("not one value", metadata: ["intent": "\(m.intent)", "why": "\(why)"])
            return nil
        }
        // "lights on in the kitchen and the office", "lock every door", "open the garage door halfway": not one thing, or not all of it.
        if let why = scope.reason(m, words: said, clauses: corrected, vocabulary: context.vocabulary) {
            logger.debug("not the one thing", metadata: ["intent": "\(m.intent)", "why": "\(why)"])
            return nil
        }
        // "open the garbage door": a real word, not a misspelling of "garage".
        if let embedding, let why = modifiers.realWordReadAsAnother(said, match: m, intents: intents, isWord: embedding.isVocabularyWord) {
            logger.debug("a real word read as another", metadata: ["intent": "\(m.intent)", "why": "\(why)"])
            return nil
        }
        return m
    }

    private func readLocally(_ text: String, everyClause: Bool) async -> IntentMatch? {
        // "…, scratch that", "… never mind": taken back, whatever came before.
        let said = TextNormalizer.words(text)
        if TextNormalizer.endsWithRetraction(said) { return nil }
        // A joke, a request for someone else, a quote, advice: not to act on.
        let clauses = TextNormalizer.clauses(text)
        let clauseWords = clauses.map(TextNormalizer.words)
        if let why = NotARequestCues.messageReason(said, clauses: clauseWords, text: text, vocabulary: context.vocabulary,
                                                     ownNames: ownNames) {
            logger.debug("not a request to act now", metadata: ["why": "\(why)"])
            return nil
        }
        // Another time, a habit: not to act on now, unless another clause asks ("we're leaving tomorrow, turn off the heating").
        let notNow = NotARequestCues.clauseReason(said, vocabulary: context.vocabulary)
        // "open the garage, no wait, close the garage": what comes after the last correction, if it is a whole request.
        if let k = clauseWords.indices.last(where: { TextNormalizer.isCorrection(clauseWords[$0]) }), k + 1 < clauseWords.count || k > 0 {
            return await matchCorrected(Array(clauseWords[k...]), before: k > 0 ? clauseWords[k - 1] : nil)
        }
        var whole = notNow == nil ? await matchWhole(text) : nil
        if let whole, whole.confidence >= settings.minLocalConfidence { return whole }
        // "turn on the hallway turn off the hallway light", "open the open the bedroom curtains": the last start,
        // within a clause ("turn the heating on, turn the heating off" is two requests that disagree).
        let repaired = clauseWords.flatMap(TextNormalizer.withoutRestarts)
        if notNow == nil, repaired != clauseWords.flatMap({ $0 }), let m = await matchWhole(repaired.joined(separator: " ")), m.confidence > whole?.confidence ?? 0 {
            if m.confidence >= settings.minLocalConfidence { return m }
            whole = m
        }
        // "unlock the side door for the delivery guy": the request without the purpose said after it.
        if notNow == nil, let request = context.withoutPurpose(said), let m = await matchWhole(request.joined(separator: " ")),
           m.confidence > whole?.confidence ?? 0 {
            if m.confidence >= settings.minLocalConfidence { return m }
            whole = m
        }
        guard clauses.count > 1 else { return whole }
        // "in an hour, set the living room to 20 degrees": the time is the request's.
        if clauseWords.contains(where: { NotARequestCues.isOnlyATime($0, vocabulary: context.vocabulary) }) { return nil }
        // A negated last clause takes the command back ("cancel the timer, no, don't"), unless it only
        // gives a reason ("volume up, i can't hear").
        guard let last = clauseWords.last, !PolarityGuard.isNegated(last) || TextNormalizer.isInability(last) || TextNormalizer.isNoLongerNeeded(last)
        else { return whole }
        // Each command clause as said, then with "it" read as the thing an earlier clause names ("is the
        // back door locked? lock it please") and with the place an earlier clause says ("it's dark in the
        // office, lights on"): a later reading is used only when the earlier ones are not understood.
        let commandClauses = clauseWords.indices.filter { !TextNormalizer.isQuestion(clauseWords[$0]) && !PolarityGuard.isNegated(clauseWords[$0])
            && NotARequestCues.clauseReason(clauseWords[$0], vocabulary: context.vocabulary) == nil }
        let commands = commandClauses.map { i in context.readings(clauseWords[i], earlier: Array(clauseWords[..<i])) }
        // "don't switch the kitchen light on or off, just make it softer": "it" is the light, not the volume.
        let referents = commandClauses.map { i in context.referent(clauseWords[i], earlier: Array(clauseWords[..<i])) }
        // Read with "it" as the thing, the clause must still ask the same ("the music's too loud, turn it down").
        func aboutReferent(_ m: IntentMatch, _ words: [String], _ index: Int) async -> Bool {
            guard words == commands[index].first, let why = referent.reason(m, clause: words, referent: referents[index]) else { return true }
            let resolved = context.resolve(words, earlier: Array(clauseWords[..<commandClauses[index]]))
            var again = templateMatch(resolved)
            if again == nil, let embedding { again = await embedding.match(resolved.joined(separator: " ")) }
            if let again, again.intent == m.intent, again.values == m.values, again.confidence >= settings.minLocalConfidence { return true }
            logger.debug("not what 'it' is", metadata: ["intent": "\(m.intent)", "why": "\(why)"])
            return false
        }
        var understood: [IntentMatch] = []
        for (index, readings) in commands.enumerated() {
            for words in readings {
                if let m = templateMatch(words), m.confidence >= settings.minLocalConfidence, await aboutReferent(m, words, index) { understood.append(m); break }
            }
        }
        // The model reads each command clause: a reason or remark may come before or after the request
        // ("it's dark in here, turn on the light", "kill the heating, it's too warm").
        if understood.isEmpty, let embedding {
            for index in everyClause ? Array(commands.indices) : Array(commands.indices.suffix(1)) {
                for words in commands[index] {
                    if let m = await embedding.match(words.joined(separator: " ")), m.confidence >= settings.minLocalConfidence,
                       await aboutReferent(m, words, index) {
                        understood.append(m)
                        break
                    }
                }
            }
        }
        guard let first = understood.first,
              understood.allSatisfy({ $0.intent == first.intent && $0.values == first.values }) else { return whole }
        return understood.max { $0.confidence < $1.confidence }
    }

    /// The request after a correction (`clauses[0]` starts with it): its last clause that is a whole
    /// command on its own ("…, no wait, close the garage", "no wait, not the bedroom, the office lights
    /// off"), read as said; nothing when that clause is negated, asks, or is not understood alone
    /// ("…, i mean the hallway light": which request is meant is not said again).
    /// `before`: the clause the correction follows, for a repair said in place of its last words.
    private func matchCorrected(_ clauses: [[String]], before: [String]?) async -> IntentMatch? {
        let stripped = TextNormalizer.afterCorrection(clauses[0])
        // "no movie scene tonight": "no" said of the thing, not a correction before it.
        if clauses.count == 1 || clauses.dropFirst().allSatisfy(\.isEmpty), let first = clauses[0].first, ["no", "not", "nah", "nope"].contains(first),
           clauses[0].count - stripped.count == 1 { return nil }
        let rest = [stripped] + clauses.dropFirst()
        guard let last = rest.last(where: { !$0.isEmpty }), !PolarityGuard.isNegated(last), !TextNormalizer.isQuestion(last),
              NotARequestCues.clauseReason(last, vocabulary: context.vocabulary) == nil else { return nil }
        let m = await matchWhole(last.joined(separator: " "))
        if (m?.confidence ?? 0) >= settings.minLocalConfidence { return m }
        // "lock the back, no, the front door", "… to twenty five, no, twenty four degrees": the repair
        // replaces the words of the clause before that start as it does.
        let said = rest.filter { !$0.isEmpty }
        guard let before, said.count == 1, let spliced = TextNormalizer.spliced(before, repair: said[0]), !PolarityGuard.isNegated(spliced),
              NotARequestCues.clauseReason(spliced, vocabulary: context.vocabulary) == nil else { return nil }
        let repaired = await matchWhole(spliced.joined(separator: " "))
        return (repaired?.confidence ?? 0) >= settings.minLocalConfidence ? repaired : nil
    }

    private func matchWhole(_ text: String) async -> IntentMatch? {
        let byTemplate = templateMatch(TextNormalizer.words(text))
        if let byTemplate, byTemplate.confidence >= settings.minLocalConfidence { return byTemplate }
        guard let embedding, let byEmbedding = await embedding.match(text) else { return byTemplate }
        guard let byTemplate else { return byEmbedding }
        return byEmbedding.confidence > byTemplate.confidence ? byEmbedding : byTemplate
    }

    /// The template match, unless it is fuzzy and the command is a remark or a question its intent
    /// does not ask ("the kitchen light is on" is not "kitchen light on").
    private func templateMatch(_ words: [String]) -> IntentMatch? {
        guard let m = templates.match(words: words) else { return nil }
        if m.source == .fuzzy, let filler = fillers[m.intent],
           filler.isRemark(Lexicon.english.rewrite(words), said: words) { return nil }
        return m
    }

    /// `localVeto`: a reason not to act on a local match (it is then treated as no local match: the
    /// cloud, when allowed, or "not understood"), or nil to accept it.
    public func understand(_ text: String, id: String? = nil, everyClause: Bool = true,
                           localVeto: (@Sendable (IntentMatch) -> String?)? = nil) async -> IntentResult {
        let start = ContinuousClock.now
        var local = await matchLocally(text, everyClause: everyClause)
        var vetoed: String?
        if let m = local, let why = localVeto?(m) {
            vetoed = "local match \(m.intent) at \(String(format3: m.confidence)) not taken: \(why)"
            local = nil
        }
        let available = await cloud?.isAvailable() ?? false
        var result = IntentResult(text: text, id: id, match: nil, action: nil, reply: nil, source: "none", latency: .zero, note: nil)
        switch FallbackDecision.decide(local: local, minLocalConfidence: settings.minLocalConfidence, cloudEnabled: cloud != nil,
                                       cloudAvailable: available) {
        case .useLocal:
            use(local!, source: "local", into: &result)
        case .notUnderstood:
            result.reply = FallbackDecision.notUnderstoodReply
            result.note = Self.describe(local)
        case .cloudUnavailable:
            result.reply = FallbackDecision.unavailableReply
            result.note = "cloud unavailable; " + Self.describe(local)
        case .askCloud:
            let cloud = self.cloud!
            let deadline = start + settings.deadline
            // The fallback keeps to the deadline itself; this bound holds even if it does not.
            let outcome = (try? await withTimeout(deadline - .now) { await cloud.resolve(text: text, deadline: deadline) })
                ?? .failed(.timeout)
            switch outcome {
            case let .answer(.intent(match)):
                use(match, source: "cloud", into: &result)
            case let .answer(.reply(text)):
                result.source = "cloud"
                result.reply = text
            case let .unavailable(why):
                result.reply = FallbackDecision.unavailableReply
                result.note = "cloud unavailable: \(why)"
            case let .failed(failure):
                result.reply = failure.isRejection ? FallbackDecision.refusedReply : FallbackDecision.unavailableReply
                result.note = "cloud \(failure)"
            }
        }
        if let vetoed { result.note = result.note.map { vetoed + "; " + $0 } ?? vetoed }
        result.latency = ContinuousClock.now - start
        return result
    }

    private func use(_ match: IntentMatch, source: String, into result: inout IntentResult) {
        do {
            let action = try IntentActions.resolving(match, intents: intents)
            result.match = match
            result.action = action
            result.reply = action.reply
            result.source = source
        } catch {
            logger.warning("intent action refused", metadata: ["intent": "\(match.intent)", "error": "\(error)", "source": "\(source)"])
            result.reply = FallbackDecision.refusedReply
            result.note = "action refused: \(error)"
        }
    }

    static func describe(_ local: IntentMatch?) -> String {
        guard let local else { return "no local match" }
        return "best local match \(local.intent) at \(String(format3: local.confidence))"
    }
}

extension String {
    init(format3 value: Double) {
        let scaled = (value * 1000).rounded() / 1000
        self = String(scaled)
    }
}
