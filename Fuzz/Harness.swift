// libFuzzer entry point for every parser that takes outside input. Built by scripts/fuzz.sh with
// swiftc -sanitize=fuzzer,address into one binary together with the parsers' sources (as module
// HarkCore, so internal entry points are reachable); HARK_FUZZ_TARGET picks the parser:
//   config       TOML config file -> HarkConfig.parse (parser + validation)
//   sensor       MQTT sensor payload -> SensorReader (number and JSON payloads, JSONScanner)
//   command      <prefix>/command and Hermes NLU query JSON -> TextCommand
//   cloud        OpenAI chat completion reply body -> ChatCompletionMessages.parseReply + tool args
//   safetensors  model file bytes -> SafeTensorsFile (header, dtypes, shapes, offsets)
//   prometheus   /metrics text -> PrometheusSample.parse + DaemonReport (what `hark status` reads)
//   wyoming      Wyoming byte stream -> WyomingFrameDecoder in arbitrary splits -> WyomingServerSession
//                (see WyomingFuzz.swift)
//   phrase       a typed or transcribed command -> the local text path without the model: clauses,
//                lexicon, template matcher, span filler, clause context, not-a-request cues and
//                unknown-modifier guard (see PhraseFuzz.swift)
//
// No global may hold a parsed intent (SentenceTemplate.Node) or JSONValue: Swift stores the case
// of an indirect enum in the spare high bits of the box pointer (`.slot` boxes are referenced as
// 0x4000_…, `.group` as 0x8000_…), LeakSanitizer does not recognise such words as pointers, and
// reports a live global's boxes as leaked. Such values are built per input instead.
import Foundation

enum FuzzTarget: String, CaseIterable {
    case config, sensor, command, cloud, safetensors, prometheus, wyoming, phrase
}

let fuzzTarget: FuzzTarget = {
    guard let name = ProcessInfo.processInfo.environment["HARK_FUZZ_TARGET"], let t = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        FileHandle.standardError.write(Data("set HARK_FUZZ_TARGET to one of: \(names)\n".utf8))
        exit(2)
    }
    return t
}()

/// Readers for a number sensor and JSON sensors with value and timestamp paths.
let fuzzReaders: [SensorReader] = {
    let text = """
        [[sensor]]
        name = "n"
        topic = "a/+/n"
        min = -1000
        max = 1000
        [[sensor]]
        name = "j"
        topic = "a/+/j"
        payload = "json"
        value_path = "data.values[1].v"
        timestamp_path = "ts"
        max_depth = 8
        [[sensor]]
        name = "k"
        topic = "a/+/k"
        payload = "json"
        value_path = "temp"
        scale = 0.1
        """
    guard case let .success(config) = HarkConfig.parse(text: text, file: "fuzz.toml") else { fatalError("fuzz sensor config invalid") }
    return config.sensors.map(SensorReader.init)
}()

/// The intents a cloud reply may call; parsed per call (see the note at the top).
let fuzzIntentConfig = """
        [[intent]]
        name = "light"
        description = "Switch a light"
        sentences = ["turn (on|off){state} the {room} light"]
        slots = { room = ["kitchen", "hall"] }
        topic = "home/{room}/light"
        payload = "{state}"
        [[intent]]
        name = "thermostat"
        description = "Set a temperature"
        sentences = ["set the {zone} to {degrees}"]
        slots = { zone = ["house"], degrees = "10..30" }
        topic = "home/{zone}/t"
        payload = "{degrees}"
        """

func fuzzTools() -> CloudTools {
    guard case let .success(config) = HarkConfig.parse(text: fuzzIntentConfig, file: "fuzz.toml") else { fatalError("fuzz intent config invalid") }
    return CloudTools(intents: config.intents, maxReplyChars: 200)
}

/// Builds the shared readers before the first input, so their one-time allocations are
/// not attributed to (or leak-checked as part of) an input.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> Int32 {
    switch fuzzTarget {
    case .sensor: _ = fuzzReaders.count
    case .cloud: _ = fuzzTools()  // fails early if the intent config stops parsing
    default: break
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    switch fuzzTarget {
    case .config:
        _ = HarkConfig.parse(text: String(decoding: bytes, as: UTF8.self), file: "fuzz.toml")
    case .sensor:
        for r in fuzzReaders { _ = r.read(payload: bytes, instance: "x", receivedAt: 1_700_000_000) }
    case .command:
        _ = TextCommand.parse(bytes)
        _ = TextCommand.parseHermesQuery(bytes)
    case .cloud:
        if let reply = try? ChatCompletionMessages.parseReply(bytes), let name = reply.toolName, let args = reply.toolArguments {
            _ = fuzzTools().validate(name: name, arguments: args, text: "turn on the kitchen light")
        }
    case .safetensors:
        bytes.withUnsafeBytes { raw in _ = try? SafeTensorsFile(path: "fuzz.safetensors", bytes: raw) }
    case .prometheus:
        _ = DaemonReport(samples: PrometheusSample.parse(String(decoding: bytes, as: UTF8.self))).render(endpoint: "x")
    case .wyoming:
        WyomingFuzz.run(bytes)
    case .phrase:
        PhraseFuzz.run(String(decoding: bytes, as: UTF8.self))
    }
    return 0
}
