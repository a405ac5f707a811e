import HTTPServer
import Logging
import Secrets
import Store

/// Everything the web handlers share, built once at start: templates, translations, static file
/// URLs, the stores and the password hasher. Immutable, so every handler task may read it.
public struct WebContext: Sendable {
    public let renderer: TemplateRenderer
    public let translations: Translations
    public let staticFiles: StaticFiles
    public let logger: Logger
    let users: UserStore
    let organizations: OrganizationStore
    let sessions: SessionStore
    let throttle: LoginThrottle
    let hasher: PasswordHasher
    let pages: PageRenderer
    let devices: DeviceStore
    let agents: AgentStore
    let ranges: AddressRangeStore
    let schedules: ScheduleStore
    let commands: CommandStore
    let tokens: APITokenStore
    let alerts: AlertStore

    /// Loads `Templates/` and `Locales/` (found like `Public/`, or at the given paths), checks that every
    /// page template exists, and throws — failing the start — on any problem. `sessions` and `throttle`
    /// carry their timeouts and limits; the defaults are the Store's.
    public init(database: Database, staticFiles: StaticFiles, templatesDirectory: String? = nil,
                localesDirectory: String? = nil, sessions: SessionStore? = nil, throttle: LoginThrottle? = nil,
                hasher: PasswordHasher = PasswordHasher(),
                logger: Logger = Logger(label: "printercare.web")) throws {
        let renderer = try TemplateRenderer(directory: WebResources.templatesDirectory(explicit: templatesDirectory))
        for page in PageTemplate.allCases where !renderer.contains(page.rawValue) {
            throw WebAppError.templateMissing(page.rawValue)
        }
        if !renderer.contains("layout.base") { throw WebAppError.templateMissing("layout.base") }
        self.renderer = renderer
        self.translations = try Translations(directory: WebResources.localesDirectory(explicit: localesDirectory))
        self.staticFiles = staticFiles
        self.logger = logger
        self.users = UserStore(database: database)
        self.organizations = OrganizationStore(database: database)
        self.sessions = sessions ?? SessionStore(database: database)
        self.throttle = throttle ?? LoginThrottle(database: database)
        self.hasher = hasher
        self.pages = PageRenderer(renderer: renderer, stylesheets: PageRenderer.stylesheetPaths.map { staticFiles.url(for: $0) },
                                  logger: logger)
        self.devices = DeviceStore(database: database)
        self.agents = AgentStore(database: database)
        self.ranges = AddressRangeStore(database: database)
        self.schedules = ScheduleStore(database: database)
        self.commands = CommandStore(database: database)
        self.tokens = APITokenStore(database: database)
        self.alerts = AlertStore(database: database)

    }
}

