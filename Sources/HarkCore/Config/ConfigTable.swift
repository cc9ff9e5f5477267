/// A TOML table being read into a settings struct.
///
/// Every accessor marks its key as known and reports a wrong type or an out-of-range value into
/// the shared ``DiagnosticSink`` (returning the default, so reading continues and all problems are
/// found in one run). ``finish()`` reports the keys nobody read, with a did-you-mean hint.
public final class ConfigTable {
    public let path: String
    public let line: Int
    public let sink: DiagnosticSink
    private let table: TOMLTable
    private var known: Set<String> = []
    private var children: [ConfigTable] = []

    public init(_ table: TOMLTable, path: String, sink: DiagnosticSink) {
        self.table = table
        self.path = path
        self.line = table.line
        self.sink = sink
    }

    /// An empty table standing for a section that is absent from the file.
    public static func empty(path: String, sink: DiagnosticSink) -> ConfigTable {
        ConfigTable(TOMLTable(line: 1), path: path, sink: sink)
    }

    public func has(_ key: String) -> Bool { table[key] != nil }

    /// Line of `key` if present, else of the table itself.
    public func line(of key: String) -> Int { table[key]?.line ?? line }

    public func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    public func report(_ key: String?, _ problem: String, got: String? = nil, hint: String? = nil) {
        sink.add(line: key.map(line(of:)) ?? line, path: key.map(keyPath) ?? path, problem, got: got, hint: hint)
    }

    // MARK: Scalars

    private func raw(_ key: String) -> TOMLValue? {
        known.insert(key)
        return table[key]
    }

    private func wrongType(_ key: String, _ value: TOMLValue, expected: String, hint: String? = nil) {
        sink.add(line: value.line, path: keyPath(key), "must be \(expected)", got: "\(value.typeName) \(value.rendered)", hint: hint)
    }

    public func string(_ key: String) -> String? {
        guard let v = raw(key) else { return nil }
        guard case let .string(s) = v.kind else {
            wrongType(key, v, expected: "a string", hint: "put the value in double quotes")
            return nil
        }
        return s
    }

    public func string(_ key: String, default value: String) -> String { string(key) ?? value }

    public func int(_ key: String, default value: Int, in range: ClosedRange<Int>) -> Int {
        guard let v = raw(key) else { return value }
        guard case let .integer(i) = v.kind else {
            wrongType(key, v, expected: "an integer", hint: "write a number without quotes")
            return value
        }
        guard let n = Int(exactly: i), range.contains(n) else {
            sink.add(line: v.line, path: keyPath(key), "must be between \(range.lowerBound) and \(range.upperBound)", got: String(i))
            return value
        }
        return n
    }

    public func double(_ key: String, default value: Double, in range: ClosedRange<Double>) -> Double {
        guard let v = raw(key) else { return value }
        let d: Double
        switch v.kind {
        case let .integer(i): d = Double(i)
        case let .float(f): d = f
        default:
            wrongType(key, v, expected: "a number", hint: "write a number without quotes")
            return value
        }
        guard d.isFinite, range.contains(d) else {
            sink.add(line: v.line, path: keyPath(key), "must be between \(range.lowerBound) and \(range.upperBound)", got: v.rendered)
            return value
        }
        return d
    }

    /// An optional number; nil when absent or invalid (invalid is reported).
    public func double(_ key: String, in range: ClosedRange<Double>) -> Double? {
        guard has(key) else { known.insert(key); return nil }
        let marker = Double.nan
        let d = double(key, default: marker, in: range)
        return d.isNaN ? nil : d
    }

    public func bool(_ key: String, default value: Bool) -> Bool {
        guard let v = raw(key) else { return value }
        guard case let .bool(b) = v.kind else {
            wrongType(key, v, expected: "true or false", hint: "write true or false without quotes")
            return value
        }
        return b
    }

    /// A duration written as "500ms", "30s", "5m", "2h", "1d" or a number of seconds.
    public func duration(_ key: String, default value: Duration, in range: ClosedRange<Duration>) -> Duration {
        guard let v = raw(key) else { return value }
        let parsed: Duration?
        switch v.kind {
        case let .integer(i): parsed = .seconds(i)
        case let .float(f) where f.isFinite: parsed = .milliseconds(Int64((f * 1000).rounded()))
        case let .string(s): parsed = DurationText.parse(s)
        default: parsed = nil
        }
        guard let d = parsed else {
            sink.add(line: v.line, path: keyPath(key), "must be a duration", got: v.rendered,
                     hint: "write e.g. \"500ms\", \"30s\", \"5m\", \"2h\" or a number of seconds")
            return value
        }
        guard range.contains(d) else {
            sink.add(line: v.line, path: keyPath(key),
                     "must be between \(DurationText.format(range.lowerBound)) and \(DurationText.format(range.upperBound))",
                     got: v.rendered)
            return value
        }
        return d
    }

    public func strings(_ key: String, default value: [String]) -> [String] {
        guard let v = raw(key) else { return value }
        guard case let .array(items) = v.kind else {
            wrongType(key, v, expected: "an array of strings", hint: "write [\"a\", \"b\"]")
            return value
        }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            guard case let .string(s) = item.kind else {
                sink.add(line: item.line, path: "\(keyPath(key))[\(i)]", "must be a string", got: "\(item.typeName) \(item.rendered)")
                continue
            }
            out.append(s)
        }
        return out
    }

    public func choice<E: RawRepresentable & CaseIterable>(_ key: String, default value: E) -> E where E.RawValue == String {
        guard let s = string(key) else { return value }
        if let e = E(rawValue: s) { return e }
        let options = E.allCases.map(\.rawValue)
        let suggestion = Spelling.closest(to: s, in: options).map { "did you mean '\($0)'? " } ?? ""
        sink.add(line: line(of: key), path: keyPath(key), "is not one of the allowed values", got: "\"\(s)\"",
                 hint: suggestion + "use one of: " + options.joined(separator: ", "))
        return value
    }

    // MARK: Tables

    public func table(_ key: String) -> ConfigTable? {
        guard let v = raw(key) else { return nil }
        guard case let .table(t) = v.kind else {
            wrongType(key, v, expected: "a table", hint: "write it as [\(keyPath(key))] or { … }")
            return nil
        }
        let child = ConfigTable(t, path: keyPath(key), sink: sink)
        children.append(child)
        return child
    }

    /// An array of tables (`[[sensor]]`); each element's path is `key[i]`.
    public func tables(_ key: String) -> [ConfigTable] {
        guard let v = raw(key) else { return [] }
        guard case let .array(items) = v.kind else {
            wrongType(key, v, expected: "an array of tables", hint: "write each one as [[\(keyPath(key))]]")
            return []
        }
        var out: [ConfigTable] = []
        for (i, item) in items.enumerated() {
            guard case let .table(t) = item.kind else {
                sink.add(line: item.line, path: "\(keyPath(key))[\(i)]", "must be a table", got: item.rendered)
                continue
            }
            let child = ConfigTable(t, path: "\(keyPath(key))[\(i)]", sink: sink)
            children.append(child)
            out.append(child)
        }
        return out
    }

    /// All keys and values of a free-form table (e.g. slot lists), marking them known.
    public func entries() -> [(key: String, value: TOMLValue)] {
        table.keys.compactMap { k in raw(k).map { (k, $0) } }
    }

    /// Reports every key that no accessor read, here and in every child table read from here.
    public func finish() {
        let unknown = table.keys.filter { !known.contains($0) }
        let candidates = Array(known)
        for key in unknown {
            let hint = Spelling.closest(to: key, in: candidates).map { "did you mean '\($0)'?" }
                ?? (candidates.isEmpty ? nil : "known keys: " + candidates.sorted().joined(separator: ", "))
            sink.add(line: table[key]?.line ?? line, path: keyPath(key), "unknown key", hint: hint)
        }
        for child in children { child.finish() }
    }
}
