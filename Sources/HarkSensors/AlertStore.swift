import Foundation
import GRDB
import HarkCore
import HarkStorage

/// Durable alert state and the outbox of messages not yet acknowledged by the broker.
///
/// SQLite (GRDB) in WAL mode with `synchronous = FULL`: a transition's new alert state and its
/// outgoing messages commit together and survive a crash or power loss. Messages leave the outbox
/// only after the broker's PUBACK, in order, with the sequence number they were given, so a
/// consumer can drop duplicates by (id, sequence).
public final class AlertStore: Sendable {
    public struct OutgoingMessage: Sendable, Equatable {
        public var rowID: Int64
        public var topic: String
        public var payload: String
        public var retain: Bool
    }

    private let db: DatabaseQueue
    public let path: String

    public init(path: String) throws {
        self.path = path
        db = try DurableDatabase.open(path: path, schema: """
                CREATE TABLE IF NOT EXISTS alert (id TEXT PRIMARY KEY, json BLOB NOT NULL);
                CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, topic TEXT NOT NULL,
                    payload TEXT NOT NULL, retain INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
                INSERT OR IGNORE INTO meta (key, value) VALUES ('sequence', 0);
                """)
    }

    /// Alerts that were raised or acknowledged when the daemon last stopped.
    public func activeAlerts() throws -> [Alert] {
        let decoder = JSONDecoder()
        return try db.read { db in
            try Data.fetchAll(db, sql: "SELECT json FROM alert").map { try decoder.decode(Alert.self, from: $0) }
        }
    }

    /// Persists `transitions` in one transaction: each gets the next sequence number, updates the
    /// alert's stored state, and queues its event and retained-state messages.
    @discardableResult
    public func record(_ transitions: [AlertTransition], prefix: String) throws -> [Int64] {
        guard !transitions.isEmpty else { return [] }
        let encoder = JSONEncoder()
        return try db.write { db in
            var seq = try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'sequence'") ?? 0
            var sequences: [Int64] = []
            for t in transitions {
                seq += 1
                sequences.append(seq)
                if t.alert.state == .cleared {
                    try db.execute(sql: "DELETE FROM alert WHERE id = ?", arguments: [t.alert.id])
                } else {
                    try db.execute(sql: "INSERT OR REPLACE INTO alert (id, json) VALUES (?, ?)",
                                   arguments: [t.alert.id, try encoder.encode(t.alert)])
                }
                try db.execute(sql: "INSERT INTO outbox (topic, payload, retain) VALUES (?, ?, 0)",
                               arguments: ["\(prefix)/alerts/events", t.json(sequence: seq)])
                try db.execute(sql: "INSERT INTO outbox (topic, payload, retain) VALUES (?, ?, 1)",
                               arguments: ["\(prefix)/alerts/\(t.alert.id)", t.alert.json(sequence: seq)])
            }
            try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'sequence'", arguments: [seq])
            return sequences
        }
    }

    /// Queues one message that is not an alert transition (discovery config, …).
    public func enqueue(topic: String, payload: String, retain: Bool) throws {
        try db.write { db in
            try db.execute(sql: "INSERT INTO outbox (topic, payload, retain) VALUES (?, ?, ?)", arguments: [topic, payload, retain])
        }
    }

    /// The oldest `limit` unsent messages, in order.
    public func pending(limit: Int) throws -> [OutgoingMessage] {
        try db.read { db in
            try Row.fetchAll(db, sql: "SELECT id, topic, payload, retain FROM outbox ORDER BY id LIMIT ?", arguments: [limit]).map {
                OutgoingMessage(rowID: $0["id"], topic: $0["topic"], payload: $0["payload"], retain: $0["retain"])
            }
        }
    }

    /// Drops messages the broker has acknowledged (every row up to and including `rowID`).
    public func delivered(through rowID: Int64) throws {
        try db.write { db in try db.execute(sql: "DELETE FROM outbox WHERE id <= ?", arguments: [rowID]) }
    }

    /// The sequence number of the newest recorded transition.
    public func lastSequence() throws -> Int64 {
        try db.read { db in try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'sequence'") ?? 0 }
    }

    public func pendingCount() throws -> Int {
        try db.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0 }
    }
}
