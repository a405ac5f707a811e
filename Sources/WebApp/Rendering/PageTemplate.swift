/// A page the web interface renders, by its registered template name. Each area of the interface
/// declares its pages in its own file (`PageTemplate+Devices.swift`); start-up checks that every one
/// exists, and the tests render each in every language.
public struct PageTemplate: RawRepresentable, Hashable, Sendable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    static let login = PageTemplate(rawValue: "pages.login")
    static let fleetOverview = PageTemplate(rawValue: "pages.fleet.overview")
    static let userList = PageTemplate(rawValue: "pages.users.list")
    static let userForm = PageTemplate(rawValue: "pages.users.form")
    static let userEdit = PageTemplate(rawValue: "pages.users.edit")
    static let organizationList = PageTemplate(rawValue: "pages.organizations.list")
    static let organizationForm = PageTemplate(rawValue: "pages.organizations.form")
    static let profile = PageTemplate(rawValue: "pages.profile.show")
    static let error = PageTemplate(rawValue: "pages.error")

    static let shellPages: [PageTemplate] = [
        .login, .fleetOverview, .userList, .userForm, .userEdit, .organizationList, .organizationForm, .profile, .error,
    ]

    /// Every page of every area.
    public static var allCases: [PageTemplate] { shellPages + devicePages + rangePages + adminPages }
}
