import Foundation
import GRDB
import HarkCore
import HarkStorage

/// Durable cloud state in `<state_dir>/cloud.sqlite`: the queue of alert-explanation requests
/// waiting for the endpoint (each with an expiry), and the daily token count, so neither is lost
/// or reset by a restart. SQLite (GRDB), WAL, `synchronous = FULL`.
public final class CloudStore: Sendable {
    public struct QueuedExplanation: Sendable, Equatable {
        public var rowID: Int64
        public var notice: AlertNotice
        /// Unix seconds.
        public var queuedAt: Double
        public var expiresAt: Double
        public var attempts: Int
    }

    private let db: DatabaseQueue
    public let path: String

    public init(path: String) throws {
        self.path = path
        db = try DurableDatabase.open(path: path, schema: """
                CREATE TABLE IF NOT EXISTS explanation (id INTEGER PRIMARY KEY AUTOINCREMENT, alert_id TEXT NOT NULL,
                    notice BLOB NOT NULL, queued_at REAL NOT NULL, expires_at REAL NOT NULL, attempts INTEGER NOT NULL DEFAULT 0);
                CREATE TABLE IF NOT EXISTS usage (key TEXT PRIMARY KEY, day INTEGER NOT NULL, used INTEGER NOT NULL);
                """)
    }

    // MARK: Explanation queue

    /// Queues a request; keeps at most `limit` (the oldest are dropped). Returns how many were dropped.
    @discardableResult
    public func enqueue(_ notice: AlertNotice, now: Double, ttl: Double, limit: Int) throws -> Int {
        let data = try JSONEncoder().encode(notice)
        return try db.write { db in
            try db.execute(sql: "INSERT INTO explanation (alert_id, notice, queued_at, expires_at) VALUES (?, ?, ?, ?)",
                           arguments: [notice.id, data, now, now + ttl])
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM explanation") ?? 0
            guard count > limit else { return 0 }
            try db.execute(sql: "DELETE FROM explanation WHERE id IN (SELECT id FROM explanation ORDER BY id LIMIT ?)",
                           arguments: [count - limit])
            return count - limit
        }
    }

    /// Drops expired requests; returns how many.
    @discardableResult
    public func purgeExpired(now: Double) throws -> Int {
        try db.write { db in
            try db.execute(sql: "DELETE FROM explanation WHERE expires_at <= ?", arguments: [now])
            return db.changesCount
        }
    }

    /// The oldest unexpired request.
    public func next(now: Double) throws -> QueuedExplanation? {
        let decoder = JSONDecoder()
        return try db.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT id, notice, queued_at, expires_at, attempts FROM explanation WHERE expires_at > ? ORDER BY id LIMIT 1
                """, arguments: [now]) else { return nil }
            let data: Data = row["notice"]
            return QueuedExplanation(rowID: row["id"], notice: try decoder.decode(AlertNotice.self, from: data),
                                     queuedAt: row["queued_at"], expiresAt: row["expires_at"], attempts: row["attempts"])
        }
    }

    public func remove(_ rowID: Int64) throws {
        try db.write { db in try db.execute(sql: "DELETE FROM explanation WHERE id = ?", arguments: [rowID]) }
    }

    public func recordAttempt(_ rowID: Int64) throws {
        try db.write { db in try db.execute(sql: "UPDATE explanation SET attempts = attempts + 1 WHERE id = ?", arguments: [rowID]) }
    }

    public func queuedCount() throws -> Int {
        try db.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM explanation") ?? 0 }
    }

    // MARK: Token budget

    public func loadBudget(dailyLimit: Int) throws -> TokenBudget? {
        try db.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT day, used FROM usage WHERE key = 'tokens'") else { return nil }
            return TokenBudget(dailyLimit: dailyLimit, day: row["day"], used: row["used"])
        }
    }

    public func saveBudget(_ budget: TokenBudget) throws {
        try db.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO usage (key, day, used) VALUES ('tokens', ?, ?)", arguments: [budget.day, budget.used])
        }
    }
}
