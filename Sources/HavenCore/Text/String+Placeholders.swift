extension String {
    /// Replaces every `{name}` with `value`; byte by byte, since Foundation's `range(of:)`
    /// showed up in a batch profile.
    func replacingPlaceholder(_ name: String, with value: String) -> String {
        let token = Array("{\(name)}".utf8)
        let source = Array(utf8)
        var result: [UInt8] = []
        var index = 0
        var copied = 0
        while index + token.count <= source.count {
            if source[index] == token[0], source[index..<(index + token.count)].elementsEqual(token) {
                result += source[copied..<index]
                result += value.utf8
                index += token.count
                copied = index
            } else {
                index += 1
            }
        }
        if copied == 0 { return self }
        result += source[copied...]
        return String(decoding: result, as: UTF8.self)
    }
}
