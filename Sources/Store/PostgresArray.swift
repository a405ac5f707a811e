/// Reads PostgreSQL's text output of a one-dimensional array: `{1,2}`, `{"a,b","c\"d",NULL,plain}`.
/// Multi-dimensional arrays and explicit bounds (`[0:1]={...}`) are not ours to read: nil.
enum PostgresArray {
    /// The elements, nil for an unquoted NULL; nil if the text is not such an array.
    static func parse(_ text: String) -> [String?]? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 2, scalars.first == "{", scalars.last == "}" else { return nil }
        if scalars.count == 2 { return [] }
        var elements: [String?] = []
        var index = 1
        let end = scalars.count - 1
        while true {
            var element = String.UnicodeScalarView()
            if scalars[index] == "\"" {
                index += 1
                while true {
                    guard index < end else { return nil }
                    var scalar = scalars[index]
                    if scalar == "\"" { break }
                    if scalar == "\\" {
                        index += 1
                        guard index < end else { return nil }
                        scalar = scalars[index]
                    }
                    element.append(scalar)
                    index += 1
                }
                index += 1
                elements.append(String(element))
            } else {
                while index < end, scalars[index] != "," {
                    if scalars[index] == "{" || scalars[index] == "\"" { return nil }
                    element.append(scalars[index])
                    index += 1
                }
                let word = String(element)
                guard !word.isEmpty else { return nil }
                elements.append(word.uppercased() == "NULL" ? nil : word)
            }
            if index == end { return elements }
            guard scalars[index] == "," else { return nil }
            index += 1
        }
    }
}
