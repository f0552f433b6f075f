-- The event log: one row per committed change. Append-only, except that superseded rows of volatile keys
-- (Lease renewals, heartbeat-only Node status updates) are compacted (see VolatileCompactor).
-- revision is the global order of changes and the resourceVersion clients see. The object is stored as the exact
-- JSON text that was served (TEXT, not JSONB, so key order and formatting survive a restart byte for byte).
CREATE TABLE log (
    revision       BIGINT      PRIMARY KEY,
    key            TEXT        NOT NULL,
    type           TEXT        NOT NULL CHECK (type IN ('ADDED', 'MODIFIED', 'DELETED')),
    object         TEXT        NOT NULL,
    prev_revision  BIGINT      NOT NULL,
    actor          TEXT        NOT NULL,
    command_id     TEXT        NOT NULL,
    decision_id    TEXT,
    reply_code     SMALLINT    NOT NULL,
    time           TIMESTAMPTZ NOT NULL,
    volatile       BOOLEAN     NOT NULL DEFAULT FALSE
);
CREATE INDEX log_key_revision ON log (key, revision);
CREATE INDEX log_command_id ON log (command_id);
CREATE INDEX log_actor_revision ON log (actor, revision);
CREATE INDEX log_time ON log (time);

-- The live state: the latest row of every existing key, updated in the same transaction as the log.
CREATE TABLE objects (
    key      TEXT   PRIMARY KEY,
    revision BIGINT NOT NULL,
    object   TEXT   NOT NULL
);

-- Commands that were refused (no log row): their reply, so a redelivered command gets the same answer again.
CREATE TABLE rejected_commands (
    command_id TEXT        PRIMARY KEY,
    reply      TEXT        NOT NULL,
    time       TIMESTAMPTZ NOT NULL
);

-- Where the writer stands: the Kafka offset of the last command applied (written in the same transaction as its
-- rows, so a restart resumes exactly there) and the last revision known to be published on kubesim.events.
CREATE TABLE writer_state (
    id                 INT    PRIMARY KEY CHECK (id = 1),
    command_offset     BIGINT NOT NULL,
    published_revision BIGINT NOT NULL
);
INSERT INTO writer_state (id, command_offset, published_revision) VALUES (1, -1, 0);

-- Scheduling decision records (one per attempt), referenced from the log row of the binding by decision_id.
CREATE TABLE decisions (
    id       TEXT        PRIMARY KEY,
    pod_key  TEXT        NOT NULL,
    pod_uid  TEXT,
    time     TIMESTAMPTZ NOT NULL,
    record   TEXT        NOT NULL
);
CREATE INDEX decisions_pod ON decisions (pod_key, time);
