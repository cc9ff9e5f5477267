import Foundation
import HarkTestSupport
import Testing

@Test func brokerStartsStopsAndRestartsOnItsPort() throws {
    let broker = try MosquittoBroker()
    #expect(FreePort.accepts(port: broker.port))
    broker.kill()
    #expect(!FreePort.accepts(port: broker.port))
    try broker.start()
    #expect(FreePort.accepts(port: broker.port))
    broker.stop()
}
