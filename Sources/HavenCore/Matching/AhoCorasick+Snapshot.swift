/// Saving and restoring an automaton's packed tables (the trie is not kept: restoring never rebuilds it).
extension AhoCorasick {
    /// Saves the automaton's tables.
    func write(to writer: inout SnapshotWriter) {
        writer.raw(nodes)
        writer.raw(labels)
        writer.raw(rootNext)
        writer.raw(denseRows)
        writer.raw(outputs)
    }

    /// Restores saved tables, checking that every link stays in range (nil otherwise).
    init?(from reader: inout SnapshotReader, alphabetSize: Int) {
        guard let nodes = reader.raw(Node.self), let labels = reader.raw(Symbol.self),
            let rootNext = reader.raw(Int32.self),
            let denseRows = reader.raw(Int32.self), let outputs = reader.raw(Output.self),
            alphabetSize > 0, !nodes.isEmpty, labels.count == nodes.count, rootNext.count == alphabetSize,
            denseRows.count % alphabetSize == 0
        else { return nil }
        let stateCount = Int32(nodes.count)
        let rowCount = Int32(denseRows.count / alphabetSize)
        guard rootNext.allSatisfy({ $0 >= 0 && $0 < stateCount }),
            denseRows.allSatisfy({ $0 >= -1 && $0 < stateCount }),
            outputs.indices.allSatisfy({ outputs[$0].length > 0 && outputs[$0].next >= -1 && outputs[$0].next < $0 }),
            nodes.indices.allSatisfy({ state in
                let node = nodes[state]
                let children =
                    node.childCount < 0
                    ? node.firstChild >= 0 && node.firstChild < rowCount
                    : node.firstChild >= 0 && Int(node.firstChild) + Int(node.childCount) <= nodes.count
                // Failure links lead to a shallower state, numbered earlier: no failure chain can loop.
                return children && node.fail >= 0 && (state == 0 || node.fail < state) && node.output >= -1
                    && node.output < outputs.count
            })
        else { return nil }
        self.nodes = nodes
        self.labels = labels
        self.rootNext = rootNext
        self.denseRows = denseRows
        self.outputs = outputs
    }
}
