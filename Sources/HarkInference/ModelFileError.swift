/// A model file that cannot be used: says which file, which tensor (if any) and what is wrong.
public struct ModelFileError: Error, CustomStringConvertible, Equatable, Sendable {
    public var file: String
    public var tensor: String?
    public var problem: String

    public init(file: String, tensor: String? = nil, problem: String) {
        self.file = file
        self.tensor = tensor
        self.problem = problem
    }

    public var description: String {
        var text = "\(file): "
        if let tensor { text += "tensor '\(tensor)': " }
        text += problem
        return text + " (reinstall the models: make models)"
    }
}
