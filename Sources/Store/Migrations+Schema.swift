extension Migrations {
    /// The application's schema, in order. Append only: an applied migration is never edited (the
    /// runner stores a checksum and refuses a changed one).
    static let schema: [Migration] = [
        Migration(version: 100, name: "organizations, users, sessions, api tokens, sign-in failures", sql: """
            CREATE TABLE organizations (
                id          bigserial PRIMARY KEY,
                parent_id   bigint REFERENCES organizations(id),
                name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
                time_zone   text NOT NULL DEFAULT 'UTC',
                language    text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'pl', 'nl', 'de')),
                is_active   boolean NOT NULL DEFAULT true,
                created_at  timestamptz NOT NULL DEFAULT now(),
                CHECK (parent_id IS NULL OR parent_id <> id)
            );
            CREATE INDEX organizations_parent ON organizations (parent_id);

            CREATE TABLE users (
                id                  bigserial PRIMARY KEY,
                organization_id     bigint NOT NULL REFERENCES organizations(id),
                email               text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
                display_name        text NOT NULL DEFAULT '' CHECK (length(display_name) <= 100),
                password_hash       text NOT NULL,
                role                text NOT NULL CHECK (role IN ('admin', 'manager', 'viewer')),
                language            text CHECK (language IN ('en', 'pl', 'nl', 'de')),
                is_active           boolean NOT NULL DEFAULT true,
                created_at          timestamptz NOT NULL DEFAULT now(),
                password_changed_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE UNIQUE INDEX users_email_key ON users (email);
            CREATE INDEX users_organization ON users (organization_id);

            CREATE TABLE sessions (
                token_hash      text PRIMARY KEY,
                user_id         bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                organization_id bigint NOT NULL REFERENCES organizations(id),
                csrf_token      text NOT NULL,
                created_at      timestamptz NOT NULL DEFAULT now(),
                last_seen_at    timestamptz NOT NULL DEFAULT now(),
                expires_at      timestamptz NOT NULL
            );
            CREATE INDEX sessions_user ON sessions (user_id);

            CREATE TABLE api_tokens (
                id              bigserial PRIMARY KEY,
                user_id         bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                organization_id bigint NOT NULL REFERENCES organizations(id),
                name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
                token_hash      text NOT NULL UNIQUE,
                created_at      timestamptz NOT NULL DEFAULT now(),
                last_used_at    timestamptz,
                revoked_at      timestamptz
            );

            CREATE TABLE login_failures (
                id       bigserial PRIMARY KEY,
                email    text NOT NULL,
                address  text NOT NULL,
                at       timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX login_failures_email ON login_failures (email, at);
            CREATE INDEX login_failures_address ON login_failures (address, at);

            -- Row-level security: the application sets printercare.org_ids (a bigint[] literal) for each
            -- transaction; printercare.system = 'on' only for cross-tenant lookups that precede a scope.
            CREATE FUNCTION pc_scope() RETURNS bigint[] LANGUAGE sql STABLE AS $$
                SELECT COALESCE(NULLIF(current_setting('printercare.org_ids', true), ''), '{}')::bigint[]
            $$;
            CREATE FUNCTION pc_system() RETURNS boolean LANGUAGE sql STABLE AS $$
                SELECT COALESCE(current_setting('printercare.system', true), '') = 'on'
            $$;

            ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
            ALTER TABLE organizations FORCE ROW LEVEL SECURITY;
            CREATE POLICY tenant ON organizations
                USING (pc_system() OR id = ANY (pc_scope()))
                WITH CHECK (pc_system() OR id = ANY (pc_scope()));

            ALTER TABLE users ENABLE ROW LEVEL SECURITY;
            ALTER TABLE users FORCE ROW LEVEL SECURITY;
            CREATE POLICY tenant ON users
                USING (pc_system() OR organization_id = ANY (pc_scope()))
                WITH CHECK (pc_system() OR organization_id = ANY (pc_scope()));

            ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
            ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
            CREATE POLICY tenant ON sessions
                USING (pc_system() OR organization_id = ANY (pc_scope()))
                WITH CHECK (pc_system() OR organization_id = ANY (pc_scope()));

            ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;
            ALTER TABLE api_tokens FORCE ROW LEVEL SECURITY;
            CREATE POLICY tenant ON api_tokens
                USING (pc_system() OR organization_id = ANY (pc_scope()))
                WITH CHECK (pc_system() OR organization_id = ANY (pc_scope()));

            -- Not tenant data (keyed by e-mail and address before anyone is known): system only.
            ALTER TABLE login_failures ENABLE ROW LEVEL SECURITY;
            ALTER TABLE login_failures FORCE ROW LEVEL SECURITY;
            CREATE POLICY system_only ON login_failures USING (pc_system()) WITH CHECK (pc_system());
            """),
    ]
}
