import Store

/// The options of the role, language and organization selects, translated.
enum Choices {
    static func roles(_ request: WebRequest) -> [(value: String, label: String)] {
        Role.allCases.map { ($0.rawValue, request.text("roles.\($0.rawValue)")) }
    }

    /// "Same as the browser" (empty value) followed by every language in its own name.
    static func languages(_ request: WebRequest, automatic: String) -> [(value: String, label: String)] {
        [("", automatic)] + Language.allCases.map { ($0.rawValue, request.text("languages.\($0.rawValue)")) }
    }

    /// Organizations in tree order (each below its parent), indented by depth in the label.
    static func organizations(_ organizations: [Organization]) -> [(value: String, label: String)] {
        OrganizationTree(organizations).ordered.map { entry in
            (String(entry.organization.id), String(repeating: "\u{2003}", count: entry.depth) + entry.organization.name)
        }
    }
}

/// Organizations arranged as the tree they form, roots first, children below their parent by name.
struct OrganizationTree {
    let ordered: [(organization: Organization, depth: Int)]
    private let byID: [Int64: Organization]

    init(_ organizations: [Organization]) {
        byID = Dictionary(uniqueKeysWithValues: organizations.map { ($0.id, $0) })
        let children = Dictionary(grouping: organizations) { $0.parentID ?? 0 }
        let known = Set(organizations.map(\.id))
        // Roots of what the caller sees: no parent, or a parent outside their reach (a dealer above them).
        let roots = organizations.filter { $0.parentID.map { !known.contains($0) } ?? true }
        var ordered: [(Organization, Int)] = []
        func visit(_ organization: Organization, _ depth: Int) {
            ordered.append((organization, depth))
            for child in (children[organization.id] ?? []).sorted(by: { $0.name < $1.name }) { visit(child, depth + 1) }
        }
        for root in roots.sorted(by: { $0.name < $1.name }) { visit(root, 0) }
        self.ordered = ordered
    }

    /// The name of organization `id`, if within reach.
    func name(_ id: Int64?) -> String? { id.flatMap { byID[$0]?.name } }
}
