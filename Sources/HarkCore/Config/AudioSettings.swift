/// `[audio]`: microphone and speaker. (Extended by the audio work.)
public struct AudioSettings: Sendable, Equatable {
    public var enabled: Bool
    public var device: String

    public init(_ t: ConfigTable) {
        enabled = t.bool("enabled", default: true)
        device = t.string("device", default: "default")
        if device.isEmpty { t.report("device", "must not be empty", got: "\"\"", hint: "use \"default\" or a name from `hark devices`") }
    }
}
