import FleetCore
import Foundation
import HTTPServer
import Store
import Testing
@testable import WebApp

/// The fleet overview: counts by status, low supplies, open alerts and silent agents, each linking to
/// its filtered list; the empty state with how to begin; another customer's fleet never counted.
@Suite struct DeviceOverviewTests {
    /// The number a card linking to `href` shows.
    static func card(_ html: String, _ href: String) -> String? {
        guard let start = html.range(of: "<a href=\"\(href)\"><span class=\"overview-count\">") else { return nil }
        return String(html[start.upperBound...].prefix { $0 != "<" })
    }

    @Test func countsByStatusSuppliesAlertsAndAgents() async throws {
        try await WebFleet.with { fleet in
            let (agent, _) = try await DeviceFixtures.fleet(fleet)
            let viewer = try await fleet.client("viewer@a.test")
            var html = await viewer.get("/").text
            #expect(Self.card(html, "/devices?status=online") == "1")
            #expect(Self.card(html, "/devices?status=warning") == "1")
            #expect(Self.card(html, "/devices?status=error") == "1")
            #expect(Self.card(html, "/devices?status=offline") == "1")
            // SYN-LOW (10 % ≤ 15 %) and SYN-JAM (reported low); customer B's 5 % is not theirs.
            #expect(Self.card(html, "/devices?low=1") == "2")
            #expect(Self.card(html, "/alerts") == "1")
            #expect(Self.card(html, "/agents?silent=1") == "0")
            #expect(html.contains("4 devices"))

            // An agent silent for longer than the organization allows (30 minutes by default) is counted.
            let superuser = fleet.db.makeDatabase(size: 1, superuser: true)
            defer { superuser.close() }
            _ = try await superuser.transaction { (tx) throws(StoreError) in
                try tx.execute("UPDATE agents SET last_seen_at = now() - interval '2 hours' WHERE id = \(agent.agentID)")
            }
            html = await viewer.get("/").text
            #expect(Self.card(html, "/agents?silent=1") == "1")

            // The dealer sees both customers.
            let dealer = try await fleet.client("boss@dealer.test")
            html = await dealer.get("/").text
            #expect(html.contains("5 devices"))
            #expect(Self.card(html, "/devices?low=1") == "3")
        }
    }

    @Test func emptyFleetShowsHowToBeginInEveryLanguage() async throws {
        try await WebFleet.with { fleet in
            for language in Language.allCases {
                let admin = try await fleet.client("admin@a.test", language: language.rawValue)
                let page = await admin.get("/")
                #expect(page.status == .ok)
                #expect(page.text.contains("href=\"/agents/new\"") && page.text.contains("href=\"/ranges/new\""))
                #expect(!page.text.contains("overview-count"))
                #expect(DevicePageTests.rawKeys(page.text).isEmpty, "\(language): \(DevicePageTests.rawKeys(page.text))")
            }
        }
    }
}
