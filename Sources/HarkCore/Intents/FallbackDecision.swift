/// What to do with the local matchers' best guess: use it, ask the cloud, or answer at once
/// that the cloud is out of reach / the command was not understood. Never waits on a network
/// known to be down: `cloudAvailable` is the breaker's (and limits') verdict, known locally.
public enum FallbackDecision: Sendable, Equatable {
    case useLocal
    case askCloud
    case cloudUnavailable
    case notUnderstood

    public static func decide(local: IntentMatch?, minLocalConfidence: Double, cloudEnabled: Bool, cloudAvailable: Bool) -> FallbackDecision {
        if let local, local.confidence >= minLocalConfidence { return .useLocal }
        guard cloudEnabled else { return .notUnderstood }
        return cloudAvailable ? .askCloud : .cloudUnavailable
    }

    public static let unavailableReply = "I can't reach the cloud right now."
    public static let notUnderstoodReply = "Sorry, I didn't understand that."
    public static let refusedReply = "Sorry, I can't do that."
}
