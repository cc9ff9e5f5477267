extension Array where Element == String {
    /// Whether `phrase` occurs in these words as a run: ["garage", "door"] in "open the garage door".
    /// An empty phrase occurs in any words.
    func containsRun(_ phrase: [String]) -> Bool {
        guard count >= phrase.count else { return false }
        return (0...(count - phrase.count)).contains { self[$0..<($0 + phrase.count)].elementsEqual(phrase) }
    }
}
