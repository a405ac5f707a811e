import HTTPServer
import FleetCore

/// AgentGateway: placeholder namespace until its issue lands (see README.md in this folder).
public enum AgentGateway {}
