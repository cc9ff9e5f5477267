extension HarkConfig {
    /// Checks across sections that involve the intent settings (filled in by that work).
    func checkIntents(into sink: DiagnosticSink) {}
}
