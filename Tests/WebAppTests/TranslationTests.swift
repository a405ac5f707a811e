import Foundation
import Testing
@testable import WebApp

/// The four catalogs are complete, and every key the templates and handlers use exists.
@Suite struct TranslationTests {
    static let locales = WebTestSupport.root + "/Locales"

    @Test func catalogsLoadWithIdenticalKeysAndNoEmptyText() throws {
        let translations = try Translations(directory: Self.locales)
        let english = Set(translations[.en].texts.keys)
        #expect(english.count > 50)
        for language in Language.allCases {
            let catalog = translations[language]
            #expect(Set(catalog.texts.keys) == english, "\(language)")
            for (key, text) in catalog.texts {
                #expect(!text.trimmingCharacters(in: .whitespaces).isEmpty, "\(language) \(key)")
            }
        }
    }

    @Test func placeholdersMatchAcrossLanguages() throws {
        let translations = try Translations(directory: Self.locales)
        for (key, text) in translations[.en].texts {
            for language in Language.allCases {
                #expect(Self.placeholders(translations[language].texts[key] ?? "") == Self.placeholders(text), "\(language) \(key)")
            }
        }
    }

    @Test func aMissingKeyOrEmptyTextFailsTheLoad() throws {
        let full = Catalog(language: .en, texts: ["a.b": "x", "a.c": "y"])
        var catalogs = Dictionary(uniqueKeysWithValues: Language.allCases.map { ($0, Catalog(language: $0, texts: full.texts)) })
        #expect(throws: Never.self) { try Translations(catalogs: catalogs) }
        catalogs[.de] = Catalog(language: .de, texts: ["a.b": "x"])
        #expect(throws: WebAppError.self) { try Translations(catalogs: catalogs) }
        catalogs[.de] = Catalog(language: .de, texts: ["a.b": "x", "a.c": " "])
        #expect(throws: WebAppError.self) { try Translations(catalogs: catalogs) }
        catalogs[.de] = Catalog(language: .de, texts: ["a.b": "x", "a.c": "y", "a.d": "z"])
        #expect(throws: WebAppError.self) { try Translations(catalogs: catalogs) }
    }

    @Test func everyKeyUsedInTemplatesExists() throws {
        let catalog = try Translations(directory: Self.locales)[.en]
        var used = 0
        for (file, text) in try Self.files(under: WebTestSupport.root + "/Templates", suffix: ".mustache") {
            for key in Self.matches(#"\{\{[#^/]?\s*t\.([A-Za-z0-9_.]+)\s*\}\}"#, in: text) {
                used += 1
                #expect(catalog.contains(key), "\(file) uses t.\(key), which no catalog has")
            }
        }
        #expect(used > 40)
    }

    @Test func everyKeyUsedInHandlersExists() throws {
        let catalog = try Translations(directory: Self.locales)[.en]
        let groups = Set(catalog.texts.keys.map { String($0.split(separator: ".")[0]) })
        var used = 0
        for (file, text) in try Self.files(under: WebTestSupport.root + "/Sources/WebApp", suffix: ".swift") {
            for key in Self.matches(#""([a-z_]+(?:\.[a-z_]+)+)""#, in: text) {
                guard groups.contains(String(key.split(separator: ".")[0])) else { continue }
                used += 1
                #expect(catalog.contains(key), "\(file) uses \"\(key)\", which no catalog has")
            }
        }
        #expect(used > 10)
        // Keys the code builds from a value rather than writes out.
        for kind in ["not_found", "forbidden", "forgery", "bad_request", "server"] {
            #expect(catalog.contains("errors.\(kind).title") && catalog.contains("errors.\(kind).text"))
        }
        for language in Language.allCases { #expect(catalog.contains("languages.\(language.rawValue)")) }
        for role in ["admin", "manager", "viewer"] { #expect(catalog.contains("roles.\(role)")) }
    }

    /// Every validation code the Store can return has its own text (a new one falls back to a generic
    /// text at run time, but should get its own: this test names it).
    @Test func everyStoreValidationCodeHasAText() throws {
        let catalog = try Translations(directory: Self.locales)[.en]
        var codes: Set<String> = ["password.too_short", "password.too_long"]
        for (_, text) in try Self.files(under: WebTestSupport.root + "/Sources/Store", suffix: ".swift") {
            codes.formUnion(Self.matches(#"FieldError\("[a-z_]+", "([a-z_.]+)"\)"#, in: text))
        }
        // `Validate.text` builds "<field>.required|too_long|invalid" for the fields the pages send.
        for field in ["display_name", "name"] {
            for kind in ["too_long", "invalid"] { codes.insert("\(field).\(kind)") }
        }
        codes.insert("name.required")
        #expect(codes.count >= 10)
        for code in codes { #expect(catalog.contains("validation.\(code)"), "validation.\(code)") }
    }

    @Test func textFillsPlaceholders() {
        let catalog = Catalog(language: .en, texts: ["x.y": "Wait {minutes} minutes"])
        #expect(catalog.text("x.y", ["minutes": "5"]) == "Wait 5 minutes")
        #expect(catalog.text("x.missing") == "x.missing")
    }

    static func placeholders(_ text: String) -> Set<String> { Set(matches(#"\{([a-z_]+)\}"#, in: text)) }

    static func matches(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    static func files(under root: String, suffix: String) throws -> [(String, String)] {
        let enumerator = FileManager.default.enumerator(atPath: root)!
        var found: [(String, String)] = []
        for case let path as String in enumerator where path.hasSuffix(suffix) {
            found.append((path, try String(contentsOfFile: root + "/" + path, encoding: .utf8)))
        }
        return found
    }
}
