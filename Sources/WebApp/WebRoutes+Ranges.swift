extension WebApp {
    /// Address ranges, discovery and its progress, schedules.
    static func rangeRoutes(_ routes: inout WebRouteTable) {
        routes.get("/ranges", .signedIn, RangeList.handle)
        routes.get("/ranges/new", .signedIn, RangeCreate.handle)
        routes.post("/ranges", .signedIn, RangeSave.handle)
        routes.get("/ranges/:id", .signedIn, RangeShow.handle)
        routes.get("/ranges/:id/edit", .signedIn, RangeEdit.handle)
        routes.post("/ranges/:id/update", .signedIn, RangeUpdate.handle)
        routes.get("/ranges/:id/delete", .signedIn, RangeDeleteConfirm.handle)
        routes.post("/ranges/:id/delete", .signedIn, RangeDelete.handle)
        routes.post("/ranges/:id/discover", .signedIn, RangeDiscover.handle)
        // A JSON answer, which `WebResponse` has no case for: the pipeline runs as for a page (session,
        // sign-in, headers), then the handler's JSON replaces the body.
        routes.get("/ranges/:id/progress", .signedIn, RangeProgress.handle)

        routes.get("/schedules", .signedIn, ScheduleList.handle)
        routes.get("/schedules/new", .signedIn, ScheduleCreate.handle)
        routes.post("/schedules", .signedIn, ScheduleSave.handle)
        routes.get("/schedules/:id/edit", .signedIn, ScheduleEdit.handle)
        routes.post("/schedules/:id/update", .signedIn, ScheduleUpdate.handle)
        routes.get("/schedules/:id/delete", .signedIn, ScheduleDeleteConfirm.handle)
        routes.post("/schedules/:id/delete", .signedIn, ScheduleDelete.handle)
        routes.post("/schedules/:id/enabled", .signedIn, ScheduleToggle.handle)
        routes.post("/schedules/:id/run", .signedIn, ScheduleRun.handle)
    }
}
