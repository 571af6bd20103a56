-- Axon event store, token store and command-side tables.
-- Payloads and metadata are JSON (Jackson) in bytea columns; no large objects.

-- The global index comes from this sequence alone. INCREMENT 1 and CACHE 1 keep gaps down to rolled-back or
-- still-open transactions, which the tracking token's gap detection is sized for. The service checks both settings
-- at startup and refuses to start when they differ.
CREATE SEQUENCE domain_event_entry_global_index_seq INCREMENT BY 1 START WITH 1 CACHE 1 NO CYCLE;

CREATE TABLE domain_event_entry (
    global_index         BIGINT       NOT NULL DEFAULT nextval('domain_event_entry_global_index_seq'),
    event_identifier     VARCHAR(255) NOT NULL,
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255),
    timestamp            VARCHAR(255) NOT NULL,
    payload_type         VARCHAR(255) NOT NULL,
    payload_revision     VARCHAR(255),
    payload              BYTEA        NOT NULL,
    meta_data            BYTEA,
    CONSTRAINT domain_event_entry_pkey PRIMARY KEY (global_index),
    CONSTRAINT domain_event_entry_event_identifier_key UNIQUE (event_identifier),
    CONSTRAINT domain_event_entry_aggregate_sequence_key UNIQUE (aggregate_identifier, sequence_number)
);

ALTER SEQUENCE domain_event_entry_global_index_seq OWNED BY domain_event_entry.global_index;

CREATE TABLE snapshot_event_entry (
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255) NOT NULL,
    event_identifier     VARCHAR(255) NOT NULL,
    timestamp            VARCHAR(255) NOT NULL,
    payload_type         VARCHAR(255) NOT NULL,
    payload_revision     VARCHAR(255),
    payload              BYTEA        NOT NULL,
    meta_data            BYTEA,
    CONSTRAINT snapshot_event_entry_pkey PRIMARY KEY (aggregate_identifier, sequence_number),
    CONSTRAINT snapshot_event_entry_event_identifier_key UNIQUE (event_identifier)
);

CREATE TABLE token_entry (
    processor_name VARCHAR(255) NOT NULL,
    segment        INTEGER      NOT NULL,
    token          BYTEA,
    token_type     VARCHAR(255),
    timestamp      VARCHAR(255),
    owner          VARCHAR(255),
    CONSTRAINT token_entry_pkey PRIMARY KEY (processor_name, segment)
);

-- One row per idempotency key, written in the transaction that stores the command's events, so a key exists
-- exactly when its effect does. The reply is a serialized aegis.v1.CommandReply.
CREATE TABLE command_idempotency (
    idempotency_key     VARCHAR(255) NOT NULL,
    command_fingerprint VARCHAR(64)  NOT NULL,
    work_order_id       VARCHAR(64),
    reply               BYTEA,
    created_at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT command_idempotency_pkey PRIMARY KEY (idempotency_key)
);

-- Which work order occupies a station now. The primary key allows one vehicle per station and the unique key one
-- station per work order; the arrive and leave handlers maintain the rows in the command transaction.
CREATE TABLE station_occupancy (
    station_id    VARCHAR(64) NOT NULL,
    work_order_id VARCHAR(64) NOT NULL,
    vin           VARCHAR(17) NOT NULL,
    arrived_at    BIGINT      NOT NULL,
    CONSTRAINT station_occupancy_pkey PRIMARY KEY (station_id),
    CONSTRAINT station_occupancy_work_order_key UNIQUE (work_order_id)
);

-- VIN of every work order, for lookups by VIN. At most one work order per VIN is open (not closed).
CREATE TABLE work_order_vin (
    work_order_id VARCHAR(64) NOT NULL,
    vin           VARCHAR(17) NOT NULL,
    closed        BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at    BIGINT      NOT NULL,
    CONSTRAINT work_order_vin_pkey PRIMARY KEY (work_order_id)
);

CREATE UNIQUE INDEX work_order_vin_open_key ON work_order_vin (vin) WHERE NOT closed;
CREATE INDEX work_order_vin_vin_idx ON work_order_vin (vin);
