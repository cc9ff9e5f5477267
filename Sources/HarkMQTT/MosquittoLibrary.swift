import CMosquitto

/// Facts about the linked libmosquitto.
public enum MosquittoLibrary {
    /// "major.minor.revision" of the linked libmosquitto.
    public static var version: String {
        var major: Int32 = 0, minor: Int32 = 0, revision: Int32 = 0
        _ = mosquitto_lib_version(&major, &minor, &revision)
        return "\(major).\(minor).\(revision)"
    }
}
