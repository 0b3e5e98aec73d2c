/// The tenant-wide lifecycle of external users (Graph `entitlementManagementSettings`).
public struct EntitlementSettings: Hashable, Sendable, CanonicalEncodable {
    /// Graph `accessPackageExternalUserLifecycleAction`: what happens when an external user's last
    /// assignment ends.
    public enum Lifecycle: String, CaseIterable, Hashable, Sendable {
        /// Nothing.
        case none
        /// Block sign-in.
        case blockSignIn
        /// Block sign-in, then delete the user.
        case blockSignInAndDelete
    }

    /// The manifest name (one EntitlementSettings per store).
    public var name: String
    /// `externalUserLifecycleAction`.
    public var externalUserLifecycle: Lifecycle
    /// `durationUntilExternalUserDeletedAfterBlocked`.
    public var deleteExternalUsersAfter: ISODuration

    /// Creates settings; defaults are the service's (block, then delete after 30 days).
    public init(name: String, externalUserLifecycle: Lifecycle = .blockSignInAndDelete, deleteExternalUsersAfter: ISODuration = .days(30)) {
        self.name = name
        self.externalUserLifecycle = externalUserLifecycle
        self.deleteExternalUsersAfter = deleteExternalUsersAfter
    }

    /// The canonical spec.
    public var canonicalValue: CanonicalValue {
        .fields([
            "externalUserLifecycle": .string(externalUserLifecycle.rawValue),
            "deleteExternalUsersAfter": .string(deleteExternalUsersAfter.iso8601),
        ])
    }
}
