"""search: the database's own full-text index over versions (title, text, author, 来源), for
archive.search. The database keeps it current as the store writes versions.

SQLite — an FTS5 table `versions_fts` with the trigram tokenizer (case-insensitive), kept by triggers.
  * External content, not contentless: the FTS table reads its rows from a view over `versions`
    (`versions_fts_source`), so the text is not stored twice, yet `rebuild` (the backfill below, and
    the repair should the index ever drift) and `integrity-check` work, and so would LIKE/GLOB on the
    FTS table (the core re-checks those against the column values, which a contentless table has not).
    The view, the triggers and `rebuild` index the very same values: a 'delete' that names other
    values than those indexed would corrupt an external-content index.
  * Terms of 3+ characters are phrase queries (`"改革开放"`): consecutive trigrams = a substring, exact,
    answered from the index.
  * Terms of 1–2 characters (`改革`, the most common length of a Chinese word): FTS5 MATCH and
    prefix queries need a 3-character token, and `col LIKE '%改革%'` on the FTS table gets no
    trigram from the pattern, so FTS5 answers it by reading every row from the content table — a
    full scan of all text per query. Instead every occurrence of a 2-character string is the start
    of some indexed trigram (`改革开`, `改革的`, …) as long as a character follows it; each column
    is therefore indexed with two newlines appended (the view's `|| char(10, 10)`), and archive.search
    asks the `fts5vocab` table `versions_fts_terms` (type 'instance') for the rows of every trigram
    in the term range ['改革', '改革' || U+10FFFF]: a range scan of the index's term b-tree, exact
    (no false hits: the first two characters of each such trigram are the text's own), never a
    scan of the text. Its cost grows with the number of occurrences of the 2 characters in the
    collection (every posting of every trigram that starts with them is read), where a 3+-character
    phrase only reads the postings of its rarest trigrams and intersects — a common 2-character
    word on a large collection costs tens of milliseconds, not microseconds (bench/search_plans.py).
    Newlines add no new kind of trigram: paragraphs already end with one.

PostgreSQL — pg_trgm GIN indexes (gin_trgm_ops) on versions.title and versions.text serve
`ILIKE '%term%'` for terms of 3+ characters. pg_trgm extracts trigrams only from characters the
database's LC_CTYPE calls alphanumeric: on a cluster made with C.UTF-8 or zh_CN.UTF-8 (glibc ≥ 2.35)
CJK characters are kept (show_trgm('深化经济改革') gives 7 trigrams on the test server, C.UTF-8),
but with LC_CTYPE 'C'/'POSIX' show_trgm('深化经济改革') is '{}': the index then narrows nothing
(the answers stay right, by recheck, at the cost of reading the whole index). And no locale helps
a 2-character term: pg_trgm takes no trigram from '%改革%'. Both are answered by a pg_bigm-style
index on an expression: `archive_search_bigrams(title, text)`, the set of lower-cased 2-character
substrings of the title and text, in a GIN index; a term's bigrams contained in a row's
(`@>`) narrow to candidates which ILIKE then checks. It does not depend on the locale at all.
GIN indexes are kept current by PostgreSQL itself: no triggers.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-08
"""
from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# the indexed columns of versions, in the FTS table's column order (archive.search names them)
COLUMNS = ("title", "text", "author", "source_publication")
# what a column is indexed as: two newlines appended so that a 1- or 2-character string at the very
# end of a column still starts a trigram (NULL stays NULL: nothing indexed)
_PADDED = "{row}.{col} || char(10, 10)"


def _values(row: str, named: bool = False) -> str:
    return ", ".join(_PADDED.format(row=row, col=f'"{c}"') + (f' AS "{c}"' if named else "") for c in COLUMNS)


def _columns() -> str:
    return ", ".join(f'"{c}"' for c in COLUMNS)


def upgrade() -> None:
    # IF NOT EXISTS throughout: a database whose revision table was lost (archive.schema then takes
    # it for 0001) may hold these objects already, as 0002 allows for derived_records
    if op.get_bind().dialect.name == "sqlite":
        _upgrade_sqlite()
    else:
        _upgrade_postgresql()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("versions_fts_insert", "versions_fts_update", "versions_fts_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS versions_fts_terms")
        op.execute("DROP TABLE IF EXISTS versions_fts")
        op.execute("DROP VIEW IF EXISTS versions_fts_source")
    else:
        for index in ("ix_versions_bigrams", "ix_versions_text_trgm", "ix_versions_title_trgm"):
            op.execute(f"DROP INDEX IF EXISTS {index}")
        op.execute("DROP FUNCTION IF EXISTS archive_search_bigrams(text, text)")
        # pg_trgm stays: it may have been there before 0003, other objects may use it, and dropping
        # an extension is the server owner's decision


def _upgrade_sqlite() -> None:
    import sqlite3

    if sqlite3.sqlite_version_info < (3, 34, 0):  # the trigram tokenizer came with 3.34.0
        raise RuntimeError(f"full-text search needs SQLite 3.34 or later (the trigram tokenizer); "
                           f"this Python has SQLite {sqlite3.sqlite_version}")
    op.execute(f"CREATE VIEW IF NOT EXISTS versions_fts_source AS SELECT id, {_values('versions', named=True)} FROM versions")
    op.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS versions_fts USING fts5({_columns()}, content='versions_fts_source', "
               f"content_rowid='id', tokenize='trigram')")
    # the index's terms with the rows and columns they occur in: the 1–2 character path
    op.execute("CREATE VIRTUAL TABLE IF NOT EXISTS versions_fts_terms USING fts5vocab(versions_fts, instance)")
    # after every change of versions; an UPDATE that leaves the text alone (minhash, report) is not
    # one the index needs to see
    op.execute(f"CREATE TRIGGER IF NOT EXISTS versions_fts_insert AFTER INSERT ON versions BEGIN "
               f"INSERT INTO versions_fts (rowid, {_columns()}) VALUES (new.id, {_values('new')}); END")
    op.execute(f"CREATE TRIGGER IF NOT EXISTS versions_fts_delete AFTER DELETE ON versions BEGIN "
               f"INSERT INTO versions_fts (versions_fts, rowid, {_columns()}) "
               f"VALUES ('delete', old.id, {_values('old')}); END")
    op.execute(f"CREATE TRIGGER IF NOT EXISTS versions_fts_update AFTER UPDATE OF id, {_columns()} ON versions BEGIN "
               f"INSERT INTO versions_fts (versions_fts, rowid, {_columns()}) "
               f"VALUES ('delete', old.id, {_values('old')}); "
               f"INSERT INTO versions_fts (rowid, {_columns()}) VALUES (new.id, {_values('new')}); END")
    # the versions already there (a collection upgraded from 0002): read through the view
    op.execute("INSERT INTO versions_fts (versions_fts) VALUES ('rebuild')")


def _upgrade_postgresql() -> None:
    # pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE INDEX IF NOT EXISTS ix_versions_title_trgm ON versions USING gin (title gin_trgm_ops)")
    op.execute("CREATE INDEX IF NOT EXISTS ix_versions_text_trgm ON versions USING gin (text gin_trgm_ops)")
    # The distinct lower-cased 2-character substrings of title and text (a newline between them: no
    # term holds whitespace, so no bigram spans the two). IMMUTABLE so that it can be indexed;
    # lower() leaves CJK alone and archive.search lower-cases the term the same way. Characters are
    # paired by lead() over the string split into characters: substr(s, i, 2) would walk the UTF-8
    # string from its start for every i (quadratic: 12 ms for a 600-character text, this 1 ms).
    op.execute("""
        CREATE OR REPLACE FUNCTION archive_search_bigrams(title text, body text) RETURNS text[]
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT coalesce(array_agg(DISTINCT b), '{}') FROM (
                SELECT ch || lead(ch) OVER (ORDER BY n) AS b
                FROM unnest(string_to_array(lower(coalesce(title, '') || E'\\n' || coalesce(body, '')), NULL))
                     WITH ORDINALITY AS u(ch, n)) pairs
            WHERE b IS NOT NULL
        $$""")
    op.execute("CREATE INDEX IF NOT EXISTS ix_versions_bigrams ON versions USING gin (archive_search_bigrams(title, text))")
