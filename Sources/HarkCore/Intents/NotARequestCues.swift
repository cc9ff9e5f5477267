/// Cues that a message, whatever command it contains, is not a request to act now: a joke or
/// sarcasm ("lol sure, open the garage"), a description of a state ("office fan still on", "lights on in
/// the office again, ugh"), a reminder ("remember to lock the back door"), something the speaker does
/// ("done it myself"), a request for someone else ("tell dad to turn off the
/// lights"), someone else's words quoted ("the guy in the movie yelled open the garage"), a question
/// asking for advice ("what's a good temperature for the bedroom"), a request on a condition ("after
/// dinner close the blinds", "… when you're done"), a time other than now ("at 10pm switch off the
/// office lights", "tomorrow …", "next week …", "… last night"), a habit ("we usually set the living
/// room to 20 degrees", "… on fridays"), a statement about someone ("i like the bedroom at 19
/// degrees", "we keep the garage closed"), or a request to leave something as it is ("leave the
/// bedroom fan on").
///
/// The first eight are checked on the whole message before any clause is matched; the others on the
/// message said as one clause and on each clause of a compound one. A cue word that one of the intents'
/// sentences says is not a cue for that config (an intent "turn on the porch light every night").
public enum NotARequestCues {
    /// Why `words` (the whole message) is not a request to act now, or nil: a joke, a request for
    /// someone else, a quote, advice, a condition, a description of a state, a reminder, something the
    /// speaker does. `vocabulary`: every word the intents' sentences say.
    /// `clauses`: the message's clauses as words (`TextNormalizer.clauses`); a condition said inside a
    /// statement ("…, i sleep better when it's cool", "…, it's steamy in here after my shower") is that
    /// statement's, not the request's.
    /// `text`: the message as written, for quotes, machine text, "@name" and the commas after a name.
    public static func messageReason(_ words: [String], clauses: [[String]]? = nil, text: String? = nil, vocabulary: Set<String>,
                                     ownNames: Set<String> = defaultOwnNames) -> String? {
        if let text {
            if quotesARequest(text) { return "someone else's words, quoted" }
            if isMachineText(text) { return "machine text (JSON, a topic, a log line)" }
            // "@sam can you …" is for Sam; "@hark …" for Hark.
            if text.drop(while: \.isWhitespace).hasPrefix("@"), !ownNames.contains(words.first ?? "") { return "a message for someone else" }
            if let why = relayedReason(text, words: words, vocabulary: vocabulary, ownNames: ownNames) { return why }
        }
        let start = words.drop { leading.contains($0) }
        if words.contains(where: { jokes.contains($0) && !vocabulary.contains($0) })
            || starts(start, with: sarcasticOpenings) || starts(words.reversed(), with: sarcasticEndings) {
            return "a joke"
        }
        // "set timer default to 10 mins": settings, not a request to act.
        if words.contains(where: { ["default", "defaults"].contains($0) && !vocabulary.contains($0) }) { return "a change of settings" }
        for (i, w) in words.enumerated() where speechVerbs.contains(w) && !vocabulary.contains(w) {
            // "i said turn off the lights" repeats the speaker's own request.
            if i == 0 || words[i - 1] != "i" { return "someone else's words" }
        }
        // "thanks for cancelling the timer", "cheers for locking the front door": thanks for what was done.
        if starts(start, with: thanksFor) { return "thanks for what was done" }
        // "the kitchen light turns off by itself".
        if contains(words, [["by", "itself"], ["on", "its", "own"], ["by", "themselves"], ["on", "their", "own"]], vocabulary: vocabulary) {
            return "a description of a state"
        }
        // "turn the heating on at my parents' place", "lock the front door at my sister's flat": somewhere else.
        if let why = elsewhere(words, vocabulary: vocabulary) { return why }
        // "show her how to turn on the fan": how it is done, not a request to do it.
        if words.indices.dropLast().contains(where: { words[$0] == "how" && words[$0 + 1] == "to" }) { return "a question about how it is done" }
        if words.contains("imo") || words.indices.dropFirst().contains(where: { words[$0] == "opinion" && ["my", "our"].contains(words[$0 - 1]) }) {
            return "an opinion"
        }
        if starts(start, with: advice) || starts(words.drop { openings.contains($0) }, with: advice) { return "a question asking for advice" }
        // "who parked so close to the garage door", "why is the fan on": a question.
        if let first = start.first, ["who", "why", "whose", "where", "who's", "why's"].contains(first), !vocabulary.contains(first) { return "a question" }
        // A clause that ends in "when", "once", … goes on in the next one ("… when | you're done": split at "you're").
        var joined: [[String]] = []
        for clause in clauses ?? [words] {
            if let last = joined.last?.last, ["when", "once", "after", "if", "whenever", "until", "unless", "before"].contains(last) {
                joined[joined.count - 1] += clause
            } else {
                joined.append(clause)
            }
        }
        for clause in joined {
            let opening = clause.drop { openings.contains($0) }.first ?? ""
            if clauses != nil, TextNormalizer.contractedSubjects.contains(opening) || statementReason(clause, vocabulary: vocabulary) != nil { continue }
            if let why = conditionReason(clause, vocabulary: vocabulary) { return why }
        }
        if let why = someoneElseReason(words, start: start, clauses: clauses, text: text, vocabulary: vocabulary, ownNames: ownNames) { return why }
        if let why = overheardReason(words, vocabulary: vocabulary) { return why }
        if let why = describesState(words, vocabulary: vocabulary) { return why }
        if starts(start, with: reminders) { return "a reminder" }
        if let why = undecidedReason(words, clauses: clauses, vocabulary: vocabulary) { return why }
        if words.contains(where: { ["myself", "ourselves"].contains($0) }) { return "the speaker does it" }
        return nil
    }

    /// A message with no word that asks for anything (a request verb, a modal, "please", "need",
    /// "want") that describes a state: still or already so ("office fan still on", "living room
    /// lights already at 30 percent"), so as usual, wide open, in a past participle ("security armed,
    /// all good", "back door locked, checked it twice"), or annoyed at it coming back ("lights on in
    /// the office again, ugh"). A terse "lights on" is a command; these say what the speaker found.
    /// With a verb or "please" they ask: "ugh close the garage already", "office curtains closed please".
    static func describesState(_ words: [String], vocabulary: Set<String>) -> String? {
        // A polarity word asks when it starts the message or comes before its object ("close the garage
        // already"); after its thing it is the state found ("garage still open").
        let start = words.drop { openings.contains($0) || annoyed.contains($0) }.first
        let asks = words.indices.contains { i in
            guard asking.contains(words[i]) else { return false }
            return !PolarityGuard.isPolarity(words[i]) || words[i] == start || (i + 1 < words.count && objects.contains(words[i + 1]))
        }
        guard !asks else { return nil }
        if words.contains(where: { annoyed.contains($0) && !vocabulary.contains($0) }), words.contains("again") { return "a complaint" }
        for (i, w) in words.enumerated() where !vocabulary.contains(w) {
            let next = i + 1 < words.count ? words[i + 1] : ""
            if ["still", "already"].contains(w) || (w == "as" && next == "usual") || (w == "wide" && next == "open") {
                return "a description of a state"
            }
            if w.hasSuffix("ed"), PolarityGuard.isPolarity(w) || participles.contains(w) { return "a description of a state" }
            // "the thermostat reads 19 in the living room", "thermostat showing 19", "the movie scene makes the room too dark".
            if stateVerbs.contains(w), i > 0 { return "a description of a state" }

        }
        return nil
    }

    /// "after dinner close the blinds", "once the guests leave activate the night scene", "kids close
    /// the garage door when you're done", "as soon as i'm home …": a request on a condition, for later.
    /// It holds for the whole message, whichever clause says it. "… when you can", "when you get a
    /// chance" only ask politely.
    static func conditionReason(_ words: [String], vocabulary: Set<String>) -> String? {
        // "should the delivery arrive, open the garage".
        if words.first == "should", words.count > 2, subjectsOrObjects.contains(words[1]) || determiners.contains(words[1]),
           words[1] != "i", words[1] != "we", words[1] != "you" {
            return "a request on a condition"
        }
        for (i, w) in words.enumerated() where !vocabulary.contains(w) {
            let next = i + 1 < words.count ? words[i + 1] : ""
            // "if the baby wakes up, pause the music"; not "if you can", "if possible", nor "tell me if …" (a question).
            if w == "if", !next.isEmpty, !["possible", "necessary", "needed", "so", "you're", "ya"].contains(next),
               i == 0 || !ifQuestions.contains(words[i - 1]) {
                let after = i + 2 < words.count ? words[i + 2] : ""
                if ["you", "u"].contains(next), politeAfterIfYou.contains(after) { continue }
                return "a request on a condition"
            }
            if conditionWords.contains(w) || (w == "in" && next == "case") { return "a request on a condition" }
            // "next time i mention a film, …", "from now on …": a rule for later, not a request now.
            if starts(words[i...], with: futureRules) { return "a rule for later" }
            if w == "after", !next.isEmpty { return "a request on a condition" }
            if w == "as", starts(words[(i + 1)...], with: [["soon", "as"]]) { return "a request on a condition" }
            if ["once", "when", "whenever"].contains(w), subjectsOrObjects.contains(next) {
                if next == "you", i + 2 < words.count, ["can", "get", "have", "got"].contains(words[i + 2]) { continue }
                return "a request on a condition"
            }
        }
        return nil
    }

    /// Whether a clause says only when ("in an hour", "tomorrow", "at 7 pm", "next week"): it is the
    /// time of the request said with it, not a remark of its own.
    public static func isOnlyATime(_ words: [String], vocabulary: Set<String>) -> Bool {
        guard !words.isEmpty, clauseReason(words, vocabulary: vocabulary) == "a time other than now" else { return false }
        let timeWords: Set<String> = ["at", "in", "on", "the", "a", "an", "next", "this", "by", "around", "about", "half", "hour", "hours",
                                      "minutes", "minute", "am", "pm", "o'clock", "tonight", "later", "then", "until", "till", "ok", "okay", "so"]
        return words.allSatisfy { w in
            timeWords.contains(w) || deferred.contains(w) || timeUnits.contains(w) || weekdays.contains(w) || isClockTime(w)
                || NumberWords.read([w], from: 0) != nil || laterPhrases.contains { $0.contains(w) }
        }
    }

    /// Why a clause (or a message said as one) is not a request to act now, or nil: a statement about
    /// someone, another time, a habit, leaving something as it is. A clause of a compound message may say it as a reason
    /// ("we're leaving tomorrow, turn off the heating"): that clause is not a command, the others may be.
    public static func clauseReason(_ words: [String], vocabulary: Set<String>) -> String? {
        // "in the morning", "at night" ("in" and "at" are words the intents' sentences say).
        for i in words.indices where ["in", "at"].contains(words[i]) {
            if partsOfDay.contains(where: { starts(words[(i + 1)...], with: [$0]) }) { return "a time other than now" }
        }
        // "in a bit", "at some point", "this morning".
        // Not "remind me in half an hour", "wake me in an hour": a reminder set now for that time.
        for i in words.indices where laterPhrases.contains(where: { starts(words[i...], with: [$0]) }) && (i == 0 || words[i - 1] != "me") {
            return "a time other than now"
        }
        // "to unlock the side door, hold the button": a purpose, not a request.
        if let first = words.first, first == "to", words.count > 2, TextNormalizer.imperativeStarts.contains(words[1]) { return "a purpose, not a request" }
        for (i, w) in words.enumerated() where !vocabulary.contains(w) {
            let next = i + 1 < words.count ? words[i + 1] : ""
            if deferred.contains(w) || Self.isClockTime(w) { return "a time other than now" }
            // "next week", "last night", "two days ago", "in the morning", "at night".
            if (w == "next" || w == "last") && (timeUnits.contains(next) || weekdays.contains(next)) || w == "ago" {
                return "a time other than now"
            }
            if weekdays.contains(w), w.hasSuffix("s") { return "a habit" } // "on fridays", "at weekends"
            if w == "at", i + 1 < words.count, Self.isClockTime(words[i + 1])
                || (i + 2 < words.count && Int(words[i + 1]) != nil && ["am", "pm", "o'clock"].contains(words[i + 2])) {
                return "a time other than now"
            }
            if habits.contains(w) { return "a habit" }
            if w == "every", i + 1 < words.count, timeUnits.contains(words[i + 1]) { return "a habit" }
            if w == "leave", i + 1 < words.count, leftAs.contains(words[i + 1]) { return "a request to leave something as it is" }
            // "can you keep the kitchen lights on for them": as they are.
            if w == "keep", i + 1 < words.count, leftAs.contains(words[i + 1]), i == 0 || !personalSubjects.contains(words[i - 1]) {
                return "a request to leave something as it is"
            }
            // "the living room light stays on while you're away".
            if ["stays", "remains"].contains(w), i > 0 { return "a request to leave something as it is" }
            // "the garage can stay open": allowed to stay as it is.
            if w == "stay", i > 0, ["can", "may", "might", "could", "should"].contains(words[i - 1]) { return "a request to leave something as it is" }
            // "hark used to open the garage slower", "hark kept turning the volume down": what happened, or happens.
            if (w == "used" && next == "to") || (["keep", "keeps", "kept"].contains(w) && next.hasSuffix("ing")) { return "a habit" }
            // "the volume's down now": a noun and "is", then a state.
            if w.hasSuffix("'s"), !questionWords.contains(w), PolarityGuard.isPolarity(next) { return "a statement, not a request" }
        }
        if let why = planReason(words) { return why }
        // "the bedroom temperature is fine", "perfect, the living room is nice and warm now": a thing and how it is
        // (a remark: "the house is cold, heating on" asks in its other clause).
        if !words.contains(where: wonderingWords.contains), words.indices.contains(where: { i in
            ["the", "my", "our"].contains(words[i]) && words[(i + 1)...].prefix(4).contains(where: TextNormalizer.copulas.contains)
                && !words[..<i].contains(where: asking.contains) // "make sure the back door is locked" asks
        }) {
            return "a description of a state"
        }
        // "my brain needs a pause button like the music has": a comparison ("i'd like the …" asks; "it's like a sauna" is a remark).
        for i in words.indices.dropFirst() where words[i] == "like" && i + 1 < words.count && comparedThings.contains(words[i + 1]) {
            if !likeSubjects.contains(words[i - 1]), !TextNormalizer.copulas.contains(words[i - 1]),
               !TextNormalizer.contractedSubjects.contains(words[i - 1]), !["feels", "looks", "sounds", "seems", "feel", "look"].contains(words[i - 1]) {
                return "a comparison"
            }
        }
        return statementReason(words, vocabulary: vocabulary)
    }

    /// A clause that says something about someone rather than asking ("i like the bedroom at 19
    /// degrees", "we keep the garage closed at night", "i dimmed the office light last week",
    /// "someone keeps turning the heating off"): after any opening fillers, a personal subject and then a
    /// verb that is not one of wanting or needing ("i need …", "we want …"), a modal ("i can't …",
    /// "can i …" starts with the modal), or wondering or thinking.
    static func statementReason(_ words: [String], vocabulary: Set<String>) -> String? {
        var rest = words.drop { openings.contains($0) || ["first", "firstly", "then", "next", "after", "that"].contains($0) }
        // "the cat set it off", "my wife locked the back door": someone named by a word the intents do not say, then a verb.
        if rest.count > 3, ["the", "my", "our", "his", "her", "their"].contains(rest[rest.startIndex]) {
            let who = rest[rest.startIndex + 1], verb = rest[rest.startIndex + 2]
            if !vocabulary.contains(who), !lexiconWords.contains(who), !determiners.contains(who),
               ["set", "put", "shut"].contains(verb) || TextNormalizer.imperativeStarts.contains(verb) && verb != "please"
                || (verb.hasSuffix("ed") && (vocabulary.contains(verb) || participles.contains(verb) || PolarityGuard.isPolarity(verb))) {
                return "a statement, not a request"
            }
        }
        guard let subject = rest.first, personalSubjects.contains(subject) else { return nil }
        rest = rest.dropFirst().drop { adverbs.contains($0) }
        // "i armed the security system before we left", "first i close the garage": a verb the intents say, told.
        guard let verb = rest.first, !requestingVerbs.contains(verb),
              !vocabulary.contains(verb) || ["i", "we"].contains(subject) else { return nil }
        return "a statement, not a request"
    }

    /// "i'll switch the heating off in a bit", "we should dim the lights", "gonna turn the heating off",
    /// "i'm going to close the blinds": what the speaker means to do, not a request. "I" or "we" with
    /// "will" or "should", or "going to" / "gonna" with no other subject, before a request verb.
    static func planReason(_ words: [String]) -> String? {
        for i in words.indices {
            let w = words[i]
            var verbAt: Int?
            if ["i'll", "we'll"].contains(w) { verbAt = i + 1 }
            if ["i", "we"].contains(w), i + 1 < words.count, ["will", "should", "shall", "gotta", "ought"].contains(words[i + 1]) {
                verbAt = words[i + 1] == "ought" ? i + 3 : i + 2
            }
            if w == "gonna" || (w == "going" && i + 1 < words.count && words[i + 1] == "to") {
                let subject = i > 0 ? words[i - 1] : ""
                if subject.isEmpty || ["i'm", "we're", "am", "are", "im"].contains(subject) || openings.contains(subject) {
                    verbAt = w == "gonna" ? i + 1 : i + 2
                }
            }
            // "i need to vacuum the living room", "we have to lock up": what the speaker has to do.
            if ["i", "we"].contains(w), i + 2 < words.count, ["need", "have", "got", "gotta"].contains(words[i + 1]), words[i + 2] == "to" || words[i + 1] == "gotta" {
                return "what the speaker has to do"
            }
            // "it'll be far too hot", "that'll wake the baby": what will happen.
            if i == 0 || words[i - 1] == "so", predictions.contains(w) { return "what will happen" }
            // "a timer for 10 minutes would be too long": a hypothetical ("it would be great if you could …" asks).
            if ["would", "will"].contains(w), i > 0, i + 1 < words.count, words[i + 1] == "be", !["you", "u"].contains(words[i - 1]),
               !words[(i + 2)...].contains("you") {
                return "a hypothetical"
            }
            guard var v = verbAt else { continue }
            while v < words.count, adverbs.contains(words[v]) { v += 1 }
            if v < words.count, asking.contains(words[v]), !["please", "pls", "plz", "need", "want", "wanna", "like", "love", "sure"].contains(words[v]) {
                return "what the speaker means to do"
            }
        }
        return nil
    }

    static func starts<S: Collection>(_ words: S, with phrases: [[String]]) -> Bool where S.Element == String {
        phrases.contains { p in words.count >= p.count && Array(words.prefix(p.count)) == p }
    }

    /// "10pm", "7am", "7:30", "6:45pm": a time of day.
    public static func isClockTime(_ w: String) -> Bool {
        var s = Substring(w)
        if s.hasSuffix("am") || s.hasSuffix("pm") { s = s.dropLast(2) } else if !s.contains(":") { return false }
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let h = Int(parts[0]), (0...24).contains(h) else { return false }
        return parts.count == 1 || (parts[1].count == 2 && Int(parts[1]).map { (0..<60).contains($0) } ?? false)
    }

    /// Words said before the message proper ("hey", "um", "please").
    static let leading: Set<String> = ["hey", "hark", "ok", "okay", "um", "uh", "erm", "so", "please", "can", "could", "would", "you"]
    static let sarcasticOpenings: [[String]] = [
        ["oh", "sure"], ["yeah", "right"], ["as", "if"], ["sure", "sure"], ["yeah", "sure"], ["oh", "brilliant"], ["oh", "great"],
        ["oh", "wonderful"], ["oh", "perfect"], ["oh", "genius"], ["great", "idea"], ["brilliant", "idea"],
    ]
    /// Last words, reversed: "…, genius", "… what could go wrong".
    static let sarcasticEndings: [[String]] = [["genius"], ["wrong", "go", "could", "what"], ["idea", "great"], ["idea", "brilliant"]]
    /// Words that may open a message before its subject ("so i …", "well we …").
    static let openings: Set<String> = ["hey", "hark", "ok", "okay", "um", "uh", "erm", "so", "oh", "well", "yeah", "alright", "right", "and", "but"]
    static let personalSubjects: Set<String> = SlotSpanFiller.reportingSubjects.union(["everybody"])
    static let adverbs: Set<String> = ["just", "really", "also", "still", "kinda", "actually", "definitely", "totally", "seriously",
                                       "literally", "honestly", "only", "now", "so"]
    /// What may follow a subject in a request or a reason given with one: wanting and needing, modals,
    /// wondering ("i wonder how cold the bedroom is"), "i said …" (the speaker's own request again), a
    /// negation (a reason or a take-back, judged elsewhere).
    static let requestingVerbs: Set<String> = [
        "need", "needs", "want", "wants", "wanna", "would", "could", "can", "can't", "cannot", "couldn't", "will", "won't", "shall",
        "should", "must", "gotta", "got", "have", "has", "do", "does", "did", "don't", "doesn't", "didn't", "wonder", "was", "were",
        "am", "think", "guess", "mean", "meant", "said", "say", "hope", "wish", "require", "request", "beg", "insist",
    ]
    /// After "once", "when": a subject or an object ("once the guests leave", "when you're done").
    static let subjectsOrObjects: Set<String> = ["i", "we", "you", "they", "he", "she", "it", "the", "my", "our", "your", "everyone",
                                                 "someone", "i'm", "we're", "you're", "they're", "it's", "he's", "she's", "i've", "we've"]
    static let weekdays: Set<String> = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mondays",
                                        "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays", "weekend", "weekends"]
    static let partsOfDay: [[String]] = [["the", "morning"], ["the", "evening"], ["the", "afternoon"], ["night"], ["the", "weekend"]]
    /// Words that ask for something: request verbs, modals, "please", wishes, "let's".
    static let asking: Set<String> = TextNormalizer.imperativeStarts.union(TextNormalizer.requestModals).union([
        "set", "put", "shut", "kill", "pull", "draw", "crank", "bump", "drop", "give", "bring", "pop", "flip", "hit", "let", "let's",
        "pls", "plz", "need", "needs", "want", "wanna", "like", "love", "gotta", "ensure", "sure", "do", "keep",
    ])
    /// Words that start the object of a verb ("close the garage", "turn it off", "switch everything off").
    static let objects: Set<String> = SlotSpanFiller.objectStarts.union(["these", "those", "all", "up", "down", "on", "off", "everything"])
    static let reminders: [[String]] = [["remember", "to"], ["don't", "forget", "to"], ["dont", "forget", "to"], ["note", "to", "self"],
                                        ["todo"], ["to", "do"], ["note"], ["reminder"]]
    static let annoyed: Set<String> = ["ugh", "urgh", "argh", "smh", "sigh", "ffs", "jeez", "seriously", "honestly", "omg", "wtf", "typical"]
    static let jokes: Set<String> = ["lol", "lmao", "rofl", "jk", "haha", "hahaha", "kidding", "joking", "sarcasm"]
    static let determiners: Set<String> = ["the", "a", "an", "my", "our", "your"]
    static let speechVerbs: Set<String> = ["said", "says", "yelled", "yells", "shouted", "shouts", "screamed", "whispered", "told", "wrote"]
    static let advice: [[String]] = [
        ["what's", "a", "good"], ["whats", "a", "good"], ["what", "is", "a", "good"], ["what's", "the", "best"], ["whats", "the", "best"],
        ["what", "is", "the", "best"], ["what's", "the", "ideal"], ["what", "is", "the", "ideal"], ["what", "should"],
        ["what's", "a", "nice"], ["what", "is", "a", "nice"], ["should", "i"], ["should", "we"], ["would", "it", "be", "smart"],
        ["would", "it", "be", "wise"], ["would", "it", "be", "better"], ["would", "it", "be", "a", "good", "idea"], ["is", "it", "a", "good", "idea"],
        ["is", "it", "smart"], ["is", "it", "wise"],
    ]
    static let questionWords: Set<String> = ["what's", "how's", "where's", "who's", "when's", "why's", "let's", "here's"]
    static let deferred: Set<String> = ["tomorrow", "yesterday", "later", "afterwards", "monday", "tuesday", "wednesday", "thursday",
                                        "friday", "saturday", "sunday", "noon", "midnight"]
    /// "in a bit", "at some point", "this morning": a time that is not now.
    static let laterPhrases: [[String]] = [
        ["in", "a", "bit"], ["in", "a", "while"], ["in", "a", "minute"], ["in", "a", "moment"], ["in", "a", "sec"], ["in", "a", "second"],
        ["at", "some", "point"], ["eventually"], ["this", "morning"], ["this", "afternoon"], ["this", "evening"], ["in", "an", "hour"],
        ["in", "half", "an", "hour"], ["at", "sunset"], ["at", "sunrise"], ["at", "dawn"], ["at", "dusk"], ["in", "summer"],
        ["in", "winter"], ["in", "spring"], ["in", "autumn"], ["in", "the", "summer"], ["in", "the", "winter"], ["this", "summer"],
        ["this", "winter"], ["at", "half", "past"], ["at", "quarter", "past"], ["at", "quarter", "to"], ["at", "bedtime"],
    ]
    /// Past participles of request verbs that are no polarity word ("office lights dimmed to 40%").
    static let participles: Set<String> = ["dimmed", "turned", "switched", "brightened", "lowered", "raised", "heated", "cooled",
                                           "cancelled", "canceled", "activated", "deactivated", "adjusted", "changed", "finished",
                                           "completed", "expired", "failed", "rejected", "triggered", "detected", "opened", "started",
                                           "stopped", "paused", "resumed", "jammed", "stuck", "broken"]
    /// Verbs that say what a thing shows or does, not what is asked of it.
    static let stateVerbs: Set<String> = ["reads", "reading", "shows", "showing", "displays", "displaying", "makes", "sticks", "stick",
                                          "jams", "flickers", "flicker", "squeaks", "creaks", "rattles", "leaks", "beeps", "buzzes", "hums",
                                          "breaks", "wobbles", "drips", "opens", "closes", "stops", "starts", "locks", "unlocks", "works",
                                          "helps", "blinks", "dies", "fails", "resets"]
    /// Words before "if" that make it a question ("tell me if …", "check if …").
    static let ifQuestions: Set<String> = ["me", "know", "check", "see", "wonder", "wondering", "ask", "asking", "sure", "even", "as"]
    /// After "if you": politeness ("if you can", "if you don't mind").
    static let politeAfterIfYou: Set<String> = ["can", "could", "would", "will", "don't", "dont", "do", "please", "wouldn't", "mind",
                                                "want", "like", "get", "have", "wanna", "are", "have", "'re", "'d", "not"]
    static let futureRules: [[String]] = [["next", "time"], ["from", "now", "on"], ["in", "future"], ["in", "the", "future"],
                                          ["going", "forward"], ["from", "today", "on"]]
    static let conditionWords: Set<String> = ["unless", "assuming", "suppose", "supposing", "imagine", "provided", "providing"]
    static let thanksFor: [[String]] = [["thanks", "for"], ["thank", "you", "for"], ["cheers", "for"], ["thx", "for"], ["ty", "for"],
                                        ["thanks", "a", "lot", "for"], ["thank", "u", "for"],
                                        ["appreciate", "you"], ["appreciate", "it"]]
    /// After "like": a thing compared with ("like the music", "like a …").
    static let comparedThings: Set<String> = ["the", "a", "an", "my", "our", "your", "that", "this"]
    /// Before "like": a subject or adverb of liking ("i'd like the …", "we would really like the …").
    static let likeSubjects: Set<String> = ["i", "we", "you", "they", "i'd", "we'd", "you'd", "would", "really", "also", "just", "i'll",
                                            "should", "will", "'d", "do", "don't", "dont", "might", "also", "rather"]
    /// Words that make a clause a question about something ("tell me whether the bedroom is warm").
    static let wonderingWords: Set<String> = ["what", "how", "which", "whether", "if", "tell", "know", "check"]
    /// "it'll be too hot", "that'll …": what will happen.
    static let predictions: Set<String> = ["it'll", "that'll", "they'll", "there'll", "he'll", "she'll", "you'll", "this'll"]
    static let habits: Set<String> = ["always", "usually", "normally", "often", "sometimes", "typically", "generally", "rarely", "seldom"]
    static let timeUnits: Set<String> = ["day", "night", "morning", "evening", "afternoon", "week", "weekday", "hour", "time", "weekend",
                                         "month", "year", "summer", "winter"]
    static let leftAs: Set<String> = ["the", "my", "our", "it", "them", "that", "this", "those", "these"]
}
