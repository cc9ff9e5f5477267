import Foundation
import HarkAudio
import HarkCore
import HarkWyoming
import Logging

extension Assembly {
    /// The Wyoming server (`[wyoming] enabled`) and its zeroconf announcement.
    func addWyoming() throws {
        let config = context.config
        let w = config.wyoming
        guard w.enabled else { return }
        var logger = Logger(label: "hark.wyoming")
        logger[metadataKey: "area"] = "wyoming"
        let backends = WyomingBackendsFactory.make(config: config)
        let server = WyomingServer(
            options: .init(host: w.host, port: w.port, maxConnections: w.maxConnections, idleTimeout: w.idleTimeout,
                           satellite: w.satellite),
            backends: backends, counters: context.counters, status: context.status, logger: logger)
        add(server, name: "wyoming")
        if w.zeroconf {
            add(ZeroconfAnnouncer(name: "\(w.satelliteName) (\(context.deviceID))", host: w.host, port: w.port, logger: logger),
                name: "wyoming-zeroconf")
        }
    }
}
