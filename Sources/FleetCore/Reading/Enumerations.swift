/// RFC 3805 and RFC 2790 enumerations as the snake_case names readings carry. The numbers and
/// their meanings are the RFCs'; the tables are ours. An unlisted number maps to nil and callers
/// fall back to "other"/"unknown" while keeping the raw number where the reading has room for it.
public enum PrinterEnums {
    /// PrtMarkerSuppliesTypeTC (RFC 3805).
    public static let supplyType: [Int64: String] = [
        1: "other", 2: "unknown", 3: "toner", 4: "waste_toner", 5: "ink", 6: "ink_cartridge",
        7: "ink_ribbon", 8: "waste_ink", 9: "opc", 10: "developer", 11: "fuser_oil", 12: "solid_wax",
        13: "ribbon_wax", 14: "waste_wax", 15: "fuser", 16: "corona_wire", 17: "fuser_oil_wick",
        18: "cleaner_unit", 19: "fuser_cleaning_pad", 20: "transfer_unit", 21: "toner_cartridge",
        22: "fuser_oiler", 23: "water", 24: "waste_water", 25: "glue_water_additive", 26: "waste_paper",
        27: "binding_supply", 28: "banding_supply", 29: "stitching_wire", 30: "shrink_wrap",
        31: "paper_wrap", 32: "staples", 33: "inserts", 34: "covers",
    ]

    /// Supply types that collect waste: their level counts filled space even when a device leaves
    /// prtMarkerSuppliesClass out (as most recordings do).
    public static let receptacleTypes: Set<Int64> = [4, 8, 14, 24, 26]

    /// PrtMarkerSuppliesClassTC (RFC 3805), shortened as PRODUCT.md's example does ("consumed").
    public static let supplyClass: [Int64: String] = [1: "other", 2: "unknown", 3: "consumed", 4: "receptacle"]

    /// PrtMarkerSuppliesSupplyUnitTC (RFC 3805; "hundreths" is the RFC's own spelling).
    public static let supplyUnit: [Int64: String] = [
        1: "other", 2: "unknown", 3: "ten_thousandths_of_inches", 4: "micrometers", 7: "impressions",
        8: "sheets", 11: "hours", 12: "thousandths_of_ounces", 13: "tenths_of_grams",
        14: "hundreths_of_fluid_ounces", 15: "tenths_of_milliliters", 16: "feet", 17: "meters",
        18: "items", 19: "percent",
    ]

    /// PrtAlertSeverityLevelTC (RFC 3805).
    public static let alertSeverity: [Int64: String] = [
        1: "other", 3: "critical", 4: "warning", 5: "warning_binary_change_event",
    ]

    /// PrtAlertGroupTC (RFC 3805).
    public static let alertGroup: [Int64: String] = [
        1: "other", 2: "unknown", 3: "host_resources_mib_storage_table", 4: "host_resources_mib_device_table",
        5: "general_printer", 6: "cover", 7: "localization", 8: "input", 9: "output", 10: "marker",
        11: "marker_supplies", 12: "marker_colorant", 13: "media_path", 14: "channel", 15: "interpreter",
        16: "console_display_buffer", 17: "console_lights", 18: "alert", 30: "fin_device", 31: "fin_supply",
        32: "fin_supply_media_input", 33: "fin_attribute",
    ]

    /// PrtAlertCodeTC (RFC 3805). The marker codes drop their "marker" prefix, as PRODUCT.md's
    /// `toner_almost_empty` (markerTonerAlmostEmpty, 1104) does; the group says it is a marker.
    public static let alertCode: [Int64: String] = [
        1: "other", 2: "unknown", 3: "cover_open", 4: "cover_closed", 5: "interlock_open",
        6: "interlock_closed", 7: "configuration_change", 8: "jam", 9: "subunit_missing",
        10: "subunit_life_almost_over", 11: "subunit_life_over", 12: "subunit_almost_empty",
        13: "subunit_empty", 14: "subunit_almost_full", 15: "subunit_full", 16: "subunit_near_limit",
        17: "subunit_at_limit", 18: "subunit_opened", 19: "subunit_closed", 20: "subunit_turned_on",
        21: "subunit_turned_off", 22: "subunit_offline", 23: "subunit_power_saver", 24: "subunit_warming_up",
        25: "subunit_added", 26: "subunit_removed", 27: "subunit_resource_added",
        28: "subunit_resource_removed", 29: "subunit_recoverable_failure",
        30: "subunit_unrecoverable_failure", 31: "subunit_recoverable_storage_error",
        32: "subunit_unrecoverable_storage_error", 33: "subunit_motor_failure",
        34: "subunit_memory_exhausted", 35: "subunit_under_temperature", 36: "subunit_over_temperature",
        37: "subunit_timing_failure", 38: "subunit_thermistor_failure",
        501: "door_open", 502: "door_closed", 503: "powered_up", 504: "powered_down",
        505: "printer_nms_reset", 506: "printer_manual_reset", 507: "printer_ready_to_print",
        801: "input_media_tray_missing", 802: "input_media_size_change", 803: "input_media_weight_change",
        804: "input_media_type_change", 805: "input_media_color_change", 806: "input_media_form_parts_change",
        807: "input_media_supply_low", 808: "input_media_supply_empty", 809: "input_media_change_request",
        810: "input_manual_input_request", 811: "input_tray_position_failure",
        812: "input_tray_elevation_failure", 813: "input_cannot_feed_size_selected",
        901: "output_media_tray_missing", 902: "output_media_tray_almost_full", 903: "output_media_tray_full",
        904: "output_mailbox_select_failure",
        1001: "fuser_under_temperature", 1002: "fuser_over_temperature", 1003: "fuser_timing_failure",
        1004: "fuser_thermistor_failure", 1005: "adjusting_print_quality",
        1101: "toner_empty", 1102: "ink_empty", 1103: "print_ribbon_empty", 1104: "toner_almost_empty",
        1105: "ink_almost_empty", 1106: "print_ribbon_almost_empty",
        1107: "waste_toner_receptacle_almost_full", 1108: "waste_ink_receptacle_almost_full",
        1109: "waste_toner_receptacle_full", 1110: "waste_ink_receptacle_full", 1111: "opc_life_almost_over",
        1112: "opc_life_over", 1113: "developer_almost_empty", 1114: "developer_empty",
        1115: "toner_cartridge_missing",
        1301: "media_path_media_tray_missing", 1302: "media_path_media_tray_almost_full",
        1303: "media_path_media_tray_full", 1304: "media_path_cannot_duplex_media_selected",
        1501: "interpreter_memory_increase", 1502: "interpreter_memory_decrease",
        1503: "interpreter_cartridge_added", 1504: "interpreter_cartridge_deleted",
        1505: "interpreter_resource_added", 1506: "interpreter_resource_deleted",
        1507: "interpreter_resource_unavailable", 1509: "interpreter_complex_page_encountered",
        1801: "alert_removal_of_binary_change_entry",
    ]

    /// hrDeviceStatus (RFC 2790).
    public static let deviceStatus: [Int64: String] = [1: "unknown", 2: "running", 3: "warning", 4: "testing", 5: "down"]

    /// hrPrinterStatus (RFC 2790).
    public static let printerStatus: [Int64: String] = [1: "other", 2: "unknown", 3: "idle", 4: "printing", 5: "warmup"]

    /// PrtInputTypeTC (RFC 3805).
    public static let inputType: [Int64: String] = [
        1: "other", 2: "unknown", 3: "sheet_feed_auto_removable_tray", 4: "sheet_feed_auto_non_removable_tray",
        5: "sheet_feed_manual", 6: "continuous_roll", 7: "continuous_fan_fold",
    ]

    /// hrPrinterDetectedErrorState bits (RFC 2790), bit 0 being the most significant bit of the
    /// first octet.
    public static let errorStateBits: [String] = [
        "low_paper", "no_paper", "low_toner", "no_toner", "door_open", "jammed", "offline",
        "service_requested", "input_tray_missing", "output_tray_missing", "marker_supply_missing",
        "output_near_full", "output_full", "input_tray_empty", "overdue_prevent_maint",
    ]

    /// Decodes hrPrinterDetectedErrorState octets into flag names, in bit order.
    public static func errorFlags(_ octets: [UInt8]) -> [String] {
        var flags: [String] = []
        for (bit, name) in errorStateBits.enumerated() {
            let byte = bit / 8
            guard byte < octets.count else { break }
            if octets[byte] & (0x80 >> UInt8(bit % 8)) != 0 { flags.append(name) }
        }
        return flags
    }
}
