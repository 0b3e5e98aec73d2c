import Diagnostics
import EntitlementModel
import YAMLSource

extension ManifestDecoder {
    func decodeQuestions(_ node: YAMLNode, _ context: DecodingContext) -> [Question] {
        guard let items = context.list(node, "questions") else { return [] }
        return items.enumerated().compactMap { decodeQuestion($1, number: $0 + 1, context) }
    }

    private func decodeQuestion(_ node: YAMLNode, number: Int, _ context: DecodingContext) -> Question? {
        guard let fields = context.mapping(node, "question \(number)", as: .question),
            let text = fields.requiredString("text")
        else { return nil }
        var question = Question(
            text: text, localizations: fields.optional("localizations").map { decodeLocalizations($0, context) } ?? [],
            required: fields.bool("required", default: false), editable: fields.bool("editable", default: false),
            answer: fields.enumeration("answer", default: Question.Answer.shortText),
            multipleSelection: fields.bool("multipleSelection", default: false)
        )
        if let patternNode = fields.optional("pattern"), let pattern = context.string(patternNode, "'pattern'") {
            if question.answer == .choice {
                context.report(.questionFieldMismatch, "'pattern' applies to text answers, not choices", at: fields.keyRange("pattern"))
            } else if !Self.patternCompiles(pattern) {
                context.report(.questionPattern, "pattern '\(pattern)' is not a valid regular expression", at: patternNode.range)
            }
            question.pattern = pattern
        }
        if fields.has("multipleSelection"), question.answer != .choice {
            context.report(.questionFieldMismatch, "'multipleSelection' applies to choice answers only", at: fields.keyRange("multipleSelection"))
        }
        let choiceNodes = fields.optional("choices").flatMap { context.list($0, "choices") } ?? .empty
        switch question.answer {
        case .choice where choiceNodes.isEmpty:
            context.report(
                .questionChoices, "question \(number) expects a choice but lists no choices",
                at: fields.has("choices") ? fields.keyRange("choices") : fields.keyRange("answer"),
                hints: ["add 'choices: [{value: …, text: …}, …]'"]
            )
        case .shortText where !choiceNodes.isEmpty, .longText where !choiceNodes.isEmpty:
            context.report(.questionChoices, "choices are only for 'answer: choice'", at: fields.keyRange("choices"))
        default:
            break
        }
        var seen: [String: SourceRange] = [:]
        for choiceNode in choiceNodes {
            guard let choiceFields = context.mapping(choiceNode, "choice", as: .answerChoice),
                let value = choiceFields.requiredString("value"), let choiceText = choiceFields.requiredString("text")
            else { continue }
            if let first = seen[value] {
                context.report(
                    .questionChoiceDuplicate, "choice value '\(value)' appears twice", at: choiceFields.optional("value")?.range ?? choiceNode.range,
                    notes: [DiagnosticNote("first used here", at: context.location(first))]
                )
                continue
            }
            seen[value] = choiceFields.optional("value")?.range ?? choiceNode.range
            question.choices.append(
                AnswerChoice(
                    value: value, text: choiceText, localizations: choiceFields.optional("localizations").map { decodeLocalizations($0, context) } ?? [])
            )
        }
        return question
    }

    /// `localizations: { fr-FR: Quel projet ? }`: a mapping from language code to text. The same
    /// key twice is already a YAML error; language codes are case-insensitive (`fr-FR`, `fr-fr`),
    /// so two spellings of one language are caught here.
    private func decodeLocalizations(_ node: YAMLNode, _ context: DecodingContext) -> [LocalizedText] {
        guard case .mapping(let entries) = node.content else {
            context.report(.manifestType, "expected a mapping from language code to text for localizations, found \(node.kindDescription)", at: node.range)
            return []
        }
        var seen: [String: String] = [:]
        return entries.compactMap { entry in
            if let first = seen[entry.key.lowercased()] {
                context.report(
                    .localizationDuplicate, "'\(entry.key)' is the same language as '\(first)' (language codes ignore case)", at: entry.keyRange,
                    hints: ["keep one of them"])
                return nil
            }
            seen[entry.key.lowercased()] = entry.key
            return context.string(entry.value, "localization '\(entry.key)'").map { LocalizedText(languageCode: entry.key, text: $0) }
        }
    }

    /// Whether a requestor-answer pattern compiles. Graph evaluates .NET regular expressions;
    /// Swift's syntax shares the constructs answers need (classes, anchors, quantifiers, groups).
    static func patternCompiles(_ pattern: String) -> Bool {
        (try? Regex(pattern)) != nil
    }
}
