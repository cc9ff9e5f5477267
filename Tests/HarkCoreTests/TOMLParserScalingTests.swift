import Foundation
import HarkCore
import Testing

/// The parser once copied the table being filled for every key (copy-on-write of the root, of
/// an array of tables' elements, of dotted and inline tables), so parse time grew with the
/// square of the keys: 3,200 keys took seconds under the fuzzer. Each shape here is parsed at n
/// and 32 n keys and the thread's CPU time compared (CPU time, not wall time: other work on a
/// loaded machine does not count). Measured in a debug build: 32-36x for the fixed parser,
/// 159-584x for the quadratic one; the bound of 80 sits between with ~2x margin each side.
@Suite(.timeLimit(.minutes(2))) struct TOMLParserScalingTests {
    enum Shape: String, CaseIterable, Sendable {
        case rootKeys, arrayOfTables, dottedKeys

        /// A document with about 3 n keys (n for root keys).
        func document(_ n: Int) -> String {
            switch self {
            case .rootKeys:
                (0..<3 * n).map { "key\($0) = \($0)" }.joined(separator: "\n")
            case .arrayOfTables:
                (0..<n).map { "[[sensor]]\nname = \"s\($0)\"\ntopic = \"home/\($0)/t\"\nmin = -40\n" }.joined()
            case .dottedKeys:
                "t = { " + (0..<n).map { "a.k\($0) = \($0)" }.joined(separator: ", ") + " }\n[u]\n"
                    + (0..<n).map { "b.k\($0) = \($0)" }.joined(separator: "\n")
            }
        }
    }

    static func cpuSeconds(_ body: () throws -> Void) rethrows -> Double {
        var a = timespec(), b = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a)
        try body()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b)
        return Double(b.tv_sec - a.tv_sec) + Double(b.tv_nsec - a.tv_nsec) / 1e9
    }

    @Test(arguments: Shape.allCases) func parseTimeGrowsLinearly(shape: Shape) throws {
        let n = 200
        let small = shape.document(n), large = shape.document(32 * n)
        let tSmall = try (0..<3).map { _ in try Self.cpuSeconds { _ = try TOMLParser.parse(small) } }.min()!
        let tLarge = try (0..<2).map { _ in try Self.cpuSeconds { _ = try TOMLParser.parse(large) } }.min()!
        #expect(tLarge / tSmall < 80, "\(shape): \(32 * n) took \(tLarge) s, \(n) took \(tSmall) s")
    }

    @Test func largeDocumentsKeepOrderAndLines() throws {
        let n = 6_400
        let root = try TOMLParser.parse(Shape.rootKeys.document(n))
        #expect(root.keys.count == 3 * n)
        #expect(root.keys.last == "key\(3 * n - 1)")
        guard case .integer(12_345)? = root["key12345"]?.kind else { Issue.record("key12345"); return }
        #expect(root["key12345"]?.line == 12_346)

        let sensors = try TOMLParser.parse(Shape.arrayOfTables.document(n))
        guard case let .array(items)? = sensors["sensor"]?.kind, case let .table(last)? = items.last?.kind,
              case let .string(name)? = last["name"]?.kind
        else { Issue.record("sensor array"); return }
        #expect(items.count == n)
        #expect(name == "s\(n - 1)")
        #expect(last.keys == ["name", "topic", "min"])
        #expect(last.line == 4 * (n - 1) + 1)

        let dotted = try TOMLParser.parse(Shape.dottedKeys.document(n))
        guard case let .table(t)? = dotted["t"]?.kind, case let .table(a)? = t["a"]?.kind,
              case let .table(u)? = dotted["u"]?.kind, case let .table(b)? = u["b"]?.kind
        else { Issue.record("tables t.a and u.b"); return }
        #expect(a.keys.count == n)
        #expect(b.keys.count == n)
        guard case .integer(Int64(n - 1))? = b["k\(n - 1)"]?.kind else { Issue.record("u.b.k\(n - 1)"); return }
        #expect(b["k\(n - 1)"]?.line == n + 2)
    }
}
