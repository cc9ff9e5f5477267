import Foundation

/// The `[audio] tts_command`: text on stdin, 16-bit mono WAV on stdout. Blocking: call it from
/// a thread of its own (playback, Wyoming inference pool).
public enum TextToSpeech {
    /// The samples and their rate.
    public static func synthesize(_ text: String, command: [String]) throws -> ([Int16], Int) {
        guard let exe = command.first else { throw AudioPlayback.PlaybackError.tts("no tts_command") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe.hasPrefix("/") ? exe : "/usr/bin/env")
        p.arguments = exe.hasPrefix("/") ? Array(command.dropFirst()) : command
        let stdin = Pipe(), stdout = Pipe()
        p.standardInput = stdin
        p.standardOutput = stdout
        p.standardError = FileHandle.nullDevice
        try p.run()
        stdin.fileHandleForWriting.write(Data(text.utf8))
        try stdin.fileHandleForWriting.close()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw AudioPlayback.PlaybackError.tts("\(command.joined(separator: " ")) exited with \(p.terminationStatus)")
        }
        return try WAVReader.mono16(data)
    }
}
