import SpecwrightCore

/// The checker every input is checked with: both built-in templates and every core rule.
let checker = Checker(catalog: .builtin)

/// libFuzzer's entry point: any bytes are a spec. Everything a server does with posted text runs:
/// block and inline parsing of every block, HTML rendering, the check with its template choice,
/// the outline and an edit through the operations core. A crash, a hang or a sanitizer report is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let document = MarkdownDocument(bytes: bytes)
    document.walk { block, _ in
        _ = document.inlines(of: block)
        return true
    }
    _ = HTMLRenderer().render(document)
    let session = SpecSession(bytes: bytes, path: "fuzz.md", environment: SpecEnvironment(checker: checker, today: { "2026-01-01" }))
    _ = session.check()
    _ = session.overview()
    _ = try? session.apply(.fix, by: "fuzzer")
    precondition(document.bytes == bytes, "the document must keep its bytes")
    return 0
}

// SwiftPM links an executable's entry point as `SpecwrightFuzz_main`; it hands the arguments to
// libFuzzer's driver with the callback above.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32) -> Int32

@_cdecl("SpecwrightFuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzz(data, size) }
}
