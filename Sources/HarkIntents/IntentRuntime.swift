import Foundation
import HarkCloud
import HarkCore
import HarkModels
import Logging

extension SentenceEmbedder: TextEmbedding {}

/// Builds the intent engine from a config, for the daemon and for `hark say`: the MiniLM
/// fallback when the models are installed, the cloud fallback when `[cloud] enabled`.
public struct IntentRuntime: Sendable {
    public let engine: IntentEngine
    public let cloud: CloudFallback?
    public let transport: HTTPChatTransport?
    public let store: CloudStore?

    /// `modelsDirectory`: where MiniLM is looked for (nil: no embedding fallback).
    /// `stateDirectory`: where the cloud state lives (nil: token count kept in memory only).
    public init(config: HarkConfig, apiKey: String?, modelsDirectory: String?, stateDirectory: String?, logger: Logger,
                counters: Counters, status: DaemonStatus? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        var embedding: EmbeddingWorker?
        if let dir = modelsDirectory, FileManager.default.fileExists(atPath: "\(dir)/\(SentenceEmbedder.fileName)") {
            do {
                let embedder = try SentenceEmbedder(store: ModelStore(directory: URL(fileURLWithPath: dir)))
                embedding = EmbeddingWorker(embedder: embedder, intents: config.intents)
            } catch {
                logger.warning("MiniLM unavailable; free phrasing goes to the cloud only", metadata: ["models_dir": "\(dir)", "error": "\(error)"])
            }
        } else {
            logger.info("MiniLM not installed; template matching only", metadata: ["models_dir": "\(modelsDirectory ?? "-")"])
        }
        var store: CloudStore?
        if let stateDirectory, config.cloud.enabled {
            do {
                store = try CloudStore(path: "\(stateDirectory)/cloud.sqlite")
            } catch {
                logger.error("cloud state store unavailable", metadata: ["path": "\(stateDirectory)/cloud.sqlite", "error": "\(error)"])
            }
        }
        var cloud: CloudFallback?
        var transport: HTTPChatTransport?
        if config.cloud.enabled {
            if apiKey == nil, config.cloud.requireAPIKey {
                logger.warning("cloud enabled but no API key; cloud fallback off",
                               metadata: ["fix": .string("put it in $CREDENTIALS_DIRECTORY/cloud-api-key or $HARK_CLOUD_API_KEY, "
                                                          + "or set [cloud] require_api_key = false for a server that needs none")])
            }
            let t = HTTPChatTransport(baseURL: config.cloud.baseURL, apiKey: apiKey, connectTimeout: config.cloud.connectTimeout,
                                      maxBytes: config.cloud.maxResponseBytes,
                                      proxy: Self.proxy(config.cloud, environment: environment, logger: logger))
            transport = t
            let savedBudget = try? store?.loadBudget(dailyLimit: config.cloud.dailyTokenBudget)
            let storeRef = store
            let budgetLogger = logger
            cloud = CloudFallback(settings: config.cloud, intents: config.intents, transport: t,
                                  hasAPIKey: apiKey != nil || !config.cloud.requireAPIKey,
                                  logger: logger, counters: counters, status: status, budget: savedBudget ?? nil,
                                  budgetChanged: { budget in
                                      do { try storeRef?.saveBudget(budget) } catch {
                                          budgetLogger.warning("cannot save the token count", metadata: ["error": "\(error)"])
                                      }
                                  })
        }
        self.cloud = cloud
        self.transport = transport
        self.store = store
        self.engine = IntentEngine(intents: config.intents, cloudSettings: config.cloud, embedding: embedding, cloud: cloud,
                                   wakeModels: config.wake.models, logger: logger)
    }

    public func shutdown() async { await transport?.shutdown() }

    /// The proxy for the cloud endpoint (logged without credentials); none when it cannot be read.
    static func proxy(_ cloud: CloudSettings, environment: [String: String], logger: Logger) -> HTTPProxy? {
        switch HTTPProxy.resolve(endpoint: cloud.baseURL, configured: cloud.proxy, environment: environment) {
        case let .success(proxy?):
            logger.info("cloud requests go through a proxy", metadata: ["proxy": "\(proxy.host):\(proxy.port)", "from": "\(proxy.source)"])
            return proxy
        case .success(nil):
            return nil
        case let .failure(problem):
            logger.error("cloud proxy unusable; connecting directly", metadata: ["problem": "\(problem)"])
            return nil
        }
    }
}
