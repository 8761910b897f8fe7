import ArgumentParser

@main
struct Specwright: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "specwright", abstract: "Specs as engineering artifacts.")
}
