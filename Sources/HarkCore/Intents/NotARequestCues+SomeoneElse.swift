/// Cues that a message is for someone or something other than Hark, or not said to anyone: a
/// request to another person ("mom can you …", "Ben, open the garage door", "tell dad to …"), to
/// another assistant ("hey siri, …"), for another place ("… at my sister's flat"), someone else's
/// words (a story, a song, a quote), or machine text (JSON, a topic, a log line).
extension NotARequestCues {
    /// Why `words` (after `start`'s leading fillers) is for someone else, or nil. `clauses` and
    /// `text`: the message's clauses and the message as written (for the comma after a name).
    static func someoneElseReason(_ words: [String], start: ArraySlice<String>, clauses: [[String]]?, text: String?,
                                  vocabulary: Set<String>) -> String? {
        // "tell dad to …", "ask the kids to …"; not "tell me …", nor "tell the vacuum to start" (a thing the intents name).
        if let first = start.first, askers.contains(first), let to = start.dropFirst().prefix(4).firstIndex(of: "to") {
            let addressee = start[start.index(after: start.startIndex)..<to]
            if !addressee.isEmpty, !addressee.contains(where: { ["me", "us"].contains($0) }),
               !addressee.contains(where: { vocabulary.contains($0) && !determiners.contains($0) }) {
                return "a request for someone else"
            }
        }
        // "ask the landlord about the front door lock".
        if let first = start.first, first == "ask", start.dropFirst().prefix(4).contains("about") { return "a question for someone else" }
        if let why = addressee(Array(start), vocabulary: vocabulary) { return why }
        // "Ben, open the garage door", "hey siri, …", "hark, stay out of this one. dad, set …": a clause that only names someone.
        for clause in clauses ?? [] {
            let named = clause.drop { ["hey", "ok", "okay", "oi", "yo"].contains($0) }
            if named.count == 1, let name = named.first, !vocabulary.contains(name), !assistantNames.contains(name),
               familyWords.contains(name) || otherAssistants.contains(name)
                || !(fillers.contains(name) || openings.contains(name) || annoyed.contains(name) || jokes.contains(name)
                     || interjections.contains(name) || asking.contains(name) || lexiconWords.contains(name) || name.contains(where: \.isNumber)) {
                // A name is followed by a comma ("Ben, open …"; "Doorbell! pause the music" is no name).
                let comma = text.map { $0.lowercased().contains(name + ",") } ?? true
                if clause != clauses?.last, comma { return "a request for someone else" }
            }
        }
        if words.contains(where: otherAssistants.contains) { return "a request for another assistant" }
        // "can someone start the vacuum", "could anyone …", "someone close the garage".
        if let first = start.first, ["someone", "somebody", "anyone", "anybody"].contains(first), start.count > 2,
           words.first.map({ ["can", "could", "would", "will"].contains($0) }) ?? false || asking.contains(start[start.startIndex + 1]) {
            return "a request for someone else"
        }
        if words.indices.contains(where: { i in ["command", "request"].contains(words[i]) && i > 0 && ["a", "not", "isn't"].contains(words[i - 1]) })
            && words.contains(where: { ["not", "isn't", "no"].contains($0) }) {
            return "said not to be a command"
        }
        if words.contains(where: { storyWords.contains($0) && !vocabulary.contains($0) }) { return "someone else's words" }
        return nil
    }

    /// "… at my mum's house", "… at priya's", "… in the car", "… at the holiday cottage": a request for
    /// another place than this home. "at" or "in" (or "from") with a possessive or a place the intents
    /// do not name after it.
    static func elsewhere(_ words: [String], vocabulary: Set<String>) -> String? {
        for i in words.indices where ["at", "in", "from"].contains(words[i]) {
            let phrase = words[(i + 1)...].prefix(4)
            var j = phrase.startIndex
            while j < phrase.endIndex, determiners.contains(phrase[j]) { j += 1 }
            guard j < phrase.endIndex else { continue }
            // "at my mum's house", "from next door's party" (not "in the kitchen the baby's asleep").
            if phrase[j...].prefix(2).contains(where: { $0.hasSuffix("'s") && !contractions.contains($0) && !vocabulary.contains($0) }) {
                return "a request for another place"
            }
            if phrase[j...].contains(where: { otherPlaces.contains($0) && !vocabulary.contains($0) }) { return "a request for another place" }
        }
        return nil
    }

    /// "mom can you close the garage", "sarah could you pause the music", "kids, lights off": the
    /// message starts by naming someone, a family word or a name before "can you", "would you" …,
    /// so the request is theirs. Hark's own names and the fillers said before a request ("hey",
    /// "ok", "sorry", …) name no one.
    static func addressee(_ start: [String], vocabulary: Set<String>) -> String? {
        guard let first = start.first, !vocabulary.contains(first) else { return nil }
        if familyWords.contains(first), start.count > 2, ["can", "could", "would", "will"].contains(start[1]) || asking.contains(start[1]) {
            return "a request for someone else"
        }
        guard start.count > 3, ["can", "could", "would", "will"].contains(start[1]), ["you", "u", "ya"].contains(start[2]) else { return nil }
        let named = !fillers.contains(first) && !openings.contains(first) && !annoyed.contains(first) && !jokes.contains(first)
            && !assistantNames.contains(first) && !asking.contains(first) && !first.contains(where: \.isNumber)
        return named ? "a request for someone else" : nil
    }

    /// Whether `text` is machine text rather than something said: JSON (`{"state": "on"}`), an MQTT
    /// topic (`home/kitchen/light/set`), an entity id (`sensor.bathroom_fan`), or a log line (`ERROR:
    /// …`, `WARN front door lock jammed`). An arrow is shorthand a person types ("heating -> off").
    public static func isMachineText(_ text: String) -> Bool {
        if text.contains("{") || text.contains("}") { return true }
        let tokens = text.split(whereSeparator: \.isWhitespace)
        if let first = tokens.first, logLevels.contains(String(first.filter { !":[]".contains($0) })) { return true }
        return tokens.contains { t in
            let parts = t.split(separator: "/")
            if parts.count >= 3, parts.allSatisfy({ $0.contains(where: \.isLetter) }) { return true } // a topic, not "1/2"
            // "sensor.bathroom_fan", "light.kitchen": an entity id (Home Assistant's domains).
            if let dot = t.firstIndex(of: "."), entityDomains.contains(String(t[..<dot]).lowercased()),
               t[t.index(after: dot)...].first?.isLetter == true { return true }
            return t.contains("_") && t.contains(where: \.isLetter)
        }
    }

    static let entityDomains: Set<String> = ["sensor", "binary_sensor", "light", "switch", "climate", "cover", "fan", "lock", "media_player",
                                             "alarm_control_panel", "vacuum", "scene", "script", "automation", "input_boolean", "timer"]
    static let logLevels: Set<String> = ["ERROR", "WARN", "WARNING", "INFO", "DEBUG", "TRACE", "FATAL", "CRITICAL", "ERR"]

    /// Whether `text` quotes words that ask for something (`reading the manual: "to unlock the side
    /// door, hold the button"`, `she said 'lock the door'`): a span in double quotes, or in single
    /// quotes that are not apostrophes, of at least three words, one of them a request verb.
    public static func quotesARequest(_ text: String) -> Bool {
        let chars = Array(text)
        var spans: [String] = []
        var open: (Character, Int)?
        for (i, c) in chars.enumerated() {
            let before = i > 0 ? chars[i - 1] : " ", after = i + 1 < chars.count ? chars[i + 1] : " "
            if let (q, start) = open {
                let closes = (q == "\"" && c == "\"") || (q == "\u{201C}" && c == "\u{201D}")
                    || (q == "'" && (c == "'" || c == "\u{2019}") && !after.isLetter) || (q == "\u{2018}" && c == "\u{2019}" && !after.isLetter)
                if closes { spans.append(String(chars[(start + 1)..<i])); open = nil }
            } else if c == "\"" || c == "\u{201C}" || ((c == "'" || c == "\u{2018}") && !before.isLetter && after.isLetter) {
                open = (c, i)
            }
        }
        return spans.contains { span in
            let w = TextNormalizer.words(span)
            return w.count >= 3 && w.contains(where: TextNormalizer.imperativeStarts.contains)
        }
    }

    /// Words that name a person spoken to ("mom can you …", "kids, lights off").
    static let familyWords: Set<String> = ["mom", "mum", "mommy", "mummy", "mama", "dad", "daddy", "papa", "grandma", "grandpa", "granny",
                                           "gran", "nana", "grandad", "honey", "babe", "darling", "sweetie", "sweetheart", "son", "kids",
                                           "guys", "folks", "boys", "girls"]
    /// The names Hark may be called by (its wake words).
    static let assistantNames: Set<String> = ["hark", "nabu", "jarvis", "mycroft", "alexa", "computer", "assistant"]
    /// Words said before "can you …" that name no one.
    static let fillers: Set<String> = ["hi", "hello", "yo", "er", "hmm", "ah", "ahh", "listen", "look", "sorry", "excuse", "quick",
                                       "quickly", "also", "now", "then", "again", "actually", "first", "next", "finally", "lastly",
                                       "btw", "just", "maybe", "perhaps", "yes", "no", "cool", "thanks", "wait", "please", "pls", "plz",
                                       "hmmm", "um", "uh", "erm", "umm", "uhh", "hey", "ok", "okay", "k", "kk", "bud", "buddy"]
    static let contractions: Set<String> = ["it's", "that's", "there's", "here's", "what's", "who's", "he's", "she's", "let's", "how's",
                                            "where's", "when's", "why's"]
    /// Places other than the rooms of this home.
    static let otherPlaces: Set<String> = ["car", "shop", "store", "cottage", "cabin", "flat", "apartment", "bungalow", "work", "school",
                                           "hotel", "caravan", "boat", "studio", "villa", "neighbours", "neighbors", "neighbour's",
                                           "neighbor's", "parents", "campsite", "airbnb", "holiday"]
    /// Words of the built-in lexicon ("thermostat", "vol"): a thing, not a name.
    static let lexiconWords: Set<String> = Set(Lexicon.english.entries.flatMap { $0.phrase + $0.replacement })
    /// Other assistants spoken to ("hey siri, …"); Hark's own wake words are `assistantNames`.
    static let otherAssistants: Set<String> = ["siri", "google", "cortana", "bixby"]
    /// Words said alone before a request that name no one ("great, …", "perfect, …").
    static let interjections: Set<String> = ["great", "perfect", "nice", "awesome", "good", "fine", "brilliant", "excellent", "lovely",
                                             "wonderful", "fantastic", "super", "yep", "yup", "nope", "nah", "anyway", "anyways",
                                             "boom", "gosh", "damn", "oops", "whoops", "ooh", "oh", "aha", "hmm", "right", "okay",
                                             "alright", "quick", "hurry", "morning", "evening", "night", "goodnight", "hiya", "howdy",
                                             "done", "also", "finally", "first", "firstly", "secondly", "lastly", "again", "yes", "yeah",
                                             "thx", "cheers", "ty", "sure", "hm", "hmmm", "everyone", "everybody"]
    /// Words of stories, songs and texts read out ("in the novel the butler whispers turn off the light").
    static let storyWords: Set<String> = ["lyrics", "novel", "subtitle", "subtitles", "homework", "chapter", "episode", "podcast", "poem",
                                          "narrator", "character", "whispers", "sings", "sang", "recipe", "manual", "instructions"]
    static let askers: Set<String> = ["tell", "ask", "remind"]
}
