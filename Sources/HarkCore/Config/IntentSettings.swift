/// One `[[intent]]`: the sentences it understands, its slots, and the action it takes.
///
///     [[intent]]
///     name = "light_power"
///     description = "Switch a room's light on or off"
///     sentences = ["turn (on|off){state} the {room} light", "switch the {room} light (on|off){state}"]
///     slots = { room = ["kitchen", "living room"] }       # lists, or number ranges "15..30"
///     topic = "home/{room}/light/set"                       # MQTT publish (optional)
///     payload = '{{"state": "{state}"}}'                    # {{ }} are literal braces
///     reply = "Turning the {room} light {state}"            # spoken/published answer (optional)
public struct IntentSettings: Sendable, Equatable {
    public var name: String
    public var description: String?
    public var sentences: [String]
    /// The sentences that parsed (same order as `sentences`, invalid ones left out).
    public var templates: [SentenceTemplate]
    /// Declared slots (lists and ranges) plus tags, whose values are their group's alternatives.
    public var slots: [String: SlotValues]
    /// Slot names in declaration order, tags after them.
    public var slotOrder: [String]
    public var action: IntentAction
    public var line: Int
    /// The intent's own paraphrases (`synonyms = { "kill" = "turn off" }`), tried before the built-in English ones.
    public var synonyms: Lexicon = .empty

    public static let maxExpansions = 2000

    /// Every word its sentences say (alternatives and tagged words included), and the words of its
    /// list slots' values.
    public var words: Set<String> {
        var out: Set<String> = []
        for template in templates {
            guard let expansions = try? TemplateExpansion.expand(template.nodes, limit: Self.maxExpansions) else { continue }
            for e in expansions { out.formUnion(TemplateMatcher.words(of: e)) }
        }
        for (_, values) in slots { if case let .list(items) = values { for i in items { out.formUnion(TextNormalizer.words(i)) } } }
        return out
    }

    /// Whether one of its slots is a number range.
    public var takesNumber: Bool {
        slots.values.contains { if case .range = $0 { return true } else { return false } }
    }

    public init(_ t: ConfigTable) {
        line = t.line
        name = t.string("name") ?? ""
        description = t.string("description")
        sentences = t.strings("sentences", default: [])
        if !t.has("name") {
            t.report(nil, "needs a name", hint: "add name = \"…\"")
        } else if !Self.isValidName(name) {
            t.report("name", "must be 1 to 64 letters, digits, '_' or '-'", got: "\"\(name)\"",
                     hint: "it becomes the topic level <prefix>/intent/<name> and the cloud tool name")
        }
        if sentences.isEmpty { t.report(t.has("sentences") ? "sentences" : nil, "needs at least one sentence template",
                                         hint: "add sentences = [\"turn on the light\"]") }

        // Slots: lists of phrases or number ranges.
        var slots: [String: SlotValues] = [:]
        var order: [String] = []
        if let table = t.table("slots") {
            for (key, value) in table.entries() {
                let path = table.keyPath(key)
                switch value.kind {
                case let .array(items):
                    var phrases: [String] = []
                    for (i, item) in items.enumerated() {
                        guard case let .string(s) = item.kind, !TextNormalizer.words(s).isEmpty else {
                            t.sink.add(line: item.line, path: "\(path)[\(i)]", "must be a non-empty phrase", got: item.rendered)
                            continue
                        }
                        phrases.append(TextNormalizer.normalize(s))
                    }
                    if items.isEmpty { t.sink.add(line: value.line, path: path, "slot list is empty", hint: "list its values") }
                    slots[key] = .list(phrases)
                case let .string(s):
                    if let r = SlotValues.parseRange(s) {
                        slots[key] = .range(r)
                    } else {
                        t.sink.add(line: value.line, path: path, "must be a list of phrases or a number range", got: value.rendered,
                                   hint: "write [\"kitchen\", \"hall\"] or \"15..30\"")
                    }
                default:
                    t.sink.add(line: value.line, path: path, "must be a list of phrases or a number range", got: value.rendered,
                               hint: "write [\"kitchen\", \"hall\"] or \"15..30\"")
                }
                if slots[key] != nil { order.append(key) }
            }
        }

        // Synonyms: phrase = replacement, checked like the built-in lexicon.
        var synonymEntries: [Lexicon.Entry] = []
        if let table = t.table("synonyms") {
            for (key, value) in table.entries() {
                let path = table.keyPath(key)
                guard case let .string(replacement) = value.kind else {
                    t.sink.add(line: value.line, path: path, "must be a phrase", got: value.rendered, hint: "write \"kill\" = \"turn off\"")
                    continue
                }
                let entry = Lexicon.Entry(phrase: TextNormalizer.words(key), replacement: TextNormalizer.words(replacement), line: value.line)
                if let problem = Lexicon.check(entry) {
                    t.sink.add(line: value.line, path: path, problem, got: "\"\(replacement)\"")
                } else {
                    synonymEntries.append(entry)
                }
            }
        } else if t.has("synonyms") {
            t.report("synonyms", "must be a table of phrases", hint: "write synonyms = { \"kill\" = \"turn off\" }")
        }
        synonyms = Lexicon(entries: synonymEntries)

        // Templates: parse, check slot references, tags and size.
        let sentencesLine = t.line(of: "sentences")
        let where_ = t.keyPath("sentences")
        var templates: [SentenceTemplate] = []
        var tagValues: [String: [String]] = [:]
        for (i, text) in sentences.enumerated() {
            let template: SentenceTemplate
            do {
                template = try SentenceTemplate(text)
            } catch {
                t.sink.add(line: sentencesLine, path: "\(where_)[\(i)]", error.description, got: "\"\(text)\"")
                continue
            }
            var ok = true
            for slot in template.slotReferences where slots[slot] == nil {
                ok = false
                let hint = Spelling.closest(to: slot, in: Array(slots.keys)).map { "did you mean '{\($0)}'?" }
                    ?? "declare it: slots = { \(slot) = [\"…\"] } or \"1..10\""
                t.sink.add(line: sentencesLine, path: "\(where_)[\(i)]", "unknown slot '{\(slot)}'", got: "\"\(text)\"", hint: hint)
            }
            for tag in template.tagNames where slots[tag] != nil {
                ok = false
                t.sink.add(line: sentencesLine, path: "\(where_)[\(i)]", "'{\(tag)}' names both a group and a slot list",
                           got: "\"\(text)\"", hint: "rename one of them")
            }
            if Self.tagContainsSlot(template.nodes) {
                ok = false
                t.sink.add(line: sentencesLine, path: "\(where_)[\(i)]", "a tagged group (…){name} cannot contain slots",
                           got: "\"\(text)\"")
            }
            let expansions: [[TemplateElement]]
            do {
                expansions = try TemplateExpansion.expand(template.nodes, limit: Self.maxExpansions)
            } catch {
                t.sink.add(line: sentencesLine, path: "\(where_)[\(i)]", "expands to more than \(error.limit) sentences",
                           got: "\"\(text)\"", hint: "move long alternatives into a slot list")
                continue
            }
            for e in expansions {
                for case let .tagged(slot, value, _) in e where !(tagValues[slot]?.contains(value) ?? false) {
                    tagValues[slot, default: []].append(value)
                }
            }
            if ok { templates.append(template) }
        }
        for (tag, values) in tagValues.sorted(by: { $0.key < $1.key }) where slots[tag] == nil {
            slots[tag] = .list(values)
            order.append(tag)
        }
        self.templates = templates
        self.slots = slots
        self.slotOrder = order
        let said = Set(Self.words(of: templates))
        for e in synonyms.entries where !e.replacement.isEmpty && !e.replacement.contains(where: said.contains) {
            t.sink.add(line: e.line, path: t.keyPath("synonyms"), "'\(e.phrase.joined(separator: " "))' = '\(e.replacement.joined(separator: " "))': none of this intent's sentences says \(e.replacement.map { "'\($0)'" }.joined(separator: " or "))",
                       hint: "replace the phrase with words its sentences use")
        }

        // The action.
        func template(_ key: String) -> ActionTemplate? {
            guard let text = t.string(key) else { return nil }
            do {
                return try ActionTemplate(text)
            } catch {
                t.report(key, error.message, got: "\"\(text)\"")
                return nil
            }
        }
        let topic = template("topic")
        let payload = template("payload")
        let reply = template("reply")
        let qos = t.int("qos", default: 1, in: 0...2)
        let retain = t.bool("retain", default: false)
        action = IntentAction(topic: topic, payload: payload, qos: qos, retain: retain, reply: reply)
        if !t.has("topic"), !t.has("reply") {
            t.report(nil, "needs an action", hint: "add topic = \"…\" (MQTT publish) and/or reply = \"…\" (answer)")
        }
        if t.has("payload"), !t.has("topic") {
            t.report("payload", "a payload needs a topic", hint: "add topic = \"…\"")
        }
        for (key, tpl) in [("topic", topic), ("payload", payload), ("reply", reply)] {
            guard let tpl else { continue }
            for p in tpl.placeholders where slots[p] == nil && p != "intent" {
                let hint = Spelling.closest(to: p, in: Array(slots.keys)).map { "did you mean '{\($0)}'?" }
                    ?? "known: " + (order + ["intent"]).map { "{\($0)}" }.joined(separator: ", ")
                t.report(key, "unknown slot '{\(p)}'", got: "\"\(tpl.source)\"", hint: hint)
            }
        }
        if let topic { checkTopic(topic, t) }
        if let payload, action.payloadEscaping == .json {
            let sample = payload.render(sampleValues(), escaping: .json)
            if JSONValue.parse(sample) == nil {
                t.report("payload", "is not valid JSON once its slots are filled", got: "'\(sample)'",
                         hint: "write literal braces as {{ and }}")
            }
        }
    }

    /// Every literal word of the intent's sentences (tag alternatives included).
    public var templateWords: [String] { Self.words(of: templates) }

    static func words(of templates: [SentenceTemplate]) -> [String] {
        var out: [String] = []
        func walk(_ nodes: [SentenceTemplate.Node]) {
            for n in nodes {
                switch n {
                case let .word(w): out.append(w)
                case .slot: break
                case let .group(alts, _, _): alts.forEach(walk)
                }
            }
        }
        for t in templates { walk(t.nodes) }
        return out
    }

    /// Representative value per slot, for checks and examples.
    public func sampleValues() -> [String: String] {
        var v = slots.mapValues(\.representative)
        v["intent"] = name
        return v
    }

    /// Every value a topic template could receive must keep it a valid topic with the same levels,
    /// and every sentence must fill the slots it uses.
    private func checkTopic(_ topic: ActionTemplate, _ t: ConfigTable) {
        for p in topic.placeholders {
            guard let values = p == "intent" ? .list([name]) : slots[p] else { continue }
            for v in values.sampleValues {
                if v.contains("/") || v.contains("+") || v.contains("#") || v.contains("\u{0}") || v.isEmpty {
                    t.report("topic", "slot '{\(p)}' value '\(v)' would make an invalid topic", got: "\"\(topic.source)\"",
                             hint: "topic slot values cannot be empty or contain '/', '+' or '#'")
                    return
                }
            }
            for (i, template) in templates.enumerated() {
                let expansions = (try? TemplateExpansion.expand(template.nodes, limit: Self.maxExpansions)) ?? []
                if expansions.contains(where: { !Self.fills($0, p) }), p != "intent" {
                    t.report("topic", "uses '{\(p)}' but sentence \(i + 1) can match without it", got: "\"\(template.source)\"",
                             hint: "make {\(p)} required in every sentence, or leave it out of the topic")
                    return
                }
            }
        }
        let sample = topic.render(sampleValues())
        if let problem = MQTTTopic.nameProblem(sample) {
            t.report("topic", problem, got: "\"\(topic.source)\"")
        }
    }

    private static func fills(_ elements: [TemplateElement], _ slot: String) -> Bool {
        elements.contains { e in
            switch e {
            case .word: false
            case let .slot(s): s == slot
            case let .tagged(s, _, _): s == slot
            }
        }
    }

    private static func tagContainsSlot(_ nodes: [SentenceTemplate.Node], inTag: Bool = false) -> Bool {
        nodes.contains { n in
            switch n {
            case .word: false
            case .slot: inTag
            case let .group(alts, _, tag): alts.contains { tagContainsSlot($0, inTag: inTag || tag != nil) }
            }
        }
    }

    public static func isValidName(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= 64
            && s.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") }
    }
}
