// swift-tools-version: 6.2
import PackageDescription

// Hark: an offline-first voice-and-sensor daemon for headless Linux edge devices.
// Layout: one C system-library target per C library, each imported by exactly one Swift adapter
// target; HarkCore holds domain types and state machines with no C and no I/O.

let log = Target.Dependency.product(name: "Logging", package: "swift-log")
let lifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
// The inference engine and models are optimised in debug builds too: unoptimised, Whisper's 30 s encoder
// takes seconds and hashing the model files minutes, which would make every model test crawl.
let optimisedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "hark",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "hark", targets: ["hark"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-atomics", from: "1.2.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.24.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
    ],
    targets: [
        // MARK: C libraries (pkg-config), one each.
        .systemLibrary(
            name: "CALSA", pkgConfig: "alsa",
            providers: [.apt(["libasound2-dev"])]),
        .systemLibrary(
            name: "CMosquitto", pkgConfig: "libmosquitto",
            providers: [.apt(["libmosquitto-dev"])]),
        .systemLibrary(
            name: "COpenBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        // alsa-lib's error handler is variadic: Swift cannot implement it, so this tiny C target does.
        .target(name: "CALSAShim", dependencies: ["CALSA"]),
        // fp16 -> fp32 widening with F16C chosen at run time (Swift cannot target a CPU feature per function).
        .target(name: "CHalfFloat", cSettings: [.unsafeFlags(["-O2"], .when(configuration: .debug))]),
        // Softmax and GELU in AVX-512 lanes chosen at run time (same reason), for the large activations.
        .target(name: "CVectorMath", cSettings: [.unsafeFlags(["-O2"], .when(configuration: .debug))]),

        // MARK: Domain core: no C, no I/O.
        .target(name: "HarkCore"),

        // MARK: Adapters and services.
        .target(name: "HarkSystemd", dependencies: ["HarkCore", log, lifecycle,
                                                    .product(name: "UnixSignals", package: "swift-service-lifecycle")]),
        .target(name: "HarkInference", dependencies: ["COpenBLAS", "CHalfFloat", "CVectorMath", "HarkCore"], swiftSettings: optimisedInDebug),
        .target(name: "HarkModels", dependencies: ["HarkInference", "HarkCore"], swiftSettings: optimisedInDebug),
        .target(name: "HarkAudio", dependencies: ["CALSA", "CALSAShim", "HarkCore", "HarkModels", log, lifecycle]),
        .target(name: "HarkMQTT", dependencies: ["CMosquitto", "HarkCore", log, lifecycle,
                                                 .product(name: "Atomics", package: "swift-atomics")]),
        .target(name: "HarkStorage", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "HarkSensors", dependencies: ["HarkCore", "HarkMQTT", "HarkStorage", log, lifecycle,
                                                    .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "HarkCloud", dependencies: ["HarkCore", "HarkStorage", log, lifecycle,
                                                  .product(name: "AsyncHTTPClient", package: "async-http-client"),
                                                  .product(name: "NIOCore", package: "swift-nio"),
                                                  .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "HarkMetrics", dependencies: ["HarkCore", log, lifecycle,
                                                    .product(name: "CoreMetrics", package: "swift-metrics"),
                                                    .product(name: "Metrics", package: "swift-metrics"),
                                                    .product(name: "NIOCore", package: "swift-nio"),
                                                    .product(name: "NIOPosix", package: "swift-nio"),
                                                    .product(name: "NIOHTTP1", package: "swift-nio")]),
        .target(name: "HarkIntents", dependencies: ["HarkCore", "HarkInference", "HarkModels", "HarkMQTT", "HarkCloud", log, lifecycle]),
        .target(name: "HarkVoice", dependencies: ["HarkCore", "HarkAudio", "HarkIntents", log, lifecycle]),
        .target(name: "HarkWyoming", dependencies: ["HarkCore", log, lifecycle,
                                                    .product(name: "NIOCore", package: "swift-nio"),
                                                    .product(name: "NIOPosix", package: "swift-nio")]),

        // MARK: The thin executable: CLI, logging/metrics bootstrap, ServiceGroup.
        .executableTarget(
            name: "hark",
            dependencies: [
                "HarkCore", "HarkSystemd", "HarkInference", "HarkModels", "HarkAudio", "HarkMQTT",
                "HarkSensors", "HarkCloud", "HarkIntents", "HarkVoice", "HarkWyoming", "HarkMetrics", log, lifecycle,
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // MARK: Test support (real brokers, servers, fixtures) for the test targets only.
        // Timer lateness for tests that bound a duration; no dependencies (HarkCoreTests uses it).
        .target(name: "HarkTestTiming"),
        .target(name: "HarkTestSupport", dependencies: ["HarkCore", "HarkTestTiming", log,
                                                        .product(name: "NIOCore", package: "swift-nio"),
                                                        .product(name: "NIOPosix", package: "swift-nio"),
                                                        .product(name: "NIOHTTP1", package: "swift-nio")]),

        // MARK: Tests (Swift Testing).
        .testTarget(name: "HarkCoreTests", dependencies: ["HarkCore", "HarkTestTiming"]),
        .testTarget(name: "HarkSensorsTests", dependencies: ["HarkSensors", "HarkMQTT", "HarkCore", "HarkTestSupport", log]),
        .testTarget(name: "HarkMQTTTests", dependencies: ["HarkMQTT", "HarkCore", "HarkTestSupport", log]),
        .testTarget(name: "HarkSystemdTests", dependencies: ["HarkSystemd", "HarkCore", "HarkTestSupport", log, lifecycle]),
        .testTarget(name: "HarkAudioTests", dependencies: ["HarkAudio", "HarkCore", "HarkTestSupport", log]),
        .testTarget(name: "HarkInferenceTests", dependencies: ["HarkInference"]),
        .testTarget(name: "HarkModelsTests", dependencies: ["HarkModels", "HarkInference"]),
        .testTarget(name: "HarkCloudTests", dependencies: ["HarkCloud", "HarkCore", "HarkTestSupport", log]),
        .testTarget(name: "HarkIntentsTests", dependencies: ["HarkIntents", "HarkCloud", "HarkMQTT", "HarkModels", "HarkCore",
                                                             "HarkTestSupport", log]),
        .testTarget(name: "HarkVoiceTests", dependencies: ["HarkVoice", "HarkIntents", "HarkAudio", "HarkModels", "HarkCore", "HarkMQTT",
                                                           "HarkTestSupport", log]),
        .testTarget(name: "HarkMetricsTests", dependencies: ["HarkMetrics", "HarkCore", "HarkTestSupport", log,
                                                             .product(name: "Metrics", package: "swift-metrics")]),
        .testTarget(name: "HarkIntegrationTests", dependencies: ["hark", "HarkCore", "HarkTestSupport", "HarkMQTT", "HarkSensors", log]),
    ],
    swiftLanguageModes: [.v6]
)
