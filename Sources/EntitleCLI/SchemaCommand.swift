import ArgumentParser

/// `entitle schema`: print the JSON Schema of the manifest format.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft-07) of the manifest format.",
        discussion: """
            The schema gives editors completion and hover help (each field names the portal \
            setting it controls) and lets CI check shape with any JSON Schema validator. It checks \
            shape only; 'entitle validate' also checks the semantic rules.

            Examples:
              entitle schema > entitle.schema.json
              # first line of a manifest, for VS Code's YAML extension:
              # yaml-language-server: $schema=../schemas/entitle.schema.json
            """
    )

    func run() throws {
        Terminal.out(EmbeddedSchema.text)
    }
}
