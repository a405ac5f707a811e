import HTTPServer

/// Reading the `Cookie` header and writing `Set-Cookie` lines (RFC 6265).
///
/// Every cookie we set is `HttpOnly` (no script reads it — we have none, and an injected one must
/// not either), `SameSite=Lax` (a cross-site POST carries no cookie), `Path=/`, and `Secure` when the
/// request came over TLS, so a cookie set over HTTPS never travels over plain HTTP.
public enum Cookies {
    /// The session's random token (the store keeps only its digest).
    public static let session = "printercare_session"
    /// A random value for visitors without a session; the login form's anti-forgery token derives from it.
    public static let visitor = "printercare_visitor"
    /// A catalog key to show once on the next page (after a redirect).
    public static let flash = "printercare_flash"

    /// The cookies a request sent, by name (the first wins when a name repeats).
    public static func parse(_ header: String?) -> [String: String] {
        guard let header else { return [:] }
        var cookies: [String: String] = [:]
        for pair in header.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            let name = String(parts[0].trimmingASCIIWhitespace())
            var value = parts[1].trimmingASCIIWhitespace()
            if value.count >= 2, value.first == "\"", value.last == "\"" { value = value.dropFirst().dropLast() }
            if !name.isEmpty, cookies[name] == nil { cookies[name] = String(value) }
        }
        return cookies
    }

    /// One `Set-Cookie` value. `maxAge` nil makes a browser-session cookie; 0 deletes it.
    /// Values must be cookie-octets (our tokens are base64url); anything else is dropped to empty.
    public static func serialize(name: String, value: String, maxAge: Int? = nil, secure: Bool) -> String {
        let safe = value.utf8.allSatisfy(isCookieOctet) ? value : ""
        var text = "\(name)=\(safe); Path=/; HttpOnly; SameSite=Lax"
        if let maxAge { text += "; Max-Age=\(max(0, maxAge))" }
        if secure { text += "; Secure" }
        return text
    }

    /// A `Set-Cookie` value that removes `name`.
    public static func expire(_ name: String, secure: Bool) -> String {
        serialize(name: name, value: "", maxAge: 0, secure: secure)
    }

    /// RFC 6265 4.1.1 cookie-octet: visible ASCII except `"`, `,`, `;` and `\`.
    static func isCookieOctet(_ byte: UInt8) -> Bool {
        byte == 0x21 || (0x23...0x2B).contains(byte) || (0x2D...0x3A).contains(byte)
            || (0x3C...0x5B).contains(byte) || (0x5D...0x7E).contains(byte)
    }
}

extension HTTPResponse {
    /// Adds a `Set-Cookie` line.
    mutating func setCookie(_ value: String) { headers.add("Set-Cookie", value) }
}
