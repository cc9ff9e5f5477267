import Foundation
import HarkTestSupport

/// A private PulseAudio daemon with one null source, on its own unix socket, for paced capture.
/// As root pulseaudio only warns (it wants `--system` for a system-wide daemon); a private HOME
/// and XDG_RUNTIME_DIR keep it away from any user session, and anonymous auth skips the cookie.
final class PulseServer {
    let dir: URL
    var socket: String { dir.appendingPathComponent("native").path }
    private var process: ChildProcess?

    init() throws {
        dir = try TestAudio.tempDir()
        try start()
    }

    /// An ALSA `pulse` PCM capturing a null source (silence, paced by the server's clock). A null
    /// sink's monitor works too but, with nothing playing, the sink renders in ~2 s blocks so capture
    /// arrives in bursts; the null source with a 64 ms latency cap delivers steadily.
    var alsaConfig: String {
        """
        pcm.harkpulse { type pulse; server "unix:\(socket)"; device "harknull" }
        """
    }

    func start() throws {
        try? FileManager.default.removeItem(atPath: socket)
        let env = ["HOME": dir.path, "XDG_RUNTIME_DIR": dir.path, "PATH": "/usr/bin:/bin"]
        process = try ChildProcess(executable: "/usr/bin/pulseaudio", arguments: [
            // No shared memory: with SHM, SIGKILLing the server while alsa's pulse plugin reads can
            // deadlock inside libpulse 16.1 (its mainloop thread waits in pa_memimport_free for a
            // block while the reading thread waits for the mainloop lock), which hung
            // captureSurvivesTheServerGoingAwayAndComingBack once in four loaded runs.
            "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=false", "--log-target=stderr", "--disable-shm=yes",
            "-L", "module-null-source source_name=harknull rate=16000 channels=1 max_latency_msec=64",
            "-L", "module-native-protocol-unix socket=\(socket) auth-anonymous=1",
        ], environment: env)
        let deadline = ContinuousClock.now + .seconds(10)
        while !FileManager.default.fileExists(atPath: socket) {
            guard ContinuousClock.now < deadline, process?.isRunning == true else {
                throw PulseError.didNotStart(process?.errorOutput() ?? "")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Thread.sleep(forTimeInterval: 0.2)
    }

    func kill() {
        process?.signal(SIGKILL)
        _ = process?.wait(timeout: .seconds(5))
        process = nil
    }

    deinit { kill() }

    enum PulseError: Error { case didNotStart(String) }
}
