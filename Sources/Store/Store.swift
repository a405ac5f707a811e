import FleetCore

/// Store: placeholder namespace until its issue lands (see README.md in this folder).
public enum Store {}
