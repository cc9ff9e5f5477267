extension Assembly {
    /// The audio area's services (none yet).
    func addAudio() throws {}
}
