/// The built-in driver set: a verbatim copy of `Drivers/drivers.json` (a test checks they are equal).
/// Regenerate with the command in Drivers/README.md; newer sets from the server replace it.
enum BuiltinDrivers {
    static let json = #"""
{
  "format": 1,
  "version": "2026.11.25-1",
  "drivers": [
    {
      "id": "generic",
      "source": "RFC 1213 system/ifTable, RFC 2790 hrDevice/hrPrinter, RFC 3805 Printer MIB; columns rather than whole tables to keep traffic low",
      "scalars": ["1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.2.0", "1.3.6.1.2.1.1.6.0",
                  "1.3.6.1.2.1.43.5.1.1.16.1", "1.3.6.1.2.1.43.5.1.1.17.1"],
      "subtrees": ["1.3.6.1.2.1.25.3.2.1.2", "1.3.6.1.2.1.25.3.2.1.3", "1.3.6.1.2.1.25.3.2.1.5",
                   "1.3.6.1.2.1.25.3.5.1",
                   "1.3.6.1.2.1.2.2.1.3", "1.3.6.1.2.1.2.2.1.6", "1.3.6.1.2.1.2.2.1.8",
                   "1.3.6.1.2.1.43.8.2.1.2", "1.3.6.1.2.1.43.8.2.1.9", "1.3.6.1.2.1.43.8.2.1.10",
                   "1.3.6.1.2.1.43.8.2.1.12", "1.3.6.1.2.1.43.8.2.1.13",
                   "1.3.6.1.2.1.43.10.2.1.3", "1.3.6.1.2.1.43.10.2.1.4",
                   "1.3.6.1.2.1.43.11.1.1",
                   "1.3.6.1.2.1.43.12.1.1.4",
                   "1.3.6.1.2.1.43.18.1.1.2", "1.3.6.1.2.1.43.18.1.1.4", "1.3.6.1.2.1.43.18.1.1.7",
                   "1.3.6.1.2.1.43.18.1.1.8"],
      "identity": {"device_id": ["1.3.6.1.4.1.11.2.3.9.1.1.7.0"]}
    },
    {
      "id": "hp", "vendor": "HP",
      "match": {"sys_object_id_prefixes": ["1.3.6.1.4.1.11"]},
      "source": "HP-LASERJET-COMMON-MIB (PML objects); serial, firmware date and page counts seen in jetdirect_m130nw",
      "identity": {"serial": ["1.3.6.1.4.1.11.2.3.9.4.2.1.1.3.3.0"],
                   "device_id": ["1.3.6.1.4.1.11.2.3.9.1.1.7.0"],
                   "firmware": ["1.3.6.1.4.1.11.2.3.9.4.2.1.1.3.5.0"]},
      "counters": [
        {"counter": "total", "oids": ["1.3.6.1.4.1.11.2.3.9.4.2.1.4.1.2.5.0"], "source": "total-engine-page-count, recording jetdirect_m130nw"},
        {"counter": "mono", "oids": ["1.3.6.1.4.1.11.2.3.9.4.2.1.4.1.2.6.0"], "source": "total-mono-page-count, recording jetdirect_m130nw"},
        {"counter": "color", "oids": ["1.3.6.1.4.1.11.2.3.9.4.2.1.4.1.2.7.0"], "source": "total-color-page-count, HP-LASERJET-COMMON-MIB"}
      ],
      "http": [
        {"path": "/hp/device/InternalPages/Index?id=UsagePage", "pattern": "Copy[^0-9]{0,200}?([0-9][0-9,.]*)", "field": "copy", "source": "FutureSmart usage page"},
        {"path": "/hp/device/InternalPages/Index?id=UsagePage", "pattern": "Scan[^0-9]{0,200}?([0-9][0-9,.]*)", "field": "scan", "source": "FutureSmart usage page"}
      ]
    },
    {
      "id": "brother", "vendor": "Brother",
      "match": {"sys_object_id_prefixes": ["1.3.6.1.4.1.2435"]},
      "source": "BROTHER-MIB objects seen in the brother recording; Brother boards also answer HP's PML serial",
      "identity": {"serial": ["1.3.6.1.4.1.2435.2.3.9.4.2.1.5.5.1.0", "1.3.6.1.4.1.11.2.3.9.4.2.1.1.3.3.0"],
                   "model": ["1.3.6.1.4.1.2435.2.4.3.2435.5.13.3.0"],
                   "device_id": ["1.3.6.1.4.1.2435.2.3.9.1.1.7.0"],
                   "firmware": ["1.3.6.1.4.1.2435.2.4.3.1240.6.5.0"]},
      "quirks": ["brother_level_codes"],
      "http": [
        {"path": "/general/information.html?kind=item", "pattern": "Page Counter[^0-9]{0,120}([0-9][0-9,.]*)", "field": "total", "source": "Brother embedded web server, Device Information page"}
      ]
    },
    {
      "id": "canon", "vendor": "Canon",
      "match": {"sys_object_id_prefixes": ["1.3.6.1.4.1.1602"]},
      "source": "CANON-MIB; model and firmware seen in canonprinter_lbp",
      "identity": {"model": ["1.3.6.1.4.1.1602.1.1.1.1.0"], "firmware": ["1.3.6.1.4.1.1602.1.1.1.4.0"]},
      "counters": [
        {"counter": "total", "oids": ["1.3.6.1.4.1.1602.1.11.1.3.1.4.101"], "source": "Canon counter id 101 (Total 1), vendor MIB; not in the recordings"},
        {"counter": "mono", "oids": ["1.3.6.1.4.1.1602.1.11.1.3.1.4.112", "1.3.6.1.4.1.1602.1.11.1.3.1.4.113"], "source": "Canon counter ids 112/113 (Black large/small), vendor MIB; not in the recordings"},
        {"counter": "color", "oids": ["1.3.6.1.4.1.1602.1.11.1.3.1.4.122", "1.3.6.1.4.1.1602.1.11.1.3.1.4.123"], "source": "Canon counter ids 122/123 (Full colour large/small), vendor MIB; not in the recordings"}
      ]
    },
    {
      "id": "dell", "vendor": "Dell",
      "match": {"sys_object_id_prefixes": ["1.3.6.1.4.1.674"]},
      "source": "Dell printer MIB objects seen in dell-laser_s5830dn",
      "identity": {"device_id": ["1.3.6.1.4.1.674.10898.100.2.1.2.1.3.1"], "firmware": ["1.3.6.1.4.1.674.10898.100.1.1.1.0"]}
    },
    {
      "id": "epson", "vendor": "Epson",
      "match": {"sys_object_id_prefixes": ["1.3.6.1.4.1.1248"]},
      "source": "EPSON private MIB; the epson recording has no private objects",
      "counters": [
        {"counter": "total", "oids": ["1.3.6.1.4.1.1248.1.2.2.27.1.1.30.1.1"], "source": "Epson total printed pages, vendor MIB; unverified against a recording"}
      ],
      "http": [
        {"path": "/PRESENTATION/ADVANCED/INFO_MENTINFO/TOP", "pattern": "Total Number of Pages[^0-9]{0,200}([0-9][0-9,.]*)", "field": "total", "source": "Epson Web Config maintenance page"}
      ]
    },
    {
      "id": "fujifilm", "vendor": "FUJIFILM",
      "match": {"sys_object_id_prefixes": ["1.3.6.1.4.1.297"]},
      "source": "FUJIFILM Business Innovation (Fuji Xerox) enterprise 297; standard objects only"
    },
    {
      "id": "kyocera", "vendor": "Kyocera",
      "match": {"sys_object_id_prefixes": ["1.3.6.1.4.1.1347"]},
      "source": "KYOCERA-MIB; serial, model and firmware seen in kyocera and utax",
      "identity": {"serial": ["1.3.6.1.4.1.1347.43.5.1.1.28.1"], "model": ["1.3.6.1.4.1.1347.43.5.1.1.1.1"],
                   "firmware": ["1.3.6.1.4.1.1347.43.5.4.1.5.1.1"]},
      "counters": [
        {"counter": "print", "oids": ["1.3.6.1.4.1.1347.42.3.1.1.1.1.1"], "source": "kcprtFunctionCounter printer, vendor MIB; not in the recordings"},
        {"counter": "copy", "oids": ["1.3.6.1.4.1.1347.42.3.1.1.1.1.2"], "source": "kcprtFunctionCounter copier, vendor MIB; not in the recordings"},
        {"counter": "fax", "oids": ["1.3.6.1.4.1.1347.42.3.1.1.1.1.4"], "source": "kcprtFunctionCounter fax, vendor MIB; not in the recordings"},
        {"counter": "mono", "oids": ["1.3.6.1.4.1.1347.42.3.1.2.1.1.1.1", "1.3.6.1.4.1.1347.42.3.1.2.1.1.2.1"], "source": "kcprtColorCounter black&white (printer+copier), vendor MIB; not in the recordings"},
        {"counter": "color", "oids": ["1.3.6.1.4.1.1347.42.3.1.2.1.1.1.3", "1.3.6.1.4.1.1347.42.3.1.2.1.1.2.3"], "source": "kcprtColorCounter full colour (printer+copier), vendor MIB; not in the recordings"}
      ]
    },
    {
      "id": "utax", "vendor": "UTAX",
      "match": {"sys_object_id_prefixes": ["1.3.6.1.4.1.1347"], "description_pattern": "UTAX"},
      "source": "UTAX (TA Triumph-Adler) devices are Kyocera engines with the same sysObjectID; told apart by sysDescr",
      "identity": {"serial": ["1.3.6.1.4.1.1347.43.5.1.1.28.1"], "model": ["1.3.6.1.4.1.1347.43.5.1.1.1.1"],
                   "firmware": ["1.3.6.1.4.1.1347.43.5.4.1.5.1.1"]},
      "counters": [
        {"counter": "print", "oids": ["1.3.6.1.4.1.1347.42.3.1.1.1.1.1"], "source": "kcprtFunctionCounter printer, vendor MIB; not in the recordings"},
        {"counter": "copy", "oids": ["1.3.6.1.4.1.1347.42.3.1.1.1.1.2"], "source": "kcprtFunctionCounter copier, vendor MIB; not in the recordings"},
        {"counter": "fax", "oids": ["1.3.6.1.4.1.1347.42.3.1.1.1.1.4"], "source": "kcprtFunctionCounter fax, vendor MIB; not in the recordings"}
      ]
    },
    {
      "id": "konica-minolta", "vendor": "Konica Minolta",
      "match": {"sys_object_id_prefixes": ["1.3.6.1.4.1.18334"]},
      "source": "KONICA MINOLTA private MIB; model, firmware and the counter table seen in konica_c250i",
      "identity": {"model": ["1.3.6.1.4.1.18334.1.1.1.1.6.2.1.0"], "firmware": ["1.3.6.1.4.1.18334.1.1.1.1.6.1.0"]},
      "counters": [
        {"counter": "copy", "oids": ["1.3.6.1.4.1.18334.1.1.1.5.7.2.2.1.5.1.1", "1.3.6.1.4.1.18334.1.1.1.5.7.2.2.1.5.1.2"], "source": "counter table row function 1 (copy), black + colour; recording konica_c250i (rows sum to prtMarkerLifeCount within 7)"},
        {"counter": "print", "oids": ["1.3.6.1.4.1.18334.1.1.1.5.7.2.2.1.5.2.1", "1.3.6.1.4.1.18334.1.1.1.5.7.2.2.1.5.2.2"], "source": "counter table row function 2 (print), black + colour; recording konica_c250i"},
        {"counter": "mono", "oids": ["1.3.6.1.4.1.18334.1.1.1.5.7.2.2.1.5.1.1", "1.3.6.1.4.1.18334.1.1.1.5.7.2.2.1.5.2.1"], "source": "counter table column 1 (black), copy + print; recording konica_c250i"},
        {"counter": "color", "oids": ["1.3.6.1.4.1.18334.1.1.1.5.7.2.2.1.5.1.2", "1.3.6.1.4.1.18334.1.1.1.5.7.2.2.1.5.2.2"], "source": "counter table column 2 (full colour), copy + print; recording konica_c250i"}
      ]
    },
    {
      "id": "ricoh", "vendor": "Ricoh",
      "match": {"sys_object_id_prefixes": ["1.3.6.1.4.1.367"]},
      "source": "RICOH-PRIVATE-MIB; serial, model and firmware seen in ricoh_mpc3002",
      "identity": {"serial": ["1.3.6.1.4.1.367.3.2.1.2.1.4.0"], "model": ["1.3.6.1.4.1.367.3.2.1.1.1.1.0"],
                   "firmware": ["1.3.6.1.4.1.367.3.2.1.1.1.2.0"]},
      "quirks": ["ricoh_minus_100"],
      "counters": [
        {"counter": "total", "oids": ["1.3.6.1.4.1.367.3.2.1.2.19.1.0"], "source": "ricohEngCounterTotal, vendor MIB; not in the recording"},
        {"counter": "print", "oids": ["1.3.6.1.4.1.367.3.2.1.2.19.2.0"], "source": "ricohEngCounterPrinter, vendor MIB; not in the recording"},
        {"counter": "fax", "oids": ["1.3.6.1.4.1.367.3.2.1.2.19.3.0"], "source": "ricohEngCounterFax, vendor MIB; not in the recording"},
        {"counter": "copy", "oids": ["1.3.6.1.4.1.367.3.2.1.2.19.4.0"], "source": "ricohEngCounterCopier, vendor MIB; not in the recording"}
      ]
    },
    {
      "id": "sharp", "vendor": "Sharp",
      "match": {"sys_object_id_prefixes": ["1.3.6.1.4.1.2385"]},
      "source": "SHARP private counter table (1.3.6.1.4.1.2385.1.1.19.2.1.3 values, .4 labels) seen in sharp; mono+colour equal prtMarkerLifeCount",
      "counters": [
        {"counter": "mono", "oids": ["1.3.6.1.4.1.2385.1.1.19.2.1.3.5.4.61"], "source": "label 'Black & White Total Count'"},
        {"counter": "color", "oids": ["1.3.6.1.4.1.2385.1.1.19.2.1.3.5.4.63", "1.3.6.1.4.1.2385.1.1.19.2.1.3.5.4.64", "1.3.6.1.4.1.2385.1.1.19.2.1.3.5.4.80"], "source": "labels 'Full/Two/Single Color Total Count'"},
        {"counter": "print", "oids": ["1.3.6.1.4.1.2385.1.1.19.2.1.3.1.4.60"], "source": "label 'Prints'"},
        {"counter": "copy", "oids": ["1.3.6.1.4.1.2385.1.1.19.2.1.3.4.4.60"], "source": "label 'Copies'"},
        {"counter": "scan", "oids": ["1.3.6.1.4.1.2385.1.1.19.2.1.3.7.4.50"], "source": "label 'Scan to E-mail/FTP'"}
      ]
    },
    {
      "id": "xerox", "vendor": "Xerox",
      "match": {"sys_object_id_prefixes": ["1.3.6.1.4.1.253"]},
      "source": "XEROX-GENERAL-MIB / xcmHrDevDetail; device ID seen in xerox",
      "identity": {"device_id": ["1.3.6.1.4.1.253.8.51.1.2.1.20.1"]},
      "counters": [
        {"counter": "total", "oids": ["1.3.6.1.4.1.253.8.53.13.2.1.6.1.20.1"], "source": "xcmHrDevDetailValueInteger total impressions, vendor MIB; not in the recording"},
        {"counter": "color", "oids": ["1.3.6.1.4.1.253.8.53.13.2.1.6.1.20.33"], "source": "xcmHrDevDetailValueInteger colour impressions, vendor MIB; unverified"},
        {"counter": "mono", "oids": ["1.3.6.1.4.1.253.8.53.13.2.1.6.1.20.34"], "source": "xcmHrDevDetailValueInteger black impressions, vendor MIB; unverified"}
      ]
    },
    {
      "id": "oki", "vendor": "OKI",
      "match": {"sys_object_id_prefixes": ["1.3.6.1.4.1.2001"]},
      "source": "OkiLAN print servers answer HP's IEEE 1284 device-id object (seen in okilan_9450g)",
      "identity": {"device_id": ["1.3.6.1.4.1.11.2.3.9.1.1.7.0"]}
    },
    {
      "id": "lexmark", "vendor": "Lexmark",
      "match": {"sys_object_id_prefixes": ["1.3.6.1.4.1.641"]},
      "source": "LEXMARK-ROOT-MIB prtgen objects, vendor MIB; no Lexmark recording in the set",
      "identity": {"model": ["1.3.6.1.4.1.641.2.1.2.1.2.1"], "serial": ["1.3.6.1.4.1.641.2.1.2.1.6.1"],
                   "firmware": ["1.3.6.1.4.1.641.2.1.2.1.4.1"]},
      "http": [
        {"path": "/cgi-bin/dynamic/printer/config/reports/devicestatistics.html", "pattern": "Total[^0-9]{0,200}([0-9][0-9,.]*)", "field": "total", "source": "Lexmark device statistics page"},
        {"path": "/cgi-bin/dynamic/printer/config/reports/devicestatistics.html", "pattern": "Mono[^0-9]{0,200}([0-9][0-9,.]*)", "field": "mono", "source": "Lexmark device statistics page (private SNMP counters not verified; the page is)"},
        {"path": "/cgi-bin/dynamic/printer/config/reports/devicestatistics.html", "pattern": "Color[^0-9]{0,200}([0-9][0-9,.]*)", "field": "color", "source": "Lexmark device statistics page"}
      ]
    },
    {
      "id": "samsung", "vendor": "Samsung",
      "match": {"sys_object_id_prefixes": ["1.3.6.1.4.1.236"]},
      "source": "Samsung embeds supply serials in descriptions (\"S/N:\"), handled by the generic rules"
    }
  ]
}
"""#
}
