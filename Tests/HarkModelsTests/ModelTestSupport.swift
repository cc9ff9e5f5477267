import Foundation
import HarkModels

/// The installed models (make test runs scripts/install-models.sh first).
enum Installed {
    static func store() throws -> ModelStore {
        do {
            return try ModelStore(directory: ModelStore.defaultDirectory())
        } catch {
            throw ModelTestError("models not installed (run make models): \(error)")
        }
    }

    static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures")
    }
}

struct ModelTestError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// Deterministic uniform noise, mirrored from scripts/models/silero_reference.py.
func lcgNoise(_ n: Int, amplitude: Double = 0.1, seed: Int = 12345) -> [Float] {
    var x = seed
    return (0..<n).map { _ in
        x = (x * 1103515245 + 12345) % 2147483648
        return Float((Double(x >> 8) / 8388608.0 * 2.0 - 1.0) * amplitude)
    }
}
