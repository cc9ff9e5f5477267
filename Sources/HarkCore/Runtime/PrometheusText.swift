/// Renders a ``Counters`` registry in the Prometheus text exposition format (version 0.0.4):
/// every family gets `# HELP` and `# TYPE`, names get the `hark_` prefix and counters `_total`.
public enum PrometheusText {
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"
    public static let prefix = "hark_"

    /// The exported family name of an internal metric name and kind.
    public static func familyName(_ name: String, kind: Counter.Kind) -> String {
        kind == .counter ? "\(prefix)\(name)_total" : "\(prefix)\(name)"
    }

    public static func render(_ counters: Counters) -> String {
        let (all, histograms) = counters.metrics
        var out = ""
        out.reserveCapacity(4096)
        // Families must be contiguous: group by exported name.
        var families: [String: [Counter]] = [:]
        for c in all { families[familyName(c.name, kind: c.kind), default: []].append(c) }
        for family in families.keys.sorted() {
            let members = families[family]!
            let first = members[0]
            out += "# HELP \(family) \(escapeHelp(MetricHelp.text(first.name)))\n"
            out += "# TYPE \(family) \(first.kind == .counter ? "counter" : "gauge")\n"
            for c in members { out += "\(family)\(labelText(c.labels)) \(c.value)\n" }
        }
        var hFamilies: [String: [Histogram]] = [:]
        for h in histograms { hFamilies[prefix + h.name, default: []].append(h) }
        for family in hFamilies.keys.sorted() {
            let members = hFamilies[family]!
            out += "# HELP \(family) \(escapeHelp(MetricHelp.text(members[0].name)))\n"
            out += "# TYPE \(family) histogram\n"
            for h in members {
                let (cumulative, count, sum) = h.snapshot
                for (i, bound) in h.buckets.enumerated() {
                    out += "\(family)_bucket\(labelText(h.labels + [("le", number(bound))])) \(cumulative[i])\n"
                }
                out += "\(family)_bucket\(labelText(h.labels + [("le", "+Inf")])) \(count)\n"
                out += "\(family)_sum\(labelText(h.labels)) \(number(sum))\n"
                out += "\(family)_count\(labelText(h.labels)) \(count)\n"
            }
        }
        return out
    }

    static func labelText(_ labels: [(String, String)]) -> String {
        guard !labels.isEmpty else { return "" }
        return "{" + labels.map { "\($0.0)=\"\(escapeLabel($0.1))\"" }.joined(separator: ",") + "}"
    }

    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return String(v)
    }

    static func escapeLabel(_ s: String) -> String {
        var r = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "\\": r += "\\\\"
            case "\"": r += "\\\""
            case "\n": r += "\\n"
            default: r.unicodeScalars.append(ch)
            }
        }
        return r
    }

    static func escapeHelp(_ s: String) -> String {
        s.replacing("\\", with: "\\\\").replacing("\n", with: "\\n")
    }
}
