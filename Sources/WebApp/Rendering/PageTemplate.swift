/// Every page the web interface renders, by its registered template name. Start-up checks each
/// one exists, and the tests render each in every language.
public enum PageTemplate: String, CaseIterable, Sendable {
    case login = "pages.login"
    case fleetOverview = "pages.fleet.overview"
    case userList = "pages.users.list"
    case userForm = "pages.users.form"
    case userEdit = "pages.users.edit"
    case organizationList = "pages.organizations.list"
    case organizationForm = "pages.organizations.form"
    case profile = "pages.profile.show"
    case error = "pages.error"
}
