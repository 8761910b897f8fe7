// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Specwright",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "SpecwrightCore", targets: ["SpecwrightCore"]),
        .executable(name: "specwright", targets: ["specwright"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .target(
            name: "SpecwrightCore",
            resources: [
                .embedInCode("Templates/Builtin/feature-spec.md"),
                .embedInCode("Templates/Builtin/system-design.md"),
            ]
        ),
        .executableTarget(
            name: "specwright",
            dependencies: [
                "SpecwrightCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "SpecwrightCoreTests",
            dependencies: ["SpecwrightCore"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "specwrightTests",
            dependencies: ["specwright", "SpecwrightCore"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
