import CLibFuzzer
import SNMP

// libFuzzer harness for `SNMPMessage.decode`. Built with `-parse-as-library`, so this file has no
// top-level code: libFuzzer supplies `main` and calls `LLVMFuzzerTestOneInput` once per input.
//
// Invariants, for any input: decoding never traps; whatever decodes encodes again, and that
// encoding decodes to an equal message and re-encodes to the very same bytes (the encoder is
// minimal and deterministic); strict prefixes of the input never decode.

/// Traps, which libFuzzer reports as a crash, when an invariant fails. (`precondition` would be
/// compiled out under `-Ounchecked`; this never is.)
@inline(never)
func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("invariant violated: \(message())") }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSNMPDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    guard let message = try? SNMPMessage.decode(input) else { return 0 }
    let encoded: [UInt8]
    do { encoded = try message.encoded() } catch { fatalError("invariant violated: decoded message does not encode: \(error)") }
    let again: SNMPMessage
    do { again = try SNMPMessage.decode(encoded) } catch { fatalError("invariant violated: encoding does not decode: \(error)") }
    require(again == message, "decode(encode(x)) != x")
    require((try? again.encoded()) == encoded, "encoding is not deterministic")
    // A strict prefix is never a message: one byte short, half, and a cut chosen by the input.
    for cut in Set([size - 1, size / 2, Int(hash(input) % UInt64(size))]) where cut < size {
        require((try? SNMPMessage.decode(UnsafeRawBufferPointer(rebasing: input[0..<cut]))) == nil, "prefix \(cut) decodes")
    }
    return 0
}

/// FNV-1a, to pick a prefix that varies with the input but is reproducible.
func hash(_ input: UnsafeRawBufferPointer) -> UInt64 {
    input.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
}

/// The program's entry point. SwiftPM links executable targets with `--defsym main=FuzzSNMPDecoder_main`
/// (so test targets can link executables); under `-parse-as-library` nothing defines that symbol, so
/// it is defined here and does what libFuzzer's own `main` does: run the driver with our callback.
@_cdecl("FuzzSNMPDecoder_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        guard let data else { return 0 }
        return fuzzSNMPDecoder(data, size)
    }
}
