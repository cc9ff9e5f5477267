import Foundation
import HarkCloud
import HarkCore
import HarkIntents
import HarkTestSupport
import Testing

/// The day's token count lives in `<state_dir>/cloud.sqlite`: a restart neither resets the budget
/// nor hides what was used (the stats gauges show it from the start).
@Suite(.serialized) struct TokenBudgetPersistenceTests {
    @Test func theDailyCountSurvivesARestart() async throws {
        let server = try FakeChatCompletionsServer()
        server.setFallback(.toolCall(name: "reply", arguments: #"{"text":"ok"}"#, promptTokens: 90, completionTokens: 20))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hark-budget-\(UUID().uuidString)").path
        let config = try HarkConfig.parse(text: """
            [cloud]
            enabled = true
            base_url = "\(server.baseURL)"
            daily_token_budget = 100
            """, file: "budget.toml").get()
        func start() -> (IntentRuntime, Counters) {
            let counters = Counters()
            return (IntentRuntime(config: config, apiKey: TestKey.apiKey, modelsDirectory: nil, stateDirectory: dir,
                                  logger: LogCapture().logger("hark.cloud"), counters: counters), counters)
        }

        let (first, firstCounters) = start()
        #expect(await first.cloud!.resolve(text: "a", deadline: .now + .seconds(2)) == .answer(.reply("ok")))
        #expect(firstCounters.value("cloud_tokens_today") == 110)
        await first.shutdown()

        let (second, counters) = start()
        #expect(counters.value("cloud_tokens_today") == 110)
        #expect(counters.value("cloud_tokens_left_today") == 0)
        #expect(await second.cloud!.resolve(text: "b", deadline: .now + .seconds(2)) == .unavailable("daily token budget used up"))
        #expect(server.requests.count == 1)
        await second.shutdown()
        server.shutdown()
    }
}
