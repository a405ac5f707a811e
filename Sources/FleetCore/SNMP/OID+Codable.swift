/// OIDs travel in driver files as dotted text ("1.3.6.1.2.1.43"), the form people read and write.
extension OID: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let oid = OID(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "malformed OID \(text)")
        }
        self = oid
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
