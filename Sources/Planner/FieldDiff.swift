import EntitlementModel

/// The field-level differences between two canonical specs.
///
/// Objects compare field by field; ordered lists (stages, questions, choices) position by position;
/// sets (approvers, sponsors, resource roles) as wholes, so a reordered set is no change and a
/// changed set is one field change whose before and after show what was added and removed.
public enum FieldDiff {
    /// The changed fields from `before` to `after`, in canonical field order.
    public static func changes(from before: CanonicalValue, to after: CanonicalValue) -> [FieldChange] {
        var changes: [FieldChange] = []
        diff(before, after, path: "", into: &changes)
        return changes
    }

    private static func diff(_ before: CanonicalValue, _ after: CanonicalValue, path: String, into changes: inout [FieldChange]) {
        guard before != after else { return }
        switch (before, after) {
        case (.object(let old), .object(let new)):
            let oldByName = Dictionary(old.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
            let newNames = Set(new.map(\.name))
            for field in new {
                let fieldPath = path.isEmpty ? field.name : path + "." + field.name
                if let oldValue = oldByName[field.name] {
                    diff(oldValue, field.value, path: fieldPath, into: &changes)
                } else {
                    changes.append(FieldChange(path: fieldPath, before: nil, after: field.value))
                }
            }
            for field in old where !newNames.contains(field.name) {
                changes.append(FieldChange(path: path.isEmpty ? field.name : path + "." + field.name, before: field.value, after: nil))
            }
        case (.list(let old), .list(let new)):
            for index in 0..<max(old.count, new.count) {
                let itemPath = "\(path)[\(index)]"
                switch (index < old.count ? old[index] : nil, index < new.count ? new[index] : nil) {
                case (let oldItem?, let newItem?): diff(oldItem, newItem, path: itemPath, into: &changes)
                case (let oldItem, let newItem): changes.append(FieldChange(path: itemPath, before: oldItem, after: newItem))
                }
            }
        default:
            changes.append(FieldChange(path: path, before: before, after: after))
        }
    }
}
