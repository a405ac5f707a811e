import FleetCore
import Foundation
import HTTPServer
import Store
import Testing
@testable import WebApp

/// The device list: filters, search, sorting and pages on the server; stored text rendered inert;
/// another customer's devices never listed.
@Suite struct DeviceListTests {
    static let addresses = ["192.0.2.10", "192.0.2.11", "192.0.2.12", "192.0.2.13"]

    /// The addresses listed, in page order.
    static func listed(_ html: String) -> [String] {
        html.components(separatedBy: "data-label=\"Address\">").dropFirst().map { String($0.prefix { $0 != "<" }) }
    }

    @Test func filtersSearchAndSort() async throws {
        try await WebFleet.with { fleet in
            _ = try await DeviceFixtures.fleet(fleet)
            let viewer = try await fleet.client("viewer@a.test")
            let all = await viewer.get("/devices")
            #expect(all.status == .ok)
            #expect(Set(Self.listed(all.text)) == Set(Self.addresses))
            #expect(all.text.contains("4 devices"))
            #expect(!all.text.contains("Secret B Model") && !all.text.contains("198.51.100.5") && !all.text.contains("Canon"))
            // Default order: worst status first (offline, error, warning, online).
            #expect(Self.listed(all.text) == ["192.0.2.13", "192.0.2.12", "192.0.2.11", "192.0.2.10"])
            // Filter choices come from the organization's own data.
            #expect(all.text.contains("<option value=\"Kyocera\">") && all.text.contains("<option value=\"Floor 2\">"))

            #expect(Self.listed(await viewer.get("/devices?status=error").text) == ["192.0.2.12"])
            #expect(Set(Self.listed(await viewer.get("/devices?low=1").text)) == ["192.0.2.11", "192.0.2.12"])
            #expect(Set(Self.listed(await viewer.get("/devices?manufacturer=Brother").text)) == ["192.0.2.12", "192.0.2.13"])
            #expect(Set(Self.listed(await viewer.get("/devices?location=Floor+2&status=offline").text)) == ["192.0.2.13"])
            #expect(Self.listed(await viewer.get("/devices?q=syn-ok").text) == ["192.0.2.10"])
            #expect(Self.listed(await viewer.get("/devices?q=192.0.2.13").text) == ["192.0.2.13"])
            #expect(Self.listed(await viewer.get("/devices?q=Color").text) == ["192.0.2.11"])
            #expect(Self.listed(await viewer.get("/devices?q=SYN-B").text).isEmpty)
            #expect(Self.listed(await viewer.get("/devices?q=%25").text).isEmpty)
            #expect(Self.listed(await viewer.get("/devices?sort=address&order=asc").text) == Self.addresses)
            #expect(Self.listed(await viewer.get("/devices?sort=address&order=desc").text) == Self.addresses.reversed())
            // Lowest supply first: SYN-LOW 10 %, SYN-OK 50 %, SYN-OFF 80 %, then SYN-JAM without a percentage.
            #expect(Self.listed(await viewer.get("/devices?sort=supply&order=asc").text)
                    == ["192.0.2.11", "192.0.2.10", "192.0.2.13", "192.0.2.12"])
            // Unknown values are ignored, not errors.
            #expect(await viewer.get("/devices?status=nonsense&sort=drop&page=-4&range=x").status == .ok)
        }
    }

    @Test func rowsShowBarsStatesAndInertText() async throws {
        try await WebFleet.with { fleet in
            _ = try await DeviceFixtures.fleet(fleet)
            let html = await (try await fleet.client("viewer@a.test")).get("/devices").text
            #expect(!html.contains("<script>alert"))
            #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;") || html.contains("&lt;script&gt;alert("))
            // 10 % of a 60-wide bar is 6; a supply without a percentage shows its state in words, no fill.
            #expect(html.contains("aria-label=\"Black: 10 %\""))
            #expect(html.contains("width=\"6\" height=\"9\""))
            #expect(html.contains("aria-label=\"Cyan: Some remaining\""))
            #expect(html.contains("aria-label=\"Black: Low\""))
            #expect(html.contains("<time datetime=\""))
        }
    }

    @Test func pagesOfFifty() async throws {
        try await WebFleet.with { fleet in
            let (agent, _) = try await DeviceFixtures.fleet(fleet)
            let now = Date()
            try await DeviceFixtures.ingest(fleet, agent, key: "bulk-000001", (1...55).map { n in
                DeviceFixtures.reading("192.0.2.\(100 + n)", serial: "BULK-\(n)", model: "Bulk \(n)", total: Int64(n), at: now)
            })
            let viewer = try await fleet.client("viewer@a.test")
            let first = await viewer.get("/devices?sort=address&order=asc")
            #expect(Self.listed(first.text).count == 50)
            #expect(first.text.contains("59 devices") && first.text.contains("Page 1 of 2"))
            #expect(first.text.contains("href=\"/devices?sort=address&amp;order=asc&amp;page=2\""))
            let second = await viewer.get("/devices?sort=address&order=asc&page=2")
            #expect(Self.listed(second.text).count == 9)
            #expect(Self.listed(second.text).last == "192.0.2.155")
            #expect(Set(Self.listed(first.text)).isDisjoint(with: Self.listed(second.text)))
            // A page past the end is empty, not an error.
            #expect(await viewer.get("/devices?page=9").status == .ok)
        }
    }
}
