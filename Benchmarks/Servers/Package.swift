// swift-tools-version:6.0
// Benchmark-only comparison servers. NOT part of the product: the root Package.swift never
// depends on this package. Built by Benchmarks/run.sh into Benchmarks/.build (release).
import PackageDescription

let package = Package(
    name: "BenchmarkServers",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "nio-static", targets: ["nio-static"]),
        .executable(name: "hb-static", targets: ["hb-static"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        // Shared: argument parsing, the file's bytes and the header values PrinterCare sends.
        .target(name: "StaticBytes"),
        .executableTarget(name: "nio-static", dependencies: [
            "StaticBytes",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        .executableTarget(name: "hb-static", dependencies: [
            "StaticBytes",
            .product(name: "Hummingbird", package: "hummingbird"),
        ]),
    ]
)
