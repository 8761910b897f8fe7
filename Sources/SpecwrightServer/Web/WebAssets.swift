import Foundation
import Hummingbird
import SpecwrightCore

/// The web app's stylesheet and scripts, embedded in the binary and served under names that
/// carry a hash of their content (`app.1a2b3c4d.css`), so browsers may cache them for a year:
/// a new build gives changed files new names.
struct WebAssets: Sendable {
    struct Asset: Sendable {
        var name: String
        var contentType: String
        var body: ByteBuffer
    }

    private(set) var byName: [String: Asset] = [:]
    /// The served path of each asset by its source name (`app.css` → `/assets/app.1a2b3c4d.css`).
    private(set) var paths: [String: String] = [:]

    init() {
        add("app.css", PackageResources.app_css, "text/css; charset=utf-8")
        add("app.js", PackageResources.app_js, "text/javascript; charset=utf-8")
        add("editor.js", PackageResources.editor_js, "text/javascript; charset=utf-8")
        add("icon.svg", PackageResources.icon_svg, "image/svg+xml")
    }

    private mutating func add(_ source: String, _ bytes: [UInt8], _ contentType: String) {
        let dot = source.lastIndex(of: ".")!
        let name = "\(source[..<dot]).\(SHA256.hex(bytes).prefix(8))\(source[dot...])"
        byName[name] = Asset(name: name, contentType: contentType, body: ByteBuffer(bytes: bytes))
        paths[source] = "/assets/" + name
    }

    func path(_ source: String) -> String { paths[source]! }
}
