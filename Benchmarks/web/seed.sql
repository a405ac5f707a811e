-- Synthetic fleet for the web benchmark (not recorded printers): :devices devices of the first
-- organization, each with :days daily readings ending today. Every name, serial and number is made
-- up here. Run as the superuser (row-level security does not apply), after `printercare serve`
-- has migrated the database and created the organization and its admin.
\set ON_ERROR_STOP on
SET synchronous_commit = off;
BEGIN;
SELECT id AS org FROM organizations ORDER BY id LIMIT 1 \gset
INSERT INTO agents (organization_id, name, enrolled_at, last_seen_at, agent_version)
VALUES (:org, 'bench agent', now() - interval '400 days', now(), 'bench') RETURNING id AS agent \gset
-- Ten ranges of 1,024 addresses each (10.0.0.0 upward).
INSERT INTO address_ranges (organization_id, agent_id, name, first_address, last_address, snmp_community, snmp_version, snmp_port)
SELECT :org, :agent, 'Site ' || k, '10.0.0.0'::inet + k * 1024, '10.0.0.0'::inet + k * 1024 + 1023, 'public', '2c', 161
FROM generate_series(0, 9) AS k;

CREATE TEMP TABLE bench_devices AS
SELECT i,
       (ARRAY['HP', 'Kyocera', 'Brother', 'Canon', 'Ricoh', 'Xerox'])[1 + i % 6] AS manufacturer,
       'Model ' || (ARRAY['HP', 'Kyocera', 'Brother', 'Canon', 'Ricoh', 'Xerox'])[1 + i % 6] || ' ' || (100 + (i / 6) % 5 * 100 + i % 3) AS model,
       'Building ' || (1 + i % 5) || ', floor ' || (i / 5) % 10 AS location,
       i % 5 < 2 AS colour,
       (ARRAY['online', 'online', 'online', 'online', 'online', 'online', 'warning', 'warning', 'error', 'offline'])[1 + (i * 7) % 10] AS status,
       10000 + i * 3 AS base_total, 50 + i % 150 AS rate
FROM generate_series(1, :devices) AS i;

-- A consumable's percent on day n before today (sawtooth: a new cartridge every so often); every 17th
-- device reports no percentage at all (some_remaining), as real ones do.
CREATE FUNCTION pg_temp.pct(i int, c bigint, n int) RETURNS int LANGUAGE sql IMMUTABLE
AS $$ SELECT CASE WHEN i % 17 = 0 THEN NULL ELSE 100 - ((i * 37 + c * 13 + (400 - n) * (1 + (i + c) % 3)) % 100) END $$;
CREATE FUNCTION pg_temp.state(p int) RETURNS text LANGUAGE sql IMMUTABLE
AS $$ SELECT CASE WHEN p IS NULL THEN 'some_remaining' WHEN p = 0 THEN 'empty' WHEN p <= 10 THEN 'low' ELSE 'ok' END $$;
CREATE FUNCTION pg_temp.supplies(i int, colour boolean, n int) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_agg(jsonb_build_object('index', '1.' || c, 'description', initcap(col) || ' Toner', 'type', 'toner',
             'color', col, 'class', 'consumed', 'unit', 'percent', 'max_capacity', 100,
             'level', coalesce(pg_temp.pct(i, c, n), -3), 'percent', pg_temp.pct(i, c, n),
             'state', pg_temp.state(pg_temp.pct(i, c, n)), 'serial_number', 'SYN-T' || i || '-' || c) ORDER BY c)
  FROM unnest(CASE WHEN colour THEN ARRAY['black', 'cyan', 'magenta', 'yellow'] ELSE ARRAY['black'] END) WITH ORDINALITY AS t(col, c) $$;

INSERT INTO devices (organization_id, agent_id, address_range_id, address, snmp_community, snmp_version, snmp_port,
                     sys_object_id, description, manufacturer, model, serial_number, mac_address, location, firmware,
                     inventory_number, is_online, first_seen_at, last_seen_at, latest_reading_at, latest_reading,
                     status, supply_gauges, lowest_supply_percent)
SELECT :org, :agent, (SELECT min(r.id) FROM address_ranges r WHERE r.organization_id = :org) + (d.i / 1024),
       '10.0.0.0'::inet + d.i, 'public', '2c', 161, '1.3.6.1.4.1.11.2.3.9.1', 'Synthetic ' || d.model, d.manufacturer, d.model,
       'SYN' || lpad(d.i::text, 7, '0'), '02:00:00:' || lpad(to_hex(d.i / 65536), 2, '0') || ':' || lpad(to_hex((d.i / 256) % 256), 2, '0') || ':' || lpad(to_hex(d.i % 256), 2, '0'),
       d.location, 'FW ' || (1 + d.i % 4) || '.0', 'INV-' || d.i, d.status <> 'offline', now() - interval '400 days', now() - interval '5 minutes',
       now() - interval '5 minutes',
       jsonb_build_object('address', host('10.0.0.0'::inet + d.i), 'sys_object_id', '1.3.6.1.4.1.11.2.3.9.1',
           'description', 'Synthetic ' || d.model, 'manufacturer', d.manufacturer, 'model', d.model,
           'serial_number', 'SYN' || lpad(d.i::text, 7, '0'), 'mac_address', NULL, 'location', d.location, 'firmware', 'FW 1.0',
           'inventory_number', 'INV-' || d.i,
           'status', jsonb_build_object('device', CASE d.status WHEN 'error' THEN 'down' WHEN 'warning' THEN 'warning' ELSE 'running' END,
                                        'printer', 'idle', 'errors', CASE d.status WHEN 'error' THEN '["jammed"]'::jsonb
                                                                               WHEN 'warning' THEN '["low_paper"]'::jsonb ELSE '[]'::jsonb END),
           'counters', jsonb_build_object('total', d.base_total + :days * d.rate, 'mono', NULL, 'color', NULL, 'print', NULL,
                                          'copy', NULL, 'fax', NULL, 'scan', NULL),
           'supplies', pg_temp.supplies(d.i, d.colour, 0), 'alerts', '[]'::jsonb,
           'trays', '[{"index": "1.1", "name": "Tray 1", "type": "sheet_feed_auto_removable_tray", "media": "A4", "max_capacity": 250, "level": 120, "state": "ok"}]'::jsonb,
           'collected_at', to_char((now() - interval '5 minutes') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
       d.status,
       (SELECT jsonb_agg(jsonb_build_object('color', s->>'color', 'kind', 'toner', 'receptacle', false,
                                            'percent', s->'percent', 'state', s->>'state'))
        FROM jsonb_array_elements(pg_temp.supplies(d.i, d.colour, 0)) s),
       (SELECT min(pg_temp.pct(d.i, c, 0)) FROM generate_series(1, CASE WHEN d.colour THEN 4 ELSE 1 END) c)
FROM bench_devices d ORDER BY d.i;

-- Monthly partitions as the ingest names them, then a reading per device per day.
DO $$
DECLARE m date;
BEGIN
    FOR m IN SELECT generate_series(date_trunc('month', now() - interval '400 days'), date_trunc('month', now()), interval '1 month')::date LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = to_char(m, '"readings_y"YYYY"m"MM')) THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF readings FOR VALUES FROM (%L) TO (%L)',
                           to_char(m, '"readings_y"YYYY"m"MM'), m::timestamptz, (m + interval '1 month')::timestamptz);
        END IF;
    END LOOP;
END $$;
COMMIT;

-- Readings (compact: counters, supplies, status and time, which is what the pages read), day n before today.
INSERT INTO readings (device_id, organization_id, collected_at, total, mono, color, reading)
SELECT dev.id, :org, date_trunc('day', now()) - n * interval '1 day' + (d.i % 600) * interval '1 minute' + interval '1 hour',
       d.base_total + (:days - n) * d.rate + ((:days - n) * (:days - n)) % 37, NULL, NULL,
       jsonb_build_object('counters', jsonb_build_object('total', d.base_total + (:days - n) * d.rate + ((:days - n) * (:days - n)) % 37),
                          'supplies', pg_temp.supplies(d.i, d.colour, n),
                          'status', jsonb_build_object('device', 'running', 'printer', 'idle', 'errors', '[]'::jsonb),
                          'collected_at', to_char(date_trunc('day', now()) - n * interval '1 day', 'YYYY-MM-DD"T"00:00:00"Z"'))
FROM bench_devices d JOIN devices dev ON dev.serial_number = 'SYN' || lpad(d.i::text, 7, '0') AND dev.organization_id = :org
CROSS JOIN generate_series(1, :days) AS n
ORDER BY dev.id, n DESC;
VACUUM ANALYZE devices;
VACUUM ANALYZE readings;
