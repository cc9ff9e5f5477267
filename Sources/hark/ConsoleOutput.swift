import HarkSystemd

/// Plain lines on stderr for command-line tools (before or without the logging system).
enum ConsoleOutput {
    static func error(_ text: String) {
        LineSink.standardError.write(text + "\n")
    }
}
