import CALSA

/// Facts about the linked alsa-lib.
public enum ALSALibrary {
    /// Version string of the linked alsa-lib, e.g. "1.2.8".
    public static var version: String {
        guard let version = snd_asoundlib_version() else { return "unknown" }
        return String(cString: version)
    }
}
