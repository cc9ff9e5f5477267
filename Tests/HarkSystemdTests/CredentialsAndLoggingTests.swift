import Foundation
import HarkSystemd
import Logging
import Testing

@Suite struct CredentialsAndLoggingTests {
    @Test func credentialsDirectoryWinsOverEnvironment() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hark-cred-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "s3cret\n".write(to: dir.appendingPathComponent("mqtt-password"), atomically: true, encoding: .utf8)
        let both = Credentials(environment: ["CREDENTIALS_DIRECTORY": dir.path, "HARK_MQTT_PASSWORD": "env"])
        #expect(both.read("mqtt-password", environment: "HARK_MQTT_PASSWORD") == "s3cret")
        let envOnly = Credentials(environment: ["HARK_MQTT_PASSWORD": "env"])
        #expect(envOnly.read("mqtt-password", environment: "HARK_MQTT_PASSWORD") == "env")
        #expect(Credentials(environment: [:]).read("mqtt-password", environment: "HARK_MQTT_PASSWORD") == nil)
    }

    @Test func journalLinesCarryPriorityPrefixAndMetadata() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        var handler = HarkLogHandler(label: "hark.mqtt", level: .debug, style: .journal, sink: LineSink(fileDescriptor: fds[1]))
        handler.metadata["device"] = "d1"
        let logger = Logger(label: "hark.mqtt") { _ in handler }
        logger.error("connection lost", metadata: ["host": "broker"])
        logger.warning("retrying")
        logger.debug("detail")
        close(fds[1])
        let out = String(decoding: FileHandle(fileDescriptor: fds[0]).readDataToEndOfFile(), as: UTF8.self)
        #expect(out == "<3>hark.mqtt: connection lost device=d1 host=broker\n<4>hark.mqtt: retrying device=d1\n<7>hark.mqtt: detail device=d1\n")
        #expect(HarkLogHandler.style(for: "auto", environment: ["JOURNAL_STREAM": "8:1234"]) == .journal)
        #expect(HarkLogHandler.style(for: "auto", environment: [:]) == .text)
    }
}
