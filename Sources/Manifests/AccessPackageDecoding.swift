import Diagnostics
import EntitlementModel
import YAMLSource

extension ManifestDecoder {
    func decodeAccessPackage(name: String, _ node: YAMLNode, _ context: DecodingContext, sites: inout PackageSites) -> AccessPackage? {
        guard let spec = context.mapping(node, "AccessPackage spec", as: .accessPackageSpec),
            let displayName = spec.requiredString("displayName")
        else { return nil }
        var catalog = Catalog.generalDisplayName
        if let catalogNode = spec.optional("catalog"), let value = context.string(catalogNode, "'catalog'") {
            catalog = value
            context.noteReference(Reference(.catalog, value), at: catalogNode.range)
        }
        var package = AccessPackage(
            name: name, displayName: displayName, description: spec.string("description", default: ""), catalog: catalog,
            hidden: spec.bool("hidden", default: false)
        )
        if let rolesNode = spec.optional("resourceRoles") {
            package.resourceRoles = decodeResourceRoles(rolesNode, context)
        }
        if let incompatibleNode = spec.optional("incompatibleWith") {
            package.incompatibleWith = decodeIncompatibilities(incompatibleNode, packageName: name, context)
        }
        if let policiesNode = spec.optional("policies"), let items = context.list(policiesNode, "policies") {
            var automaticRange: SourceRange?
            for item in items {
                guard let (policy, nameRange, scopeRange) = decodePolicy(item, context) else { continue }
                if let first = sites.policyNames[policy.name] {
                    context.report(
                        .nameDuplicate, "access package '\(name)' already has a policy named '\(policy.name)'", at: nameRange,
                        notes: [DiagnosticNote("first declared here", at: first)]
                    )
                    continue
                }
                sites.policyNames[policy.name] = context.location(nameRange)
                if policy.requestors.scope.isExternal, let scopeRange { sites.externalScopes[policy.name] = context.location(scopeRange) }
                if policy.automaticAssignment != nil {
                    if let automaticRange {
                        context.report(
                            .automaticAssignmentMultiple, "an access package can have only one automatic-assignment policy", at: nameRange,
                            notes: [DiagnosticNote("the first one is here", at: context.location(automaticRange))]
                        )
                    }
                    automaticRange = automaticRange ?? nameRange
                }
                package.policies.append(policy)
            }
            if package.policies.count > 10 {
                context.report(
                    .packagePolicyLimit, "\(package.policies.count) policies exceed the service's default limit of 10 per access package",
                    at: spec.keyRange("policies"), hints: ["Microsoft support can raise the limit; otherwise split the package"]
                )
            }
        }
        return package
    }

    private func decodeResourceRoles(_ node: YAMLNode, _ context: DecodingContext) -> [ResourceRole] {
        guard let items = context.list(node, "resourceRoles") else { return [] }
        var seen: [ResourceRole: SourceRange] = [:]
        var roles: [ResourceRole] = []
        for item in items {
            guard let fields = context.mapping(item, "resource role", as: .resourceRole),
                let resource = resourceReference(in: fields, context),
                let roleNode = fields.required("role"), let roleName = context.string(roleNode, "'role'")
            else { continue }
            if case .group = resource, roleName != "Member", roleName != "Owner" {
                let hints = Suggestions.hint(for: roleName, in: ["Member", "Owner"]).map { [$0] } ?? []
                context.report(.resourceRoleGroupRole, "a group's role is Member or Owner, not '\(roleName)'", at: roleNode.range, hints: hints)
                continue
            }
            let role = ResourceRole(resource: resource, role: roleName)
            if let first = seen[role] {
                context.report(
                    .resourceRoleDuplicate, "role '\(roleName)' of \(resource.key) '\(resource.name)' is listed twice", at: item.range,
                    notes: [DiagnosticNote("first listed here", at: context.location(first))]
                )
                continue
            }
            seen[role] = item.range
            roles.append(role)
        }
        return roles
    }

    private func decodeIncompatibilities(_ node: YAMLNode, packageName: String, _ context: DecodingContext) -> Incompatibilities {
        guard let fields = context.mapping(node, "incompatibleWith", as: .incompatibleWith) else { return Incompatibilities() }
        var result = Incompatibilities()
        if let packagesNode = fields.optional("accessPackages"), let items = context.list(packagesNode, "incompatibleWith.accessPackages") {
            for item in items {
                guard let other = context.string(item, "an access package name") else { continue }
                if other == packageName {
                    context.report(.incompatibleSelf, "an access package cannot be incompatible with itself", at: item.range)
                    continue
                }
                context.noteReference(Reference(.accessPackage, other), at: item.range)
                result.accessPackages.append(other)
            }
        }
        if let groupsNode = fields.optional("groups"), let items = context.list(groupsNode, "incompatibleWith.groups") {
            for item in items {
                guard let group = context.string(item, "a group") else { continue }
                context.noteReference(Reference(.group, group), at: item.range)
                result.groups.append(group)
            }
        }
        return result
    }
}
