import Foundation

/// Whether OpenBLAS fell back to its generic x86 kernels on a processor that has vector units it
/// does not recognise, and what to set instead.
///
/// OpenBLAS built with DYNAMIC_ARCH picks its kernels from the processor's model number. A build
/// older than the processor (Debian 12's 0.3.21 on a recent Xeon, measured here) does not know it
/// and takes "Prescott" (SSE3): every matrix product then runs about 3× slower (MiniLM's GEMMs 15
/// instead of 47 GFLOP/s, Silero VAD 199 instead of 62 µs per chunk). `OPENBLAS_CORETYPE` in the
/// process's environment overrides the choice; it must be set before the library loads, so Hark
/// can only say so.
public enum BLASKernelAdvice {
    /// OpenBLAS's generic x86 kernel sets (no AVX).
    static let genericCores: Set<String> = ["prescott", "core2", "katmai", "coppermine", "northwood", "banias", "atom", "nehalem"]

    /// The `OPENBLAS_CORETYPE` to suggest, given the core OpenBLAS chose and the processor's flags
    /// (`/proc/cpuinfo`'s "flags" words), or nil when the choice is fine or nothing better fits.
    public static func suggestedCore(chosen: String, cpuFlags: Set<String>) -> String? {
        guard genericCores.contains(chosen.lowercased()) else { return nil }
        if cpuFlags.isSuperset(of: ["avx512f", "avx512bw", "avx512vl", "avx512dq"]) { return "SkylakeX" }
        if cpuFlags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        if cpuFlags.contains("avx") { return "SandyBridge" }
        return nil
    }

    /// A warning for the operator, or nil: the core OpenBLAS chose at load and this processor's flags.
    public static func warning() -> String? {
        let chosen = BLASLibrary.coreName
        guard let suggested = suggestedCore(chosen: chosen, cpuFlags: cpuFlags()) else { return nil }
        return "OpenBLAS runs its generic \(chosen) kernels on this processor (this OpenBLAS build does not "
            + "recognise it): matrix products run about 3× slower. Set OPENBLAS_CORETYPE=\(suggested) in the "
            + "daemon's environment (systemctl edit hark: [Service] Environment=OPENBLAS_CORETYPE=\(suggested))"
    }

    /// The first "flags" line of /proc/cpuinfo as a set of words (empty where there is none, e.g. arm64).
    static func cpuFlags(path: String = "/proc/cpuinfo") -> Set<String> {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        for line in text.split(separator: "\n") where line.hasPrefix("flags") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
        }
        return []
    }
}
