import HTTPServer
import FleetCore

/// WebApp: placeholder namespace until its issue lands (see README.md in this folder).
public enum WebApp {}
