"""The records schema and its versioned migrations (SQLite `PRAGMA user_version`)."""

from __future__ import annotations

#: Each entry upgrades the database from version i to i + 1. Append; never edit a released step.
MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1: trainees, calls, decisions, xAPI outbox, certificates
    """
    CREATE TABLE trainees (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        created_at TEXT NOT NULL
    );
    CREATE TABLE calls (
        id TEXT PRIMARY KEY,
        trainee_id INTEGER NOT NULL REFERENCES trainees(id),
        scenario_id TEXT NOT NULL,
        scenario_hash TEXT NOT NULL,
        engine_version TEXT NOT NULL,
        program_id TEXT,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        status TEXT NOT NULL CHECK (status IN ('in_progress', 'completed', 'abandoned')),
        node TEXT NOT NULL,
        meters TEXT NOT NULL,
        outcome TEXT,
        commitment TEXT,
        professionalism INTEGER,
        empathy INTEGER,
        clarity INTEGER,
        commitment_score INTEGER,
        overall INTEGER,
        passed INTEGER,
        wrapup TEXT,
        signature TEXT
    );
    CREATE INDEX calls_by_trainee ON calls (trainee_id, scenario_id, status);
    CREATE INDEX calls_by_scenario ON calls (scenario_id, status);
    CREATE TABLE decisions (
        call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        node TEXT NOT NULL,
        choice INTEGER NOT NULL,
        said TEXT NOT NULL,
        rules TEXT NOT NULL,
        score TEXT NOT NULL,
        meters TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (call_id, seq)
    );
    CREATE TABLE xapi_outbox (
        id TEXT PRIMARY KEY,
        call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        body TEXT NOT NULL,
        sent_at TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
    );
    CREATE INDEX xapi_unsent ON xapi_outbox (sent_at, call_id, seq);
    CREATE TABLE certificates (
        code TEXT PRIMARY KEY,
        trainee_id INTEGER NOT NULL REFERENCES trainees(id),
        program_id TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        calls TEXT NOT NULL,
        signed INTEGER NOT NULL
    );
    """,
    # 1 -> 2: a covering index of the decisions by call, so that reports (and verification, reading
    # every call's decisions in order) never read the decisions table itself (bench/bench_report.py)
    """
    CREATE INDEX decisions_by_call ON decisions (call_id, seq, node, choice);
    """,
    # 2 -> 3: grades that measure skill. Calls keep the seed of the order replies were shown in and the
    # one verdict decided when the call ended (JSON: passed, reasons, critical errors, marks in force);
    # decisions keep the reply's stable id, where it was shown, and whether it was a top reply.
    """
    ALTER TABLE calls ADD COLUMN seed INTEGER;
    ALTER TABLE calls ADD COLUMN verdict TEXT;
    ALTER TABLE decisions ADD COLUMN choice_id TEXT;
    ALTER TABLE decisions ADD COLUMN position INTEGER;
    ALTER TABLE decisions ADD COLUMN top INTEGER;
    """,
    # 3 -> 4: records that cannot be edited unseen (game/records/seal.py). Each call gets its number in the
    # trainee's list (existing calls numbered by start time) and a lease saying which process plays it;
    # each trainee the count of numbers given out and the signed list of calls sealed as finished;
    # each queued xAPI statement a signature over its body.
    """
    ALTER TABLE calls ADD COLUMN trainee_seq INTEGER;
    ALTER TABLE calls ADD COLUMN lease_owner TEXT;
    ALTER TABLE calls ADD COLUMN lease_until TEXT;
    ALTER TABLE trainees ADD COLUMN calls INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE trainees ADD COLUMN sealed TEXT;
    ALTER TABLE trainees ADD COLUMN signature TEXT;
    ALTER TABLE xapi_outbox ADD COLUMN signature TEXT;
    UPDATE calls SET trainee_seq = numbered.n FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY trainee_id
        ORDER BY started_at, id) AS n FROM calls) AS numbered WHERE numbered.id = calls.id;
    UPDATE trainees SET calls = (SELECT COUNT(*) FROM calls c WHERE c.trainee_id = trainees.id);
    CREATE UNIQUE INDEX calls_by_trainee_seq ON calls (trainee_id, trainee_seq);
    """,
    # 4 -> 5: walk-aways as facts (game/records/abandon.py). `abandoned_at` is when an abandoned call was
    # last played (its last decision, else its start); `pauses` the earlier times it was abandoned and then
    # resumed (JSON list of {"after": decisions so far, "at": abandoned at, "resumed_at": ...}). An abandoned
    # call with no `ended_at` was closed for being idle and can still be resumed (same registration).
    """
    ALTER TABLE calls ADD COLUMN abandoned_at TEXT;
    ALTER TABLE calls ADD COLUMN pauses TEXT;
    """,
    # 5 -> 6: campaign weeks (game/records/campaigns.py): the decisions (`state`, JSON, enough to replay the
    # week), the end-of-week report (JSON) once finished, and each graded call (`result`, JSON). Kept small:
    # the whole schema must fit the database's first page (tests/records/test_bad_input.py).
    """
    CREATE TABLE IF NOT EXISTS campaign_weeks (id TEXT PRIMARY KEY, trainee_id INTEGER NOT NULL,
        campaign_id TEXT NOT NULL, seed INTEGER, started_at TEXT, ended_at TEXT, status TEXT, state TEXT,
        report TEXT);
    CREATE TABLE IF NOT EXISTS campaign_calls (week_id TEXT, seq INTEGER, result TEXT,
        PRIMARY KEY (week_id, seq));
    """,
    # 6 -> 7: time and manners on a call (game/engine/manners.py). Each decision keeps how long the trainee
    # left the client waiting after their line (`waited`, seconds; NULL when not timed), whether the reply
    # cut the client off (`interrupted`, 0/1; NULL when not timed) and the call timer when it was taken
    # (`elapsed`, seconds), so a resumed call's clock continues and verify replays the costs. Signed (seal.py)
    # only when set, so decisions signed before this still verify.
    """
    ALTER TABLE decisions ADD COLUMN waited REAL;
    ALTER TABLE decisions ADD COLUMN interrupted INTEGER;
    ALTER TABLE decisions ADD COLUMN elapsed REAL;
    """,
    # 7 -> 8: recall mode (docs/recall.md; game/records/recall_rows.py). For each decision answered in the
    # trainee's own words: the words said ('' for a fallback pick), the unclear replies before it (JSON list),
    # the option taken (file index), the similarities per option (JSON list), whether it was a fallback and
    # whether it was spoken (never the audio). Signed with its decision (seal.py), only where a row exists,
    # so decisions signed before this still verify.
    """
    CREATE TABLE IF NOT EXISTS recall_replies (
        call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        said TEXT NOT NULL,
        attempts TEXT NOT NULL,
        taken INTEGER NOT NULL,
        similarities TEXT NOT NULL,
        fallback INTEGER NOT NULL,
        spoken INTEGER NOT NULL,
        PRIMARY KEY (call_id, seq)
    );
    """,
    # 8 -> 9: campaign calls are full records (docs/campaign.md, Records). Each call played in a week is an
    # ordinary row of `calls`/`decisions` (same signing, verdict, log, seed, manners, recall) that names its
    # week (`campaign_week_id`, signed when set: seal.py); each graded call of the week names its call row
    # (`campaign_calls.call_id`), so `verify` can check the week against its calls; each week is signed
    # (`campaign_weeks.signature`, seal.week_signature) when the signing key is set.
    """
    ALTER TABLE calls ADD COLUMN campaign_week_id TEXT;
    ALTER TABLE campaign_calls ADD COLUMN call_id TEXT;
    ALTER TABLE campaign_weeks ADD COLUMN signature TEXT;
    CREATE INDEX IF NOT EXISTS calls_by_week ON calls (campaign_week_id) WHERE campaign_week_id IS NOT NULL;
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
