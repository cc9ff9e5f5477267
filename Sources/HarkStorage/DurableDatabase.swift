import Foundation
import GRDB

/// Opens an SQLite database for state that must survive a crash or power loss: its folder is
/// created, the journal is WAL with `synchronous = FULL` (a commit is on disk when it returns),
/// and a writer waits up to 10 s for another one instead of failing at once. `schema` (SQL run in
/// one transaction) creates what is missing.
public enum DurableDatabase {
    public static func open(path: String, schema: String) throws -> DatabaseQueue {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let db = try DatabaseQueue(path: path, configuration: config)
        try db.write { try $0.execute(sql: schema) }
        return db
    }
}
