/// A TOML value with the 1-based line it was written on, so config errors can point at it.
public struct TOMLValue: Sendable {
    public indirect enum Kind: Sendable {
        case string(String)
        case integer(Int64)
        case float(Double)
        case bool(Bool)
        /// Offset/local date-times, dates and times, kept as written.
        case datetime(String)
        case array([TOMLValue])
        case table(TOMLTable)
    }

    public var kind: Kind
    public var line: Int

    public init(_ kind: Kind, line: Int) {
        self.kind = kind
        self.line = line
    }

    /// The table, moved out: the value becomes `false`, so changing the table copies nothing
    /// (a payload bound by `case var .table(t)` shares its storage with the value until the
    /// value is overwritten; a `switch` on the value keeps it alive to the end of the case).
    /// nil, with the value unchanged, when it is not a table.
    mutating func takeTable() -> TOMLTable? {
        guard case let .table(t) = kind else { return nil }
        kind = .bool(false)
        return t
    }

    /// The array, moved out like `takeTable`.
    mutating func takeArray() -> [TOMLValue]? {
        guard case let .array(items) = kind else { return nil }
        kind = .bool(false)
        return items
    }

    /// The TOML type name used in messages ("string", "integer", …).
    public var typeName: String {
        switch kind {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .bool: "boolean"
        case .datetime: "date-time"
        case .array: "array"
        case .table: "table"
        }
    }

    /// The value as it would be written in TOML, shortened for messages.
    public var rendered: String {
        let text: String
        switch kind {
        case let .string(s): text = "\"\(s)\""
        case let .integer(i): text = String(i)
        case let .float(d): text = String(d)
        case let .bool(b): text = String(b)
        case let .datetime(s): text = s
        case let .array(items): text = "[" + items.map(\.rendered).joined(separator: ", ") + "]"
        case let .table(t): text = "{" + t.keys.map { "\($0) = …" }.joined(separator: ", ") + "}"
        }
        return text.count > 80 ? String(text.prefix(77)) + "…" : text
    }
}

/// A TOML table: keys in the order written, each with its value and line.
public struct TOMLTable: Sendable {
    public private(set) var keys: [String] = []
    private var values: [String: TOMLValue] = [:]
    /// Line of the `[header]` (or of the key that opened an inline/dotted table); 1 for the root.
    public var line: Int

    public init(line: Int) { self.line = line }

    public subscript(key: String) -> TOMLValue? {
        get { values[key] }
        set {
            if values[key] == nil, newValue != nil { keys.append(key) }
            if newValue == nil { keys.removeAll { $0 == key } }
            values[key] = newValue
        }
    }

    /// Runs `body` on the value of `key` (nil when absent; set it to add the key), moved out of
    /// the table for the call: a nested table or array changed there is not copied, so building
    /// a table key by key stays linear.
    mutating func update<E: Error>(_ key: String, _ body: (inout TOMLValue?) throws(E) -> Void) throws(E) {
        var value = values.removeValue(forKey: key)
        let existed = value != nil
        defer {
            if let value {
                values[key] = value
                if !existed { keys.append(key) }
            } else if existed {
                keys.removeAll { $0 == key }
            }
        }
        try body(&value)
    }
}
