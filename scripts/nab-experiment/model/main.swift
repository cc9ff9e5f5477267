import Foundation
// The anomaly model alone over NAB files, one process for all (docs/sensors.md, issue 14):
//   swiftc -O -module-name Drv Sources/HarkCore/Alerts/{AnomalyDetector,ResidualModel,ScoreLikelihood}.swift \
//     scripts/nab-experiment/model/main.swift -o /tmp/drv
//   python3 scripts/nab-experiment/model/run.py /tmp/drv TAG even[,odd,all] [--attr]
// usage: drv LISTFILE; LISTFILE lines: inpath<TAB>outpath; writes "score source" per row (source 0
// unless the model is instrumented to set it: 1 level likelihood, 2 drift, 3 range, 4 spike,
// 5 variance, 6 flat-line).
let args = CommandLine.arguments
let list = try! String(contentsOfFile: args[1], encoding: .utf8)
for line in list.split(separator: "\n") {
    let parts = line.split(separator: "\t")
    let inp = String(parts[0]), outp = String(parts[1])
    let text = try! String(contentsOfFile: inp, encoding: .utf8)
    var det = AnomalyDetector()
    var out = ""
    var first = true
    for l in text.unicodeScalars.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map({ String(String.UnicodeScalarView($0)) }) where !l.isEmpty {
        if first { first = false; continue }
        let f = l.split(separator: ",")
        let ts = String(f[0]).trimmingCharacters(in: .whitespaces)
        var tmv = tm()
        let c = Array(ts.utf8)
        func num(_ a: Int, _ b: Int) -> Int32 { var v: Int32 = 0; for i in a..<b { v = v * 10 + Int32(c[i] - 48) }; return v }
        tmv.tm_year = num(0, 4) - 1900; tmv.tm_mon = num(5, 7) - 1; tmv.tm_mday = num(8, 10)
        tmv.tm_hour = num(11, 13); tmv.tm_min = num(14, 16); tmv.tm_sec = num(17, 19)
        let t = Double(timegm(&tmv))
        let v = Double(String(f[1]).trimmingCharacters(in: .whitespacesAndNewlines))!
        let s = det.update(value: v, time: t)
        out += String(format: "%.4f 0\n", s)
    }
    try! out.write(toFile: outp, atomically: true, encoding: .utf8)
}
