/// Writes values into a compact binary form, for saving a compiled rule set.
///
/// Little-endian fixed-width integers, length-prefixed strings and arrays; repeated strings
/// (file paths in every source location) are written once and referred to by number.
struct SnapshotWriter {
    private(set) var body: [UInt8] = []
    private var strings: [String] = []
    private var stringIndex: [String: Int] = [:]

    mutating func int(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { body.append(contentsOf: $0) }
    }

    mutating func double(_ value: Double) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { body.append(contentsOf: $0) }
    }

    mutating func bool(_ value: Bool) { body.append(value ? 1 : 0) }

    mutating func string(_ value: String) {
        int(value.utf8.count)
        body.append(contentsOf: value.utf8)
    }

    /// A string that recurs (such as a file path): written once, then by number.
    mutating func interned(_ value: String) {
        if let index = stringIndex[value] {
            int(index)
            return
        }
        stringIndex[value] = strings.count
        int(strings.count)
        strings.append(value)
    }

    mutating func optional<T>(_ value: T?, _ write: (inout SnapshotWriter, T) -> Void) {
        bool(value != nil)
        if let value { write(&self, value) }
    }

    mutating func array<T>(_ values: [T], _ write: (inout SnapshotWriter, T) -> Void) {
        int(values.count)
        for value in values { write(&self, value) }
    }

    /// An array of plain values, copied byte for byte (this machine's layout: the cache is local).
    mutating func raw<T: BitwiseCopyable>(_ values: [T]) {
        int(values.count)
        values.withUnsafeBytes { body.append(contentsOf: $0) }
    }

    /// The whole snapshot: magic, version, a checksum of the rest, the string table, the body.
    func finished(version: Int) -> [UInt8] {
        var tail = SnapshotWriter()
        tail.array(strings) { $0.string($1) }
        let payload = tail.body + body
        var head = SnapshotWriter()
        head.body = Array("HVNRULES".utf8)
        head.int(version)
        head.int(Int(bitPattern: UInt(checksum(payload[...]))))
        return head.body + payload
    }
}

/// A checksum of a snapshot's payload: FNV-1a over 8-byte words, since byte by byte it took
/// a noticeable share of a cached start.
func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    bytes.withUnsafeBytes { buffer in
        var index = 0
        while index + 8 <= buffer.count {
            hash ^= buffer.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            hash &*= 0x100_0000_01b3
            hash ^= hash >> 29
            index += 8
        }
        while index < buffer.count {
            hash ^= UInt64(buffer[index])
            hash &*= 0x100_0000_01b3
            index += 1
        }
    }
    return hash
}

/// Reads what ``SnapshotWriter`` wrote; every read is bounds-checked and fails with nil.
struct SnapshotReader {
    private let bytes: [UInt8]
    private var offset: Int
    private var strings: [String] = []

    /// Checks the magic, version and checksum of the snapshot at `start`; nil when any is off.
    init?(_ bytes: [UInt8], from start: Int = 0, version: Int) {
        self.bytes = bytes
        offset = start
        guard start >= 0, bytes.count - start >= 24, bytes[start..<(start + 8)].elementsEqual("HVNRULES".utf8) else {
            return nil
        }
        offset += 8
        guard let stored = int(), stored == version, let sum = int(),
            UInt64(UInt(bitPattern: sum)) == checksum(bytes[(start + 24)...]),
            let table = array({ $0.string() })
        else { return nil }
        strings = table
    }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func int() -> Int? {
        guard offset + 8 <= bytes.count else { return nil }
        var value: Int64 = 0
        withUnsafeMutableBytes(of: &value) { target in
            bytes.withUnsafeBytes {
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + 8)]))
            }
        }
        offset += 8
        return Int(Int64(littleEndian: value))
    }

    /// A count or index: non-negative and at most `limit`.
    mutating func count(atMost limit: Int = Int(Int32.max)) -> Int? {
        guard let value = int(), value >= 0, value <= limit else { return nil }
        return value
    }

    mutating func double() -> Double? {
        guard let bits = int() else { return nil }
        return Double(bitPattern: UInt64(UInt(bitPattern: bits)))
    }

    mutating func bool() -> Bool? {
        guard offset < bytes.count, bytes[offset] <= 1 else { return nil }
        offset += 1
        return bytes[offset - 1] == 1
    }

    mutating func string() -> String? {
        guard let length = count(atMost: bytes.count - offset) else { return nil }
        let value = String(decoding: bytes[offset..<(offset + length)], as: UTF8.self)
        offset += length
        return value
    }

    mutating func interned() -> String? {
        guard let index = count(), index < strings.count else { return nil }
        return strings[index]
    }

    /// `.some(nil)` for an absent value, nil when the bytes are bad.
    mutating func optional<T>(_ read: (inout SnapshotReader) -> T?) -> T?? {
        guard let present = bool() else { return nil }
        if !present { return .some(nil) }
        guard let value = read(&self) else { return nil }
        return .some(value)
    }

    mutating func array<T>(_ read: (inout SnapshotReader) -> T?) -> [T]? {
        guard let count = count(atMost: bytes.count - offset) else { return nil }
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count {
            guard let value = read(&self) else { return nil }
            values.append(value)
        }
        return values
    }

    mutating func raw<T: BitwiseCopyable>(_: T.Type) -> [T]? {
        let stride = MemoryLayout<T>.stride
        guard let count = count(atMost: (bytes.count - offset) / stride) else { return nil }
        let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + count * stride)]))
            }
            initialized = count
        }
        offset += count * stride
        return values
    }
}
