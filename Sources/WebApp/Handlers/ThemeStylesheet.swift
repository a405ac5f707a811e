import Foundation
import HTTPServer

/// GET /theme.css?c=RRGGBB: the organization's accent colour as CSS variables, linked by the layout
/// (the content security policy allows no inline style). The colour is darkened until white text on
/// it, and it as text on white, reach WCAG's 4.5:1 contrast, so no choice makes the pages unreadable.
/// The answer depends only on the query, so it is cached for a year.
enum ThemeStylesheet {
    static func handle(_ request: HTTPRequest) -> HTTPResponse {
        let value = request.queryItems.first { $0.name == "c" }?.value.lowercased() ?? ""
        guard value.count == 6, value.allSatisfy(\.isHexDigit), var rgb = UInt32(value, radix: 16).map(components) else {
            return .text("400 Bad Request\n", status: .badRequest)
        }
        while contrastWithWhite(rgb) < 4.5 { rgb = (rgb.0 * 0.92, rgb.1 * 0.92, rgb.2 * 0.92) }
        let dark = (rgb.0 * 0.8, rgb.1 * 0.8, rgb.2 * 0.8)
        let css = ":root { --brand: \(hex(rgb)); --brand-dark: \(hex(dark)); }\n"
        var response = HTTPResponse(status: .ok, body: .bytes(Array(css.utf8)))
        response.headers.add("Content-Type", "text/css; charset=utf-8")
        response.headers.add("Cache-Control", "public, max-age=31536000, immutable")
        SecurityHeaders.apply(to: &response)
        return response
    }

    private static func components(_ value: UInt32) -> (Double, Double, Double) {
        (Double(value >> 16 & 0xFF), Double(value >> 8 & 0xFF), Double(value & 0xFF))
    }

    private static func hex(_ rgb: (Double, Double, Double)) -> String {
        String(format: "#%02x%02x%02x", Int(rgb.0.rounded()), Int(rgb.1.rounded()), Int(rgb.2.rounded()))
    }

    /// WCAG 2 relative luminance and contrast ratio against white.
    static func contrastWithWhite(_ rgb: (Double, Double, Double)) -> Double {
        func channel(_ value: Double) -> Double {
            let c = value / 255
            return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        let luminance = 0.2126 * channel(rgb.0) + 0.7152 * channel(rgb.1) + 0.0722 * channel(rgb.2)
        return 1.05 / (luminance + 0.05)
    }
}
