import ArgumentParser
import Foundation
import HarkAudio
import HarkCore
import HarkInference
import HarkIntents
import HarkSystemd
import HarkVoice
import Logging

struct ListenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listen",
        abstract: "Run a recording through the daemon's voice path; print one JSON line per utterance.",
        discussion: """
            Exactly what the daemon does with what its microphone hears, without a daemon: Silero VAD and \
            [audio] endpointing cut the recording into utterances, the listening mode ([wake] mode; push_to_talk \
            counts the recording's start as the request) picks the commands, the speech model recognises them \
            against the intents ([speech]), and the intent engine understands them. Each line is the result JSON \
            (as on <prefix>/reply) with "transcript", "recognizer", "start_s" and "end_s"; utterances that were not \
            commands have "skipped". Actions are published over MQTT unless --dry-run. Exit 0 when at least one \
            utterance was understood, 1 when none.
            """)

    @Option(name: .long, help: "The config file.")
    var config: String = ConfigFile.defaultPath

    @Flag(name: .long, help: "Print what would be done; publish nothing.")
    var dryRun = false

    @Argument(help: "A 16 kHz mono 16-bit WAV file.")
    var file: String

    func run() async throws {
        let settings = try OneShotSetup.load(config)
        let logger = Logger(label: "hark.listen")
        let modelsDir = settings.resolvePath(settings.models.dir)
        let samples: [Int16]
        do {
            let (s, rate) = try WAVReader.mono16(try Data(contentsOf: URL(fileURLWithPath: file)))
            guard rate == 16_000 else {
                throw FileSegmenter.FileError.wrongRate(file, rate)
            }
            samples = s
        } catch let e as FileSegmenter.FileError {
            ConsoleOutput.error("hark listen: \(e)")
            throw ExitCode.failure
        } catch {
            ConsoleOutput.error("hark listen: \(file): cannot read: \(error)")
            throw ExitCode.failure
        }
        let (detector, recognizer, spotter) = try reportingModelErrors {
            let spotter = settings.wake.mode == nil || settings.wake.mode == .wake
                ? try SpeechEngines.spotter(models: settings.wake.models, cutoffs: settings.wake.cutoffs, modelsDirectory: modelsDir)
                : nil
            return (try VADFactory.silero(modelsDirectory: modelsDir),
                    try SpeechEngines.recognizer(modelsDirectory: modelsDir, threads: settings.models.threads), spotter)
        }
        let mode = SpeechEngines.mode(settings.wake, spotterAvailable: spotter != nil)
        if mode == .wake, spotter == nil {
            ConsoleOutput.error("hark listen: [wake] mode = \"wake\" but no wake model could be loaded (run `make models`)")
            throw ExitCode.modelError
        }
        let environment = ProcessInfo.processInfo.environment
        let credentials = Credentials(environment: environment)
        let runtime = IntentRuntime(
            config: settings, apiKey: credentials.read("cloud-api-key", environment: "HARK_CLOUD_API_KEY"),
            modelsDirectory: modelsDir, stateDirectory: nil, logger: logger, counters: Counters())
        var gate = ListeningGate(mode: mode, listenTimeout: Assembly.seconds(settings.wake.listenTimeout),
                                 minCommand: Assembly.seconds(settings.speech.minCommand))
        _ = gate.pushToTalk()  // push-to-talk: the recording starts with the request
        let controller = ListeningController(gate: gate, spotter: spotter)
        let interpreter = VoiceInterpreter(mode: mode, settings: settings.speech, alwaysMinConfidence: settings.wake.alwaysMinConfidence)
        let runner = VoiceFileRunner(detector: detector, endpointing: settings.audio.endpointing, recognizer: recognizer,
                                     interpreter: interpreter, engine: runtime.engine)
        let items = await runner.run(samples, controller: controller)
        await runtime.shutdown()

        var understood = 0
        for item in items {
            var executed = false
            if let result = item.result {
                if result.match != nil || result.source == "cloud" { understood += 1 }
                if !dryRun, let action = result.action, let topic = action.topic {
                    try await SayCommand.publish(topic: topic, payload: action.payload, qos: action.qos, retain: action.retain,
                                                 settings: settings, credentials: credentials, logger: logger)
                    executed = true
                }
                var line = result.json
                line.removeLast()
                print(line + ",\"executed\":\(executed)}")
            } else {
                var fields: [(String, JSONValue)] = [("intent", .null), ("skipped", .string(item.skipped ?? "not a command"))]
                if let r = item.recognition {
                    fields += [("transcript", .string(r.text)), ("recognizer", .string(r.recognizer.rawValue)),
                               ("recognition_confidence", .number((r.confidence * 1000).rounded() / 1000))]
                }
                fields += [("start_s", .number((item.start * 1000).rounded() / 1000)), ("end_s", .number((item.end * 1000).rounded() / 1000)),
                           ("executed", .bool(false))]
                print(JSONValue.object(fields).serialized)
            }
        }
        if understood == 0 { throw ExitCode(1) }
    }
}
