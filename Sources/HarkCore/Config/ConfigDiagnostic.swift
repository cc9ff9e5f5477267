/// One problem in a config file, printed as `FILE:LINE: key.path: problem (got VALUE); hint`.
public struct ConfigDiagnostic: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var path: String
    public var problem: String
    public var got: String?
    public var hint: String?

    public init(file: String, line: Int, path: String, problem: String, got: String? = nil, hint: String? = nil) {
        self.file = file
        self.line = line
        self.path = path
        self.problem = problem
        self.got = got
        self.hint = hint
    }

    public var description: String {
        var text = "\(file):\(line): "
        if !path.isEmpty { text += "\(path): " }
        text += problem
        if let got { text += " (got \(got))" }
        if let hint { text += "; \(hint)" }
        return text
    }
}

/// Every problem found in one config file, in line order.
public struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [ConfigDiagnostic]

    public init(_ diagnostics: [ConfigDiagnostic]) {
        self.diagnostics = diagnostics.sorted { ($0.line, $0.path) < ($1.line, $1.path) }
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Collects diagnostics while a config is read. Reference type so every ``ConfigTable`` of one
/// file reports into the same list.
public final class DiagnosticSink {
    public let file: String
    public private(set) var diagnostics: [ConfigDiagnostic] = []

    public init(file: String) { self.file = file }

    public func add(line: Int, path: String, _ problem: String, got: String? = nil, hint: String? = nil) {
        diagnostics.append(ConfigDiagnostic(file: file, line: line, path: path, problem: problem, got: got, hint: hint))
    }
}
