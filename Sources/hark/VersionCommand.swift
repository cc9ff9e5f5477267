import ArgumentParser
import HarkAudio
import HarkCore
import HarkInference
import HarkMQTT

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version", abstract: "Print Hark's version and the versions of the C libraries it links.")

    func run() throws {
        print("hark \(HarkVersion.string)")
        print("alsa-lib \(ALSALibrary.version)")
        print("libmosquitto \(MosquittoLibrary.version)")
        print(BLASLibrary.configuration)
        if let advice = BLASKernelAdvice.warning() { ConsoleOutput.error("warning: \(advice)") }
    }
}
