import CLibFuzzer
import HTTPServer

// libFuzzer harness for `ChunkedDecoder`. Built with `-parse-as-library`: libFuzzer supplies `main`.
//
// Input layout: byte 0 picks the limits (low 5 bits: maxBodyBytes = 1 << n, or Int.max from 24 up;
// high 3 bits: maxTrailerBytes = 16 << n), byte 1 picks where to split, the rest is the chunked body.
// The regression test (`FuzzRegressionTests`) reads committed inputs the same way.
//
// Checked for every input: consumption never exceeds the input, an unfinished body consumes all of
// it, limits hold, a complete body ends in CRLF and then consumes nothing more, and decoding in two
// pieces (and, for short inputs, byte by byte) gives exactly what one call gives.

/// Traps, which libFuzzer reports as a crash, when an invariant fails.
@inline(never)
func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("invariant violated: \(message())") }
}

/// What decoding some input gave; `consumed` is zeroed on error (it means nothing then).
struct Outcome: Equatable {
    var body: [UInt8] = []
    var consumed = 0
    var isComplete = false
    var error: HTTPServerError?
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzChunkedDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 2 else { return 0 }
    let config = data[0]
    let maxBodyBytes = config & 0x1F >= 24 ? Int.max : 1 << Int(config & 0x1F)
    let maxTrailerBytes = 16 << Int(config >> 5)
    let input = UnsafeRawBufferPointer(start: data + 2, count: size - 2)
    let limits = (maxBodyBytes, maxTrailerBytes)

    let whole = decode(input, cuts: [], limits)
    require(whole.consumed <= input.count, "consumed more than given")
    require(whole.body.count <= maxBodyBytes, "body beyond the limit")
    if whole.error == nil && !whole.isComplete {
        require(whole.consumed == input.count, "an unfinished body consumes everything")
    }
    if whole.isComplete {
        require(whole.consumed >= 5 && whole.body.count <= whole.consumed - 5, "complete body size")
        require(input[whole.consumed - 2] == 13 && input[whole.consumed - 1] == 10, "ends with CRLF")
    }

    let cut = Int(data[1]) % (input.count + 1)
    let split = decode(input, cuts: [cut], limits)
    require(split == whole, "split at \(cut) differs from whole")
    if input.count <= 512 {
        let single = decode(input, cuts: Array(0..<input.count), limits)
        require(single == whole, "byte by byte differs from whole")
    }
    return 0
}

/// Feeds `input` in pieces ending at `cuts` (then the rest), each call getting what the previous
/// calls left unconsumed, as a connection does; after completion it offers the rest once more.
func decode(_ input: UnsafeRawBufferPointer, cuts: [Int], _ limits: (body: Int, trailer: Int)) -> Outcome {
    var decoder = ChunkedDecoder(maxBodyBytes: limits.body, maxTrailerBytes: limits.trailer)
    var outcome = Outcome()
    for cut in cuts + [input.count] where cut >= outcome.consumed {
        do {
            let piece = UnsafeRawBufferPointer(rebasing: input[outcome.consumed..<cut])
            let consumed = try decoder.decode(piece, into: &outcome.body)
            require(consumed <= piece.count, "consumed \(consumed) of \(piece.count)")
            require(decoder.isComplete || consumed == piece.count, "unfinished but left bytes")
            outcome.consumed += consumed
        } catch {
            outcome.error = error
            outcome.consumed = 0
            break
        }
    }
    outcome.isComplete = decoder.isComplete
    if decoder.isComplete {
        let rest = UnsafeRawBufferPointer(rebasing: input[outcome.consumed...])
        let more = (try? decoder.decode(rest, into: &outcome.body)) ?? -1
        require(more == 0, "consumed \(more) after completion")
    }
    return outcome
}

/// The program's entry point. SwiftPM links executable targets with `--defsym main=FuzzChunkedDecoder_main`
/// (so test targets can link executables); under `-parse-as-library` nothing defines that symbol, so
/// it is defined here and does what libFuzzer's own `main` does: run the driver with our callback.
@_cdecl("FuzzChunkedDecoder_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        guard let data else { return 0 }
        return fuzzChunkedDecoder(data, size)
    }
}
