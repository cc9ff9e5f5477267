import Foundation

/// The JSON description of a converted microWakeWord model (scripts/models/convert_microwakeword.py
/// writes it into the safetensors metadata entry "graph"): tensors with shapes and quantisation,
/// stream-state variables and the operators in execution order.
public struct MicroWakeWordGraph: Decodable, Sendable {
    public struct Tensor: Decodable, Sendable {
        public var shape: [Int]
        public var type: String?
        public var scale: [Double]
        public var zero_point: [Int]
        public var quantized_dimension: Int
        public var const: String?

        public var count: Int { shape.reduce(1, *) }
    }

    public struct Variable: Decodable, Sendable {
        public var name: String
        public var `init`: String
        public var shape: [Int]
        public var scale: [Double]
        public var zero_point: [Int]
    }

    public struct Op: Decodable, Sendable {
        public var op: String
        public var inputs: [Int]?
        public var outputs: [Int]
        public var variable: Int?
        public var axis: Int?
        public var begin: [Int]?
        public var end: [Int]?
        public var strides: [Int]?
        public var begin_mask: Int?
        public var end_mask: Int?
        public var size_splits: [Int]?
        public var padding: String?
        public var stride: [Int]?
        public var dilation: [Int]?
        public var activation: String?
        public var depth_multiplier: Int?
    }

    public var format: String
    public var name: String
    public var wake_word: String
    public var probability_cutoff: Double
    public var sliding_window_size: Int
    public var feature_step_ms: Int
    public var input: Int
    public var output: Int
    public var tensors: [Tensor]
    public var variables: [Variable]
    public var ops: [Op]
}
