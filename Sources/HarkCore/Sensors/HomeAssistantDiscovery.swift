/// Home Assistant MQTT discovery messages: the device, one `sensor` entity per sensor instance
/// and one `binary_sensor` (device class `problem`) per rule and instance, all retained under
/// `<discovery prefix>/<component>/<node>/<object>/config`.
public struct HomeAssistantDiscovery: Sendable {
    public let discoveryPrefix: String
    public let deviceID: String
    public let deviceName: String
    public let topicPrefix: String

    public init(discoveryPrefix: String, deviceID: String, deviceName: String, topicPrefix: String) {
        self.discoveryPrefix = discoveryPrefix
        self.deviceID = deviceID
        self.deviceName = deviceName
        self.topicPrefix = topicPrefix
    }

    private var node: String { "hark_\(Self.objectID(deviceID))" }

    private var device: String {
        var w = JSONWriter()
        w.raw("identifiers", "[\(JSONWriter.quote("hark-\(deviceID)"))]")
        w.field("name", deviceName)
        w.field("manufacturer", "Hark")
        w.field("model", "Hark daemon")
        w.field("sw_version", HarkVersion.string)
        return w.finish()
    }

    /// The entity for one sensor instance, reading the instance's own topic.
    public func sensor(_ s: SensorSettings, instance: String, topic: String) -> (topic: String, payload: String) {
        let object = Self.objectID(instance.isEmpty ? s.name : "\(s.name)_\(instance)")
        var w = JSONWriter()
        w.field("name", instance.isEmpty ? s.name : "\(s.name) \(instance)")
        w.field("unique_id", "\(node)_\(object)")
        w.field("state_topic", topic)
        if s.payload == .json, let path = s.valuePath {
            w.field("value_template", "{{ value_json" + path.map { step -> String in
                switch step {
                case let .key(k): "[\(JSONWriter.quote(k).replacingQuotes)]"
                case let .index(i): "[\(i)]"
                }
            }.joined() + " | float * \(s.scale) + \(s.offset) }}")
        } else if s.scale != 1 || s.offset != 0 {
            w.field("value_template", "{{ value | float * \(s.scale) + \(s.offset) }}")
        }
        if !s.unit.isEmpty { w.field("unit_of_measurement", s.unit) }
        w.field("state_class", "measurement")
        w.field("availability_topic", "\(topicPrefix)/status")
        w.raw("device", device)
        return ("\(discoveryPrefix)/sensor/\(node)/\(object)/config", w.finish())
    }

    /// The problem indicator for one rule on one instance, driven by the retained alert state.
    public func rule(_ r: RuleSettings, instance: String) -> (topic: String, payload: String) {
        let id = Alert.id(rule: r.name, instance: instance)
        let object = Self.objectID(id)
        var w = JSONWriter()
        w.field("name", instance.isEmpty ? r.name : "\(r.name) \(instance)")
        w.field("unique_id", "\(node)_alert_\(object)")
        w.field("state_topic", "\(topicPrefix)/alerts/\(id)")
        w.field("value_template", "{{ 'OFF' if value_json.state == 'cleared' else 'ON' }}")
        w.field("json_attributes_topic", "\(topicPrefix)/alerts/\(id)")
        w.field("device_class", "problem")
        w.field("availability_topic", "\(topicPrefix)/status")
        w.raw("device", device)
        return ("\(discoveryPrefix)/binary_sensor/\(node)/\(object)/config", w.finish())
    }

    /// Letters, digits and '_' only (Home Assistant object ids).
    public static func objectID(_ s: String) -> String {
        String(s.unicodeScalars.map { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) ? Character($0) : "_" })
    }
}

extension String {
    /// A JSON-quoted string reused inside a Jinja expression: swap the quotes for single quotes.
    fileprivate var replacingQuotes: String { "'" + dropFirst().dropLast() + "'" }
}
