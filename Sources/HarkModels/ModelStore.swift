import Foundation
import HarkInference
#if canImport(Glibc)
import Glibc
#endif

/// The installed models folder: `manifest.json` (written by scripts/install-models.sh) lists every
/// file with its sha256 and size. Model classes open their files through the store, which checks
/// that the file is listed, present, of the recorded size and (once per process) of the recorded
/// sha256, and keeps one mapping per file shared by every instance.
public final class ModelStore: @unchecked Sendable {
    public struct FileRecord: Sendable, Equatable {
        public var sha256: String
        public var size: Int
    }

    public let directory: URL
    public let files: [String: FileRecord]
    public let sources: [String: String]
    private let lock = NSLock()
    private var opened: [String: SafeTensorsFile] = [:]
    private var shared: [String: AnyObject] = [:]

    public init(directory: URL) throws {
        self.directory = directory
        let manifestURL = directory.appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: manifestURL.path) else {
            throw ModelFileError(file: manifestURL.path, problem: "missing: models are not installed (run make models, or set HARK_MODELS_DIR)")
        }
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let list = root["files"] as? [String: Any] else {
            throw ModelFileError(file: manifestURL.path, problem: "not a valid manifest (expected an object with \"files\")")
        }
        var files: [String: FileRecord] = [:]
        for (name, value) in list {
            guard let entry = value as? [String: Any], let sha = entry["sha256"] as? String,
                  let size = (entry["size"] as? NSNumber)?.intValue, sha.count == 64, size >= 0 else {
                throw ModelFileError(file: manifestURL.path, problem: "entry '\(name)' needs sha256 (64 hex digits) and size")
            }
            files[name] = FileRecord(sha256: sha.lowercased(), size: size)
        }
        self.files = files
        self.sources = (root["sources"] as? [String: String]) ?? [:]
    }

    /// `HARK_MODELS_DIR`; else the repository's `models/` (with a manifest) found walking up from the
    /// executable's folder or the working directory; else `/usr/local/share/hark/models`.
    public static func defaultDirectory() -> URL {
        if let env = ProcessInfo.processInfo.environment["HARK_MODELS_DIR"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        var starts: [URL] = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        if let exe = Bundle.main.executableURL { starts.insert(exe.deletingLastPathComponent(), at: 0) }
        starts.append(URL(fileURLWithPath: CommandLine.arguments.first ?? ".").deletingLastPathComponent())
        for start in starts {
            var dir = start.standardizedFileURL
            for _ in 0..<12 {
                let candidate = dir.appendingPathComponent("models")
                if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("manifest.json").path) {
                    return candidate
                }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        return URL(fileURLWithPath: "/usr/local/share/hark/models")
    }

    public func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// Checks `name` is listed, present and of the recorded size.
    public func checkPresent(_ name: String) throws {
        let path = url(name).path
        guard let record = files[name] else {
            throw ModelFileError(file: path, problem: "not listed in manifest.json")
        }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = (attributes[.size] as? NSNumber)?.intValue else {
            throw ModelFileError(file: path, problem: "missing")
        }
        guard size == record.size else {
            throw ModelFileError(file: path, problem: "size \(size) bytes, manifest says \(record.size) (truncated or replaced)")
        }
    }

    /// Checks the sha256 of `name` against the manifest.
    public func verify(_ name: String) throws {
        try checkPresent(name)
        let path = url(name).path
        let digest = try Self.sha256(path: path)
        guard digest == files[name]!.sha256 else {
            throw ModelFileError(file: path, problem: "sha256 \(digest) does not match manifest.json (\(files[name]!.sha256)): corrupted")
        }
    }

    /// Checks every file in the manifest; throws the first failure.
    public func verify() throws {
        for name in files.keys.sorted() { try verify(name) }
    }

    /// Opens (once, then shared) the safetensors file `name`, after checking its size and sha256.
    public func safetensors(_ name: String) throws -> SafeTensorsFile {
        lock.lock()
        defer { lock.unlock() }
        if let file = opened[name] { return file }
        try verify(name)
        let file = try SafeTensorsFile(url: url(name))
        opened[name] = file
        return file
    }

    /// One shared object per key (e.g. immutable model weights), built on first use.
    public func shared<T: AnyObject>(_ key: String, _ make: () throws -> T) throws -> T {
        lock.lock()
        if let existing = shared[key] as? T { lock.unlock(); return existing }
        lock.unlock()
        let made = try make()
        lock.lock()
        defer { lock.unlock() }
        if let existing = shared[key] as? T { return existing }
        shared[key] = made
        return made
    }

    static func sha256(path: String) throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ModelFileError(file: path, problem: "cannot open (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        var hasher = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n < 0 { throw ModelFileError(file: path, problem: "read failed (\(String(cString: strerror(errno))))") }
            if n == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
        return hasher.finalize()
    }
}
