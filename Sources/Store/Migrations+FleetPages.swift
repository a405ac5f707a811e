extension Migrations {
    /// What the fleet pages need (issue 6): each device's status and supply gauges worked out at ingest,
    /// the fields a user edits on a device, acknowledged alerts, range exclusions, discovery progress,
    /// and an organization's look and thresholds.
    static let fleetPages: [Migration] = [
        Migration(version: 102, name: "device status and gauges, user fields, alert acknowledgement, range exclusions, progress, settings", sql: """
            ALTER TABLE devices
                ADD COLUMN status text NOT NULL DEFAULT 'online' CHECK (status IN ('online', 'warning', 'error', 'offline')),
                ADD COLUMN supply_gauges jsonb NOT NULL DEFAULT '[]',
                ADD COLUMN lowest_supply_percent integer,
                ADD COLUMN asset_number text CHECK (length(asset_number) <= 100),
                ADD COLUMN location_note text CHECK (length(location_note) <= 500),
                ADD COLUMN custom_fields jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(custom_fields) = 'object');
            UPDATE devices SET status = 'offline' WHERE NOT is_online;
            CREATE INDEX devices_organization_status ON devices (organization_id, status);
            CREATE INDEX devices_organization_seen ON devices (organization_id, latest_reading_at DESC NULLS LAST);

            ALTER TABLE device_alerts
                ADD COLUMN acknowledged_at timestamptz,
                ADD COLUMN acknowledged_by bigint REFERENCES users(id);
            CREATE INDEX device_alerts_organization ON device_alerts (organization_id, opened_at DESC);
            CREATE INDEX device_alerts_device ON device_alerts (device_id, opened_at DESC);

            ALTER TABLE address_ranges
                ADD COLUMN exclusions text[] NOT NULL DEFAULT '{}' CHECK (cardinality(exclusions) <= 256);

            -- What the agent last said of a running command: {"scanned", "total", "found", "read"}.
            ALTER TABLE agent_commands ADD COLUMN progress jsonb, ADD COLUMN progress_at timestamptz;
            CREATE INDEX agent_commands_organization ON agent_commands (organization_id, id DESC);

            ALTER TABLE organizations
                ADD COLUMN accent_color text NOT NULL DEFAULT '#1d5fbf' CHECK (accent_color ~ '^#[0-9a-f]{6}$'),
                ADD COLUMN logo bytea CHECK (octet_length(logo) <= 262144),
                ADD COLUMN logo_type text CHECK (logo_type IN ('image/png', 'image/jpeg', 'image/gif', 'image/webp')),
                ADD COLUMN low_supply_percent integer NOT NULL DEFAULT 15 CHECK (low_supply_percent BETWEEN 1 AND 99),
                ADD COLUMN agent_silence_minutes integer NOT NULL DEFAULT 30 CHECK (agent_silence_minutes BETWEEN 1 AND 10080);
            """),
            Migration(version: 103, name: "discovery commands name their range", sql: """
            -- A range's page follows its own discoveries (two ranges of one agent may have the same text).
            ALTER TABLE agent_commands ADD COLUMN address_range_id bigint REFERENCES address_ranges(id) ON DELETE SET NULL;
            CREATE INDEX agent_commands_range ON agent_commands (address_range_id, id DESC) WHERE address_range_id IS NOT NULL;
            """),
    ]
}
