// swift-tools-version:6.0
// libFuzzer harnesses for the HTTP request parser, the chunked decoder and the SNMP decoder (see README.md).
// Build (Linux, swift.org toolchain), or just run `Fuzz/run.sh [seconds]`:
//   swift build -c release --package-path Fuzz --scratch-path Fuzz/.build \
//       -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "PrinterCareFuzz",
    dependencies: [
        // Named so the product reference below does not depend on the checkout's directory name.
        .package(name: "PrinterCare", path: ".."),
    ],
    targets: [
        // Header-only: declares libFuzzer's `LLVMFuzzerRunDriver` (see README.md, "entry point").
        .systemLibrary(name: "CLibFuzzer"),
        .executableTarget(name: "FuzzRequestParser",
                          dependencies: ["CLibFuzzer", .product(name: "HTTPServer", package: "PrinterCare")],
                          swiftSettings: strict),
        .executableTarget(name: "FuzzChunkedDecoder",
                          dependencies: ["CLibFuzzer", .product(name: "HTTPServer", package: "PrinterCare")],
                          swiftSettings: strict),
        .executableTarget(name: "FuzzSNMPDecoder",
                          dependencies: ["CLibFuzzer", .product(name: "SNMP", package: "PrinterCare")],
                          swiftSettings: strict),
    ]
)
