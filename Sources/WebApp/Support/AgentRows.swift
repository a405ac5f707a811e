import Foundation
import Store

/// How the agent pages show an agent: its state as the user reads it and the values of one row.
enum AgentRows {
    /// `revoked`, `pending` (waiting for enrolment), `expired` (token unused past 24 h), `online`, or
    /// `silent` (enrolled but not heard from within the organization's `agentSilenceMinutes`).
    static func state(_ agent: Agent, silenceMinutes: Int, now: Date = Date()) -> String {
        switch agent.status {
        case "enrolled":
            guard let seen = agent.lastSeenAt, now.timeIntervalSince(seen) <= Double(silenceMinutes) * 60 else { return "silent" }
            return "online"
        case let other: return other
        }
    }

    static let badges = ["online": "badge-ok", "silent": "badge-warn", "pending": "badge-info", "expired": "badge-off",
                         "revoked": "badge-danger"]

    /// The silence threshold of each organization within reach, by id.
    static func silenceMinutes(_ organizations: [Organization]) -> [Int64: Int] {
        Dictionary(uniqueKeysWithValues: organizations.map { ($0.id, $0.agentSilenceMinutes) })
    }

    /// One agent as the list and the details page show it.
    static func values(_ agent: Agent, _ request: WebRequest, silenceMinutes: Int, devices: Int,
                       organization: String?) -> [String: Any] {
        let state = state(agent, silenceMinutes: silenceMinutes)
        var values: [String: Any] = [
            "id": agent.id,
            "name": agent.name,
            "href": "/agents/\(agent.id)",
            "state": request.text("agents.state.\(state)"),
            "badge": badges[state] ?? "badge-off",
            "version": agent.agentVersion ?? request.text("common.none"),
            "devices": devices,
            "revoked": agent.revokedAt != nil,
            "created": moment(agent.createdAt, request),
        ]
        if let organization { values["organization"] = organization }
        if let seen = agent.lastSeenAt { values["lastSeen"] = moment(seen, request) }
        if let enrolled = agent.enrolledAt { values["enrolled"] = moment(enrolled, request) }
        if let revoked = agent.revokedAt { values["revokedAt"] = moment(revoked, request) }
        if let expiry = agent.certificateExpiresAt {
            values["certificate"] = ["text": WebDates.date(expiry, request), "machine": WebDates.machine(expiry),
                                     "soon": expiry.timeIntervalSinceNow < 14 * 86_400] as [String: Any]
        }
        if agent.enrolledAt == nil, agent.revokedAt == nil, let expiry = agent.enrollmentExpiresAt {
            values["tokenExpires"] = moment(expiry, request)
        }
        return values
    }

    /// A point in time as `<time>` shows it: relative text, the full date and the machine form.
    static func moment(_ date: Date, _ request: WebRequest) -> [String: Any] {
        ["relative": WebDates.relative(date, request), "absolute": WebDates.dateTime(date, request),
         "machine": WebDates.machine(date)]
    }
}
