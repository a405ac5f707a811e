import Testing
@testable import HTTPServer

@Test func statusOfFramingErrors() {
    #expect(HTTPServerError.contentLengthWithTransferEncoding.status == .badRequest)
    #expect(HTTPServerError.headersTooLarge.status?.code == 431)
}
