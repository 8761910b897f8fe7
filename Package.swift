// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Specwright",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "SpecwrightCore", targets: ["SpecwrightCore"]),
        .library(name: "SpecwrightBlocks", targets: ["SpecwrightBlocks"]),
        .library(name: "SpecwrightMCP", targets: ["SpecwrightMCP"]),
        .library(name: "SpecwrightStore", targets: ["SpecwrightStore"]),
        .executable(name: "specwright", targets: ["specwright"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The default ExternalLoading trait is not needed and slows the build.
        .package(url: "https://github.com/mattpolzin/OpenAPIKit", from: "6.4.0", traits: []),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
    ],
    targets: [
        // Foundation only: the Markdown model, templates, rules and lifecycle.
        .target(
            name: "SpecwrightCore",
            resources: [
                .embedInCode("Templates/Builtin/feature-spec.md"),
                .embedInCode("Templates/Builtin/system-design.md"),
            ]
        ),
        // Checks of embedded SQL, YAML, JSON and OpenAPI blocks, registered with the core's checker.
        .target(
            name: "SpecwrightBlocks",
            dependencies: [
                "SpecwrightCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "OpenAPIKit", package: "OpenAPIKit"),
                .product(name: "OpenAPIKit30", package: "OpenAPIKit"),
            ]
        ),
        // Storage for the server: a store protocol and its SQLite (GRDB) implementation.
        .target(
            name: "SpecwrightStore",
            dependencies: ["SpecwrightCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The Model Context Protocol server over a spec workspace.
        .target(
            name: "SpecwrightMCP",
            dependencies: [
                "SpecwrightCore",
                .product(name: "MCP", package: "swift-sdk"),
            ]
        ),
        .executableTarget(
            name: "specwright",
            dependencies: [
                "SpecwrightCore",
                "SpecwrightBlocks",
                "SpecwrightMCP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .testTarget(
            name: "SpecwrightCoreTests",
            dependencies: ["SpecwrightCore"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "SpecwrightBlocksTests",
            dependencies: ["SpecwrightBlocks", "SpecwrightCore"]
        ),
        .testTarget(
            name: "SpecwrightStoreTests",
            dependencies: ["SpecwrightStore", "SpecwrightCore"]
        ),
        .testTarget(
            name: "SpecwrightMCPTests",
            dependencies: ["SpecwrightMCP", "SpecwrightCore", "SpecwrightBlocks", .product(name: "MCP", package: "swift-sdk")]
        ),
        .testTarget(
            name: "specwrightTests",
            dependencies: ["specwright", "SpecwrightCore"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
