extension Assembly {
    /// The sensors area's services (none yet).
    func addSensors() throws {}
}
