import Foundation
import Glibc
import Logging
import ServiceLifecycle

/// Announces the Wyoming server on the LAN as `_wyoming._tcp` (Home Assistant discovers it) by
/// running `avahi-publish` for as long as the daemon runs. Without avahi-publish, or when the
/// server only listens on loopback, it says so in the log once and does nothing else.
public struct ZeroconfAnnouncer: Service {
    public var name: String
    public var host: String
    public var port: Int
    public var logger: Logger
    /// Where to look for avahi-publish (`PATH` by default).
    public var searchPath: String

    public init(name: String, host: String, port: Int, logger: Logger,
                searchPath: String = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin") {
        self.name = name
        self.host = host
        self.port = port
        self.logger = logger
        self.searchPath = searchPath
    }

    /// The address Home Assistant should use: `host` itself, or for a wildcard host the first
    /// non-loopback IPv4 address of an interface that is up; nil when only loopback would do.
    public static func lanAddress(host: String) -> String? {
        if host.hasPrefix("127.") || host == "localhost" || host == "::1" { return nil }
        guard host == "0.0.0.0" || host == "::" || host.isEmpty else { return host }
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return nil }
        defer { freeifaddrs(list) }
        var p: UnsafeMutablePointer<ifaddrs>? = first
        while let a = p {
            defer { p = a.pointee.ifa_next }
            let flags = Int32(a.pointee.ifa_flags)
            guard let sa = a.pointee.ifa_addr, sa.pointee.sa_family == UInt8(AF_INET),
                  flags & Int32(IFF_UP) != 0, flags & Int32(IFF_LOOPBACK) == 0 else { continue }
            var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            let ok = sa.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin -> Bool in
                var addr = sin.pointee.sin_addr
                return inet_ntop(AF_INET, &addr, &text, socklen_t(INET_ADDRSTRLEN)) != nil
            }
            if ok { return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        }
        return nil
    }

    public func run() async throws {
        guard let address = Self.lanAddress(host: host) else {
            logger.info("wyoming: not announced on the LAN (listening on \(host) only); set [wyoming] host = \"0.0.0.0\" for Home Assistant on another machine")
            try? await gracefulShutdown()
            return
        }
        guard let avahi = searchPath.split(separator: ":").map({ "\($0)/avahi-publish" })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else {
            logger.info("wyoming: avahi-publish not found, so no zeroconf announcement; add Hark in Home Assistant by hand: host \(address), port \(port) (apt-get install avahi-utils to announce it)")
            try? await gracefulShutdown()
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: avahi)
        // -s: a service record on this host's mDNS name, whose address records avahi keeps to the LAN addresses.
        process.arguments = ["-s", name, "_wyoming._tcp", String(port)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            logger.info("wyoming: announced as _wyoming._tcp", metadata: ["name": .string(name), "address": .string(address),
                                                                       "port": .stringConvertible(port)])
        } catch {
            logger.warning("wyoming: avahi-publish failed to start: \(error); add Hark in Home Assistant by hand: host \(address), port \(port)")
        }
        try? await gracefulShutdown()
        if process.isRunning { process.terminate() }
    }
}
