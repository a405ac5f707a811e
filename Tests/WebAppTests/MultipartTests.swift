import HTTPServer
import Testing
@testable import WebApp

/// The multipart/form-data parser (RFC 7578): what a browser sends parses; every deviation from the
/// syntax, and anything beyond the bounds, makes the whole form nil (the pipeline answers 400).
@Suite struct MultipartTests {
    static let boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW"

    static func body(_ parts: [String], boundary: String = boundary, close: Bool = true) -> [UInt8] {
        var text = ""
        for part in parts { text += "--\(boundary)\r\n\(part)\r\n" }
        if close { text += "--\(boundary)--\r\n" }
        return Array(text.utf8)
    }

    static func request(_ body: [UInt8], contentType: String = "multipart/form-data; boundary=\(boundary)") -> HTTPRequest {
        HTTPRequest(method: .post, target: "/settings/logo", headers: HTTPHeaders([("Content-Type", contentType)]), body: body)
    }

    @Test func aBrowsersFormParsesWithFieldsAndFiles() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x0D, 0x0A, 0x2D, 0x2D]
        var bytes = Array("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nabc123\r\n".utf8)
        bytes += Array("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"logo.png\"\r\nContent-Type: image/png\r\n\r\n".utf8)
        bytes += png + Array("\r\n--\(Self.boundary)--\r\n".utf8)
        let form = try #require(FormData(request: Self.request(bytes)))
        #expect(form["csrf_token"] == "abc123")
        let file = try #require(form.file("logo"))
        #expect(file.filename == "logo.png" && file.contentType == "image/png" && file.bytes == png, "CRLF and dashes inside a file are data")
        #expect(form.names == ["csrf_token"])
    }

    @Test func quotedAndTokenNamesAndParameters() throws {
        let form = try #require(FormData(request: Self.request(Self.body([
            "Content-Disposition: form-data; name=\"a;b=c\"\r\n\r\none",
            "content-disposition: FORM-DATA ;  NAME = plain\r\n\r\ntwo",
            "Content-Disposition: form-data; name=\"say \\\"hi\\\"\"\r\n\r\nthree",
            "Content-Disposition: form-data; name=\"empty\"\r\n\r\n",
            "Content-Disposition: form-data; name=\"none\"; filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\n",
        ]))))
        #expect(form["a;b=c"] == "one" && form["plain"] == "two" && form["say \"hi\""] == "three" && form["empty"] == "")
        #expect(form.file("none")?.bytes == [] && form.file("none")?.filename == "")
        // The boundary may itself be quoted in the content type.
        let quoted = Self.request(Self.body(["Content-Disposition: form-data; name=x\r\n\r\ny"], boundary: "a b:c"),
                                  contentType: "Multipart/Form-Data; charset=utf-8; boundary=\"a b:c\"")
        #expect(FormData(request: quoted)?["x"] == "y")
        // A preamble ending in CRLF and an epilogue are allowed; the first of a repeated name wins.
        var text = "preamble\r\n" + String(decoding: Self.body(["Content-Disposition: form-data; name=x\r\n\r\n1",
                                                                  "Content-Disposition: form-data; name=x\r\n\r\n2"]), as: UTF8.self)
        text += "epilogue"
        #expect(FormData(request: Self.request(Array(text.utf8)))?["x"] == "1")
    }

    @Test(arguments: [
        "missing final boundary", "bare LF in headers", "folded header", "no disposition", "not form-data", "no name",
        "junk after boundary", "unterminated quote", "duplicate parameter", "text not UTF-8", "header too long", "nothing",
    ])
    func brokenBodiesAreRefused(_ kind: String) {
        let ok = "Content-Disposition: form-data; name=\"x\"\r\n\r\nvalue"
        let bytes: [UInt8]
        switch kind {
        case "missing final boundary": bytes = Self.body([ok], close: false)
        case "bare LF in headers": bytes = Array("--\(Self.boundary)\r\nContent-Disposition: form-data; name=x\n\r\nv\r\n--\(Self.boundary)--".utf8)
        case "folded header": bytes = Self.body(["Content-Disposition: form-data;\r\n name=\"x\"\r\n\r\nv"])
        case "no disposition": bytes = Self.body(["Content-Type: text/plain\r\n\r\nv"])
        case "not form-data": bytes = Self.body(["Content-Disposition: attachment; name=\"x\"\r\n\r\nv"])
        case "no name": bytes = Self.body(["Content-Disposition: form-data; filename=\"a.png\"\r\n\r\nv"])
        case "junk after boundary": bytes = Array("--\(Self.boundary)\r\n\(ok)\r\n--\(Self.boundary)junk\r\n--\(Self.boundary)--".utf8)
        case "unterminated quote": bytes = Self.body(["Content-Disposition: form-data; name=\"x\r\n\r\nv"])
        case "duplicate parameter": bytes = Self.body(["Content-Disposition: form-data; name=\"x\"; name=\"y\"\r\n\r\nv"])
        case "text not UTF-8":
            bytes = Array("--\(Self.boundary)\r\nContent-Disposition: form-data; name=x\r\n\r\n".utf8) + [0xFF, 0xFE]
                + Array("\r\n--\(Self.boundary)--".utf8)
        case "header too long": bytes = Self.body(["Content-Disposition: form-data; name=\"\(String(repeating: "x", count: 5000))\"\r\n\r\nv"])
        default: bytes = []
        }
        #expect(FormData(request: Self.request(bytes)) == nil, "\(kind)")
    }

    @Test func contentTypesAndBoundariesAreChecked() {
        let body = Self.body(["Content-Disposition: form-data; name=x\r\n\r\ny"])
        #expect(FormData(request: Self.request(body, contentType: "multipart/form-data")) == nil, "no boundary")
        #expect(FormData(request: Self.request(body, contentType: "multipart/form-data; boundary=")) == nil)
        #expect(FormData(request: Self.request(body, contentType: "multipart/form-data; boundary=\(String(repeating: "b", count: 71))")) == nil)
        #expect(FormData(request: Self.request(body, contentType: "multipart/form-data; boundary=\"bad<\"")) == nil)
        #expect(FormData(request: Self.request(body, contentType: "multipart/mixed; boundary=\(Self.boundary)")) == nil)
        #expect(FormData(request: Self.request(body, contentType: "multipart/form-data; boundary=other")) == nil, "wrong boundary")
        #expect(FormData(request: Self.request(body, contentType: "text/plain")) == nil)
    }

    @Test func sizeAndCountBounds() {
        var limits = Multipart.Limits()
        limits.parts = 3
        let three = Self.body((1...3).map { "Content-Disposition: form-data; name=f\($0)\r\n\r\nv" })
        let four = Self.body((1...4).map { "Content-Disposition: form-data; name=f\($0)\r\n\r\nv" })
        #expect(Multipart.parse(three, boundary: Self.boundary, limits: limits)?.count == 3)
        #expect(Multipart.parse(four, boundary: Self.boundary, limits: limits) == nil, "too many parts")
        #expect(FormData(request: Self.request(Self.body((1...65).map { "Content-Disposition: form-data; name=f\($0)\r\n\r\nv" }))) == nil)

        limits = Multipart.Limits()
        limits.fieldBytes = 10
        let longField = Self.body(["Content-Disposition: form-data; name=x\r\n\r\n" + String(repeating: "a", count: 11)])
        #expect(Multipart.parse(longField, boundary: Self.boundary, limits: limits) == nil, "a text field over its bound")
        let longFile = Self.body(["Content-Disposition: form-data; name=x; filename=a\r\n\r\n" + String(repeating: "a", count: 11)])
        #expect(Multipart.parse(longFile, boundary: Self.boundary, limits: limits)?.first?.body.count == 11, "files are bounded by the route")
        limits.bodyBytes = 50
        #expect(Multipart.parse(longFile, boundary: Self.boundary, limits: limits) == nil, "the whole body over its bound")
    }

    @Test func urlEncodedFormsStillParse() {
        let request = HTTPRequest(method: .post, target: "/x", headers: HTTPHeaders([("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")]),
                                  body: Array("a=1&b=x+y".utf8))
        let form = FormData(request: request)
        #expect(form?["a"] == "1" && form?["b"] == "x y" && form?.file("a") == nil)
    }
}
