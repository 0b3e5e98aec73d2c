/// The SQLite store's schema, as numbered migrations. `PRAGMA user_version` records how many have
/// run; each runs inside the transaction that creates or upgrades the store, so a store is never
/// half migrated. Released migrations never change: add a new one.
enum SQLiteSchema {
    /// The newest schema version this entitle knows.
    static var version: Int { migrations.count }

    static let migrations: [String] = [
        // 1: the first schema.
        """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) STRICT;
        CREATE TABLE objects (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('connectedOrganization', 'catalog', 'catalogResource', 'accessPackage', 'policy', 'settings')),
            parent_id TEXT REFERENCES objects (id) ON DELETE RESTRICT,
            display_name TEXT NOT NULL,
            spec TEXT NOT NULL CHECK (json_valid(spec)),
            built_in INTEGER NOT NULL DEFAULT 0 CHECK (built_in IN (0, 1))
        ) STRICT;
        CREATE INDEX objects_by_parent ON objects (parent_id);
        CREATE TABLE inventory (
            address TEXT PRIMARY KEY,
            object_id TEXT NOT NULL,
            spec TEXT NOT NULL CHECK (json_valid(spec)),
            serial INTEGER NOT NULL,
            tool_version TEXT NOT NULL
        ) STRICT;
        CREATE TABLE directory (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('user', 'group', 'application', 'site')),
            display_name TEXT NOT NULL,
            user_principal_name TEXT,
            url TEXT,
            external INTEGER NOT NULL DEFAULT 0,
            dynamic INTEGER NOT NULL DEFAULT 0,
            roles TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(roles))
        ) STRICT;
        -- Active ('delivered') assignments block deletes in the planner; ended ones go with their package.
        CREATE TABLE assignments (
            id TEXT PRIMARY KEY,
            access_package_id TEXT NOT NULL REFERENCES objects (id) ON DELETE CASCADE,
            policy_id TEXT REFERENCES objects (id) ON DELETE CASCADE,
            target_id TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'delivered'
        ) STRICT;
        CREATE TABLE journal (
            serial INTEGER PRIMARY KEY,
            applied_at TEXT NOT NULL,
            user TEXT NOT NULL,
            host TEXT NOT NULL,
            tool_version TEXT NOT NULL,
            plan_digest TEXT NOT NULL,
            summary TEXT NOT NULL,
            changes TEXT NOT NULL CHECK (json_valid(changes))
        ) STRICT;
        """,
        // 2: calls to a live tenant recorded before they are made (a tenant's state; see
        // PendingOperation). The apply's lease is the `meta` row `lease`.
        """
        CREATE TABLE pending (
            address TEXT PRIMARY KEY,
            operation TEXT NOT NULL CHECK (json_valid(operation))
        ) STRICT;
        """,
    ]
}
