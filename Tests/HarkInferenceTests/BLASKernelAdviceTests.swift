import Foundation
import Testing
@testable import HarkInference

@Suite struct BLASKernelAdviceTests {
    static let sapphireRapids: Set<String> = ["sse3", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512_fp16"]

    @Test func genericKernelsOnAnAVX512ProcessorSuggestSkylakeX() {
        #expect(BLASKernelAdvice.suggestedCore(chosen: "Prescott", cpuFlags: Self.sapphireRapids) == "SkylakeX")
    }

    @Test func genericKernelsOnAnAVX2ProcessorSuggestHaswell() {
        #expect(BLASKernelAdvice.suggestedCore(chosen: "Prescott", cpuFlags: ["sse3", "avx", "avx2", "fma"]) == "Haswell")
        #expect(BLASKernelAdvice.suggestedCore(chosen: "Core2", cpuFlags: ["avx", "avx2", "fma"]) == "Haswell")
        #expect(BLASKernelAdvice.suggestedCore(chosen: "Nehalem", cpuFlags: ["avx"]) == "SandyBridge")
    }

    @Test func aRecognisedProcessorOrOneWithoutVectorUnitsNeedsNothing() {
        #expect(BLASKernelAdvice.suggestedCore(chosen: "Haswell", cpuFlags: Self.sapphireRapids) == nil)
        #expect(BLASKernelAdvice.suggestedCore(chosen: "SkylakeX", cpuFlags: Self.sapphireRapids) == nil)
        #expect(BLASKernelAdvice.suggestedCore(chosen: "Prescott", cpuFlags: ["sse3", "ssse3"]) == nil)
        #expect(BLASKernelAdvice.suggestedCore(chosen: "ARMV8", cpuFlags: []) == nil)  // arm64: no flags line
    }

    @Test func cpuFlagsAreTheFirstFlagsLine() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cpuinfo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try "processor\t: 0\nflags\t\t: fpu sse3 avx2 fma\nprocessor\t: 1\nflags\t\t: other\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(BLASKernelAdvice.cpuFlags(path: file.path) == ["fpu", "sse3", "avx2", "fma"])
        #expect(BLASKernelAdvice.cpuFlags(path: "/nonexistent/cpuinfo").isEmpty)
    }

    @Test func theLinkedLibraryNamesItsCore() {
        #expect(!BLASLibrary.coreName.isEmpty)
        #expect(BLASLibrary.coreName != "unknown")
    }
}
