import Testing

/// Placeholder until the browser flow lands (replaced within this session).
@Suite struct BrowserFlowTests {
    @Test func placeholder() { #expect(Bool(true)) }
}
