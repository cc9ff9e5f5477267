import HarkCore

/// The server's counters (published on `<prefix>/stats` with the others).
public struct WyomingStats: Sendable {
    public let connections: Counter
    public let refused: Counter
    public let badFrames: Counter
    public let errorsSent: Counter
    public let idleClosed: Counter
    public let events: Counter
    public let transcriptions: Counter
    public let detections: Counter

    public init(_ counters: Counters) {
        connections = counters.counter("wyoming_connections")
        refused = counters.counter("wyoming_connections_refused")
        badFrames = counters.counter("wyoming_bad_frames")
        errorsSent = counters.counter("wyoming_errors_sent")
        idleClosed = counters.counter("wyoming_idle_closed")
        events = counters.counter("wyoming_events")
        transcriptions = counters.counter("wyoming_transcriptions")
        detections = counters.counter("wyoming_wake_detections")
    }
}
