extension WebApp {
    /// Address ranges, discovery and its progress, schedules.
    static func rangeRoutes(_ routes: inout WebRouteTable) {
    }
}
