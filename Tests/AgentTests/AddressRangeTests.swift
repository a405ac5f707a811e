import Agent
import FleetCore
import Testing

/// Address-range parsing: what is scanned, what is refused.
struct AddressRangeTests {
    @Test(arguments: [
        ("192.0.2.0/24", "192.0.2.1", "192.0.2.254", 254),
        ("192.0.2.0/30", "192.0.2.1", "192.0.2.2", 2),
        ("192.0.2.4/31", "192.0.2.4", "192.0.2.5", 2),
        ("192.0.2.9/32", "192.0.2.9", "192.0.2.9", 1),
        ("192.0.2.10-192.0.2.50", "192.0.2.10", "192.0.2.50", 41),
        ("192.0.2.255-192.0.3.1", "192.0.2.255", "192.0.3.1", 3),
        ("127.0.0.1", "127.0.0.1", "127.0.0.1", 1),
        ("10.1.0.0/16", "10.1.0.1", "10.1.255.254", 65_534),
    ])
    func accepted(text: String, first: String, last: String, count: Int) throws {
        let range = try AddressRange(text)
        #expect(range.first.description == first)
        #expect(range.last.description == last)
        #expect(range.addresses.count == count)
        #expect(range.addresses.allSatisfy { range.contains($0) })
    }

    @Test(arguments: [
        ("192.0.2.7/24", AddressRangeError.hostBitsSet("192.0.2.7/24")),
        ("192.0.2.50-192.0.2.10", .reversed("192.0.2.50-192.0.2.10")),
        ("10.0.0.0/15", .tooLarge(count: 131_072, limit: 65_536)),
        ("192.0.2.0/33", .malformed("192.0.2.0/33")),
        ("192.0.2.256", .malformed("192.0.2.256")),
        ("192.0.2.010", .malformed("192.0.2.010")),
        ("printer.local", .malformed("printer.local")),
        ("192.0.2.1-", .malformed("192.0.2.1-")),
        ("", .malformed("")),
    ])
    func refused(text: String, error: AddressRangeError) {
        #expect(throws: error) { try AddressRange(text) }
    }

    @Test func exclusionsAreNeverScanned() throws {
        let skip = [IPv4Address("192.0.2.3")!, IPv4Address("192.0.2.200")!]
        let range = try AddressRange("192.0.2.1-192.0.2.5", excluding: skip)
        #expect(range.addresses.map(\.description) == ["192.0.2.1", "192.0.2.2", "192.0.2.4", "192.0.2.5"])
        #expect(!range.contains(skip[0]))
        #expect(!range.contains(IPv4Address("192.0.2.6")!))
    }

    @Test func smallerLimit() {
        #expect(throws: AddressRangeError.tooLarge(count: 256, limit: 100)) {
            try AddressRange("192.0.2.0/24", limit: 100)
        }
    }
}
