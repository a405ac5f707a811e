import Foundation
import Testing
@testable import WebApp

/// Loading templates: everything in `Templates/` parses, and problems fail the load, not a request.
@Suite struct TemplateRendererTests {
    @Test func repositoryTemplatesLoadWithEveryPage() throws {
        let renderer = try TemplateRenderer(directory: WebTestSupport.root + "/Templates")
        for page in PageTemplate.allCases { #expect(renderer.contains(page.rawValue), "\(page.rawValue)") }
        #expect(renderer.contains("layout.base"))
        #expect(renderer.contains("partials.field"))
    }

    @Test func syntaxErrorFailsTheLoadNamingTheFile() {
        #expect {
            try TemplateRenderer(sources: ["pages.bad": ("pages/bad.mustache", "<p>{{#open}}never closed</p>")])
        } throws: { error in
            "\(error)".contains("pages/bad.mustache")
        }
    }

    @Test(arguments: ["{{{raw}}}", "{{& raw}}", "{{ {raw}}}"])
    func unescapedTagsAreRefused(_ text: String) {
        #expect(throws: WebAppError.self) { try TemplateRenderer(sources: ["p": ("p.mustache", "<p>\(text)</p>")]) }
    }

    @Test func referenceToMissingPartialFailsTheLoad() {
        #expect(throws: WebAppError.self) {
            try TemplateRenderer(sources: ["p": ("p.mustache", "{{> partials.nowhere}}")])
        }
    }

    @Test func valuesAreHTMLEscaped() throws {
        let renderer = try TemplateRenderer(sources: ["p": ("p.mustache", "<p title=\"{{v}}\">{{v}}</p>")])
        let html = try renderer.render("p", context: ["v": "<script>alert('x\"')</script>&"])
        #expect(html == "<p title=\"&lt;script&gt;alert(&#39;x&quot;&#39;)&lt;/script&gt;&amp;\">&lt;script&gt;alert(&#39;x&quot;&#39;)&lt;/script&gt;&amp;</p>")
    }

    @Test func layoutInheritanceAndDottedNames() throws {
        let renderer = try TemplateRenderer(sources: [
            "layout.base": ("layout/base.mustache", "<main>{{$content}}default{{/content}}</main>"),
            "pages.x": ("pages/x.mustache", "{{<layout.base}}{{$content}}{{t.greeting}}{{/content}}{{/layout.base}}"),
        ])
        let catalog = Catalog(language: .en, texts: ["greeting": "Hello"])
        #expect(try renderer.render("pages.x", context: ["t": catalog.tree]) == "<main>Hello</main>")
    }

    @Test func missingTemplateThrowsAtRender() throws {
        let renderer = try TemplateRenderer(sources: [:])
        #expect(throws: WebAppError.self) { try renderer.render("nothing", context: [:]) }
    }

    /// A quote followed by a combining mark is one character to the escaper: without the guard it would
    /// end the attribute early (`value="x"́ autofocus x=""`). With it, every quote is escaped.
    @Test func combiningMarksCannotSmuggleAQuote() throws {
        let renderer = try TemplateRenderer(sources: ["t": (file: "t.mustache", text: "<input value=\"{{v}}\">")])
        for attack in ["x\"\u{301} autofocus onfocus=alert(1) y=\"", "<\u{20DD}script>", "'\u{FE0F} a='", "&\u{301}amp;"] {
            let raw = try renderer.render("t", context: ["v": attack])
            let guarded = try renderer.render("t", context: ["v": GraphemeGuard.defuse(attack)])
            #expect(!guarded.unicodeScalars.contains { $0 == "\"" } || guarded.hasPrefix("<input value=\"") && guarded.hasSuffix("\">"))
            let inner = guarded.dropFirst("<input value=\"".count).dropLast("\">".count)
            #expect(!inner.unicodeScalars.contains { "\"'<>".unicodeScalars.contains($0) }, "\(attack) -> \(guarded)")
            if attack.hasPrefix("x") {
                // The danger is real: unguarded, the quote reaches the attribute as is.
                let rawInner = raw.dropFirst("<input value=\"".count).dropLast("\">".count)
                #expect(rawInner.unicodeScalars.contains("\""), "the library escapes combined quotes now: \(raw)")
            }
        }
        // Text without those five characters is left exactly as it was.
        #expect(GraphemeGuard.defuse("Café crème\u{301}") == "Café crème\u{301}")
        #expect((GraphemeGuard.defuse(["a": ["b": "\"\u{301}"]]) as? [String: [String: String]])?["a"]?["b"] == "\"\u{200B}\u{301}")
    }
}
