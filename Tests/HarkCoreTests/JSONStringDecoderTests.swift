import HarkCore
import Testing

/// One string decoder serves the sensor scanner and the document parser: both read escapes,
/// including surrogate pairs, the same way and refuse the same malformed literals.
@Suite struct JSONStringDecoderTests {
    @Test func escapesAndSurrogatePairs() throws {
        let literal = #""a\"b\\c\/d\n\t \u00e9 \ud83d\ude00 x""#
        let decoded = try #require(JSONStringDecoder.decode(Array(literal.utf8), at: 0))
        #expect(decoded.text == "a\"b\\c/d\n\t é 😀 x")
        #expect(decoded.end == literal.utf8.count)
        // The sensor scanner (a string value found by its path) and the document parser agree.
        let doc = Array(#"{"name": \#(literal)}"#.utf8)
        #expect(try JSONScanner.scalar(at: [.key("name")], in: doc) == .string("a\"b\\c/d\n\t é 😀 x"))
        #expect(JSONValue.parse(bytes: doc)?["name"] == .string("a\"b\\c/d\n\t é 😀 x"))
    }

    @Test(arguments: [#""unterminated"#, #""bad \q escape""#, #""lone \ud83d surrogate""#, #""short \u12""#, "\"raw \n newline\""])
    func malformedLiteralsAreRefused(literal: String) {
        #expect(JSONStringDecoder.decode(Array(literal.utf8), at: 0) == nil)
        #expect(JSONValue.parse(literal) == nil)
        #expect(throws: JSONScanner.Failure.self) { try JSONScanner.scalar(at: [.key("k")], in: Array("{\"k\": \(literal)}".utf8)) }
    }
}
