import HarkCore

/// libmosquitto callbacks, on the network thread: they only update state and hand data over.
extension MQTTClient {
    func handleConnect(code: Int32, reason: String) {
        guard code == 0 else {
            logger.error("mqtt broker refused the connection", metadata: [
                "reason": "\(reason)", "client_id": "\(options.clientID)", "username": "\(options.username ?? "-")",
            ])
            state.withLock { $0.refusal = reason }
            status?.set("mqtt", "refused by the broker (\(reason))")
            handle.disconnect()
            return
        }
        let (filters, waiters) = state.withLock { s in
            s.connected = true
            s.refusal = nil
            s.backoff.reset()
            defer { s.connectWaiters = [] }
            var best: [String: Int] = [:]
            for sub in s.subscriptions.values { best[sub.filter] = max(best[sub.filter] ?? 0, sub.qos) }
            for sub in s.batchSubscriptions.values { best[sub.filter] = max(best[sub.filter] ?? 0, sub.qos) }
            return (best, s.connectWaiters)
        }
        for (filter, qos) in filters.sorted(by: { $0.key < $1.key }) {
            sendSubscribe(filter, qos: qos, onFailure: "re-subscribe failed")
        }
        if let topic = options.statusTopic {
            _ = handle.publish(topic: topic, payload: Array("online".utf8), qos: 1, retain: true)
        }
        counters.counter("mqtt_connects").increment()
        status?.set("mqtt", "connected to \(options.host):\(options.port)")
        logger.info("mqtt connected", metadata: ["host": "\(options.host)", "port": "\(options.port)", "subscriptions": "\(filters.count)"])
        waiters.forEach { $0.resume() }
    }

    func handleDisconnect(code: Int32) {
        markDisconnected()
        if code != 0 {
            logger.warning("mqtt connection lost", metadata: ["code": "\(code)"])
            status?.set("mqtt", "disconnected; reconnecting")
        }
    }

    func handlePublished(mid: Int32) {
        let continuation = state.withLock { s -> CheckedContinuation<Void, any Error>? in
            if let c = s.pendingAcks.removeValue(forKey: mid) { return c }
            if s.ignoredAcks.remove(mid) == nil { s.earlyAcks.insert(mid) }
            return nil
        }
        continuation?.resume()
    }

    func handleSubscribed(mid: Int32) {
        let (filter, waiters) = state.withLock { s -> (String?, [CheckedContinuation<Void, Never>]) in
            guard let filter = s.subscribeIDs.removeValue(forKey: mid) else {
                s.earlySubacks.insert(mid)
                return (nil, [])
            }
            return (filter, Self.acknowledge(filter, in: &s))
        }
        waiters.forEach { $0.resume() }
        if let filter { logger.debug("mqtt subscription acknowledged", metadata: ["filter": "\(filter)"]) }
    }

    func handleMessage(_ message: MQTTMessage) {
        let (targets, batchTargets) = state.withLock { s -> ([(AsyncStream<MQTTMessage>.Continuation, Counter)], [Int]) in
            let route: (single: [Int], batch: [Int])
            if let known = s.routes[message.topic] {
                route = known
            } else {
                route = (s.subscriptions.filter { MQTTTopic.match($0.value.filter, message.topic) != nil }.map(\.key),
                         s.batchSubscriptions.filter { MQTTTopic.match($0.value.filter, message.topic) != nil }.map(\.key))
                if s.routes.count >= 100_000 { s.routes.removeAll() }
                s.routes[message.topic] = route
            }
            return (route.single.compactMap { id in s.subscriptions[id].map { ($0.continuation, $0.dropped) } }, route.batch)
        }
        for id in batchTargets { gathered[id, default: []].append(message) }
        received.increment()
        for (continuation, dropped) in targets {
            if case .dropped = continuation.yield(message) { dropped.increment() }
        }
    }
}
