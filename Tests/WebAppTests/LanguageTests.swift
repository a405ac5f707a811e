import Testing
@testable import WebApp

/// Choosing the language: the user's choice, else `Accept-Language` by q-value, else the organization's, else English.
@Suite struct LanguageTests {
    @Test(arguments: [
        (nil, Language.en), ("", .en), ("pl", .pl), ("pl-PL,pl;q=0.9,en;q=0.8", .pl), ("fr-FR, de;q=0.5", .de),
        ("en;q=0.2, nl;q=0.9", .nl), ("de;q=0, en", .en), ("*", .en), ("fr, *;q=0.5, pl;q=0.4", .en),
        ("NL-be", .nl), ("de;q=1.5, pl", .pl), ("garbage;;;,,", .en), ("es, it", .en),
        ("de;q=0.5, nl;q=0.5", .de),
    ] as [(String?, Language)])
    func negotiatesAcceptLanguage(_ header: String?, _ expected: Language) {
        #expect(Language.negotiate(header) == expected)
    }

    @Test func storedPreferenceWins() {
        #expect(Language.choose(preference: "nl", acceptLanguage: "de") == .nl)
        #expect(Language.choose(preference: nil, acceptLanguage: "de") == .de)
        #expect(Language.choose(preference: "xx", acceptLanguage: "pl") == .pl)
    }

    /// The organization's language decides only when neither the user nor the browser names one of ours.
    @Test func organizationLanguageIsTheLastWord() {
        #expect(Language.choose(preference: nil, acceptLanguage: "es, it", organization: "pl") == .pl)
        #expect(Language.choose(preference: nil, acceptLanguage: nil, organization: "de") == .de)
        #expect(Language.choose(preference: nil, acceptLanguage: "nl", organization: "de") == .nl)
        #expect(Language.choose(preference: "en", acceptLanguage: nil, organization: "de") == .en)
        #expect(Language.choose(preference: nil, acceptLanguage: nil, organization: "xx") == .en)
    }
}
