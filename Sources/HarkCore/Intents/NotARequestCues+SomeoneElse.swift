/// Cues that a message is for someone or something other than Hark, or not said to anyone: a
/// request to another person ("mom can you …", "Ben, open the garage door", "tell dad to …"), to
/// another assistant ("hey siri, …"), for another place ("… at my sister's flat"), someone else's
/// words (a story, a song, a quote), or machine text (JSON, a topic, a log line).
extension NotARequestCues {
    /// Why `words` (after `start`'s leading fillers) is for someone else, or nil. `clauses` and
    /// `text`: the message's clauses and the message as written (for the comma after a name).
    static func someoneElseReason(_ words: [String], start: ArraySlice<String>, clauses: [[String]]?, text: String?,
                                  vocabulary: Set<String>, ownNames: Set<String>) -> String? {
        let others = allAssistants.subtracting(ownNames)
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
        if let why = addressee(Array(start), vocabulary: vocabulary, ownNames: ownNames) { return why }
        // "Ben, open the garage door", "hey siri, …", "hark, stay out of this one. dad, set …": a clause that only names someone.
        for (k, clause) in (clauses ?? []).enumerated() {
            let named = clause.drop { ["hey", "ok", "okay", "oi", "yo", "hi", "hello", "hiya", "morning", "come", "on"].contains($0) }
            if named.count == 1, let name = named.first, !vocabulary.contains(name), !ownNames.contains(name),
               familyWords.contains(name) || others.contains(name) || groupWords.contains(name)
                || !(fillers.contains(name) || openings.contains(name) || annoyed.contains(name) || jokes.contains(name)
                     || interjections.contains(name) || asking.contains(name) || lexiconWords.contains(name) || name.contains(where: \.isNumber)) {
                // A name is followed by a comma ("Ben, open …"; "Doorbell! pause the music" is no name).
                let comma = text.map { $0.lowercased().contains(name + ",") } ?? true
                if clause != clauses?.last, comma { return "a request for someone else" }
            }
            // "will, close the garage door": a modal followed by a comma is a name.
            if k == 0, clause.count == 1, let name = clause.first, ["will", "bill", "mark", "pat", "sue", "rob", "jack", "grace", "faith"].contains(name),
               clauses.map({ $0.count > 1 }) ?? false, text.map({ $0.lowercased().drop(while: \.isWhitespace).hasPrefix(name + ",") }) ?? false {
                return "a request for someone else"
            }
            // "…, dad", "…, mum?", "…, uncle dev, …", "…, little man": a family word or title spoken to, after the request.
            if k > 0, (1...2).contains(clause.count), !clause.contains(where: { vocabulary.contains($0) || ownNames.contains($0) }),
               familyWords.contains(clause[0]) || kinTitles.contains(clause[0]) || groupWords.contains(clause[clause.count - 1])
                || (clause.count == 2 && ["little", "young"].contains(clause[0]) && ["man", "lady", "one", "un"].contains(clause[1])) {
                return "a request for someone else"
            }
            // "…, would you, alex", "turn the heating off, dad": a last clause that is only a name.
            if k > 0, k == (clauses?.count ?? 0) - 1, clause.count == 1, let name = clause.first, !vocabulary.contains(name), !ownNames.contains(name),
               !(fillers.contains(name) || openings.contains(name) || annoyed.contains(name) || jokes.contains(name) || interjections.contains(name)
                 || asking.contains(name) || lexiconWords.contains(name) || name.contains(where: \.isNumber) || tailWords.contains(name)
                 || name.count < 3 || TextNormalizer.contractedSubjects.contains(name) || determiners.contains(name)),
               text.map({ String($0.lowercased().reversed().drop { !$0.isLetter }.reversed()).hasSuffix(", " + name) }) ?? false {
                return "a request for someone else"
            }
        }
        if words.contains(where: others.contains) { return "a request for another assistant" }
        // "let grandad unlock the side door": permission for someone else ("let me", "let's" ask Hark).
        for i in words.indices where words[i] == "let" && i + 2 < words.count {
            if !["me", "us", "it", "them", "the", "that", "this", "everything", "her", "him"].contains(words[i + 1]), !vocabulary.contains(words[i + 1]),
               (familyWords.contains(words[i + 1]) || kinTitles.contains(words[i + 1]) || !lexiconWords.contains(words[i + 1])),
               TextNormalizer.imperativeStarts.union(["set", "put", "shut"]).contains(words[i + 2]) {
                return "a request for someone else"
            }
        }
        // "pretend this sofa's a spaceship", "we're playing hotels", "beep boop": a game.
        if words.contains(where: { ["pretend", "pretending", "roleplay", "make-believe"].contains($0) && !vocabulary.contains($0) })
            || contains(words, [["we're", "playing"], ["beep", "boop"], ["you", "be", "the"], ["i'll", "be", "the"]], vocabulary: vocabulary) {
            return "a game"
        }
        // "this is the front gate intercom", "you're on speakerphone": a call.
        if contains(words, [["intercom"], ["on", "the", "line"], ["speakerphone"]], vocabulary: vocabulary) { return "a call" }
        // "anyone upstairs? close the bedroom curtains": a question to the people in the house.
        if let first = clauses?.first?.first, ["anyone", "anybody", "someone", "somebody"].contains(first), (clauses?.count ?? 0) > 1 {
            return "a request for someone else"
        }
        // "shall i set the temperature …", "do you want me to …": an offer, not a request.
        if contains(words, [["shall", "i"], ["shall", "we"], ["want", "me", "to"]], vocabulary: vocabulary) { return "an offer" }
        // "for the tiling you'll want to turn off the bathroom fan first": advice to a person.
        if contains(words, [["you'll", "want", "to"], ["you'll", "need", "to"], ["you'll", "have", "to"], ["you", "want", "to", "make", "sure"]],
                    vocabulary: vocabulary) {
            return "advice for someone"
        }
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
    static func addressee(_ start: [String], vocabulary: Set<String>, ownNames: Set<String>) -> String? {
        guard let first = start.first, !vocabulary.contains(first) else { return nil }
        if familyWords.contains(first), start.count > 2, ["can", "could", "would", "will"].contains(start[1]) || asking.contains(start[1]) {
            return "a request for someone else"
        }
        guard start.count > 3, ["can", "could", "would", "will"].contains(start[1]), ["you", "u", "ya"].contains(start[2]) else { return nil }
        let named = !fillers.contains(first) && !openings.contains(first) && !annoyed.contains(first) && !jokes.contains(first)
            && !ownNames.contains(first) && !asking.contains(first) && !first.contains(where: \.isNumber)
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
            return w.count >= 3 && w.contains(where: TextNormalizer.imperativeStarts.union(["set", "put", "shut"]).contains)
        }
    }

    /// Words that name a person spoken to ("mom can you …", "kids, lights off").
    static let familyWords: Set<String> = ["mom", "mum", "mommy", "mummy", "mama", "dad", "daddy", "papa", "grandma", "grandpa", "granny",
                                           "gran", "nana", "grandad", "honey", "babe", "darling", "sweetie", "sweetheart", "son", "kids",
                                           "guys", "folks", "boys", "girls"]
    /// The names Hark is called by with its default wake model (okay_nabu); `ownNames(wakeModels:)` for others.
    public static let defaultOwnNames: Set<String> = ownNames(wakeModels: ["okay_nabu"])
    /// The names Hark is called by: "hark", "computer", "assistant" and the names of its wake models
    /// ("okay_nabu" → "nabu", "alexa"). The other assistants' names are another assistant's.
    public static func ownNames(wakeModels: [String]) -> Set<String> {
        Set(["hark", "computer", "assistant", "house"]).union(wakeModels.flatMap { $0.lowercased().split(separator: "_").map(String.init) }
            .filter { !["okay", "ok", "hey", "hi"].contains($0) })
    }
    /// Assistants' names (wake words); those not Hark's own are another assistant's ("alexa, …" where
    /// Hark wakes to "okay nabu").
    static let allAssistants: Set<String> = ["siri", "google", "cortana", "bixby", "alexa", "jarvis", "mycroft", "nabu"]
    /// Titles said before a name ("uncle dev", "auntie sue").
    static let kinTitles: Set<String> = ["uncle", "auntie", "aunty", "aunt", "cousin", "grandad", "granddad", "grandpa", "grandma", "granny",
                                         "nan", "nanna", "miss", "mister", "mr", "mrs", "ms", "sir", "madam", "officer", "doctor", "coach"]
    /// People spoken to as a group ("come on team", "kids, …").
    static let groupWords: Set<String> = ["team", "lads", "ladies", "class", "children", "kids", "guys", "folks", "boys", "girls", "everyone"]
    /// Words said to Hark at the end of a request, not names ("…, mate", "…, innit").
    static let tailWords: Set<String> = ["mate", "love", "pal", "bro", "bruv", "dude", "man", "lah", "leh", "lor", "yaar", "innit", "boss",
                                         "chief", "fam", "bestie", "buddy", "bud", "hun", "cheers", "thanks", "thank", "please", "now",
                                         "eh", "sir", "kindly", "asap", "rn", "thx", "ty", "tnx", "ta", "mucker", "chum", "bru", "bhai",
                                         "ji", "na", "ya", "yeah", "yep", "hey", "ok", "okay", "right", "again", "too", "already",
                                         "quickly", "tonight", "there", "here", "first", "instead", "though", "anyway", "then", "dear", "abeg",
                                         "y'all", "folks", "sis", "bestie", "homie", "g", "fella", "sunshine"]
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
