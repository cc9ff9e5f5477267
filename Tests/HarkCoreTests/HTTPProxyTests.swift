import HarkCore
import Testing

@Suite struct HTTPProxyTests {
    let https = "https://api.openai.com/v1"

    @Test func theEnvironmentVariableFollowsTheEndpointsScheme() throws {
        let env = ["HTTPS_PROXY": "http://proxy.corp:3128", "http_proxy": "http://plain.corp:8080"]
        let p = try #require(try HTTPProxy.resolve(endpoint: https, configured: nil, environment: env).get())
        #expect(p == HTTPProxy(host: "proxy.corp", port: 3128, source: "HTTPS_PROXY"))
        let q = try #require(try HTTPProxy.resolve(endpoint: "http://llm.lan:8000/v1", configured: nil, environment: env).get())
        #expect(q.host == "plain.corp" && q.port == 8080 && q.source == "http_proxy")
        #expect(try HTTPProxy.resolve(endpoint: https, configured: nil, environment: [:]).get() == nil)
    }

    @Test func noProxyExemptsHostsAndDomains() throws {
        for noProxy in ["*", "api.openai.com", ".openai.com", "openai.com", "localhost, openai.com:443"] {
            #expect(try HTTPProxy.resolve(endpoint: https, configured: nil, environment: ["HTTPS_PROXY": "proxy:3128", "NO_PROXY": noProxy]).get() == nil,
                    "\(noProxy)")
        }
        #expect(try HTTPProxy.resolve(endpoint: https, configured: nil, environment: ["HTTPS_PROXY": "proxy:3128", "no_proxy": "notopenai.com"]).get() != nil)
    }

    @Test func theConfigWinsAndEmptyMeansNone() throws {
        let env = ["HTTPS_PROXY": "http://proxy.corp:3128"]
        #expect(try HTTPProxy.resolve(endpoint: https, configured: "", environment: env).get() == nil)
        let p = try #require(try HTTPProxy.resolve(endpoint: https, configured: "http://gw.lan:8888/", environment: env).get())
        #expect(p == HTTPProxy(host: "gw.lan", port: 8888, source: "[cloud] proxy"))
    }

    @Test func credentialsComeOnlyFromTheEnvironmentAndNeverAppearInProblems() throws {
        let p = try #require(try HTTPProxy.resolve(endpoint: https, configured: nil,
                                                   environment: ["HTTPS_PROXY": "http://me:s3cret@proxy:3128"]).get())
        #expect(p.username == "me" && p.password == "s3cret" && p.port == 3128)
        #expect(HTTPProxy.resolve(endpoint: https, configured: "http://me:s3cret@proxy:3128", environment: [:]) == .failure(.credentialsInConfig))
        guard case let .failure(problem) = HTTPProxy.resolve(endpoint: https, configured: nil,
                                                             environment: ["HTTPS_PROXY": "http://me:s3cret@proxy:99999"]) else {
            Issue.record("bad port accepted"); return
        }
        #expect(problem.description.contains("HTTPS_PROXY"))
        #expect(!problem.description.contains("s3cret"))
        #expect(HTTPProxy.resolve(endpoint: https, configured: "socks5://proxy:1080", environment: [:]) ==
                .failure(.notAURL("\"socks5://proxy:1080\"; only http:// proxies are supported")))
    }

    @Test func checkConfigReportsABadProxy() {
        guard case let .failure(errors) = HarkConfig.parse(text: "[cloud]\nproxy = \"http://proxy:0\"\n", file: "c.toml") else {
            Issue.record("accepted"); return
        }
        #expect(errors.description.contains("c.toml:2: cloud.proxy: must look like http://host:port"))
    }
}
