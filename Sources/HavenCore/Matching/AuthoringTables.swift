/// What only the rule tools read: every literal as added, duplicates included, and its owner.
///
/// Matching needs none of it, and it is about half of a compiled set's size, so snapshots (which
/// serve `reflect`, `chat` and nothing else: the rule tools compile afresh) leave it out.
struct AuthoringTables: Sendable {
    let owners: [OwnerCode]
    let literals: LiteralTable
}
