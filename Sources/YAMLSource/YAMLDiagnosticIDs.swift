import Diagnostics

extension DiagnosticID {
    /// libyaml could not parse the text.
    public static let yamlSyntax: DiagnosticID = "E-YAML-SYNTAX"
    /// The file is not valid UTF-8.
    public static let yamlInvalidUTF8: DiagnosticID = "E-YAML-INVALID-UTF8"
    /// The file holds no YAML document.
    public static let yamlEmptyFile: DiagnosticID = "E-YAML-EMPTY-FILE"
    /// A document between `---` markers is empty.
    public static let yamlEmptyDocument: DiagnosticID = "W-YAML-EMPTY-DOCUMENT"
    /// The file exceeds the size limit.
    public static let yamlFileTooLarge: DiagnosticID = "E-YAML-FILE-TOO-LARGE"
    /// Nesting exceeds the depth limit.
    public static let yamlTooDeep: DiagnosticID = "E-YAML-TOO-DEEP"
    /// Aliases expand past the node budget (an alias bomb).
    public static let yamlAliasBudget: DiagnosticID = "E-YAML-ALIAS-BUDGET"
    /// An alias names an anchor that was never defined.
    public static let yamlUnknownAlias: DiagnosticID = "E-YAML-UNKNOWN-ALIAS"
    /// A mapping key appears twice.
    public static let yamlDuplicateKey: DiagnosticID = "E-YAML-DUPLICATE-KEY"
    /// A tag other than the core-schema tags.
    public static let yamlUnknownTag: DiagnosticID = "E-YAML-UNKNOWN-TAG"
    /// A mapping key that is not a scalar (or is null).
    public static let yamlComplexKey: DiagnosticID = "E-YAML-COMPLEX-KEY"
    /// A value holds a NUL character (the `\0` escape).
    public static let yamlNulCharacter: DiagnosticID = "E-YAML-NUL-CHARACTER"
}
