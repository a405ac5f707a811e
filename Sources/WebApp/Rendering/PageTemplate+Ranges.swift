extension PageTemplate {
    static let rangeList = PageTemplate(rawValue: "pages.ranges.list")
    static let rangeForm = PageTemplate(rawValue: "pages.ranges.form")
    static let rangeShow = PageTemplate(rawValue: "pages.ranges.show")
    static let rangeDelete = PageTemplate(rawValue: "pages.ranges.delete")
    static let scheduleList = PageTemplate(rawValue: "pages.schedules.list")
    static let scheduleForm = PageTemplate(rawValue: "pages.schedules.form")
    static let scheduleDelete = PageTemplate(rawValue: "pages.schedules.delete")

    /// Address ranges (with discovery) and schedules.
    static let rangePages: [PageTemplate] = [
        .rangeList, .rangeForm, .rangeShow, .rangeDelete, .scheduleList, .scheduleForm, .scheduleDelete,
    ]
}
