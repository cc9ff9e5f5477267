import Foundation
import HarkCore

/// Checks a request body against `CreateChatCompletionRequest` from OpenAI's official API
/// description (the closure of schemas it references, extracted into
/// `Tests/Fixtures/openai-chat-request-schema.json` by `scripts/extract-openai-chat-schema.py`).
///
/// A small JSON Schema subset, enough for that document: `$ref`, `allOf`, `anyOf`, `oneOf`
/// (at least one branch must hold: several of the spec's branches overlap), `type` (+ `nullable`),
/// `enum`, `required`, `properties`, `additionalProperties: false`, `items`, `minItems`, `maxItems`,
/// `minimum`, `maximum`, `maxLength`.
public struct OpenAIRequestSchema: Sendable {
    public let schemas: [String: JSONValue]
    public let root: String

    public static let fixturePath: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tests/Fixtures/openai-chat-request-schema.json").path
    }()

    public static func load(path: String = fixturePath) throws -> OpenAIRequestSchema {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard let doc = JSONValue.parse(text, maxDepth: 64, maxBytes: 1 << 24), let schemas = doc["schemas"]?.objectValue,
              let root = doc["root"]?.stringValue else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: path])
        }
        return OpenAIRequestSchema(schemas: Dictionary(schemas, uniquingKeysWith: { a, _ in a }), root: root)
    }

    /// Every problem found ("messages[0].role: missing required property"), empty when valid.
    public func problems(_ body: JSONValue) -> [String] {
        var out: [String] = []
        check(body, .object([("$ref", .string("#/components/schemas/\(root)"))]), path: "$", &out, depth: 0)
        return out
    }

    private func check(_ v: JSONValue, _ s: JSONValue, path: String, _ out: inout [String], depth: Int) {
        guard depth < 64 else { return }
        if let ref = s["$ref"]?.stringValue {
            let name = String(ref.split(separator: "/").last ?? "")
            guard let target = schemas[name] else { out.append("\(path): unknown schema \(name)"); return }
            check(v, target, path: path, &out, depth: depth + 1)
            return
        }
        if case .null = v, s["nullable"] == .bool(true) { return }
        for part in s["allOf"]?.arrayValue ?? [] { check(v, part, path: path, &out, depth: depth + 1) }
        for key in ["anyOf", "oneOf"] {
            guard let branches = s[key]?.arrayValue else { continue }
            var best: [String]?
            for b in branches {
                var p: [String] = []
                check(v, b, path: path, &p, depth: depth + 1)
                if p.isEmpty { best = []; break }
                if best == nil || p.count < best!.count { best = p }
            }
            if let best, !best.isEmpty { out.append("\(path): matches none of \(key) (closest: \(best.joined(separator: "; ")))") }
        }
        if let type = s["type"]?.stringValue, !Self.hasType(v, type) {
            out.append("\(path): must be \(type)")
            return
        }
        if let options = s["enum"]?.arrayValue, !options.contains(v) {
            out.append("\(path): not one of the allowed values")
        }
        switch v {
        case let .object(fields):
            for case let .string(name) in s["required"]?.arrayValue ?? [] where !fields.contains(where: { $0.0 == name }) {
                out.append("\(path): missing required property '\(name)'")
            }
            let props = s["properties"]?.objectValue ?? []
            for (k, fv) in fields {
                if let ps = props.first(where: { $0.0 == k })?.1 {
                    check(fv, ps, path: "\(path).\(k)", &out, depth: depth + 1)
                } else if s["additionalProperties"] == .bool(false) {
                    out.append("\(path): property '\(k)' is not allowed")
                }
            }
        case let .array(items):
            if let min = s["minItems"]?.numberValue, Double(items.count) < min { out.append("\(path): needs at least \(Int(min)) items") }
            if let max = s["maxItems"]?.numberValue, Double(items.count) > max { out.append("\(path): at most \(Int(max)) items") }
            if let itemSchema = s["items"] {
                for (i, item) in items.enumerated() { check(item, itemSchema, path: "\(path)[\(i)]", &out, depth: depth + 1) }
            }
        case let .number(n):
            if let min = s["minimum"]?.numberValue, n < min { out.append("\(path): below minimum \(min)") }
            if let max = s["maximum"]?.numberValue, n > max { out.append("\(path): above maximum \(max)") }
        case let .string(str):
            if let max = s["maxLength"]?.numberValue, Double(str.count) > max { out.append("\(path): longer than \(Int(max))") }
        default: break
        }
    }

    private static func hasType(_ v: JSONValue, _ type: String) -> Bool {
        switch (type, v) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null): true
        case let ("number", .number(n)): n.isFinite
        case let ("integer", .number(n)): n == n.rounded()
        default: false
        }
    }
}
