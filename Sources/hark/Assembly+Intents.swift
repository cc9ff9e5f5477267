extension Assembly {
    /// The intents area's services (none yet).
    func addIntents() throws {}
}
