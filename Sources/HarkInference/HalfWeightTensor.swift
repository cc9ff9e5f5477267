import Foundation

/// An immutable IEEE binary16 tensor inside a mapped model file (raw bits, row-major, contiguous),
/// widened to Float32 by the operators that read it (`Ops.widenHalf`, `Ops.gemmHalfTransposedB`).
public struct HalfWeightTensor: @unchecked Sendable {
    public let name: String
    public let shape: [Int]
    public let data: UnsafeBufferPointer<UInt16>
    /// Keeps the mapping alive.
    let owner: AnyObject

    public var pointer: UnsafePointer<UInt16> { data.baseAddress ?? UnsafePointer(bitPattern: 2)! }
    public var count: Int { data.count }
}

extension SafeTensorsFile {
    /// The Float16 tensor `name`, checked against `shape`; points into the mapping.
    public func float16(_ name: String, shape expected: [Int]) throws -> HalfWeightTensor {
        let bytes = try raw(name, dtype: "F16", shape: expected)
        guard let start = bytes.baseAddress, Int(bitPattern: start) % MemoryLayout<UInt16>.alignment == 0 else {
            throw ModelFileError(file: path, tensor: name, problem: "F16 data not 2-byte aligned; re-run `make models`")
        }
        let pointer = start.assumingMemoryBound(to: UInt16.self)
        return HalfWeightTensor(name: name, shape: expected, data: UnsafeBufferPointer(start: pointer, count: bytes.count / 2),
                                owner: self)
    }
}
