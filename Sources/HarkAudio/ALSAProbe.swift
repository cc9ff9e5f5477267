/// One-shot checks of a device (for `hark devices --check` and tests).
public enum ALSAProbe {
    /// Opens `device` for capture at 16 kHz mono S16_LE and closes it; returns the period and
    /// buffer sizes ALSA granted. Throws the ``ALSAError`` a capture would meet.
    @discardableResult
    public static func openCapture(_ device: String, periodFrames: Int = 512, bufferFrames: Int = 4096,
                                   extraConfig: String? = nil) throws(ALSAError) -> (periodFrames: Int, bufferFrames: Int) {
        let pcm = try ALSAPCM(device: device, direction: .capture, periodFrames: periodFrames,
                              bufferFrames: bufferFrames, extraConfig: extraConfig)
        defer { pcm.close() }
        return (pcm.periodFrames, pcm.bufferFrames)
    }
}
