#if canImport(Glibc)
import Glibc
#endif

/// A blocking `GET /metrics` for `hark status`: one request, `Connection: close`, a deadline on
/// connect and on every read. Small on purpose: no HTTP client library for one loopback request.
public enum MetricsScraper {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static func get(host: String, port: Int, path: String = "/metrics", timeoutSeconds: Int = 3) throws(Failure) -> String {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else { throw Failure(description: "cannot resolve \(host): \(String(cString: gai_strerror(rc)))") }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let ai = node {
            node = ai.pointee.ai_next
            let fd = socket(ai.pointee.ai_family, ai.pointee.ai_socktype, ai.pointee.ai_protocol)
            guard fd >= 0 else { lastError = String(cString: strerror(errno)); continue }
            var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            guard connect(fd, ai.pointee.ai_addr, ai.pointee.ai_addrlen) == 0 else {
                lastError = String(cString: strerror(errno))
                close(fd)
                continue
            }
            defer { close(fd) }
            let request = "GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\nAccept: text/plain\r\n\r\n"
            let sent = request.withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw Failure(description: "sending the request failed: \(String(cString: strerror(errno)))") }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if n == 0 { break }
                guard n > 0 else { throw Failure(description: "reading the answer failed: \(String(cString: strerror(errno)))") }
                bytes += buffer[0..<n]
                guard bytes.count < 16 << 20 else { throw Failure(description: "the answer is larger than 16 MiB") }
            }
            return try parse(bytes)
        }
        throw Failure(description: "cannot connect to \(host):\(port): \(lastError)")
    }

    /// The body of a `200` HTTP/1.x answer (Content-Length or read-to-close; no chunked encoding).
    static func parse(_ bytes: [UInt8]) throws(Failure) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw Failure(description: "not an HTTP answer") }
        let head = text[..<split.lowerBound]
        let statusLine = head.split(separator: "\r\n").first.map(String.init) ?? ""
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1.") else { throw Failure(description: "not an HTTP answer: \(statusLine)") }
        guard parts[1] == "200" else { throw Failure(description: "the endpoint answered \(statusLine)") }
        return String(text[split.upperBound...])
    }
}
