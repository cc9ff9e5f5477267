import HarkCore
import Testing

@Suite struct TOMLParserTests {
    @Test func scalarsStringsAndLines() throws {
        let t = try TOMLParser.parse("""
            # comment
            a = "x\\ty\\u00e9" # trailing
            b = 'C:\\path'
            c = 1_000
            d = 0x1F
            e = 3.5e2
            f = true
            g = 1979-05-27T07:32:00Z
            h = \"\"\"
            line one
            line two\"\"\"
            i = [1, 2,
              3, ] # multi-line array
            j = { k = 1, l.m = "n" }
            """)
        guard case let .string(a)? = t["a"]?.kind else { Issue.record("a"); return }
        #expect(a == "x\ty\u{e9}")
        #expect(t["a"]?.line == 2)
        guard case let .string(b)? = t["b"]?.kind else { Issue.record("b"); return }
        #expect(b == "C:\\path")
        guard case .integer(1000)? = t["c"]?.kind, case .integer(31)? = t["d"]?.kind, case .float(350)? = t["e"]?.kind,
              case .bool(true)? = t["f"]?.kind, case .datetime("1979-05-27T07:32:00Z")? = t["g"]?.kind
        else { Issue.record("numbers/bool/date"); return }
        guard case let .string(h)? = t["h"]?.kind else { Issue.record("h"); return }
        #expect(h == "line one\nline two")
        guard case let .array(items)? = t["i"]?.kind else { Issue.record("i"); return }
        #expect(items.count == 3)
        #expect(t["i"]?.line == 12)
        guard case let .table(j)? = t["j"]?.kind, case let .table(l)? = j["l"]?.kind, case .string("n")? = l["m"]?.kind
        else { Issue.record("inline"); return }
    }

    @Test func tablesArraysOfTablesAndDottedKeys() throws {
        let t = try TOMLParser.parse("""
            [mqtt]
            host = "h"
            tls.ca = "ca.pem"

            [[sensor]]
            name = "a"

            [[sensor]]
            name = "b"
            [sensor.payload]
            path = "x.y"
            """)
        guard case let .table(mqtt)? = t["mqtt"]?.kind, case let .table(tls)? = mqtt["tls"]?.kind,
              case .string("ca.pem")? = tls["ca"]?.kind
        else { Issue.record("mqtt"); return }
        guard case let .array(sensors)? = t["sensor"]?.kind, sensors.count == 2,
              case let .table(second) = sensors[1].kind, case let .table(payload)? = second["payload"]?.kind,
              case .string("x.y")? = payload["path"]?.kind
        else { Issue.record("sensors"); return }
        #expect(second.line == 8)
    }

    @Test(arguments: [
        ("a = 1\na = 2", 2, "duplicate key"),
        ("[a]\n[a]", 2, "defined twice"),
        ("a = \"unterminated", 1, "unterminated"),
        ("a = bare", 1, "not a valid value"),
        ("a = 1 b = 2", 1, "end of the line"),
        ("a = {x = 1}\n[a]", 2, "inline"),
        ("a = 1\n[a.b]", 2, "not a table"),
        ("a = 01", 1, "not a valid value"),
        ("a = -0x1F", 1, "not a valid value"),
        ("a = \"\\q\"", 1, "unknown escape"),
        ("[[a]]\n[a]", 2, "array of tables"),
    ])
    func syntaxErrorsNameTheLine(text: String, line: Int, fragment: String) {
        do {
            _ = try TOMLParser.parse(text)
            Issue.record("expected a syntax error for \(text)")
        } catch {
            #expect(error.line == line)
            #expect(error.message.contains(fragment), "\(error.message)")
        }
    }

    @Test func randomBytesNeverCrash() {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("ab=[]{}\"'.,#\n \t1_-+e:\\uT")
        for _ in 0..<3000 {
            let text = String((0..<Int.random(in: 0..<60, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            _ = try? TOMLParser.parse(text)
        }
    }
}
