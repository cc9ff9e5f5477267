extension HarkConfig {
    /// Checks across sections that involve the sensor settings (filled in by that work).
    func checkSensorsAndRules(into sink: DiagnosticSink) {}
}
