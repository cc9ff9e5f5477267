/// One sample line of the Prometheus text format, parsed (for `hark status`, which reads the
/// daemon's `/metrics`). Comments and malformed lines are skipped, never trapped on.
public struct PrometheusSample: Sendable, Equatable {
    public var name: String
    public var labels: [String: String]
    public var value: Double

    public init(name: String, labels: [String: String] = [:], value: Double) {
        self.name = name
        self.labels = labels
        self.value = value
    }

    public static func parse(_ text: String) -> [PrometheusSample] {
        text.split(separator: "\n", omittingEmptySubsequences: true).compactMap { parseLine(Substring($0)) }
    }

    static func parseLine(_ line: Substring) -> PrometheusSample? {
        let chars = Array(line.unicodeScalars)
        var i = 0
        while i < chars.count, chars[i] == " " { i += 1 }
        guard i < chars.count, chars[i] != "#" else { return nil }
        var name = ""
        while i < chars.count, chars[i] != "{", chars[i] != " " {
            name.unicodeScalars.append(chars[i])
            i += 1
        }
        guard !name.isEmpty else { return nil }
        var labels: [String: String] = [:]
        if i < chars.count, chars[i] == "{" {
            i += 1
            while true {
                while i < chars.count, chars[i] == " " || chars[i] == "," { i += 1 }
                guard i < chars.count else { return nil }
                if chars[i] == "}" { i += 1; break }
                var key = ""
                while i < chars.count, chars[i] != "=" { key.unicodeScalars.append(chars[i]); i += 1 }
                guard i + 1 < chars.count, chars[i + 1] == "\"" else { return nil }
                i += 2
                var value = ""
                var closed = false
                while i < chars.count {
                    let c = chars[i]
                    i += 1
                    if c == "\"" { closed = true; break }
                    if c == "\\", i < chars.count {
                        let e = chars[i]
                        i += 1
                        value += e == "n" ? "\n" : String(e)
                    } else {
                        value.unicodeScalars.append(c)
                    }
                }
                guard closed else { return nil }
                labels[key] = value
            }
        }
        while i < chars.count, chars[i] == " " { i += 1 }
        var number = ""
        while i < chars.count, chars[i] != " " { number.unicodeScalars.append(chars[i]); i += 1 }
        let value: Double? = switch number {
        case "+Inf": .infinity
        case "-Inf": -.infinity
        case "NaN": .nan
        default: Double(number)
        }
        guard let value else { return nil }
        return PrometheusSample(name: name, labels: labels, value: value)
    }
}
