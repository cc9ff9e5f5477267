import CMosquitto
import Foundation

/// The libmosquitto handle and every C call on it; C types stay in this file. Each failing call
/// becomes an ``MQTTError`` naming the function.
final class MosquittoHandle: @unchecked Sendable {
    private let mosq: OpaquePointer

    private static let libraryInit: Void = { mosquitto_lib_init() }()

    /// Creates the handle; `context` is handed back to the callbacks.
    init(clientID: String, cleanSession: Bool, context: UnsafeMutableRawPointer) throws {
        _ = Self.libraryInit
        guard let handle = mosquitto_new(clientID, cleanSession, context) else {
            throw MQTTError(function: "mosquitto_new", code: Int32(errno), message: String(cString: strerror(errno)))
        }
        mosq = handle
        try check("mosquitto_threaded_set", mosquitto_threaded_set(mosq, true))
    }

    deinit { mosquitto_destroy(mosq) }

    func configure(_ o: MQTTOptions) throws {
        try check("mosquitto_int_option(PROTOCOL_VERSION)",
                  mosquitto_int_option(mosq, MOSQ_OPT_PROTOCOL_VERSION, o.protocolVersion == 5 ? MQTT_PROTOCOL_V5 : MQTT_PROTOCOL_V311))
        try check("mosquitto_max_inflight_messages_set", mosquitto_max_inflight_messages_set(mosq, UInt32(max(0, o.maxInflight))))
        if o.username != nil || o.password != nil {
            try check("mosquitto_username_pw_set", mosquitto_username_pw_set(mosq, o.username, o.password))
        }
        if let tls = o.tls {
            try check("mosquitto_tls_set", mosquitto_tls_set(mosq, tls.caFile, nil, tls.certFile, tls.keyFile, nil))
            if tls.insecure { try check("mosquitto_tls_insecure_set", mosquitto_tls_insecure_set(mosq, true)) }
        }
        if let status = o.statusTopic {
            let payload = Array("offline".utf8)
            try check("mosquitto_will_set", mosquitto_will_set(mosq, status, Int32(payload.count), payload, 1, true))
        }
    }

    func setCallbacks() {
        mosquitto_connect_callback_set(mosq) { _, ctx, rc in
            MQTTCallbacks.client(ctx)?.handleConnect(code: rc, reason: String(cString: mosquitto_connack_string(rc)))
        }
        mosquitto_disconnect_callback_set(mosq) { _, ctx, rc in
            MQTTCallbacks.client(ctx)?.handleDisconnect(code: rc)
        }
        mosquitto_publish_callback_set(mosq) { _, ctx, mid in
            MQTTCallbacks.client(ctx)?.handlePublished(mid: mid)
        }
        mosquitto_subscribe_callback_set(mosq) { _, ctx, mid, _, _ in
            MQTTCallbacks.client(ctx)?.handleSubscribed(mid: mid)
        }
        mosquitto_message_callback_set(mosq) { _, ctx, message in
            guard let m = message?.pointee, let topic = m.topic else { return }
            let payload: [UInt8] = m.payloadlen > 0 && m.payload != nil
                ? Array(UnsafeRawBufferPointer(start: m.payload, count: Int(m.payloadlen))) : []
            MQTTCallbacks.client(ctx)?.handleMessage(MQTTMessage(topic: String(cString: topic), payload: payload, qos: Int(m.qos), retain: m.retain))
        }
    }

    func connect(host: String, port: Int, keepalive: Int) -> MQTTError? {
        call("mosquitto_connect", mosquitto_connect(mosq, host, Int32(port), Int32(keepalive)))
    }

    func reconnect() -> MQTTError? { call("mosquitto_reconnect", mosquitto_reconnect(mosq)) }

    func disconnect() { _ = mosquitto_disconnect(mosq) }

    /// One round of network I/O, waiting at most `timeoutMS` for traffic.
    func loop(timeoutMS: Int) -> MQTTError? { call("mosquitto_loop", mosquitto_loop(mosq, Int32(timeoutMS), 256)) }

    /// Reads further packets that are already waiting on the socket (up to `max`), so that a
    /// burst is handled in one round instead of one `mosquitto_loop` per packet.
    func drainReadable(max: Int) -> MQTTError? {
        let fd = mosquitto_socket(mosq)
        guard fd >= 0 else { return nil }
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        var n = 0
        while n < max, poll(&pfd, 1, 0) > 0, pfd.revents & Int16(POLLIN) != 0 {
            if let e = call("mosquitto_loop_read", mosquitto_loop_read(mosq, 1)) { return e }
            n += 1
        }
        return nil
    }

    /// Queues a publish; returns its message id (also when the result is "not connected": QoS > 0
    /// messages stay queued in libmosquitto and go out after the reconnect).
    func publish(topic: String, payload: [UInt8], qos: Int, retain: Bool) -> (mid: Int32, error: MQTTError?) {
        var mid: Int32 = 0
        let rc = payload.withUnsafeBytes { raw in
            mosquitto_publish(mosq, &mid, topic, Int32(raw.count), raw.baseAddress, Int32(qos), retain)
        }
        return (mid, call("mosquitto_publish", rc))
    }

    /// Sends SUBSCRIBE; returns its message id (matched by the SUBACK callback) or the error.
    func subscribe(_ filter: String, qos: Int) -> Result<Int32, MQTTError> {
        var mid: Int32 = 0
        if let error = call("mosquitto_subscribe", mosquitto_subscribe(mosq, &mid, filter, Int32(qos))) { return .failure(error) }
        return .success(mid)
    }

    func unsubscribe(_ filter: String) { _ = mosquitto_unsubscribe(mosq, nil, filter) }

    static func isNotConnected(_ e: MQTTError) -> Bool {
        e.code == MOSQ_ERR_NO_CONN.rawValue || e.code == MOSQ_ERR_CONN_LOST.rawValue
    }

    private func call(_ function: String, _ rc: Int32) -> MQTTError? {
        guard rc != MOSQ_ERR_SUCCESS.rawValue else { return nil }
        let message = rc == MOSQ_ERR_ERRNO.rawValue ? String(cString: strerror(errno)) : String(cString: mosquitto_strerror(rc))
        return MQTTError(function: function, code: rc, message: message)
    }

    private func check(_ function: String, _ rc: Int32) throws {
        if let e = call(function, rc) { throw e }
    }
}

/// Recovers the client from libmosquitto's `void *` callback context.
enum MQTTCallbacks {
    static func client(_ ctx: UnsafeMutableRawPointer?) -> MQTTClient? {
        guard let ctx else { return nil }
        return Unmanaged<MQTTClient>.fromOpaque(ctx).takeUnretainedValue()
    }
}
