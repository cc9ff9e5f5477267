/// The HTTP proxy the cloud client goes through, if any: `[cloud] proxy` when set ("" = none),
/// else the usual environment variables — `HTTPS_PROXY`/`https_proxy` for an https endpoint,
/// `HTTP_PROXY`/`http_proxy` for an http one — unless `NO_PROXY`/`no_proxy` lists the endpoint's
/// host (exact, a domain suffix, or `*`). Credentials (`http://user:password@host:port`) are taken
/// from the environment only.
public struct HTTPProxy: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?
    /// Where it came from, for logs ("[cloud] proxy", "HTTPS_PROXY", …); never the credentials.
    public var source: String

    public init(host: String, port: Int, username: String? = nil, password: String? = nil, source: String) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.source = source
    }

    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case notAURL(String)
        case credentialsInConfig

        public var description: String {
            switch self {
            case let .notAURL(what): "must look like http://host:port (got \(what))"
            case .credentialsInConfig: "proxy credentials are not read from the config file; put the proxy URL with them in HTTPS_PROXY"
            }
        }
    }

    /// The proxy for `endpoint` (the `[cloud] base_url`).
    public static func resolve(endpoint: String, configured: String?, environment: [String: String]) -> Result<HTTPProxy?, Problem> {
        if let configured {
            if configured.isEmpty { return .success(nil) }
            switch parse(configured, source: "[cloud] proxy") {
            case let .success(p) where p.username != nil || p.password != nil: return .failure(.credentialsInConfig)
            case let .success(p): return .success(p)
            case let .failure(problem): return .failure(problem)
            }
        }
        let https = endpoint.lowercased().hasPrefix("https://")
        let names = https ? ["HTTPS_PROXY", "https_proxy"] : ["HTTP_PROXY", "http_proxy"]
        guard let name = names.first(where: { !(environment[$0] ?? "").isEmpty }), let value = environment[name] else { return .success(nil) }
        let noProxy = environment["NO_PROXY"] ?? environment["no_proxy"] ?? ""
        if bypasses(host: host(of: endpoint), noProxy: noProxy) { return .success(nil) }
        return parse(value, source: name).map { $0 }
    }

    /// `http://[user[:password]@]host[:port][/]`; the port defaults to 80. (A bare `host:port`, as
    /// some tools write it, is taken as http too.)
    public static func parse(_ text: String, source: String) -> Result<HTTPProxy, Problem> {
        // An environment value may hold credentials: problems name the variable, not the value.
        let shown = source.hasPrefix("[") ? "\"\(text)\"" : source
        var rest = Substring(text.trimmed(of: " "))
        if rest.lowercased().hasPrefix("http://") {
            rest = rest.dropFirst(7)
        } else if rest.contains("://") {
            return .failure(.notAURL("\(shown); only http:// proxies are supported"))
        }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        var username: String?, password: String?
        if let at = rest.lastIndex(of: "@") {
            let info = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = info.firstIndex(of: ":") {
                username = String(info[..<colon])
                password = String(info[info.index(after: colon)...])
            } else {
                username = String(info)
            }
        }
        var host = String(rest), port = 80
        if let colon = rest.lastIndex(of: ":") {
            guard let p = Int(rest[rest.index(after: colon)...]), (1...65535).contains(p) else {
                return .failure(.notAURL("\(shown); bad port"))
            }
            host = String(rest[..<colon])
            port = p
        }
        guard !host.isEmpty else { return .failure(.notAURL("\(shown); no host")) }
        return .success(HTTPProxy(host: host, port: port, username: username, password: password, source: source))
    }

    /// Whether `NO_PROXY` exempts `host`.
    public static func bypasses(host: String, noProxy: String) -> Bool {
        let host = host.lowercased()
        for raw in noProxy.split(separator: ",") {
            var entry = String(raw).trimmed(of: " ").lowercased()
            if entry == "*" { return true }
            if let colon = entry.lastIndex(of: ":"), !entry.contains("]") { entry = String(entry[..<colon]) }
            if entry.hasPrefix(".") { entry.removeFirst() }
            if entry.isEmpty { continue }
            if host == entry || host.hasSuffix("." + entry) { return true }
        }
        return false
    }

    /// The host of an http(s) URL.
    static func host(of url: String) -> String {
        var rest = Substring(url)
        for scheme in ["https://", "http://"] where rest.lowercased().hasPrefix(scheme) { rest = rest.dropFirst(scheme.count) }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") { return String(rest[rest.index(after: rest.startIndex)..<close]) }
        if let colon = rest.lastIndex(of: ":") { rest = rest[..<colon] }
        return String(rest)
    }
}
