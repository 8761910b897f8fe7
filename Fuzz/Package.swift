// swift-tools-version: 6.1
// A libFuzzer target over the core: parse, inline-parse, render and check arbitrary bytes.
// Kept out of the main package: it has no `main` and builds only with -sanitize=fuzzer.
// Build and run it with Benchmarks/fuzz.sh.
import PackageDescription

let package = Package(
    name: "SpecwrightFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Specwright", path: "..")],
    targets: [
        .executableTarget(
            name: "SpecwrightFuzz",
            dependencies: [.product(name: "SpecwrightCore", package: "Specwright")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ],
    swiftLanguageModes: [.v6]
)
