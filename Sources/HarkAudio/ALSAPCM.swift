import CALSA
import Glibc

/// One open ALSA PCM (capture or playback) at 16 kHz mono S16_LE through the plug layer.
/// The only place that holds a `snd_pcm_t`; every failure becomes an ``ALSAError``.
/// Not thread-safe: owned by one thread (the capture or playback thread).
final class ALSAPCM {
    enum Direction { case capture, playback }

    let device: String
    let direction: Direction
    private(set) var handle: OpaquePointer?
    private(set) var periodFrames: Int = 0
    private(set) var bufferFrames: Int = 0
    private(set) var rate: UInt32 = 0

    /// Opens and configures `device`. `extraConfig` is ALSA configuration text (asoundrc syntax)
    /// merged over the system configuration for this PCM only (tests, custom pipelines).
    init(device: String, direction: Direction, rate wanted: UInt32 = 16_000, periodFrames: Int, bufferFrames: Int,
         extraConfig: String? = nil) throws(ALSAError) {
        self.device = device
        self.direction = direction
        ALSALog.install()
        let stream = direction == .capture ? SND_PCM_STREAM_CAPTURE : SND_PCM_STREAM_PLAYBACK
        var pcm: OpaquePointer?
        let rc: Int32
        if let extraConfig {
            let config = try Self.loadConfig(extraConfig, device: device)
            defer { snd_config_delete(config) }
            rc = snd_pcm_open_lconf(&pcm, device, stream, 0, config)
        } else {
            rc = snd_pcm_open(&pcm, device, stream, 0)
        }
        if rc < 0 {
            if -rc == ENOENT || -rc == ENODEV && !device.hasPrefix("hw") {
                let names = ALSADevices.list(direction == .capture ? .capture : .playback).map(\.name)
                throw ALSAError(function: "snd_pcm_open", device: device, code: rc, kind: .unknownDevice(available: names))
            }
            throw ALSAError(function: "snd_pcm_open", device: device, code: rc)
        }
        handle = pcm
        do {
            try configure(rate: wanted, periodFrames: periodFrames, bufferFrames: bufferFrames)
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    func close() {
        if let h = handle { snd_pcm_close(h) }
        handle = nil
    }

    private static func loadConfig(_ text: String, device: String) throws(ALSAError) -> OpaquePointer {
        var top: OpaquePointer?
        try alsaCheck(snd_config_update_ref(&top), "snd_config_update_ref", device)
        defer { snd_config_unref(top) }
        var copy: OpaquePointer?
        try alsaCheck(snd_config_copy(&copy, top), "snd_config_copy", device)
        var input: OpaquePointer?
        let rc = text.withCString { snd_input_buffer_open(&input, $0, -1) }
        if rc < 0 { snd_config_delete(copy); throw ALSAError(function: "snd_input_buffer_open", device: device, code: rc) }
        defer { snd_input_close(input) }
        let lrc = snd_config_load(copy, input)
        if lrc < 0 { snd_config_delete(copy); throw ALSAError(function: "snd_config_load", device: device, code: lrc) }
        return copy!
    }

    private func configure(rate wanted: UInt32, periodFrames: Int, bufferFrames: Int) throws(ALSAError) {
        guard let h = handle else { return }
        var params: OpaquePointer?
        try alsaCheck(snd_pcm_hw_params_malloc(&params), "snd_pcm_hw_params_malloc", device)
        defer { snd_pcm_hw_params_free(params) }
        try alsaCheck(snd_pcm_hw_params_any(h, params), "snd_pcm_hw_params_any", device)
        let offers = describe(params)
        func need(_ rc: Int32, _ fn: String) throws(ALSAError) {
            if rc < 0 { throw ALSAError(function: fn, device: device, code: rc, kind: -rc == EINVAL ? .unsupportedFormat(offers: offers) : nil) }
        }
        try need(snd_pcm_hw_params_set_access(h, params, SND_PCM_ACCESS_RW_INTERLEAVED), "snd_pcm_hw_params_set_access")
        try need(snd_pcm_hw_params_set_format(h, params, SND_PCM_FORMAT_S16_LE), "snd_pcm_hw_params_set_format")
        try need(snd_pcm_hw_params_set_channels(h, params, 1), "snd_pcm_hw_params_set_channels")
        try need(snd_pcm_hw_params_set_rate(h, params, wanted, 0), "snd_pcm_hw_params_set_rate")
        var period = snd_pcm_uframes_t(periodFrames)
        var dir: Int32 = 0
        try alsaCheck(snd_pcm_hw_params_set_period_size_near(h, params, &period, &dir), "snd_pcm_hw_params_set_period_size_near", device)
        var buffer = snd_pcm_uframes_t(max(bufferFrames, 2 * Int(period)))
        try alsaCheck(snd_pcm_hw_params_set_buffer_size_near(h, params, &buffer), "snd_pcm_hw_params_set_buffer_size_near", device)
        try alsaCheck(snd_pcm_hw_params(h, params), "snd_pcm_hw_params", device)
        self.periodFrames = Int(period)
        self.bufferFrames = Int(buffer)
        self.rate = wanted
        try alsaCheck(snd_pcm_prepare(h), "snd_pcm_prepare", device)
    }

    /// What the hardware configuration space allows (for "the device refuses" errors).
    private func describe(_ params: OpaquePointer?) -> String {
        var minRate: UInt32 = 0, maxRate: UInt32 = 0, minCh: UInt32 = 0, maxCh: UInt32 = 0
        var dir: Int32 = 0
        snd_pcm_hw_params_get_rate_min(params, &minRate, &dir)
        snd_pcm_hw_params_get_rate_max(params, &maxRate, &dir)
        snd_pcm_hw_params_get_channels_min(params, &minCh)
        snd_pcm_hw_params_get_channels_max(params, &maxCh)
        var formats: [String] = []
        for f in [SND_PCM_FORMAT_S16_LE, SND_PCM_FORMAT_S24_LE, SND_PCM_FORMAT_S32_LE, SND_PCM_FORMAT_FLOAT_LE, SND_PCM_FORMAT_U8]
        where snd_pcm_hw_params_test_format(handle, params, f) == 0 {
            formats.append(String(cString: snd_pcm_format_name(f)))
        }
        return "rates \(minRate)–\(maxRate) Hz, channels \(minCh)–\(maxCh), formats \(formats.joined(separator: "/"))"
    }

    /// Blocking read of up to `frames` frames into `buffer`. Returns frames read (> 0) or throws.
    func read(into buffer: UnsafeMutablePointer<Int16>, frames: Int) throws(ALSAError) -> Int {
        guard let h = handle else { throw ALSAError(function: "snd_pcm_readi", device: device, code: -EBADFD) }
        let n = snd_pcm_readi(h, buffer, snd_pcm_uframes_t(frames))
        if n < 0 { throw ALSAError(function: "snd_pcm_readi", device: device, code: Int32(n)) }
        return Int(n)
    }

    /// Blocking write of `frames` frames; recovers underruns in place.
    func write(_ buffer: UnsafePointer<Int16>, frames: Int) throws(ALSAError) {
        guard let h = handle else { return }
        var done = 0
        while done < frames {
            let n = snd_pcm_writei(h, buffer + done, snd_pcm_uframes_t(frames - done))
            if n >= 0 { done += Int(n); continue }
            let e = ALSAError(function: "snd_pcm_writei", device: device, code: Int32(n))
            try recover(from: e)
        }
    }

    func drain() { if let h = handle { snd_pcm_drain(h) } }

    /// Recovers an xrun or a suspend in place; rethrows anything else.
    func recover(from error: ALSAError) throws(ALSAError) {
        guard let h = handle else { throw error }
        switch error.kind {
        case .xrun:
            try alsaCheck(snd_pcm_prepare(h), "snd_pcm_prepare", device)
        case .suspended:
            var rc = snd_pcm_resume(h)
            var tries = 0
            while rc == -EAGAIN && tries < 100 { usleep(10_000); tries += 1; rc = snd_pcm_resume(h) }
            if rc < 0 { try alsaCheck(snd_pcm_prepare(h), "snd_pcm_prepare", device) }
        default:
            throw error
        }
    }
}
