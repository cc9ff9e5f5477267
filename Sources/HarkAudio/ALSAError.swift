import CALSA
import Glibc

/// A failed alsa-lib call: which function, on which device, the negative errno and its text.
public struct ALSAError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        /// -EPIPE: overrun (capture) or underrun (playback); recoverable in place.
        case xrun
        /// -ESTRPIPE: the system suspended the device; recoverable in place.
        case suspended
        /// -ENODEV, -EIO, -EBADFD, -ENXIO, -ESHUTDOWN…: the device went away; close and reopen.
        case gone
        /// -EBUSY: another program holds the device.
        case busy
        /// -ENOENT on open: no such PCM name. `available` lists the capture devices that exist.
        case unknownDevice(available: [String])
        /// The device refuses 16 kHz mono S16_LE; `offers` says what it has.
        case unsupportedFormat(offers: String)
        case other
    }

    public var function: String
    public var device: String
    public var code: Int32
    public var kind: Kind

    public init(function: String, device: String, code: Int32, kind: Kind? = nil) {
        self.function = function
        self.device = device
        self.code = code
        self.kind = kind ?? Self.classify(code)
    }

    static func classify(_ code: Int32) -> Kind {
        switch -code {
        case EPIPE: .xrun
        case ESTRPIPE: .suspended
        case EBUSY: .busy
        case ENODEV, EIO, EBADFD, ENXIO, ESHUTDOWN, ENOTCONN, ECONNREFUSED, ECONNRESET: .gone
        default: .other
        }
    }

    /// alsa-lib's text for the code.
    public var reason: String { String(cString: snd_strerror(code)) }

    public var description: String {
        let base = "audio device '\(device)': \(function) failed: \(reason) (\(code))"
        switch kind {
        case .busy:
            return "\(base); another program holds the device (find it with `fuser -v /dev/snd/*`) or choose another in [audio] device"
        case let .unknownDevice(available):
            let list = available.isEmpty ? "none found" : available.joined(separator: ", ")
            return "\(base); no such capture device. Capture devices here: \(list) (see `hark devices`)"
        case let .unsupportedFormat(offers):
            return "\(base); the device refuses 16 kHz mono S16_LE even through the plug layer; it offers \(offers). Use a 'plughw:' or 'default' device"
        case .gone:
            return "\(base); the device went away, reopening until it returns"
        case .xrun, .suspended, .other:
            return base
        }
    }
}

@inline(__always)
func alsaCheck(_ rc: Int32, _ function: String, _ device: String) throws(ALSAError) {
    if rc < 0 { throw ALSAError(function: function, device: device, code: rc) }
}
