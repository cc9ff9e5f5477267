import CALSAShim
import Logging
import Synchronization

/// Routes alsa-lib's own error chatter (normally printed to stderr) into swift-log.
public enum ALSALog {
    private static let installed = Mutex(false)
    static let logger = Logger(label: "hark.audio.alsa-lib")

    /// Installs the handler once per process; later calls do nothing.
    public static func install() {
        installed.withLock { done in
            guard !done else { return }
            done = true
            _ = hark_alsa_set_log_handler { file, line, function, err, message in
                var meta: Logger.Metadata = [:]
                if let function { meta["function"] = .string(String(cString: function)) }
                if let file { meta["source"] = .string("\(String(cString: file)):\(line)") }
                if err != 0 { meta["errno"] = .stringConvertible(err) }
                let text = message.map { String(cString: $0) } ?? ""
                ALSALog.logger.debug("\(text)", metadata: meta)
            }
        }
    }
}
