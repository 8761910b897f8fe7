import Foundation
import MCP
import SpecwrightCore

extension SpecwrightMCPServer {
    static let specScheme = "specwright://workspace/"
    static let templateScheme = "specwright://templates/"

    func resources() -> [Resource] {
        let folder = FileManager.default.fileExists(atPath: workspace.specsDirectory.path) ? workspace.specsDirectory : paths.root
        let (files, _) = SpecInput.expand([folder.path])
        let specs = files.map { file in
            let relative = paths.relative(file.url)
            return Resource(name: relative, uri: Self.specScheme + relative, description: "Spec \(relative)", mimeType: "text/markdown")
        }
        let templates = checker.catalog.templates.map { template in
            Resource(name: "template \(template.name)", uri: Self.templateScheme + template.name, description: template.summary, mimeType: "text/markdown")
        }
        return specs + templates
    }

    func readResource(_ uri: String) throws -> Resource.Content {
        if uri.hasPrefix(Self.specScheme) {
            let spec = try open(String(uri.dropFirst(Self.specScheme.count))).1.spec
            return .text(spec.document.text, uri: uri, mimeType: "text/markdown")
        }
        if uri.hasPrefix(Self.templateScheme), let template = checker.catalog.template(named: String(uri.dropFirst(Self.templateScheme.count))) {
            return .text(template.document.text, uri: uri, mimeType: "text/markdown")
        }
        throw MCPError.invalidParams("unknown resource \(uri); see resources/list")
    }
}
