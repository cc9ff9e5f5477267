import Foundation
import Logging
import Synchronization

/// swift-log handler writing one line per message to stderr: with a journald priority prefix
/// (`<6>hark.mqtt: connected host=…`) under systemd, readable text with a timestamp otherwise.
/// Metadata is printed as `key=value`, sorted by key.
public struct HarkLogHandler: LogHandler {
    public enum Style: Sendable { case journal, text }

    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    public let label: String
    public let style: Style
    private let sink: LineSink

    public init(label: String, level: Logger.Level, style: Style, sink: LineSink = .standardError) {
        self.label = label
        self.logLevel = level
        self.style = style
        self.sink = sink
    }

    /// Journal style when stderr is connected to the journal (`JOURNAL_STREAM`), else text.
    public static func style(for format: String, environment: [String: String]) -> Style {
        switch format {
        case "journal": return .journal
        case "text": return .text
        default: return environment["JOURNAL_STREAM"].map { !$0.isEmpty } == true ? .journal : .text
        }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let level = event.level
        let message = event.message
        var all = metadata
        if let explicit = event.metadata { all.merge(explicit) { $1 } }
        if let error = event.error { all["error"] = "\(error)" }
        let fields = all.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.render($0.value))" }.joined(separator: " ")
        let text = fields.isEmpty ? "\(message)" : "\(message) \(fields)"
        let out: String
        switch style {
        case .journal:
            // One journal entry per line: indent continuation lines so they stay readable.
            out = "<\(Self.priority(level))>\(label): " + text.replacingOccurrences(of: "\n", with: "\n  ")
        case .text:
            out = "\(Self.timestamp()) \(level.rawValue.uppercased().padding(toLength: 8, withPad: " ", startingAt: 0))\(label): \(text)"
        }
        sink.write(out + "\n")
    }

    /// journald/syslog priority for a swift-log level.
    public static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    private static func render(_ value: Logger.Metadata.Value) -> String {
        let s = value.description
        return s.contains(" ") || s.isEmpty ? "\"\(s)\"" : s
    }

    private static func timestamp() -> String {
        var tv = timeval()
        gettimeofday(&tv, nil)
        var t = time_t(tv.tv_sec)
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec, Int(tv.tv_usec / 1000))
    }
}

/// Where log lines go; a whole line is written with one `write(2)` so lines never interleave.
public final class LineSink: Sendable {
    private let fd: Int32
    private let lock = Mutex(())

    public init(fileDescriptor: Int32) { fd = fileDescriptor }

    public static let standardError = LineSink(fileDescriptor: 2)

    public func write(_ line: String) {
        var bytes = Array(line.utf8)
        lock.withLock { _ in
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeMutableBytes { Foundation.write(fd, $0.baseAddress! + offset, $0.count - offset) }
                if n <= 0 { break }
                offset += n
            }
        }
    }
}
