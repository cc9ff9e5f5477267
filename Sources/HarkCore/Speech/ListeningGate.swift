/// Decides which utterances are commands, by listening mode (`[wake] mode`). A value-type state
/// machine on the audio clock (seconds of captured audio): the audio front end feeds it wake
/// detections, push-to-talk requests, speech starts/stops and the clock; the voice path asks it
/// about each finished utterance.
///
/// In `wake` and `push_to_talk` a window opens at the detection (or request) and waits
/// `listenTimeout` for speech to start; speech that has started runs to its end (`[audio]
/// end_silence`). The first utterance that reaches into the window is the command; when it began
/// before the window (the wake phrase and the command in one breath) the audio before the
/// detection is cut off, and when what is left is shorter than `minCommand` it was the wake
/// phrase alone, so the window stays open for the command after the pause. In `always` every
/// utterance is a candidate (strict acceptance is the voice path's job).
public struct ListeningGate: Sendable, Equatable {
    public enum Mode: Sendable, Equatable { case wake, pushToTalk, always }

    public enum Trigger: Sendable, Equatable {
        case wake(model: String)
        case pushToTalk
    }

    /// A command window.
    public struct Window: Sendable, Equatable {
        public var trigger: Trigger
        /// When it opened (audio seconds).
        public var openedAt: Double
        /// Speech must start before this (audio seconds).
        public var deadline: Double
        public init(trigger: Trigger, openedAt: Double, deadline: Double) {
            self.trigger = trigger
            self.openedAt = openedAt
            self.deadline = deadline
        }
    }

    public enum Event: Sendable, Equatable {
        case opened(Window)
        /// No command started in time.
        case timedOut(Window)
    }

    public enum Decision: Sendable, Equatable {
        /// Recognise the utterance from `from` seconds (nil: all of it).
        case command(from: Double?, window: Window?)
        /// Only the wake phrase: the window stays open for the command.
        case wakePhraseOnly
        /// Not a command: no window was open.
        case ignore
    }

    public let mode: Mode
    public let listenTimeout: Double
    public let minCommand: Double
    public private(set) var window: Window?
    public private(set) var inSpeech = false
    /// The latest audio time seen.
    public private(set) var now = 0.0

    public init(mode: Mode, listenTimeout: Double, minCommand: Double) {
        self.mode = mode
        self.listenTimeout = listenTimeout
        self.minCommand = minCommand
    }

    /// A wake detection at `at`. Ignored outside `wake` mode.
    public mutating func wake(model: String, at: Double) -> [Event] {
        guard mode == .wake else { return [] }
        return open(.wake(model: model), at: at)
    }

    /// A push-to-talk request, at the current audio time. Ignored outside `push_to_talk` mode.
    public mutating func pushToTalk() -> [Event] {
        guard mode == .pushToTalk else { return [] }
        return open(.pushToTalk, at: now)
    }

    private mutating func open(_ trigger: Trigger, at: Double) -> [Event] {
        let w = Window(trigger: trigger, openedAt: at, deadline: at + listenTimeout)
        window = w
        return [.opened(w)]
    }

    public mutating func speechStarted(at: Double) {
        inSpeech = true
        now = max(now, at)
    }

    public mutating func speechStopped(at: Double) {
        inSpeech = false
        now = max(now, at)
    }

    /// The audio clock moved to `now`: a window whose deadline passed with no speech going closes.
    public mutating func advance(to time: Double) -> [Event] {
        now = max(now, time)
        guard let w = window, !inSpeech, now > w.deadline else { return [] }
        window = nil
        return [.timedOut(w)]
    }

    /// A finished utterance from `start` to `end` (audio seconds).
    public mutating func utterance(start: Double, end: Double) -> Decision {
        inSpeech = false
        now = max(now, end)
        switch mode {
        case .always:
            return .command(from: nil, window: nil)
        case .wake, .pushToTalk:
            // The window must be open before the utterance ends, and the utterance must start before its deadline.
            guard let w = window, end > w.openedAt, start <= w.deadline else {
                if let w = window, end <= w.openedAt { return .ignore }  // an utterance from before the window
                if window != nil { window = nil }
                return .ignore
            }
            if mode == .wake, start < w.openedAt {
                if end - w.openedAt < minCommand {
                    // The wake phrase alone: wait for the command after the pause.
                    window = Window(trigger: w.trigger, openedAt: end, deadline: end + listenTimeout)
                    return .wakePhraseOnly
                }
                window = nil
                return .command(from: w.openedAt, window: w)
            }
            window = nil
            return .command(from: nil, window: w)
        }
    }
}
