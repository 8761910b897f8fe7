// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Specwright",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "SpecwrightCore", targets: ["SpecwrightCore"]),
        .library(name: "SpecwrightEmbeddedChecks", targets: ["SpecwrightEmbeddedChecks"]),
        .library(name: "SpecwrightWorkspace", targets: ["SpecwrightWorkspace"]),
        .library(name: "SpecwrightStore", targets: ["SpecwrightStore"]),
        .library(name: "SpecwrightSQLite", targets: ["SpecwrightSQLite"]),
        .library(name: "SpecwrightPostgres", targets: ["SpecwrightPostgres"]),
        .library(name: "SpecwrightServer", targets: ["SpecwrightServer"]),
        .library(name: "SpecwrightClient", targets: ["SpecwrightClient"]),
        .library(name: "SpecwrightMCP", targets: ["SpecwrightMCP"]),
        .executable(name: "specwright", targets: ["specwright"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The default ExternalLoading trait is not needed and slows the build.
        .package(url: "https://github.com/mattpolzin/OpenAPIKit", from: "6.4.0", traits: []),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
        // swift-configuration support is not needed.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.9.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Only HummingbirdBcrypt is used (password hashes for the web app); it builds its own C bcrypt.
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
    ],
    targets: [
        // Foundation only: the Markdown model, templates, rules, lifecycle and spec operations.
        .target(
            name: "SpecwrightCore",
            resources: [
                .embedInCode("Templates/Builtin/feature-spec.md"),
                .embedInCode("Templates/Builtin/system-design.md"),
            ]
        ),
        // Checks of embedded SQL, YAML, JSON and OpenAPI blocks, registered with the core's checker.
        .target(
            name: "SpecwrightEmbeddedChecks",
            dependencies: [
                "SpecwrightCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "OpenAPIKit", package: "OpenAPIKit"),
                .product(name: "OpenAPIKit30", package: "OpenAPIKit"),
            ]
        ),
        // Opening a workspace: specwright.yml (YAML), its templates, and every rule with the configured severities.
        .target(
            name: "SpecwrightWorkspace",
            dependencies: ["SpecwrightCore", "SpecwrightEmbeddedChecks", .product(name: "Yams", package: "Yams")]
        ),
        // The store protocol and its plain records; no database library.
        .target(name: "SpecwrightStore"),
        // The store on SQLite (GRDB): records, named migrations.
        .target(
            name: "SpecwrightSQLite",
            dependencies: ["SpecwrightStore", "SpecwrightCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The store on PostgreSQL (postgres-nio): the same named migrations, for several server instances.
        .target(
            name: "SpecwrightPostgres",
            dependencies: ["SpecwrightStore", "SpecwrightCore", .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        // The server: Hummingbird app, route table, API controllers, the web app's pages (Mustache
        // templates and assets embedded), middleware, folder import, users and tokens.
        .target(
            name: "SpecwrightServer",
            dependencies: [
                "SpecwrightCore",
                "SpecwrightStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.embedInCode("openapi.yaml")]
                + ["layout", "signin", "password", "dashboard", "spec", "spec_body", "editor", "history", "new", "templates", "template", "admin", "audit", "error", "discussion", "inbox"]
                .map { .embedInCode("Web/Templates/\($0).mustache") }
                + ["app.css", "app.js", "editor.js", "icon.svg"].map { .embedInCode("Web/Assets/\($0)") }
        ),
        // A client of the REST API (push and pull).
        .target(name: "SpecwrightClient", dependencies: ["SpecwrightCore"]),
        // The Model Context Protocol server over a spec workspace.
        .target(
            name: "SpecwrightMCP",
            dependencies: [
                "SpecwrightCore",
                "SpecwrightClient",
                .product(name: "MCP", package: "swift-sdk"),
            ]
        ),
        // The command line: parse, call a library, print.
        .executableTarget(
            name: "specwright",
            dependencies: [
                "SpecwrightCore",
                "SpecwrightWorkspace",
                "SpecwrightMCP",
                "SpecwrightServer",
                "SpecwrightSQLite",
                "SpecwrightPostgres",
                "SpecwrightStore",
                "SpecwrightClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MCP", package: "swift-sdk"),
            ]
        ),
        .testTarget(
            name: "SpecwrightCoreTests",
            dependencies: ["SpecwrightCore"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "SpecwrightEmbeddedChecksTests",
            dependencies: ["SpecwrightEmbeddedChecks", "SpecwrightCore"]
        ),
        .testTarget(
            name: "SpecwrightStoreTests",
            dependencies: ["SpecwrightStore", "SpecwrightSQLite", "SpecwrightPostgres", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "SpecwrightServerTests",
            dependencies: [
                "SpecwrightServer", "SpecwrightStore", "SpecwrightSQLite", "SpecwrightPostgres", "SpecwrightCore", "SpecwrightEmbeddedChecks",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .testTarget(
            name: "SpecwrightMCPTests",
            dependencies: ["SpecwrightMCP", "SpecwrightCore", "SpecwrightEmbeddedChecks", .product(name: "MCP", package: "swift-sdk")]
        ),
        .testTarget(
            name: "specwrightTests",
            dependencies: ["specwright", "SpecwrightCore"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
