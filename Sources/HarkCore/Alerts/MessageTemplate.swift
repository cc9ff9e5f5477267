/// Alert message templates: `{sensor} {value}{unit} above {threshold}{unit} for {duration}`.
public enum MessageTemplate {
    public static let placeholders = ["sensor", "instance", "rule", "value", "unit", "threshold", "duration", "severity", "score"]

    /// Why `template` is not usable, or nil.
    public static func problem(_ template: String) -> String? {
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { return "has a '{' without '}'" }
            let name = String(rest[rest.index(after: open)..<close])
            if !placeholders.contains(name) { return "unknown placeholder {\(name)}" }
            rest = rest[rest.index(after: close)...]
        }
        return nil
    }

    public static func render(_ template: String, _ values: [String: String]) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            out += values[name] ?? "{\(name)}"
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}
