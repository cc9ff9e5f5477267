import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A safetensors file mapped read-only into memory, with its header fully validated.
///
/// Layout: u64 little-endian header length N, N bytes of JSON `{name: {dtype, shape, data_offsets}}`
/// (plus an optional `__metadata__` string map), then the data block. Validation: header length in
/// bounds, JSON object, known dtypes, non-negative shapes whose byte size equals the offsets' span,
/// offsets inside the data block and not overlapping. Float32 tensors are served as pointers into the
/// mapping (no copy); the mapping lives as long as this object.
public final class SafeTensorsFile: @unchecked Sendable {
    public struct Entry: Sendable, Equatable {
        public var dtype: String
        public var shape: [Int]
        public var begin: Int
        public var end: Int
    }

    public static let elementSizes: [String: Int] = [
        "F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1,
        "BOOL": 1, "U16": 2, "U32": 4, "U64": 8, "F8_E4M3": 1, "F8_E5M2": 1,
    ]
    public static let maxHeaderBytes = 100 << 20

    public let path: String
    public let entries: [String: Entry]
    public let metadata: [String: String]
    private let base: UnsafeRawPointer
    private let mappedBytes: Int
    private let dataOffset: Int
    private let owned: Bool

    /// Maps `url` and validates it.
    public convenience init(url: URL) throws {
        let path = url.path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw ModelFileError(file: path, problem: "cannot open (\(String(cString: strerror(errno))))")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw ModelFileError(file: path, problem: "cannot stat (\(String(cString: strerror(errno))))")
        }
        let size = Int(st.st_size)
        guard size >= 8 else {
            throw ModelFileError(file: path, problem: "truncated: \(size) bytes, shorter than the 8-byte header length")
        }
        guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), map != MAP_FAILED else {
            throw ModelFileError(file: path, problem: "mmap failed (\(String(cString: strerror(errno))))")
        }
        do {
            try self.init(path: path, base: UnsafeRawPointer(map), count: size, owned: true)
        } catch {
            munmap(map, size)
            throw error
        }
    }

    /// Validates bytes already in memory (used by tests; the caller keeps `bytes` alive and unchanged).
    public convenience init(path: String, bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, bytes.count >= 8 else {
            throw ModelFileError(file: path, problem: "truncated: \(bytes.count) bytes, shorter than the 8-byte header length")
        }
        try self.init(path: path, base: base, count: bytes.count, owned: false)
    }

    private init(path: String, base: UnsafeRawPointer, count: Int, owned: Bool) throws {
        self.path = path
        self.base = base
        self.mappedBytes = count
        self.owned = owned
        var headerLength: UInt64 = 0
        withUnsafeMutableBytes(of: &headerLength) { $0.copyMemory(from: UnsafeRawBufferPointer(start: base, count: 8)) }
        headerLength = UInt64(littleEndian: headerLength)
        guard headerLength <= UInt64(Self.maxHeaderBytes), Int(headerLength) <= count - 8 else {
            throw ModelFileError(file: path, problem: "header length \(headerLength) exceeds the file (\(count) bytes): truncated or not a safetensors file")
        }
        dataOffset = 8 + Int(headerLength)
        let header = Data(bytes: base + 8, count: Int(headerLength))
        let parsed = try Self.parseHeader(header, path: path, dataBytes: count - dataOffset)
        entries = parsed.entries
        metadata = parsed.metadata
    }

    deinit {
        if owned { munmap(UnsafeMutableRawPointer(mutating: base), mappedBytes) }
    }

    static func parseHeader(_ header: Data, path: String, dataBytes: Int) throws -> (entries: [String: Entry], metadata: [String: String]) {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: header, options: [])
        } catch {
            throw ModelFileError(file: path, problem: "header is not valid JSON")
        }
        guard let root = object as? [String: Any] else {
            throw ModelFileError(file: path, problem: "header is not a JSON object")
        }
        var entries: [String: Entry] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in root {
            if name == "__metadata__" {
                guard let map = value as? [String: Any] else {
                    throw ModelFileError(file: path, problem: "__metadata__ is not an object")
                }
                for (k, v) in map {
                    guard let s = v as? String else {
                        throw ModelFileError(file: path, problem: "__metadata__.\(k) is not a string")
                    }
                    metadata[k] = s
                }
                continue
            }
            entries[name] = try parseEntry(value, name: name, path: path, dataBytes: dataBytes)
        }
        // Offsets must not overlap (they may leave gaps).
        let sorted = entries.sorted { $0.value.begin < $1.value.begin || ($0.value.begin == $1.value.begin && $0.key < $1.key) }
        var previousEnd = 0
        var previousName = ""
        for (name, e) in sorted where e.end > e.begin {
            if e.begin < previousEnd {
                throw ModelFileError(file: path, tensor: name, problem: "data overlaps tensor '\(previousName)'")
            }
            previousEnd = e.end
            previousName = name
        }
        return (entries, metadata)
    }

    private static func integer(_ value: Any?) -> Int? {
        guard let n = value as? NSNumber else { return nil }
        let d = n.doubleValue
        guard d.isFinite, d >= 0, d <= 9.0e15, d == d.rounded() else { return nil }
        return Int(d)
    }

    private static func parseEntry(_ value: Any, name: String, path: String, dataBytes: Int) throws -> Entry {
        func fail(_ problem: String) -> ModelFileError { ModelFileError(file: path, tensor: name, problem: problem) }
        guard let object = value as? [String: Any] else { throw fail("entry is not an object") }
        guard let dtype = object["dtype"] as? String else { throw fail("missing dtype") }
        guard let elementSize = elementSizes[dtype] else { throw fail("unknown dtype '\(dtype)'") }
        guard let shapeArray = object["shape"] as? [Any] else { throw fail("missing shape") }
        guard shapeArray.count <= 8 else { throw fail("shape has \(shapeArray.count) dimensions (at most 8)") }
        var shape: [Int] = []
        var elements = 1
        for dim in shapeArray {
            guard let d = integer(dim) else { throw fail("shape \(shapeArray) has a dimension that is not a non-negative integer") }
            let (product, overflow) = elements.multipliedReportingOverflow(by: d)
            guard !overflow, product <= Int(Int32.max) * 16 else { throw fail("shape \(shapeArray) is too large") }
            elements = product
            shape.append(d)
        }
        guard let offsets = object["data_offsets"] as? [Any], offsets.count == 2,
              let begin = integer(offsets[0]), let end = integer(offsets[1]) else {
            throw fail("data_offsets must be two non-negative integers")
        }
        guard begin <= end, end <= dataBytes else {
            throw fail("data_offsets [\(begin), \(end)] outside the data block of \(dataBytes) bytes (truncated file?)")
        }
        guard end - begin == elements * elementSize else {
            throw fail("shape \(shape) of \(dtype) needs \(elements * elementSize) bytes, data_offsets span \(end - begin)")
        }
        return Entry(dtype: dtype, shape: shape, begin: begin, end: end)
    }

    var dataStart: UnsafeRawPointer { base + dataOffset }

    /// The Float32 tensor `name`, checked against `shape`; points into the mapping.
    public func float32(_ name: String, shape expected: [Int]) throws -> WeightTensor {
        guard let e = entries[name] else {
            throw ModelFileError(file: path, tensor: name, problem: "missing")
        }
        guard e.dtype == "F32" else {
            throw ModelFileError(file: path, tensor: name, problem: "dtype \(e.dtype), expected F32")
        }
        guard e.shape == expected else {
            throw ModelFileError(file: path, tensor: name, problem: "shape \(e.shape), expected \(expected)")
        }
        let start = dataOffset + e.begin
        guard start % MemoryLayout<Float>.alignment == 0 else {
            throw ModelFileError(file: path, tensor: name, problem: "data not 4-byte aligned")
        }
        let pointer = (base + start).assumingMemoryBound(to: Float.self)
        return WeightTensor(name: name, shape: e.shape, data: UnsafeBufferPointer(start: pointer, count: (e.end - e.begin) / 4), owner: self)
    }
}

extension SafeTensorsFile {
    /// The bytes of tensor `name` (any dtype, checked against `dtype` and `shape`), pointing into the
    /// mapping; valid while this file is alive. For int8/int32 weights of quantised models.
    public func raw(_ name: String, dtype: String, shape expected: [Int]) throws -> UnsafeRawBufferPointer {
        guard let e = entries[name] else {
            throw ModelFileError(file: path, tensor: name, problem: "missing")
        }
        guard e.dtype == dtype else {
            throw ModelFileError(file: path, tensor: name, problem: "dtype \(e.dtype), expected \(dtype)")
        }
        guard e.shape == expected else {
            throw ModelFileError(file: path, tensor: name, problem: "shape \(e.shape), expected \(expected)")
        }
        return UnsafeRawBufferPointer(start: dataStart + e.begin, count: e.end - e.begin)
    }
}

/// An immutable Float32 tensor inside a mapped model file. Row-major, contiguous.
public struct WeightTensor: @unchecked Sendable {
    public let name: String
    public let shape: [Int]
    public let data: UnsafeBufferPointer<Float>
    /// Keeps the mapping alive.
    let owner: AnyObject

    public var pointer: UnsafePointer<Float> { data.baseAddress ?? UnsafePointer(bitPattern: 4)! }
    public var count: Int { data.count }
}
