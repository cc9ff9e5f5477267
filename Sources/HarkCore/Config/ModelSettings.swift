/// `[models]`: where the converted model files live and how many BLAS threads to use.
/// (Extended by the inference work.)
public struct ModelSettings: Sendable, Equatable {
    public var dir: String
    public var threads: Int

    public init(_ t: ConfigTable) {
        dir = t.string("dir", default: "/usr/local/share/hark/models")
        threads = t.int("threads", default: 1, in: 1...64)
        if dir.isEmpty { t.report("dir", "must not be empty", got: "\"\"") }
    }
}
