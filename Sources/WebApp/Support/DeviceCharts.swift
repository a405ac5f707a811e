import FleetCore
import Foundation
import Store

/// The device page's charts as SVG geometry computed on the server (no script, no inline style):
/// a bar per day or month of page volume, and a line per supply's level history.
enum DeviceCharts {
    static let width = 600, height = 168, top = 18, bottom = 20, side = 18

    /// Bars for `buckets`: heights proportional to the largest bucket (which fills the plot area),
    /// each with a `<title>` in words; a bucket without data gets no bar, only a mark on the axis.
    static func volume(_ buckets: [VolumeBucket], month: Bool, _ request: WebRequest) -> [String: Any] {
        let plot = height - top - bottom
        let largest = buckets.compactMap(\.pages).max() ?? 0
        let slot = Double(width - 2 * side) / Double(max(1, buckets.count))
        let barWidth = max(1, Int((slot * 0.7).rounded()))
        let labelEvery = month ? 2 : 5
        var bars: [[String: Any]] = []
        for (index, bucket) in buckets.enumerated() {
            let x = side + Int((Double(index) * slot + (slot - Double(barWidth)) / 2).rounded())
            let pages = bucket.pages ?? 0
            let barHeight = largest > 0 ? Int((Double(pages) * Double(plot) / Double(largest)).rounded()) : 0
            var words = bucket.pages.map { request.text("devices.chart.pages", ["n": String($0)]) } ?? request.text("devices.chart.no_data")
            if bucket.spansGap { words += " " + request.text("devices.chart.gap") }
            if bucket.resets > 0 { words += " " + request.text("devices.chart.reset") }
            var bar: [String: Any] = [
                "x": x, "width": barWidth, "height": barHeight, "y": top + plot - barHeight,
                "title": "\(bucket.label): \(words)", "label": bucket.label, "words": words,
                "class": bucket.pages == nil ? "chart-none" : (bucket.spansGap ? "chart-bar chart-gap" : "chart-bar"),
            ]
            if bucket.pages == nil { bar["y"] = top + plot - 2; bar["height"] = 2 }
            if index % labelEvery == 0 || index == buckets.count - 1 {
                bar["tick"] = month ? bucket.label : String(bucket.label.suffix(5))
                bar["tickX"] = x + barWidth / 2
            }
            bars.append(bar)
        }
        let total = buckets.compactMap(\.pages).reduce(Int64(0)) { $0.addingReportingOverflow($1).partialValue }
        return [
            "bars": bars, "width": width, "height": height, "baseline": top + plot, "tickY": height - 5,
            "max": request.text("devices.chart.pages", ["n": String(largest)]), "maxY": 2,
            "total": request.text("devices.chart.total", ["n": String(total)]), "hasData": largest > 0 || total > 0,
        ]
    }

    /// One small line chart per supply: x is days (oldest left), y the percentage (100 at the top).
    static func supplyLines(_ history: [SupplyHistory], days: Int, _ request: WebRequest) -> [[String: Any]] {
        let w = 300, h = 60
        return history.filter { !$0.points.isEmpty }.map { supply in
            let points = supply.points.map { point -> String in
                let x = Double(days - point.day) * Double(w) / Double(days)
                let y = Double(h) - min(100, max(0, point.percent)) * Double(h) / 100
                return String(format: "%.1f,%.1f", x, y)
            }.joined(separator: " ")
            let colorClass = supply.color.flatMap { DeviceGauges.knownColors.contains($0) ? $0 : nil } ?? "other"
            let last = SupplyGauge.wholePercent(supply.points.last?.percent)
            return [
                "name": DeviceGauges.name(color: supply.color, kind: supply.kind, request),
                "points": points, "width": w, "height": h, "class": "line-\(colorClass)",
                "latest": last.map { request.text("devices.supply.percent", ["n": String($0)]) } ?? "",
                "single": supply.points.count == 1, "dotX": points.split(separator: ",").first.map(String.init) ?? "0",
                "dotY": points.split(separator: ",").last.map(String.init) ?? "0",
            ]
        }
    }
}
