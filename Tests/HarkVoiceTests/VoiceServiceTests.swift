import Foundation
import HarkAudio
import HarkCore
import HarkIntents
import HarkMQTT
import HarkTestSupport
import HarkVoice
import Logging
import Synchronization
import Testing

/// The voice path's delivery and listening modes against a real mosquitto: a scripted recogniser
/// stands for the speech model so the gating, queueing and publishing are what is tested.
@Suite(.serialized, .timeLimit(.minutes(2))) struct VoiceServiceTests {
    static let intents = """
        [mqtt]
        hermes = true
        [[intent]]
        name = "fan_power"
        sentences = ["turn (on|off){state} the {room} fan"]
        slots = { room = ["kitchen", "office"] }
        topic = "home/{room}/fan/set"
        payload = "{state}"
        reply = "Turning the {room} fan {state}"
        """

    final class Rig: Sendable {
        let broker: MosquittoBroker
        let client: MQTTClient
        let observer: MQTTClient
        final class Seen: Sendable {
            let messages = Mutex<[MQTTMessage]>([])
            func withLock<T>(_ body: (inout [MQTTMessage]) -> T) -> T { messages.withLock { body(&$0) } }
        }
        let seen = Seen()
        let utterances: AsyncStream<Utterance>
        let feed: AsyncStream<Utterance>.Continuation
        let controller: ListeningController
        let recognizer = ScriptedRecognizer()
        let counters = Counters()
        let service: VoiceService
        let task: Task<Void, any Error>
        let reader: Task<Void, Never>

        init(mode: ListeningGate.Mode) async throws {
            broker = try MosquittoBroker()
            client = try MQTTClient(options: MQTTOptions(host: "127.0.0.1", port: broker.port, clientID: "hark-v", cleanSession: true),
                                    logger: Logger(label: "test.mqtt"))
            observer = try MQTTClient(options: MQTTOptions(host: "127.0.0.1", port: broker.port, clientID: "obs-v", cleanSession: true),
                                      logger: Logger(label: "test.obs"))
            let stream = observer.subscribe("#", qos: 1, buffer: 1000)
            let seen = self.seen
            reader = Task { for await m in stream { seen.withLock { $0.append(m) } } }
            observer.start()
            client.start()
            await observer.waitUntilConnected()
            await client.waitUntilConnected()
            let config = try HarkConfig.parse(text: VoiceServiceTests.intents, file: "t.toml").get()
            let engine = IntentEngine(intents: config.intents, cloudSettings: config.cloud, embedding: nil, cloud: nil,
                                      logger: Logger(label: "test"))
            (utterances, feed) = AsyncStream.makeStream(of: Utterance.self)
            controller = ListeningController(gate: ListeningGate(mode: mode, listenTimeout: 5, minCommand: 0.3), spotter: nil)
            let interpreter = VoiceInterpreter(mode: mode, settings: config.speech, alwaysMinConfidence: 0.9)
            service = VoiceService(.init(
                utterances: utterances, controller: controller, recognizer: recognizer, interpreter: interpreter,
                engine: { engine }, hermes: { true }, bus: client, prefix: "hark/t", siteID: "site1", play: nil,
                listeningChime: true, counters: counters, status: nil), logger: Logger(label: "test.voice"))
            let service = self.service
            task = Task { try await service.run() }
            try await Task.sleep(for: .milliseconds(300))  // subscriptions in place
        }

        func utterance(start: Double, end: Double) -> Utterance {
            let a = Int(start * 16_000), b = Int(end * 16_000)
            return Utterance(samples: [Int16](repeating: 100, count: b - a), audioStartSample: a, startSample: a, endSample: b,
                             truncated: false, stats: VADStats())
        }

        func waitFor(_ topic: String, timeout: Duration = .seconds(10), _ p: (String) -> Bool = { _ in true }) async -> String? {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if let m = seen.withLock({ $0.first { $0.topic == topic && p(String(decoding: $0.payload, as: UTF8.self)) } }) {
                    return String(decoding: m.payload, as: UTF8.self)
                }
                try? await Task.sleep(for: .milliseconds(20))
            }
            return nil
        }

        func topics() -> [String] { seen.withLock { $0.map(\.topic) } }

        func close() async {
            feed.finish()
            _ = try? await task.value
            await client.stop()
            await observer.stop()
            reader.cancel()
            broker.stop()
        }
    }

    @Test func pushToTalkOverMQTTOpensAWindowAndTheCommandActs() async throws {
        let rig = try await Rig(mode: .pushToTalk)
        rig.recognizer.answer(Recognition(text: "turn on the kitchen fan", recognizer: .grammar, confidence: 0.97))
        // Without a window nothing is recognised.
        rig.feed.yield(rig.utterance(start: 0.2, end: 1.0))
        try await Task.sleep(for: .milliseconds(300))
        #expect(rig.recognizer.calls.load(ordering: .relaxed) == 0)
        #expect(rig.counters.value("voice_ignored_utterances") == 1)

        try await rig.observer.publish(topic: "hark/t/listen", payload: [], qos: 1, retain: false)
        #expect(await rig.waitFor("hark/t/listening") { $0.contains(#""state":"open""#) && $0.contains("push_to_talk") } != nil)
        rig.feed.yield(rig.utterance(start: 1.5, end: 2.5))
        #expect(await rig.waitFor("home/kitchen/fan/set") == "on")
        let reply = await rig.waitFor("hark/t/reply")
        #expect(reply?.contains(#""intent":"fan_power""#) == true)
        #expect(reply?.contains(#""transcript":"turn on the kitchen fan","recognizer":"grammar""#) == true)
        #expect(await rig.waitFor("hark/t/intent/fan_power") != nil)
        #expect(await rig.waitFor("hark/t/transcript") { $0.contains("turn on the kitchen fan") } != nil)
        #expect(await rig.waitFor("hermes/asr/textCaptured") { $0.contains(#""siteId":"site1""#) } != nil)
        #expect(await rig.waitFor("hermes/intent/fan_power") != nil)
        #expect(rig.recognizer.grammars.withLock { $0 } == [4])  // the intents' grammar: 2 states x 2 rooms
        // Hermes push-to-talk for another site is not ours.
        try await rig.observer.publish(topic: "hermes/asr/startListening", payload: Array(#"{"siteId":"elsewhere"}"#.utf8), qos: 1, retain: false)
        try await Task.sleep(for: .milliseconds(300))
        #expect(rig.counters.value("voice_push_to_talk") == 1)
        try await rig.observer.publish(topic: "hermes/asr/startListening", payload: Array(#"{"siteId":"site1"}"#.utf8), qos: 1, retain: false)
        #expect(await rig.waitFor("hark/t/listening") { $0.contains(#""state":"open""#) && $0.contains(#""at_s":2.5"#) } != nil)
        await rig.close()
    }

    @Test func alwaysModeActsOnlyOnConfidentGrammarRecognitions() async throws {
        let rig = try await Rig(mode: .always)
        rig.recognizer.answer(Recognition(text: "what time is it", recognizer: .free, confidence: 0.2))
        rig.recognizer.answer(Recognition(text: "turn off the office fan", recognizer: .grammar, confidence: 0.5))
        rig.recognizer.answer(Recognition(text: "turn off the office fan", recognizer: .grammar, confidence: 0.95))
        rig.feed.yield(rig.utterance(start: 1, end: 2))
        rig.feed.yield(rig.utterance(start: 3, end: 4))
        rig.feed.yield(rig.utterance(start: 5, end: 6))
        #expect(await rig.waitFor("home/office/fan/set") == "off")
        try await Task.sleep(for: .milliseconds(300))
        #expect(rig.topics().filter { $0 == "home/office/fan/set" }.count == 1)
        #expect(rig.topics().filter { $0 == "hark/t/reply" }.count == 1)  // the ignored ones get no answer
        #expect(rig.topics().filter { $0 == "hark/t/transcript" }.count == 3)
        #expect(rig.counters.value("voice_ignored_utterances") == 2)
        await rig.close()
    }
}
