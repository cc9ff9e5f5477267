/// Hark's own version, printed by `hark version` and sent in the MQTT birth message.
public enum HarkVersion {
    public static let string = "0.1.0"
}
