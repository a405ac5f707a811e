import Foundation

/// An IPv4 address as its 32-bit value, printed in dotted-quad form.
public struct IPv4Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var value: UInt32

    public init(_ value: UInt32) { self.value = value }

    /// Parses strict dotted-quad text (four decimal parts 0...255, no leading zeros beyond "0").
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var result: UInt32 = 0
        for part in parts {
            // Leading zeros are refused: some tools read them as octal, so "010" is ambiguous.
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let byte = UInt8(part),
                  part == "0" || !part.hasPrefix("0") else { return nil }
            result = result << 8 | UInt32(byte)
        }
        value = result
    }

    public var description: String {
        "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
    }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }
}

/// Why a range was refused.
public enum AddressRangeError: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    case hostBitsSet(String)
    case reversed(String)
    case tooLarge(count: UInt64, limit: Int)

    public var description: String {
        switch self {
        case .malformed(let text): return "not a CIDR block or first-last range: \(text)"
        case .hostBitsSet(let text): return "host bits set in CIDR block \(text) (write the network address)"
        case .reversed(let text): return "range ends before it starts: \(text)"
        case .tooLarge(let count, let limit): return "range holds \(count) addresses; the limit is \(limit)"
        }
    }
}

/// The addresses a discovery may touch: a CIDR block (`192.0.2.0/24`) or an inclusive `first-last`
/// range, minus exclusions. Decisions, so that a scan never leaves what the customer wrote:
/// * CIDR blocks with host bits set (`192.0.2.7/24`) are refused rather than silently widened.
/// * For blocks of /30 and larger (prefix ≤ 30) the network and broadcast addresses are skipped;
///   /31 (RFC 3021) and /32 keep every address. A `first-last` range keeps every address it names.
/// * At most `limit` addresses (65,536 by default, a /16) — larger ranges are refused, not truncated.
public struct AddressRange: Sendable, Equatable, CustomStringConvertible {
    public let first: IPv4Address
    public let last: IPv4Address
    public private(set) var excluded: Set<IPv4Address> = []
    /// The text the range was parsed from, for messages.
    public let text: String

    public static let defaultLimit = 65_536

    public init(_ text: String, excluding: [IPv4Address] = [], limit: Int = AddressRange.defaultLimit) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        self.text = trimmed
        if let slash = trimmed.firstIndex(of: "/") {
            guard let network = IPv4Address(String(trimmed[..<slash])),
                  let prefix = Int(trimmed[trimmed.index(after: slash)...]), (0...32).contains(prefix)
            else { throw AddressRangeError.malformed(trimmed) }
            let hostMask: UInt32 = prefix == 0 ? .max : (prefix == 32 ? 0 : (1 << UInt32(32 - prefix)) - 1)
            guard network.value & hostMask == 0 else { throw AddressRangeError.hostBitsSet(trimmed) }
            let count = UInt64(hostMask) + 1
            guard count <= UInt64(limit) else { throw AddressRangeError.tooLarge(count: count, limit: limit) }
            if prefix <= 30 {
                first = IPv4Address(network.value + 1)
                last = IPv4Address(network.value + hostMask - 1)
            } else {
                first = network
                last = IPv4Address(network.value + hostMask)
            }
        } else {
            let ends = trimmed.split(separator: "-", omittingEmptySubsequences: false)
            guard ends.count == 2, let low = IPv4Address(ends[0].trimmingCharacters(in: .whitespaces)),
                  let high = IPv4Address(ends[1].trimmingCharacters(in: .whitespaces))
            else {
                // A single address is a range of one.
                guard let single = IPv4Address(trimmed) else { throw AddressRangeError.malformed(trimmed) }
                first = single; last = single
                excluded = Set(excluding)
                return
            }
            guard low <= high else { throw AddressRangeError.reversed(trimmed) }
            let count = UInt64(high.value - low.value) + 1
            guard count <= UInt64(limit) else { throw AddressRangeError.tooLarge(count: count, limit: limit) }
            first = low; last = high
        }
        excluded = Set(excluding)
    }

    /// Every address to scan, in ascending order, exclusions left out.
    public var addresses: [IPv4Address] {
        (first.value...last.value).lazy.map(IPv4Address.init).filter { !excluded.contains($0) }
    }

    /// How many addresses a scan asks (exclusions left out).
    public var count: Int {
        Int(last.value - first.value) + 1 - excluded.filter { $0 >= first && $0 <= last }.count
    }

    /// Whether `address` is one the range would scan.
    public func contains(_ address: IPv4Address) -> Bool {
        address >= first && address <= last && !excluded.contains(address)
    }

    public var description: String { text }
}
