/// A growable byte buffer with a read and a write index, owned by one connection on one loop.
///
/// `[UInt8]` cannot be read into without first initializing the bytes, and removing consumed bytes
/// from its front moves the rest; this buffer does neither: reads land in spare capacity and
/// consumption moves an index. Bytes are compacted only when the buffer needs room.
final class ByteBuffer {
    private var storage: UnsafeMutableRawPointer
    private(set) var capacity: Int
    private(set) var readerIndex = 0
    private(set) var writerIndex = 0

    init(capacity: Int = 16 * 1024) {
        self.capacity = capacity
        storage = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit { storage.deallocate() }

    /// Unread bytes.
    var count: Int { writerIndex - readerIndex }
    var isEmpty: Bool { readerIndex == writerIndex }

    /// The unread bytes; valid until the next mutation.
    var readable: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage + readerIndex, count: count) }

    /// Marks `n` unread bytes as consumed; an emptied buffer rewinds to the start for free.
    func consume(_ n: Int) {
        precondition(n <= count)
        readerIndex += n
        if readerIndex == writerIndex { readerIndex = 0; writerIndex = 0 }
    }

    func clear() { readerIndex = 0; writerIndex = 0 }

    /// Spare room for at least `minimum` bytes after the written ones, compacting or growing as needed.
    func reserve(_ minimum: Int) {
        if capacity - writerIndex >= minimum { return }
        if readerIndex > 0 {
            let live = count
            storage.copyMemory(from: storage + readerIndex, byteCount: live)
            readerIndex = 0
            writerIndex = live
            if capacity - writerIndex >= minimum { return }
        }
        var newCapacity = capacity * 2
        while newCapacity - writerIndex < minimum { newCapacity *= 2 }
        let bigger = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        bigger.copyMemory(from: storage, byteCount: writerIndex)
        storage.deallocate()
        storage = bigger
        capacity = newCapacity
    }

    /// Shrinks an idle, empty buffer that grew for a large message back to its initial size.
    func shrinkIfIdle(to size: Int) {
        guard isEmpty, capacity > size * 4 else { return }
        storage.deallocate()
        storage = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        capacity = size
        readerIndex = 0
        writerIndex = 0
    }

    /// The spare capacity; call `commit` with how much was written into it.
    var writable: UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: storage + writerIndex, count: capacity - writerIndex)
    }

    func commit(_ n: Int) {
        precondition(writerIndex + n <= capacity)
        writerIndex += n
    }

    func append(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        reserve(bytes.count)
        (storage + writerIndex).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        writerIndex += bytes.count
    }

    func append(_ bytes: [UInt8]) { bytes.withUnsafeBytes { append($0) } }

    func append(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    func append(_ text: String) {
        var text = text
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Appends a non-negative integer in decimal without going through String.
    func appendDecimal(_ value: Int) {
        reserve(20)
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var v = UInt(max(0, value))
        var n = 0
        withUnsafeMutableBytes(of: &digits) { scratch in
            repeat {
                scratch[23 - n] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                n += 1
            } while v > 0
            (storage + writerIndex).copyMemory(from: scratch.baseAddress! + 24 - n, byteCount: n)
        }
        writerIndex += n
    }

    /// Appends `value` in lower-case hexadecimal (chunk sizes).
    func appendHex(_ value: Int) {
        append(String(value, radix: 16))
    }
}
