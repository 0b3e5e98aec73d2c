/// The PostgreSQL store's schema: the SQLite store's logical schema, with JSONB specs. Numbered
/// migrations, each a list of statements; the meta row `schemaVersion` records how many have run.
/// They run in one transaction with the creation of the schema, so a store is never half migrated.
/// Released migrations never change: add a new one.
///
/// Specs are kept twice: `spec_text`, the exact canonical JSON text entitle compares and hashes
/// (JSONB would reorder the fields of every object), and `spec`, JSONB generated from it, for
/// people who query the store (`spec->>'displayName'`). The journal's changes likewise.
///
/// Text keys use the "C" collation, so rows come back in the same (byte) order as from SQLite,
/// whatever the database's locale.
enum PostgresSchema {
    /// The newest schema version this entitle knows.
    static var version: Int { migrations.count }

    static let migrations: [[String]] = [
        // 1: the first schema.
        [
            """
            CREATE TABLE meta (
                key TEXT COLLATE "C" PRIMARY KEY,
                value TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE objects (
                id TEXT COLLATE "C" PRIMARY KEY,
                kind TEXT NOT NULL CHECK (kind IN ('connectedOrganization', 'catalog', 'catalogResource', 'accessPackage', 'policy', 'settings')),
                parent_id TEXT COLLATE "C" REFERENCES objects (id) ON DELETE RESTRICT,
                display_name TEXT NOT NULL,
                spec_text TEXT NOT NULL,
                spec JSONB NOT NULL GENERATED ALWAYS AS (spec_text::jsonb) STORED,
                built_in BOOLEAN NOT NULL DEFAULT false
            )
            """,
            "CREATE INDEX objects_by_parent ON objects (parent_id)",
            """
            CREATE TABLE inventory (
                address TEXT COLLATE "C" PRIMARY KEY,
                object_id TEXT COLLATE "C" NOT NULL,
                spec_text TEXT NOT NULL,
                spec JSONB NOT NULL GENERATED ALWAYS AS (spec_text::jsonb) STORED,
                serial BIGINT NOT NULL,
                tool_version TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE directory (
                id TEXT COLLATE "C" PRIMARY KEY,
                kind TEXT NOT NULL CHECK (kind IN ('user', 'group', 'application', 'site')),
                display_name TEXT NOT NULL,
                user_principal_name TEXT,
                url TEXT,
                external BOOLEAN NOT NULL DEFAULT false,
                dynamic BOOLEAN NOT NULL DEFAULT false,
                roles JSONB NOT NULL DEFAULT '[]'
            )
            """,
            // Active ('delivered') assignments block deletes in the planner; ended ones go with their package.
            """
            CREATE TABLE assignments (
                id TEXT COLLATE "C" PRIMARY KEY,
                access_package_id TEXT COLLATE "C" NOT NULL REFERENCES objects (id) ON DELETE CASCADE,
                policy_id TEXT COLLATE "C" REFERENCES objects (id) ON DELETE CASCADE,
                target_id TEXT NOT NULL,
                state TEXT NOT NULL DEFAULT 'delivered'
            )
            """,
            """
            CREATE TABLE journal (
                serial BIGINT PRIMARY KEY,
                applied_at TEXT NOT NULL,
                "user" TEXT NOT NULL,
                host TEXT NOT NULL,
                tool_version TEXT NOT NULL,
                plan_digest TEXT NOT NULL,
                summary TEXT NOT NULL,
                changes_text TEXT NOT NULL,
                changes JSONB NOT NULL GENERATED ALWAYS AS (changes_text::jsonb) STORED
            )
            """,
        ],
        // 2: calls to a live tenant recorded before they are made (a tenant's state; see
        // PendingOperation). The apply's lease is the `meta` row `lease`.
        [
            """
            CREATE TABLE pending (
                address TEXT COLLATE "C" PRIMARY KEY,
                operation_text TEXT NOT NULL
            )
            """
        ],
    ]
}
