// Measurement harness (outside SwiftPM): reads `hark replay` output CSVs (timestamp,value,anomaly_score,alert),
// runs ContextNovelty on the values and writes max(anomaly_score, 0.8 · novelty) in the same columns.
//   fuse IN_DIR OUT_DIR FILE...   (FILE relative, e.g. realKnownCause/nyc_taxi.csv)
//   fuse --bench N                (throughput of ContextNovelty alone on N synthetic readings)
import Foundation

let args = CommandLine.arguments
if args.count == 3 && args[1] == "--bench" {
    let n = Int(args[2])!
    var d = ContextNovelty()
    var values = [Double](repeating: 0, count: n)
    var seed: UInt64 = 42
    for i in 0..<n {
        seed = seed &* 6364136223846793005 &+ 1442695040888963407
        let u = Double(seed >> 11) / Double(1 << 53)
        values[i] = 5 * sin(Double(i) * 2 * Double.pi / 288) + u
    }
    var acc = 0.0
    let t0 = DispatchTime.now().uptimeNanoseconds
    for v in values { acc += d.update(value: v) }
    let t1 = DispatchTime.now().uptimeNanoseconds
    let s = Double(t1 - t0) / 1e9
    print(String(format: "ContextNovelty: %d readings in %.4f s = %.0f readings/s (checksum %.3f), instance %d bytes", n, s, Double(n) / s, acc, MemoryLayout<ContextNovelty>.size))
    exit(0)
}
let inDir = args[1], outDir = args[2]
for rel in args[3...] {
    let text = try! String(contentsOfFile: inDir + "/" + rel, encoding: .utf8)
    var out = "timestamp,value,anomaly_score,alert\n"
    var d = ContextNovelty()
    for (k, line) in text.split(separator: "\n").enumerated() where k > 0 {
        let f = line.split(separator: ",", omittingEmptySubsequences: false)
        let v = Double(f[1])!, h = Double(f[2]) ?? 0
        let g = d.update(value: v)
        let s = max(h, 0.8 * g)
        out += "\(f[0]),\(f[1]),\(String(format: "%.6f", s)),\(s >= 0.9 ? "1" : "")\n"
    }
    let path = outDir + "/" + rel
    try! FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try! out.write(toFile: path, atomically: true, encoding: .utf8)
}
