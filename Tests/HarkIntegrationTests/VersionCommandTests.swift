import Foundation
import Testing

@Test func versionNamesAllThreeCLibraries() throws {
    let process = Process()
    process.executableURL = BinaryLocator.hark
    process.arguments = ["version"]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let out = String(decoding: data, as: UTF8.self)
    #expect(process.terminationStatus == 0)
    #expect(out.contains("alsa-lib 1."))
    #expect(out.contains("libmosquitto 2."))
    #expect(out.contains("OpenBLAS"))
}
