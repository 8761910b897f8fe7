import Foundation
import SpecwrightCore
import Testing

@testable import SpecwrightServer

/// Settings come from flags, then the environment, then `specwright.yml`, and bad values are refused by name.
@Suite("Server configuration")
struct ServerConfigurationTests {
    static let overrides = ServerConfiguration.Overrides(host: nil, port: nil, databasePath: "db", bodyLimit: nil)

    static func settings(_ json: String) throws -> WorkspaceConfig.ServerSettings {
        try JSONDecoder().decode(WorkspaceConfig.ServerSettings.self, from: Data(json.utf8))
    }

    @Test("the spec cache is 64 MiB unless server.spec-cache-mb or SPECWRIGHT_SPEC_CACHE_MB (which wins) says otherwise")
    func specCache() throws {
        #expect(try ServerConfiguration.resolve(Self.overrides, environment: [:], settings: nil).specCacheBytes == 64 << 20)
        let configured = try Self.settings(#"{"spec-cache-mb": 512}"#)
        #expect(try ServerConfiguration.resolve(Self.overrides, environment: [:], settings: configured).specCacheBytes == 512 << 20)
        let environment = ["SPECWRIGHT_SPEC_CACHE_MB": "8"]
        #expect(try ServerConfiguration.resolve(Self.overrides, environment: environment, settings: configured).specCacheBytes == 8 << 20)
    }

    @Test("a spec cache that is not a whole number of MiB from 1 to 65536 is refused, naming where it came from")
    func badSpecCache() throws {
        for value in ["0", "70000", "big"] {
            let error = #expect(throws: SpecwrightError.self) {
                _ = try ServerConfiguration.resolve(Self.overrides, environment: ["SPECWRIGHT_SPEC_CACHE_MB": value], settings: nil)
            }
            #expect(String(describing: error).contains("SPECWRIGHT_SPEC_CACHE_MB"))
        }
        #expect(throws: SpecwrightError.self) { _ = try ServerConfiguration.resolve(Self.overrides, environment: [:], settings: try Self.settings(#"{"spec-cache-mb": -1}"#)) }
    }
}
