// swift-tools-version:6.0
// PrinterCare: one package builds the server, its modules and the agent.
// Module arrows (see ../shared/ARCHITECTURE.md and each module's README.md):
//   printercare -> WebApp, API, AgentGateway -> Store -> FleetCore
//   Store -> CLibPQ;  HTTPServer -> COpenSSL, CZlib;  Agent -> SNMP, FleetCore, HTTPServer
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "PrinterCare",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "printercare", targets: ["printercare"]),
        .executable(name: "printercare-agent", targets: ["printercare-agent"]),
        .library(name: "HTTPServer", targets: ["HTTPServer"]),
        .library(name: "SNMP", targets: ["SNMP"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // System libraries: the only places C enters. Each has a pkg-config name and an apt provider.
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        // epoll and eventfd, which Glibc's module map leaves out; used by Loop/Syscalls.swift only.
        .systemLibrary(name: "CLinux"),

        .target(name: "HTTPServer",
                dependencies: ["COpenSSL", "CZlib", "CLinux", .product(name: "Logging", package: "swift-log")],
                exclude: ["README.md"], swiftSettings: strict),
        .target(name: "FleetCore", exclude: ["README.md"], swiftSettings: strict),
        .target(name: "Secrets", dependencies: ["COpenSSL"], exclude: ["README.md"], swiftSettings: strict),
        .target(name: "Store", dependencies: ["FleetCore", "CLibPQ", .product(name: "Logging", package: "swift-log")],
                exclude: ["README.md"], swiftSettings: strict),
        .target(name: "WebApp", dependencies: ["HTTPServer", "Store", "FleetCore", "Secrets",
                                              .product(name: "Mustache", package: "swift-mustache"),
                                              .product(name: "Logging", package: "swift-log")],
                exclude: ["README.md"], swiftSettings: strict),
        .target(name: "API", dependencies: ["HTTPServer", "Store", "FleetCore", "Secrets", .product(name: "Logging", package: "swift-log")], exclude: ["README.md"], swiftSettings: strict),
        .target(name: "AgentGateway", dependencies: ["HTTPServer", "Store", "FleetCore", .product(name: "Logging", package: "swift-log")], exclude: ["README.md"],
                swiftSettings: strict),
        .executableTarget(name: "printercare",
                          dependencies: ["HTTPServer", "WebApp", "API", "AgentGateway", "Store", "Secrets", "FleetCore",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser"),
                                         .product(name: "Logging", package: "swift-log")],
                          swiftSettings: strict),

        // The monitor agent lives under agent/ but builds from this one package.
        .target(name: "SNMP", dependencies: ["FleetCore", .product(name: "Logging", package: "swift-log")],
                path: "agent/Sources/SNMP", exclude: ["README.md"], swiftSettings: strict),
        .target(name: "Agent", dependencies: ["FleetCore", "HTTPServer", "SNMP", .product(name: "Logging", package: "swift-log")], path: "agent/Sources/Agent",
                swiftSettings: strict),
        .executableTarget(name: "printercare-agent",
                          dependencies: ["Agent", "SNMP", "FleetCore", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                                         .product(name: "Logging", package: "swift-log")],
                          path: "agent/Sources/printercare-agent", swiftSettings: strict),

        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "TestSupport"], exclude: ["Fixtures"],
                    swiftSettings: strict),
        .testTarget(name: "SNMPTests", dependencies: ["SNMP", "FleetCore", "TestSupport"], exclude: ["Fixtures"],
                    swiftSettings: strict),
        .testTarget(name: "FleetCoreTests", dependencies: ["FleetCore"], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "SecretsTests", dependencies: ["Secrets"], swiftSettings: strict),
        // Shared by test targets: one real PostgreSQL per test process, a fresh database per test.
        .target(name: "TestSupport", dependencies: ["Store", .product(name: "Logging", package: "swift-log")],
                path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "StoreTests", dependencies: ["Store", "TestSupport"], swiftSettings: strict),
        // Runs the built `printercare` executable as a user would (it must be built first: `swift build`).
        .testTarget(name: "PrinterCareTests", dependencies: ["printercare", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "WebAppTests", dependencies: ["WebApp", "HTTPServer", "Store", "Secrets", "FleetCore", "TestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "APITests", dependencies: ["API", "AgentGateway", "HTTPServer", "Store", "FleetCore", "Secrets", "TestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "AgentTests", dependencies: ["Agent", "SNMP", "FleetCore", "TestSupport"], exclude: ["Fixtures", "fleet_browser.py"],
                    swiftSettings: strict),
        // Drives a real headless Chromium (selenium) against a real `printercare serve`.
        .testTarget(name: "BrowserTests", dependencies: ["printercare", "TestSupport"], exclude: ["browser_flow.py"],
                    swiftSettings: strict),
    ]
)
