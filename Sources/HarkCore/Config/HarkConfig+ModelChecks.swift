extension HarkConfig {
    /// Checks across sections that involve the model settings (filled in by that work).
    func checkModels(into sink: DiagnosticSink) {}
}
