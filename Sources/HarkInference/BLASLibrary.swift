import COpenBLAS

/// Facts about the linked OpenBLAS build, and its thread count.
public enum BLASLibrary {
    /// OpenBLAS build configuration, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64".
    public static var configuration: String {
        guard let config = openblas_get_config() else { return "OpenBLAS (unknown configuration)" }
        return String(cString: config)
    }

    /// Number of threads OpenBLAS uses for one call.
    public static var threads: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(max(1, newValue))) }
    }
}
