/// A phrase matched in slots: each slot's match must start at most `gaps[i]` words after the
/// previous slot's match ends (0 for side by side, more across a `...`), in the same clause.
struct GapPhrase: Sendable {
    /// A rule's phrase or a guard's phrase.
    let owner: OwnerCode
    /// The slot ids, in order; identical slots of different phrases share an id.
    let slots: [Int]
    let gaps: [Int]
    /// The slot whose match starts the check: the one shared by the fewest phrases, so a common
    /// word such as "you" does not wake every phrase that starts with {partner}.
    var trigger: Int
}
