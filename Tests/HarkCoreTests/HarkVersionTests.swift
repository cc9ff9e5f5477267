import HarkCore
import Testing

@Test func versionIsSemantic() {
    let parts = HarkVersion.string.split(separator: ".")
    #expect(parts.count == 3)
    #expect(parts.allSatisfy { Int($0) != nil })
}
