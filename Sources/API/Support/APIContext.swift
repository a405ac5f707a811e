import Foundation
import Logging
import Secrets
import Store

/// What every API handler needs: the stores and the password hasher.
public struct APIContext: Sendable {
    public let database: Database
    public let logger: Logger
    let hasher: PasswordHasher
    let tokens: APITokenStore
    let organizations: OrganizationStore
    let users: UserStore
    let agents: AgentStore
    let ranges: AddressRangeStore
    let commands: CommandStore
    let devices: DeviceStore
    let schedules: ScheduleStore

    public init(database: Database, logger: Logger, hasher: PasswordHasher = PasswordHasher()) {
        self.database = database
        self.logger = logger
        self.hasher = hasher
        tokens = APITokenStore(database: database)
        organizations = OrganizationStore(database: database)
        users = UserStore(database: database)
        agents = AgentStore(database: database)
        ranges = AddressRangeStore(database: database)
        commands = CommandStore(database: database)
        devices = DeviceStore(database: database)
        schedules = ScheduleStore(database: database)
    }
}
