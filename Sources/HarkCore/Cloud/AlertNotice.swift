/// A raised alert handed to the explanation service: what the model is told about it.
/// (Built from the sensors area's `<prefix>/alerts/events` messages.)
public struct AlertNotice: Sendable, Equatable, Codable {
    public var id: String
    public var rule: String
    public var sensor: String
    public var severity: String
    public var message: String
    public var value: Double
    /// Recent readings of that sensor instance, oldest first.
    public var recentValues: [Double]

    public init(id: String, rule: String, sensor: String, severity: String, message: String, value: Double, recentValues: [Double] = []) {
        self.id = id
        self.rule = rule
        self.sensor = sensor
        self.severity = severity
        self.message = message
        self.value = value
        self.recentValues = recentValues
    }
}
