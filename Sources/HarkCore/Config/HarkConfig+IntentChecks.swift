extension HarkConfig {
    /// Checks across sections that involve the intent settings: intents are offered to the cloud
    /// model as tools, so none may take the name of the `reply` tool.
    func checkIntents(into sink: DiagnosticSink) {
        for (i, intent) in intents.enumerated() where intent.name == CloudTools.replyToolName {
            sink.add(line: intent.line, path: "intent[\(i)].name", "'\(intent.name)' is reserved for the cloud model's spoken answers",
                     got: "\"\(intent.name)\"", hint: "choose another name")
        }
        // A synonym of one intent that another intent's sentences say takes that intent's commands.
        for (i, intent) in intents.enumerated() {
            for e in intent.synonyms.entries {
                for other in intents where other.name != intent.name {
                    let expansions = other.templates.flatMap { (try? TemplateExpansion.expand($0.nodes, limit: IntentSettings.maxExpansions)) ?? [] }
                    let says = expansions.contains { elements in
                        let words = elements.flatMap { e -> [String] in
                            if case let .word(w) = e { return [w] }
                            if case let .tagged(_, _, ws) = e { return ws }
                            return ["{}"]
                        }
                        return words.containsRun(e.phrase)
                    }
                    if says {
                        sink.add(line: e.line, path: "intent[\(i)].synonyms", "'\(e.phrase.joined(separator: " "))' conflicts with intent '\(other.name)', whose sentences say it",
                                 got: "\"\(e.replacement.joined(separator: " "))\"", hint: "use a phrase only this intent's commands say")
                        break
                    }
                }
            }
        }
    }
}
