import HTTPServer
import FleetCore

/// API: placeholder namespace until its issue lands (see README.md in this folder).
public enum API {}
