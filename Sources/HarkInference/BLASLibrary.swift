import COpenBLAS

/// Facts about the linked OpenBLAS build, and its thread count.
public enum BLASLibrary {
    /// OpenBLAS build configuration, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64".
    public static var configuration: String {
        guard let config = openblas_get_config() else { return "OpenBLAS (unknown configuration)" }
        return String(cString: config)
    }

    /// The kernel set OpenBLAS chose for this processor at load, e.g. "Haswell" or "Prescott".
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// Number of threads OpenBLAS uses for one call.
    public static var threads: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(max(1, newValue))) }
    }
}
