/// Recurring reviews of a policy's assignments (Graph `accessPackageAssignmentReviewSettings`).
public struct AccessReviewSettings: Hashable, Sendable, CanonicalEncodable {
    /// How often reviews recur.
    public enum Recurrence: String, CaseIterable, Hashable, Sendable {
        /// Every week.
        case weekly
        /// Every month.
        case monthly
        /// Every three months.
        case quarterly
        /// Every six months (portal "Bi-annually").
        case halfYearly
        /// Every year.
        case annually

        /// The shortest length of one period, so a review's duration can be checked against it.
        public var shortestPeriod: ISODuration {
            switch self {
            case .weekly: .days(7)
            case .monthly: .days(28)
            case .quarterly: .days(89)
            case .halfYearly: .days(181)
            case .annually: .days(365)
            }
        }
    }

    /// What happens when reviewers do not respond (Graph `accessReviewExpirationBehavior`).
    public enum NoResponse: String, CaseIterable, Hashable, Sendable {
        /// Keep access ("No change").
        case keepAccess
        /// Remove access.
        case removeAccess
        /// Apply the system's recommendation (`acceptAccessRecommendation`).
        case acceptRecommendation
    }

    /// Who reviews.
    public enum Reviewers: Hashable, Sendable, CanonicalEncodable {
        /// Assignees review their own access (`isSelfReview`).
        case `self`
        /// The listed subjects review (`primaryReviewers`).
        case subjects([Subject])

        /// `"self"` or a set of subjects.
        public var canonicalValue: CanonicalValue {
            switch self {
            case .self: .string("self")
            case .subjects(let subjects): subjects.canonicalSet
            }
        }
    }

    /// The first review's start (`schedule.startDateTime`).
    public var starting: ISODateTime
    /// How often reviews recur (`schedule.recurrence`).
    public var recurrence: Recurrence
    /// How long each review stays open (`schedule.expiration`).
    public var duration: ISODuration
    /// Who reviews.
    public var reviewers: Reviewers
    /// `fallbackReviewers`.
    public var fallbackReviewers: [Subject]
    /// `expirationBehavior`.
    public var onNoResponse: NoResponse
    /// `isRecommendationEnabled`.
    public var recommendations: Bool
    /// `isReviewerJustificationRequired`.
    public var reviewerJustification: Bool

    /// Creates review settings.
    public init(
        starting: ISODateTime, recurrence: Recurrence = .quarterly, duration: ISODuration = .days(14), reviewers: Reviewers,
        fallbackReviewers: [Subject] = [], onNoResponse: NoResponse = .keepAccess, recommendations: Bool = true,
        reviewerJustification: Bool = true
    ) {
        self.starting = starting
        self.recurrence = recurrence
        self.duration = duration
        self.reviewers = reviewers
        self.fallbackReviewers = fallbackReviewers
        self.onNoResponse = onNoResponse
        self.recommendations = recommendations
        self.reviewerJustification = reviewerJustification
    }

    /// The canonical spec.
    public var canonicalValue: CanonicalValue {
        .fields([
            "starting": .string(starting.iso8601),
            "recurrence": .string(recurrence.rawValue),
            "duration": .string(duration.iso8601),
            "reviewers": reviewers.canonicalValue,
            "fallbackReviewers": fallbackReviewers.canonicalSet,
            "onNoResponse": .string(onNoResponse.rawValue),
            "recommendations": .bool(recommendations),
            "reviewerJustification": .bool(reviewerJustification),
        ])
    }
}
