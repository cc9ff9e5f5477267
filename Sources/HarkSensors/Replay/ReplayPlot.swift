import HarkCore

/// An SVG of a replay: the series with its rule limits and alert spans on top, the anomaly score
/// below. Long series are reduced to min/max per pixel column, so the file stays small.
public struct ReplayPlot {
    public var width = 1200.0
    public var height = 600.0
    private var times: [Double] = []
    private var values: [Double] = []
    private var scores: [Double] = []

    public init() {}

    public mutating func add(_ row: ReplayRun.Row) {
        times.append(row.time)
        values.append(row.value)
        scores.append(row.score)
    }

    public func render(title: String, limits: [(label: String, value: Double)], spans: [ReplayRun.Span]) -> String {
        let left = 70.0, right = 20.0, top = 40.0, mid = height * 0.68, bottom = height - 30
        let plotW = width - left - right
        guard let t0 = times.first, let t1 = times.last else {
            return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\"></svg>\n"
        }
        let span = max(t1 - t0, 1e-9)
        var lo = values.min() ?? 0, hi = values.max() ?? 1
        for l in limits { lo = min(lo, l.value); hi = max(hi, l.value) }
        if hi - lo < 1e-9 { hi = lo + 1 }
        let pad = (hi - lo) * 0.05
        lo -= pad; hi += pad
        func x(_ t: Double) -> Double { left + (t - t0) / span * plotW }
        func y(_ v: Double) -> Double { mid - 10 - (v - lo) / (hi - lo) * (mid - 10 - top) }
        func ys(_ s: Double) -> Double { bottom - s * (bottom - mid - 20) }
        func f(_ d: Double) -> String { String(Int((d * 10).rounded())) == "" ? "0" : String((d * 10).rounded() / 10) }

        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
            <title>\(escape(title))</title>
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(f(left))" y="20" font-size="14">\(escape(title))</text>

            """
        svg += "<g id=\"alert-spans\">\n"
        for s in spans {
            let color = s.severity >= .major ? "#e53935" : "#fb8c00"
            svg += "<rect class=\"alert-span\" data-severity=\"\(s.severity.rawValue)\" data-start=\"\(Timestamp.format(s.start))\" data-end=\"\(Timestamp.format(s.end))\" x=\"\(f(x(s.start)))\" y=\"\(f(top))\" width=\"\(f(max(1, x(s.end) - x(s.start))))\" height=\"\(f(bottom - top))\" fill=\"\(color)\" fill-opacity=\"0.18\"/>\n"
        }
        svg += "</g>\n<g id=\"limits\">\n"
        for l in limits {
            svg += "<line x1=\"\(f(left))\" x2=\"\(f(width - right))\" y1=\"\(f(y(l.value)))\" y2=\"\(f(y(l.value)))\" stroke=\"#8e24aa\" stroke-dasharray=\"6 4\"/>"
            svg += "<text x=\"\(f(width - right - 4))\" y=\"\(f(y(l.value) - 4))\" text-anchor=\"end\" fill=\"#8e24aa\">\(escape(l.label)) \(f(l.value))</text>\n"
        }
        svg += "</g>\n"
        svg += "<polyline id=\"series\" fill=\"none\" stroke=\"#1e88e5\" stroke-width=\"1\" points=\"\(points(values, x: x, y: y, plotW: plotW))\"/>\n"
        svg += "<polyline id=\"score\" fill=\"none\" stroke=\"#43a047\" stroke-width=\"1\" points=\"\(points(scores, x: x, y: ys, plotW: plotW))\"/>\n"
        svg += "<line x1=\"\(f(left))\" x2=\"\(f(width - right))\" y1=\"\(f(mid))\" y2=\"\(f(mid))\" stroke=\"#999\"/>\n"
        svg += "<text x=\"4\" y=\"\(f(y(hi - pad)))\">\(f(hi - pad))</text><text x=\"4\" y=\"\(f(y(lo + pad)))\">\(f(lo + pad))</text>\n"
        svg += "<text x=\"4\" y=\"\(f(ys(1) + 4))\">score 1</text><text x=\"4\" y=\"\(f(ys(0)))\">score 0</text>\n"
        svg += "<text x=\"\(f(left))\" y=\"\(f(height - 8))\">\(Timestamp.format(t0))</text>"
        svg += "<text x=\"\(f(width - right))\" y=\"\(f(height - 8))\" text-anchor=\"end\">\(Timestamp.format(t1))</text>\n"
        return svg + "</svg>\n"
    }

    /// min/max per pixel column, in time order.
    private func points(_ series: [Double], x: (Double) -> Double, y: (Double) -> Double, plotW: Double) -> String {
        var out: [String] = []
        out.reserveCapacity(Int(plotW) * 2)
        var column = -1
        var cmin = 0.0, cmax = 0.0, cx = 0.0
        func flush() {
            guard column >= 0 else { return }
            out.append("\(r(cx)),\(r(y(cmin)))")
            if cmax != cmin { out.append("\(r(cx)),\(r(y(cmax)))") }
        }
        for (i, v) in series.enumerated() where v.isFinite {
            let px = x(times[i])
            let c = Int(px)
            if c != column {
                flush()
                column = c; cmin = v; cmax = v; cx = px
            } else {
                cmin = min(cmin, v); cmax = max(cmax, v)
            }
        }
        flush()
        return out.joined(separator: " ")
    }

    private func r(_ d: Double) -> String { String((d * 10).rounded() / 10) }

    private func escape(_ s: String) -> String {
        s.replacingAll(of: "&", with: "&amp;").replacingAll(of: "<", with: "&lt;").replacingAll(of: ">", with: "&gt;")
    }
}

extension String {
    func replacingAll(of target: String, with replacement: String) -> String {
        split(separator: Substring(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
