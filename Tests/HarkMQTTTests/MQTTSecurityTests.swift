import Foundation
import HarkCore
import HarkMQTT
import HarkTestSupport
import Logging
import Testing

/// TLS (a CA made by the test signs the broker's certificate) and username/password, against a
/// real mosquitto configured for both; MQTT 5 on the same broker.
@Suite(.serialized, .timeLimit(.minutes(2))) struct MQTTSecurityTests {
    static func run(_ tool: String, _ args: [String]) throws {
        let p = try ChildProcess(executable: tool, arguments: args)
        guard p.wait(timeout: .seconds(30)) == 0 else { throw POSIXError(.EIO) }
    }

    static func makeBroker() throws -> (MosquittoBroker, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hark-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        func path(_ n: String) -> String { dir.appendingPathComponent(n).path }
        try run("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=hark-test-ca",
                                     "-keyout", path("ca.key"), "-out", path("ca.pem")])
        try run("/usr/bin/openssl", ["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
                                     "-keyout", path("server.key"), "-out", path("server.csr")])
        try "subjectAltName=IP:127.0.0.1\n".write(toFile: path("san.ext"), atomically: true, encoding: .utf8)
        try run("/usr/bin/openssl", ["x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
                                     "-CAcreateserial", "-days", "2", "-extfile", path("san.ext"), "-out", path("server.pem")])
        try "".write(toFile: path("passwd"), atomically: true, encoding: .utf8)
        try run("/usr/bin/mosquitto_passwd", ["-b", path("passwd"), "hark", "s3cret"])
        let broker = try MosquittoBroker(extraConfig: [
            "allow_anonymous false", "password_file \(path("passwd"))",
            "cafile \(path("ca.pem"))", "certfile \(path("server.pem"))", "keyfile \(path("server.key"))",
        ])
        return (broker, dir)
    }

    private func client(_ broker: MosquittoBroker, _ dir: URL, password: String, protocolVersion: Int = 4) throws -> MQTTClient {
        try MQTTClient(
            options: MQTTOptions(host: "127.0.0.1", port: broker.port, clientID: "tls-\(UUID().uuidString.prefix(6))", username: "hark",
                                 password: password, tls: .init(caFile: dir.appendingPathComponent("ca.pem").path),
                                 protocolVersion: protocolVersion, reconnectBase: .milliseconds(200), reconnectCap: .milliseconds(400)),
            logger: Logger(label: "test.tls"), status: DaemonStatus())
    }

    @Test(arguments: [4, 5])
    func tlsWithPasswordPublishesAndReceives(protocolVersion: Int) async throws {
        let (broker, dir) = try Self.makeBroker()
        let a = try client(broker, dir, password: "s3cret", protocolVersion: protocolVersion)
        let stream = a.subscribe("secure/#", qos: 1)
        a.start()
        await a.waitUntilConnected()
        await a.waitUntilSubscribed("secure/#")
        try await a.publish(topic: "secure/x", payload: Array("ok".utf8), qos: 1)
        var it = stream.makeAsyncIterator()
        #expect(await it.next()?.text == "ok")
        await a.stop()
    }

    @Test func wrongPasswordIsRefusedAndReported() async throws {
        let (broker, dir) = try Self.makeBroker()
        let status = DaemonStatus()
        let c = try MQTTClient(
            options: MQTTOptions(host: "127.0.0.1", port: broker.port, clientID: "tls-wrong", username: "hark", password: "nope",
                                 tls: .init(caFile: dir.appendingPathComponent("ca.pem").path),
                                 reconnectBase: .milliseconds(200), reconnectCap: .milliseconds(400)),
            logger: Logger(label: "test.tls"), status: status)
        c.start()
        let deadline = ContinuousClock.now + .seconds(10)
        while !status.snapshot.line.contains("refused"), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(status.snapshot.line.contains("refused"), "\(status.snapshot.line)")
        #expect(!c.isConnected)
        await c.stop()
    }
}
