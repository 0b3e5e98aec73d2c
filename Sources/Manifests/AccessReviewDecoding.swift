import Diagnostics
import EntitlementModel
import YAMLSource

extension ManifestDecoder {
    func decodeAccessReviews(_ node: YAMLNode, _ context: DecodingContext) -> AccessReviewSettings? {
        guard let fields = context.mapping(node, "accessReviews", as: .accessReviews) else { return nil }
        let startingNode = fields.required("starting")
        let reviewersNode = fields.required("reviewers")
        let starting = startingNode.flatMap { context.date($0, "'starting'") }
        var reviewers: AccessReviewSettings.Reviewers?
        if let reviewersNode {
            if case .scalar(let scalar) = reviewersNode.content, scalar.value == "self" {
                reviewers = .self
            } else if case .scalar = reviewersNode.content {
                context.report(.manifestSubject, "reviewers is 'self' or a list of subjects", at: reviewersNode.range)
            } else {
                reviewers = .subjects(context.subjects(reviewersNode, "reviewers", in: .reviewers))
                if case .sequence(let items) = reviewersNode.content, items.isEmpty {
                    context.report(.manifestEmpty, "reviewers must be 'self' or at least one subject", at: reviewersNode.range)
                }
            }
        }
        guard let starting, let reviewers else { return nil }
        let settings = AccessReviewSettings(
            starting: starting, recurrence: fields.enumeration("recurrence", default: AccessReviewSettings.Recurrence.quarterly),
            duration: fields.duration("duration", default: .days(14)), reviewers: reviewers,
            fallbackReviewers: fields.optional("fallbackReviewers").map { context.subjects($0, "fallbackReviewers", in: .reviewers) } ?? [],
            onNoResponse: fields.enumeration("onNoResponse", default: AccessReviewSettings.NoResponse.keepAccess),
            recommendations: fields.bool("recommendations", default: true), reviewerJustification: fields.bool("reviewerJustification", default: true)
        )
        if settings.duration >= settings.recurrence.shortestPeriod || settings.duration.seconds <= 0 {
            context.report(
                .reviewDuration,
                "each review must close before the next starts: \(settings.duration.shorthand) does not fit a \(settings.recurrence.rawValue) recurrence",
                at: fields.optional("duration")?.range ?? fields.keyRange("recurrence")
            )
        }
        return settings
    }
}
