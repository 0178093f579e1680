import Testing

@testable import HavenCore

/// An owner code keeps its kind and index apart, whatever the index, and a damaged stored code is refused.
struct OwnerCodeTests {
    @Test(arguments: OwnerCode.Kind.allCases)
    func keepsKindAndIndex(kind: OwnerCode.Kind) {
        for index in [0, 1, 63, 64, 1_000, OwnerCode.maxIndex] {
            let code = OwnerCode(kind, index)
            #expect(code.kind == kind)
            #expect(code.index == index)
            #expect(code.isSlot == (kind == .slot))
            #expect(OwnerCode(rawValue: code.rawValue) == code)
        }
    }

    @Test func givesEachKindOfTheSameIndexItsOwnCode() {
        let codes = OwnerCode.Kind.allCases.map { OwnerCode($0, 12) }
        #expect(Set(codes).count == OwnerCode.Kind.allCases.count)
    }

    @Test func refusesANegativeStoredCode() {
        #expect(OwnerCode(rawValue: -1) == nil)
        #expect(OwnerCode(rawValue: Int32.min) == nil)
        #expect(OwnerCode(rawValue: 0) == .phrase(rule: 0))
    }
}
