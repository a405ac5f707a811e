import FleetCore
import Store

/// Supply bars as small inline SVGs: the fill is as wide as the true percentage, and a supply without
/// one shows its state in words over an empty track (no percentage is ever invented).
enum DeviceGauges {
    /// Colours with a CSS class of their own; any other gets `gauge-other`.
    static let knownColors: Set<String> = ["black", "cyan", "magenta", "yellow"]
    static let width = 60

    /// The translated colour (or kind) name of a supply.
    static func name(color: String?, kind: String?, _ request: WebRequest) -> String {
        if let color, knownColors.contains(color) { return request.text("devices.colors.\(color)") }
        if let color, !color.isEmpty { return color.replacingOccurrences(of: "_", with: " ") }
        if let kind, request.catalog.contains("devices.kinds.\(kind)") { return request.text("devices.kinds.\(kind)") }
        return request.text("devices.kinds.other")
    }

    /// "45 %" when a true percentage exists, else the state in words.
    static func levelText(percent: Int?, state: String, _ request: WebRequest) -> String {
        if let percent { return request.text("devices.supply.percent", ["n": String(percent)]) }
        return stateText(state, request)
    }

    static func stateText(_ state: String, _ request: WebRequest) -> String {
        request.catalog.contains("devices.states.\(state)") ? request.text("devices.states.\(state)") : request.text("devices.states.unknown")
    }

    /// One bar: SVG geometry, CSS classes and the words a screen reader and a phone show.
    static func bar(color: String?, kind: String?, percent: Int?, state: String, width: Int = width,
                    _ request: WebRequest) -> [String: Any] {
        let name = name(color: color, kind: kind, request)
        let level = levelText(percent: percent, state: state, request)
        let colorClass = color.flatMap { knownColors.contains($0) ? $0 : nil } ?? "other"
        var bar: [String: Any] = [
            "name": name, "level": level, "label": "\(name): \(level)", "width": width,
            "colorClass": "gauge-\(colorClass)", "stateClass": "gauge-state-\(state.replacingOccurrences(of: "_", with: "-"))",
        ]
        if let percent {
            bar["fill"] = max(0, min(width, Int((Double(percent) * Double(width) / 100).rounded())))
            if percent > 0 { bar["hasFill"] = true }
        }
        if state == "low" || state == "empty" { bar["warn"] = true }
        return bar
    }

    /// The list's bars: consumables only (receptacles such as waste toner belong on the device page).
    static func listBars(_ gauges: [SupplyGauge], _ request: WebRequest) -> [[String: Any]] {
        gauges.filter { !$0.isReceptacle }.map { bar(color: $0.color, kind: $0.kind, percent: $0.percent, state: $0.state, request) }
    }
}
