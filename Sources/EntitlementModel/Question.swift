/// A question asked of requestors ("Requestor information"); its position in the policy's list is
/// its `sequence` (Graph `accessPackageTextInputQuestion` / `accessPackageMultipleChoiceQuestion`).
public struct Question: Hashable, Sendable, CanonicalEncodable {
    /// The kind of answer expected.
    public enum Answer: String, CaseIterable, Hashable, Sendable {
        /// One line of text (`isSingleLineQuestion: true`).
        case shortText
        /// Several lines of text (`isSingleLineQuestion: false`).
        case longText
        /// A choice among `choices` (a multiple-choice question).
        case choice
    }

    /// `text`: the question in the default language.
    public var text: String
    /// `localizations`: the question in other languages.
    public var localizations: [LocalizedText]
    /// `isRequired`.
    public var required: Bool
    /// `isAnswerEditable`: approvers may edit the answer.
    public var editable: Bool
    /// The kind of answer.
    public var answer: Answer
    /// `regexPattern` a text answer must match.
    public var pattern: String?
    /// `choices` of a choice question, in order.
    public var choices: [AnswerChoice]
    /// `isMultipleSelectionAllowed` of a choice question.
    public var multipleSelection: Bool

    /// Creates a question.
    public init(
        text: String, localizations: [LocalizedText] = [], required: Bool = false, editable: Bool = false,
        answer: Answer = .shortText, pattern: String? = nil, choices: [AnswerChoice] = [], multipleSelection: Bool = false
    ) {
        self.text = text
        self.localizations = localizations
        self.required = required
        self.editable = editable
        self.answer = answer
        self.pattern = pattern
        self.choices = choices
        self.multipleSelection = multipleSelection
    }

    /// The canonical spec; localizations are a set keyed by language, choices are ordered.
    public var canonicalValue: CanonicalValue {
        .fields([
            "text": .string(text),
            "localizations": .unordered(localizations.map(\.canonicalValue)),
            "required": .bool(required),
            "editable": .bool(editable),
            "answer": .string(answer.rawValue),
            "pattern": .optional(pattern),
            "choices": .list(choices.map(\.canonicalValue)),
            "multipleSelection": .bool(multipleSelection),
        ])
    }
}

/// Text in one language (Graph `accessPackageLocalizedText`).
public struct LocalizedText: Hashable, Sendable, CanonicalEncodable {
    /// A language code such as `fr-FR`.
    public var languageCode: String
    /// The text in that language.
    public var text: String

    /// Creates a localized text.
    public init(languageCode: String, text: String) {
        self.languageCode = languageCode
        self.text = text
    }

    /// `{"languageCode", "text"}`.
    public var canonicalValue: CanonicalValue {
        .fields(["languageCode": .string(languageCode), "text": .string(text)])
    }
}

/// One choice of a choice question (Graph `accessPackageAnswerChoice`).
public struct AnswerChoice: Hashable, Sendable, CanonicalEncodable {
    /// `actualValue`: what is recorded.
    public var value: String
    /// `text`: what requestors see.
    public var text: String
    /// `localizations` of the text.
    public var localizations: [LocalizedText]

    /// Creates a choice.
    public init(value: String, text: String, localizations: [LocalizedText] = []) {
        self.value = value
        self.text = text
        self.localizations = localizations
    }

    /// The canonical spec.
    public var canonicalValue: CanonicalValue {
        .fields(["value": .string(value), "text": .string(text), "localizations": .unordered(localizations.map(\.canonicalValue))])
    }
}
