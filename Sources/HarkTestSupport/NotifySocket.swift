import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real `AF_UNIX` datagram socket standing in for systemd's `$NOTIFY_SOCKET`.
public final class NotifySocket: @unchecked Sendable {
    public let path: String
    private let fd: Int32
    private var received: [(at: ContinuousClock.Instant, message: String)] = []
    private let lock = NSLock()

    /// Binds a fresh socket; `abstract` uses the Linux abstract namespace (`@name`).
    public init(abstract: Bool = false) throws {
        let name = "hark-notify-\(UUID().uuidString.prefix(12))"
        path = abstract ? "@\(name)" : FileManager.default.temporaryDirectory.appendingPathComponent("\(name).sock").path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        if abstract { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &addr.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + (abstract ? 0 : 1))
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard rc == 0 else { close(fd); throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EINVAL) }
    }

    deinit {
        close(fd)
        if !path.hasPrefix("@") { unlink(path) }
    }

    /// Waits up to `timeout` for a message containing `fragment`; returns it and when it came.
    public func waitFor(_ fragment: String, timeout: Duration) -> (message: String, at: ContinuousClock.Instant)? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let hit = lock.withLock({ received.first { $0.message.contains(fragment) } }) { return (hit.message, hit.at) }
            let left = deadline - ContinuousClock.now
            if left <= .zero { return nil }
            receive(timeout: min(left, .milliseconds(100)))
        }
    }

    /// Every message received so far (after draining what is queued).
    public func messages() -> [String] {
        while receive(timeout: .milliseconds(1)) {}
        return lock.withLock { received.map(\.message) }
    }

    /// Count of messages that contain `fragment`, after draining what is queued.
    public func count(_ fragment: String) -> Int { messages().filter { $0.contains(fragment) }.count }

    @discardableResult
    private func receive(timeout: Duration) -> Bool {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ms = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard poll(&pfd, 1, max(ms, 0)) > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = recv(fd, &buffer, buffer.count, 0)
        guard n > 0 else { return false }
        let text = String(decoding: buffer[0..<n], as: UTF8.self)
        lock.withLock { received.append((.now, text)) }
        return true
    }
}
