extension WebApp {
    /// The fleet overview, the device list and device pages.
    static func deviceRoutes(_ routes: inout WebRouteTable) {
        routes.get("/", .signedIn, FleetOverview.handle)
        routes.get("/devices", .signedIn, DeviceList.handle)
        routes.get("/devices/:id", .signedIn, DeviceShow.handle)
        routes.post("/devices/:id/fields", .signedIn, DeviceFieldsUpdate.handle)
    }
}
