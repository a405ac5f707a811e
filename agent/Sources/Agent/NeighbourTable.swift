import Foundation

/// The kernel's IPv4 neighbour (ARP) cache, as Linux shows it in `/proc/net/arp`. A host on a
/// directly attached subnet that answered us had to learn our hardware address first, and the ARP
/// request it sent made the kernel note the host's own: after a broadcast discovery, every answering
/// host's MAC is already known here without a byte of SNMP.
public enum NeighbourTable {
    /// Complete entries of `device` (ATF_COM set, a non-zero address): dotted IPv4 address → MAC in
    /// `DeviceIdentity`'s form (upper-case hex, colons). Empty when the table cannot be read.
    public static func ipv4(device: String, path: String = "/proc/net/arp") -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        return parse(text, device: device)
    }

    /// The entries of one `/proc/net/arp` text (header line first, columns: IP address, HW type,
    /// Flags, HW address, Mask, Device); malformed lines are skipped.
    public static func parse(_ text: String, device: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[5] == device,
                  let flags = UInt32(fields[2].dropFirst(fields[2].hasPrefix("0x") ? 2 : 0), radix: 16),
                  flags & 0x2 != 0 else { continue }
            let octets = fields[3].split(separator: ":")
            guard octets.count == 6, octets.allSatisfy({ $0.count == 2 && UInt8($0, radix: 16) != nil }),
                  octets.contains(where: { UInt8($0, radix: 16) != 0 }) else { continue }
            result[String(fields[0])] = octets.map { $0.uppercased() }.joined(separator: ":")
        }
        return result
    }

    /// The entries of `hosts` whose MAC no other of them shares: behind a Wi-Fi repeater, a MAC-NAT
    /// bridge or proxy ARP several addresses show one MAC, which is then nobody's own (those hosts
    /// are asked over SNMP instead).
    public static func distinct(_ table: [String: String], hosts: [String]) -> [String: String] {
        let mine = table.filter { hosts.contains($0.key) }
        var count: [String: Int] = [:]
        for mac in mine.values { count[mac, default: 0] += 1 }
        return mine.filter { count[$0.value] == 1 }
    }
}
