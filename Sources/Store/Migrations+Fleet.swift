extension Migrations {
    /// Agents, their certificates, address ranges, schedules, devices, readings and the command
    /// queue (issue 5). Every tenant table carries `organization_id` and the same RLS policy as the
    /// tables of migration 100.
    static let fleet: [Migration] = [
        Migration(version: 101, name: "agents, certificates, address ranges, schedules, devices, readings, commands", sql: """
            CREATE TABLE agents (
                id                      bigserial PRIMARY KEY,
                organization_id         bigint NOT NULL REFERENCES organizations(id),
                name                    text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
                -- SHA-256 of the one-time enrolment token; cleared once used.
                enrollment_token_hash   text UNIQUE,
                enrollment_expires_at   timestamptz,
                enrolled_at             timestamptz,
                revoked_at              timestamptz,
                last_seen_at            timestamptz,
                agent_version           text CHECK (length(agent_version) <= 100),
                created_at              timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX agents_organization ON agents (organization_id);

            -- Every certificate ever signed for an agent; the gateway accepts a client certificate only
            -- when its serial is here, unrevoked, unexpired and its agent is not revoked.
            CREATE TABLE agent_certificates (
                serial          text PRIMARY KEY,
                agent_id        bigint NOT NULL REFERENCES agents(id),
                organization_id bigint NOT NULL REFERENCES organizations(id),
                not_after       timestamptz NOT NULL,
                issued_at       timestamptz NOT NULL DEFAULT now(),
                revoked_at      timestamptz
            );
            CREATE INDEX agent_certificates_agent ON agent_certificates (agent_id, not_after DESC);

            CREATE TABLE address_ranges (
                id              bigserial PRIMARY KEY,
                organization_id bigint NOT NULL REFERENCES organizations(id),
                agent_id        bigint NOT NULL REFERENCES agents(id),
                name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
                cidr            cidr,
                first_address   inet NOT NULL,
                last_address    inet NOT NULL,
                snmp_community  text NOT NULL CHECK (length(snmp_community) BETWEEN 1 AND 64),
                snmp_version    text NOT NULL CHECK (snmp_version IN ('1', '2c')),
                snmp_port       integer NOT NULL CHECK (snmp_port BETWEEN 1 AND 65535),
                created_at      timestamptz NOT NULL DEFAULT now(),
                updated_at      timestamptz NOT NULL DEFAULT now(),
                CHECK (family(first_address) = 4 AND family(last_address) = 4),
                CHECK (first_address <= last_address AND last_address - first_address < 65536)
            );
            CREATE INDEX address_ranges_organization ON address_ranges (organization_id);
            CREATE INDEX address_ranges_agent ON address_ranges (agent_id);

            -- Discovery or status polls: every interval, or at times of day (minutes after midnight in
            -- the organization's time zone) on ISO weekdays (1 = Monday).
            CREATE TABLE schedules (
                id               bigserial PRIMARY KEY,
                organization_id  bigint NOT NULL REFERENCES organizations(id),
                kind             text NOT NULL CHECK (kind IN ('discovery', 'status')),
                address_range_id bigint REFERENCES address_ranges(id) ON DELETE CASCADE,
                interval_minutes integer CHECK (interval_minutes BETWEEN 1 AND 525600),
                times_of_day     integer[] CHECK (0 <= ALL (times_of_day) AND 1439 >= ALL (times_of_day)),
                days_of_week     integer[] CHECK (days_of_week <@ ARRAY[1, 2, 3, 4, 5, 6, 7]),
                is_enabled       boolean NOT NULL DEFAULT true,
                next_run_at      timestamptz NOT NULL,
                last_run_at      timestamptz,
                created_at       timestamptz NOT NULL DEFAULT now(),
                CHECK ((interval_minutes IS NULL) <> (times_of_day IS NULL)),
                CHECK (times_of_day IS NULL OR (cardinality(times_of_day) BETWEEN 1 AND 48
                                                AND cardinality(days_of_week) BETWEEN 1 AND 7))
            );
            CREATE INDEX schedules_due ON schedules (next_run_at) WHERE is_enabled;
            CREATE INDEX schedules_organization ON schedules (organization_id);

            CREATE TABLE devices (
                id                bigserial PRIMARY KEY,
                organization_id   bigint NOT NULL REFERENCES organizations(id),
                agent_id          bigint NOT NULL REFERENCES agents(id),
                address_range_id  bigint REFERENCES address_ranges(id) ON DELETE SET NULL,
                address           inet NOT NULL,
                snmp_community    text NOT NULL,
                snmp_version      text NOT NULL CHECK (snmp_version IN ('1', '2c')),
                snmp_port         integer NOT NULL CHECK (snmp_port BETWEEN 1 AND 65535),
                sys_object_id     text,
                description       text,
                manufacturer      text,
                model             text,
                serial_number     text,
                mac_address       text,
                location          text,
                firmware          text,
                inventory_number  text,
                is_online         boolean NOT NULL DEFAULT true,
                first_seen_at     timestamptz NOT NULL DEFAULT now(),
                last_seen_at      timestamptz NOT NULL DEFAULT now(),
                latest_reading_at timestamptz,
                latest_reading    jsonb
            );
            CREATE INDEX devices_organization ON devices (organization_id, id);
            CREATE INDEX devices_agent_address ON devices (agent_id, address);
            CREATE UNIQUE INDEX devices_serial ON devices (organization_id, serial_number) WHERE serial_number IS NOT NULL;

            -- Years of readings from thousands of devices: one partition per month, made on demand by
            -- the ingest (a default partition catches anything older or newer than those made).
            CREATE TABLE readings (
                device_id       bigint NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
                organization_id bigint NOT NULL,
                collected_at    timestamptz NOT NULL,
                received_at     timestamptz NOT NULL DEFAULT now(),
                total           bigint,
                mono            bigint,
                color           bigint,
                reading         jsonb NOT NULL,
                PRIMARY KEY (device_id, collected_at)
            ) PARTITION BY RANGE (collected_at);
            CREATE TABLE readings_default PARTITION OF readings DEFAULT;

            CREATE TABLE device_alerts (
                id              bigserial PRIMARY KEY,
                organization_id bigint NOT NULL REFERENCES organizations(id),
                device_id       bigint NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
                alert_index     text NOT NULL,
                severity        text NOT NULL,
                code            text NOT NULL,
                alert_group     text,
                description     text,
                opened_at       timestamptz NOT NULL,
                cleared_at      timestamptz
            );
            CREATE UNIQUE INDEX device_alerts_open ON device_alerts (device_id, alert_index, code) WHERE cleared_at IS NULL;

            -- Work for agents. A new row is announced with NOTIFY agent_commands (payload: agent id), so
            -- the server process holding that agent's connection sends it at once.
            CREATE TABLE agent_commands (
                id              bigserial PRIMARY KEY,
                organization_id bigint NOT NULL REFERENCES organizations(id),
                agent_id        bigint NOT NULL REFERENCES agents(id),
                kind            text NOT NULL CHECK (kind IN ('discovery', 'status')),
                payload         jsonb NOT NULL,
                created_at      timestamptz NOT NULL DEFAULT now(),
                sent_at         timestamptz,
                completed_at    timestamptz,
                result          text
            );
            CREATE INDEX agent_commands_pending ON agent_commands (agent_id, id) WHERE completed_at IS NULL;

            -- Idempotency: an upload's key is recorded in the transaction that stores it, so a retried
            -- upload is acknowledged without being stored twice.
            CREATE TABLE agent_uploads (
                agent_id        bigint NOT NULL REFERENCES agents(id),
                upload_key      text NOT NULL CHECK (length(upload_key) BETWEEN 8 AND 100),
                organization_id bigint NOT NULL,
                received_at     timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (agent_id, upload_key)
            );

            -- The installation's agent CA, shared by every server process: its key only encrypted (with the
            -- server secret, which is not in the database).
            CREATE TABLE agent_ca (
                id              integer PRIMARY KEY CHECK (id = 1),
                certificate     text NOT NULL,
                encrypted_key   text NOT NULL,
                created_at      timestamptz NOT NULL DEFAULT now()
            );
            ALTER TABLE agent_ca ENABLE ROW LEVEL SECURITY;
            ALTER TABLE agent_ca FORCE ROW LEVEL SECURITY;
            CREATE POLICY system_only ON agent_ca USING (pc_system()) WITH CHECK (pc_system());

            DO $$
            DECLARE t text;
            BEGIN
                FOREACH t IN ARRAY ARRAY['agents', 'agent_certificates', 'address_ranges', 'schedules', 'devices',
                                         'readings', 'device_alerts', 'agent_commands', 'agent_uploads'] LOOP
                    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
                    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
                    EXECUTE format('CREATE POLICY tenant ON %I USING (pc_system() OR organization_id = ANY (pc_scope()))'
                                   ' WITH CHECK (pc_system() OR organization_id = ANY (pc_scope()))', t);
                END LOOP;
            END $$;
            """),
    ]
}
