extension HarkConfig {
    /// Checks across sections that involve the audio settings (filled in by that work).
    func checkAudio(into sink: DiagnosticSink) {}
}
