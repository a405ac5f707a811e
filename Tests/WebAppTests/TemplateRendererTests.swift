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
}
