import EntitlementModel
import PostgresNIO
import Store

/// The statements that write rows, built from the values they store. Values always travel as
/// bind parameters (PostgresQuery's interpolation), never spliced into the SQL text.
enum PostgresQueries {
    /// One statement inserting one object.
    static func insertObject(_ object: LiveObject) -> PostgresQuery {
        """
        INSERT INTO objects (id, kind, parent_id, display_name, spec_text, built_in)
        VALUES (\(object.id), \(object.kind.rawValue), \(object.parentID), \(object.displayName), \(object.spec.jsonText()), \(object.isBuiltIn))
        """
    }

    /// Rows per multi-row insert: big enough that statement overhead vanishes, small enough to
    /// keep each statement a few megabytes.
    static let rowsPerInsert = 1000

    /// One statement inserting many objects: the rows travel as one JSON parameter, the exact spec
    /// text as a JSON string in it. (Parents come first in the list; the foreign key is checked at
    /// the end of the statement anyway.)
    static func insertObjects(_ objects: ArraySlice<LiveObject>) -> PostgresQuery {
        let rows = CanonicalValue.list(
            objects.map { object in
                .fields([
                    "id": .string(object.id), "kind": .string(object.kind.rawValue), "parent_id": object.parentID.map(CanonicalValue.string) ?? .null,
                    "display_name": .string(object.displayName), "spec_text": .string(object.spec.jsonText()), "built_in": .bool(object.isBuiltIn),
                ])
            }
        ).jsonText()
        return """
            INSERT INTO objects (id, kind, parent_id, display_name, spec_text, built_in)
            SELECT id, kind, parent_id, display_name, spec_text, built_in FROM json_to_recordset(\(rows)::json)
                AS r (id text, kind text, parent_id text, display_name text, spec_text text, built_in boolean)
            """
    }

    /// One statement recording many inventory entries (`upsert`: replacing those already there).
    static func putInventory(_ entries: ArraySlice<InventoryEntry>, upsert: Bool) -> PostgresQuery {
        let rows = CanonicalValue.list(
            entries.map { entry in
                .fields([
                    "address": .string(entry.address.description), "object_id": .string(entry.objectID), "spec_text": .string(entry.spec.jsonText()),
                    "serial": .int(entry.serial), "tool_version": .string(entry.toolVersion),
                ])
            }
        ).jsonText()
        let conflict =
            upsert
            ? """
            ON CONFLICT (address) DO UPDATE SET object_id = excluded.object_id, spec_text = excluded.spec_text,
                serial = excluded.serial, tool_version = excluded.tool_version
            """ : ""
        return """
            INSERT INTO inventory (address, object_id, spec_text, serial, tool_version)
            SELECT address, object_id, spec_text, serial, tool_version FROM json_to_recordset(\(rows)::json)
                AS r (address text, object_id text, spec_text text, serial bigint, tool_version text)
            \(unescaped: conflict)
            """
    }

    /// One statement recording a journal entry under `serial`.
    static func insertJournal(_ entry: JournalEntry, serial: Int) -> PostgresQuery {
        """
        INSERT INTO journal (serial, applied_at, "user", host, tool_version, plan_digest, summary, changes_text)
        VALUES (\(serial), \(entry.appliedAt), \(entry.user), \(entry.host), \(entry.toolVersion), \(entry.planDigest), \(entry.summary),
            \(entry.changes.jsonText()))
        """
    }

    /// One statement adding a directory object, or replacing the one with its id.
    static func upsertDirectory(_ object: DirectoryObject) -> PostgresQuery {
        """
        INSERT INTO directory (id, kind, display_name, user_principal_name, url, external, dynamic, roles)
        VALUES (\(object.id), \(object.kind.rawValue), \(object.displayName), \(object.userPrincipalName), \(object.url), \(object.external),
            \(object.dynamic), \(StoredJSON.rolesText(object.roles))::jsonb)
        ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, display_name = excluded.display_name,
            user_principal_name = excluded.user_principal_name, url = excluded.url, external = excluded.external,
            dynamic = excluded.dynamic, roles = excluded.roles
        """
    }
}
