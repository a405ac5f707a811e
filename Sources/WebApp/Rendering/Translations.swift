import Foundation

/// The catalogs of every `Language`, loaded at start from `<directory>/<code>.json`.
///
/// Loading fails unless each language has exactly the keys of English and no empty text, so a
/// forgotten translation stops the start instead of showing a raw key to a user.
public struct Translations: Sendable {
    private let catalogs: [Language: Catalog]

    /// Reads and checks `en.json`, `pl.json`, `nl.json` and `de.json` under `directory` and in each of
    /// its sub-folders.
    public init(directory: String) throws {
        var catalogs: [Language: Catalog] = [:]
        // Each area of the interface may keep its texts in a folder of its own (`Locales/devices/pl.json`);
        // they join the main catalog, and a key given twice stops the start.
        let areas = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { name in
            var isDirectory: ObjCBool = false
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: directory + "/" + name, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
        for language in Language.allCases {
            var texts: [String: String] = [:]
            for folder in [directory] + areas.map({ directory + "/" + $0 }) {
                let path = folder + "/" + language.rawValue + ".json"
                guard let data = FileManager.default.contents(atPath: path) else {
                    if folder == directory { throw WebAppError.catalogMissing(path) }
                    continue
                }
                for (key, text) in try Catalog(language: language, json: data).texts {
                    guard texts.updateValue(text, forKey: key) == nil else {
                        throw WebAppError.catalogInvalid(language.rawValue, "\"\(key)\" is given twice (\(path))")
                    }
                }
            }
            catalogs[language] = Catalog(language: language, texts: texts)
        }
        try self.init(catalogs: catalogs)
    }

    /// Checks and keeps ready-made catalogs (one per language).
    public init(catalogs: [Language: Catalog]) throws {
        guard let reference = catalogs[.fallback] else { throw WebAppError.catalogMissing(Language.fallback.rawValue) }
        let keys = Set(reference.texts.keys)
        for language in Language.allCases {
            guard let catalog = catalogs[language] else { throw WebAppError.catalogMissing(language.rawValue) }
            let other = Set(catalog.texts.keys)
            if let missing = keys.subtracting(other).sorted().first {
                throw WebAppError.catalogInvalid(language.rawValue, "missing \"\(missing)\"")
            }
            if let extra = other.subtracting(keys).sorted().first {
                throw WebAppError.catalogInvalid(language.rawValue, "\"\(extra)\" is not in the English catalog")
            }
            if let empty = catalog.texts.first(where: { $0.value.trimmingCharacters(in: .whitespaces).isEmpty }) {
                throw WebAppError.catalogInvalid(language.rawValue, "\"\(empty.key)\" is empty")
            }
        }
        self.catalogs = catalogs
    }

    /// The catalog of `language`.
    public subscript(language: Language) -> Catalog { catalogs[language]! }
}
