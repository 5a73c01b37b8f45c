-- careerkit store and queue, PostgreSQL dialect. Same logical schema as ../sqlite/0001_init.sql:
-- times are milliseconds since the Unix epoch (UTC), flags are 0/1, JSON that may hold personal
-- data is a BYTEA (plain JSON behind a 0x00 byte, or sealed behind 0x01).
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    state TEXT NOT NULL,
    auto_approve BIGINT NOT NULL,
    title BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    state_run_id TEXT
);
CREATE INDEX sessions_owner ON sessions (owner, created_at);

CREATE TABLE profiles (
    owner TEXT NOT NULL,
    id TEXT NOT NULL,
    version BIGINT NOT NULL,
    data BYTEA NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (owner, id)
);

CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    session_id TEXT NOT NULL,
    latest_version BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX documents_owner ON documents (owner, session_id);

CREATE TABLE document_versions (
    document_id TEXT NOT NULL,
    version BIGINT NOT NULL,
    owner TEXT NOT NULL,
    session_id TEXT NOT NULL,
    parent_version BIGINT,
    author TEXT NOT NULL,
    data BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (document_id, version)
);
CREATE INDEX document_versions_owner ON document_versions (owner);

CREATE TABLE artifacts (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    session_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    data BYTEA NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX artifacts_session ON artifacts (owner, session_id, kind);

CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    session_id TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    finished_at BIGINT,
    checkpoint BYTEA
);
CREATE INDEX runs_session ON runs (owner, session_id);

CREATE TABLE events (
    event_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner TEXT NOT NULL,
    session_id TEXT NOT NULL,
    run_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    ts BIGINT NOT NULL,
    payload BYTEA NOT NULL
);
CREATE INDEX events_session ON events (owner, session_id, event_id);

CREATE TABLE approvals (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    run_id TEXT NOT NULL,
    session_id TEXT NOT NULL,
    tool_call_id TEXT NOT NULL,
    tool_name TEXT NOT NULL,
    arguments_hash TEXT NOT NULL,
    arguments BYTEA NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    decided_at BIGINT,
    UNIQUE (run_id, tool_call_id)
);
CREATE INDEX approvals_owner ON approvals (owner, run_id);

CREATE TABLE audit (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner TEXT NOT NULL,
    session_id TEXT,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail BYTEA NOT NULL,
    ts BIGINT NOT NULL
);
CREATE INDEX audit_owner ON audit (owner, id);

CREATE TABLE usage_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner TEXT NOT NULL,
    session_id TEXT NOT NULL,
    run_id TEXT,
    provider TEXT NOT NULL,
    prompt_tokens BIGINT NOT NULL,
    completion_tokens BIGINT NOT NULL,
    cached_tokens BIGINT NOT NULL,
    estimated BIGINT NOT NULL,
    cost_micros BIGINT NOT NULL,
    ts BIGINT NOT NULL
);
CREATE INDEX usage_session ON usage_log (owner, session_id);
CREATE INDEX usage_run ON usage_log (owner, run_id);

CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    run_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL,
    max_attempts BIGINT NOT NULL,
    lease_until BIGINT,
    lease_token TEXT,
    status TEXT NOT NULL,
    last_error TEXT,
    progress TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX jobs_due ON jobs (status, run_at);
