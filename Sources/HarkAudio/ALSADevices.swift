import CALSA
import Glibc

/// The PCM devices alsa-lib knows (as `arecord -L` / `aplay -L` list them).
public enum ALSADevices {
    public enum Direction: Sendable { case capture, playback }

    public struct Device: Sendable, Equatable {
        public var name: String
        public var description: String
    }

    /// Devices usable for `direction`, from alsa-lib's name hints.
    public static func list(_ direction: Direction) -> [Device] {
        ALSALog.install()
        var hints: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
        guard snd_device_name_hint(-1, "pcm", &hints) >= 0, let hints else { return [] }
        defer { snd_device_name_free_hint(hints) }
        var result: [Device] = []
        var i = 0
        while let hint = hints[i] {
            i += 1
            func get(_ id: String) -> String? {
                guard let p = snd_device_name_get_hint(hint, id) else { return nil }
                defer { free(p) }
                return String(cString: p)
            }
            guard let name = get("NAME") else { continue }
            if let io = get("IOID") {
                if io == "Input" && direction == .playback { continue }
                if io == "Output" && direction == .capture { continue }
            }
            result.append(Device(name: name, description: get("DESC") ?? ""))
        }
        return result
    }
}
