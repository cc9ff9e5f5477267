/// "it" in a request is the thing an earlier clause named; a request read without that thing must
/// act on it. "don't switch the kitchen light on or off, just make it softer" is about the kitchen
/// light, so it is not "volume down" however "make it softer" reads alone. A referent made only of
/// places or of the matched intent's own words does not object ("is the back door locked? lock it").
public struct ReferentGuard: Sendable {
    let nouns: IntentNouns
    /// Every intent's nouns: the things some intent acts on.
    let anyNoun: Set<String>
    /// The words of places (list values said after "in the"): "it" may be a room.
    let placeWords: Set<String>

    public init(intents: [IntentSettings]) {
        nouns = IntentNouns(intents: intents)
        anyNoun = nouns.nouns.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        placeWords = Set(nouns.places.flatMap { $0 })
    }

    /// Why `match`, read from `clause` as said, is not about what its "it" refers to, or nil.
    /// `referent`: the thing an earlier clause names (`ClauseContext.referent`), nil when none.
    public func reason(_ match: IntentMatch, clause: [String], referent: [String]?) -> String? {
        guard let referent else { return nil }
        let own = (nouns.nouns[match.intent] ?? []).union(nouns.verbs[match.intent] ?? [])
        let values = Set(match.slots.flatMap { TextNormalizer.words($0.value) })
        let things = referent.dropFirst().filter { anyNoun.contains($0) && !placeWords.contains($0) }
        guard let other = things.first(where: { !own.contains($0) && !own.contains(ClauseContext.singular($0)) && !values.contains($0) })
        else { return nil }
        return "'it' is the \(referent.dropFirst().joined(separator: " ")) ('\(other)' is not what \(match.intent) acts on)"
    }
}
