extension HarkConfig {
    /// Checks across sections that involve the audio, speech and wake settings.
    func checkAudio(into sink: DiagnosticSink) {
        if wake.mode == .always, speech.enabled, !speech.grammar {
            sink.add(line: wake.line, path: "wake.mode", "\"always\" acts only on the grammar recogniser, which [speech] grammar = false turns off",
                     got: "\"always\"", hint: "set [speech] grammar = true, or use mode = \"wake\" or \"push_to_talk\"")
        }
        if wake.mode != nil, !audio.enabled {
            sink.add(line: wake.line, path: "wake.mode", "needs audio capture, which [audio] enabled = false turns off",
                     hint: "set [audio] enabled = true or remove [wake] mode")
        }
    }
}
