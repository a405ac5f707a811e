extension WebApp {
    /// The fleet overview, the device list and device pages.
    static func deviceRoutes(_ routes: inout WebRouteTable) {
        routes.get("/", .signedIn, FleetOverview.handle)
    }
}
