extension HarkConfig {
    /// Checks across sections that involve the audio settings.
    func checkAudio(into sink: DiagnosticSink) {}
}
