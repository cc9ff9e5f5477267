extension HarkConfig {
    /// Checks across sections that involve the intent settings: intents are offered to the cloud
    /// model as tools, so none may take the name of the `reply` tool.
    func checkIntents(into sink: DiagnosticSink) {
        for (i, intent) in intents.enumerated() where intent.name == CloudTools.replyToolName {
            sink.add(line: intent.line, path: "intent[\(i)].name", "'\(intent.name)' is reserved for the cloud model's spoken answers",
                     got: "\"\(intent.name)\"", hint: "choose another name")
        }
    }
}
