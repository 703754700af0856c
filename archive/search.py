"""Full-text search over the archived articles, for the reading room.

Pure query code over a Session. The database does the matching with the indexes of migrations 0003
and 0004 (archive/migrations/versions/0003_search.py says how and why):

  SQLite      FTS5 trigram table `versions_fts` — a term of 3+ characters is a phrase query; a term
              of 1–2 characters reads the index's term range through the fts5vocab table
              `versions_fts_terms` (every occurrence starts an indexed trigram).
  PostgreSQL  `ILIKE '%term%'` over pg_trgm GIN indexes for 3+ characters; for 2 characters (and
              for CJK terms when the database's locale hides CJK from pg_trgm) the bigram GIN index
              on archive_search_bigrams(title, text) narrows, ILIKE checks.

Python only assembles SQL (every value a bound parameter) and cuts the snippets of the page shown.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from weakref import WeakKeyDictionary

from sqlalchemy import text
from sqlalchemy.orm import Session

# the trigram range of a 1–2 character prefix ends below this (the largest code point)
_LAST = "\U0010ffff"
# control characters: NUL ends an FTS5 expression in C and PostgreSQL refuses it in text; none of
# them is searchable text
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_MAX_TERMS = 16  # a pasted paragraph is not a query; the first 16 words already pin it down
SNIPPET = 120


@dataclass(frozen=True)
class Hit:
    record: str | None  # the record's name (007_ab12cd34); None until the run that found it ends
    seq: int | None
    title: str | None
    url: str  # the canonical page's URL
    source: str  # the canonical page's source id
    published: str | None
    author: str | None
    source_publication: str | None
    fetched_at: datetime
    snippet: str  # plain text around the first match, or the text's start when no words


@dataclass(frozen=True)
class Results:
    total: int
    hits: list[Hit]
    offset: int
    limit: int


def terms_of(words: str | None) -> list[str]:
    """The whitespace-separated terms of a query (control characters dropped, duplicates once)."""
    seen: list[str] = []
    for term in _CONTROL.sub(" ", words or "").split():
        if term.lower() not in (s.lower() for s in seen):
            seen.append(term)
    return seen[:_MAX_TERMS]


def search(session: Session, *, words: str | None = None, source: str | None = None, site: str | None = None,
           published_from: str | None = None, published_to: str | None = None, author: str | None = None,
           offset: int = 0, limit: int = 20) -> Results:
    """Articles matching every filter given, newest first (published date, NULLs last, then seq).

    `words`: whitespace-separated terms, all of which must occur (AND), each as a case-insensitive
    substring of the title or text of ANY version of ANY page of the article — not only the text
    shown now: an archivist looking for a sentence that a later edit took out still finds the
    article (the terms may occur in different versions). `source`: a source id that one of the
    article's pages comes from; `site`: a host name one of its page URLs is on. `author`: a
    substring of the author or 来源 (source_publication) of any version of the article. `published_from` /
    `published_to`: inclusive bounds on the date part (YYYY-MM-DD) of the shown version's
    `published`; an article without a date is left out when either is given. The shown version is
    the latest version of the canonical page; hits describe it.
    """
    offset, limit = max(0, int(offset)), max(0, int(limit))
    dialect = session.get_bind().dialect.name
    params: dict[str, object] = {}
    article_where: list[str] = []  # conditions on articles a
    shown_where: list[str] = []  # conditions on the shown version sv (its published date)

    terms = terms_of(words)
    source, site, author = _clean(source), _clean(site), _clean(author)
    published_from, published_to = _clean(published_from), _clean(published_to)
    for i, term in enumerate(terms):
        matching = (_sqlite_versions(session, term, ("title", "text"), f"w{i}", params) if dialect == "sqlite"
                    else _postgresql_versions(session, term, ("title", "text"), f"w{i}", params))
        article_where.append(f"a.id IN (SELECT p.article_id FROM pages p JOIN versions v ON v.page_id = p.id "
                             f"WHERE {matching})")
    if source:
        params["source"] = source
        article_where.append("EXISTS (SELECT 1 FROM pages p WHERE p.article_id = a.id AND p.source_id = :source)")
    if site:
        article_where.append("EXISTS (SELECT 1 FROM pages p WHERE p.article_id = a.id AND "
                             f"({_host_condition('p.url', site, params)}))")
    if author and (needle := " ".join(author.split())):
        # like words, over every version: an index (SQLite) answers it before any shown version is
        # worked out; a byline seldom changes between versions
        matching = (_sqlite_versions(session, needle, ("author", "source_publication"), "au", params)
                    if dialect == "sqlite" else _postgresql_versions(session, needle, ("author", "source_publication"),
                                                                      "au", params))
        article_where.append(f"a.id IN (SELECT p.article_id FROM pages p JOIN versions v ON v.page_id = p.id "
                             f"WHERE {matching})")
    if published_from:
        params["pfrom"] = published_from[:10]
        shown_where.append("substr(sv.published, 1, 10) >= :pfrom")
    if published_to:
        params["pto"] = published_to[:10]
        shown_where.append("substr(sv.published, 1, 10) <= :pto")

    # the shown version of each article: the latest of its canonical page (its first page while no
    # canonical page is chosen yet)
    shown = (f"SELECT a.id AS article_id, a.seq AS seq, a.record_name AS record_name, "
             f"(SELECT v.id FROM versions v WHERE v.page_id = coalesce(a.canonical_page_id, "
             f"(SELECT min(p.id) FROM pages p WHERE p.article_id = a.id)) ORDER BY v.number DESC LIMIT 1) AS version_id "
             f"FROM articles a WHERE {' AND '.join(article_where) or '1 = 1'}")
    found = (f"FROM ({shown}) s JOIN versions sv ON sv.id = s.version_id JOIN pages cp ON cp.id = sv.page_id "
             f"WHERE {' AND '.join(shown_where) or '1 = 1'}")
    total = session.execute(text(f"SELECT count(*) {found}"), params).scalar_one()
    if not total or not limit or offset >= total:
        return Results(total=total, hits=[], offset=offset, limit=limit)
    rows = session.execute(text(
        f"SELECT s.article_id, s.record_name, s.seq, sv.title, cp.url, cp.source_id, sv.published, sv.author, "
        f"sv.source_publication, sv.fetched_at, sv.text {found} "
        # newest first; the CASE puts NULL dates last on both databases
        f"ORDER BY CASE WHEN sv.published IS NULL THEN 1 ELSE 0 END, substr(sv.published, 1, 10) DESC, "
        f"CASE WHEN s.seq IS NULL THEN 1 ELSE 0 END, s.seq DESC, s.article_id DESC "
        f"LIMIT :limit OFFSET :offset"), {**params, "limit": limit, "offset": offset}).all()
    older = _older_texts(session, [r.article_id for r in rows if terms and not _first_match(r.text, terms)])
    hits = [Hit(record=r.record_name, seq=r.seq, title=r.title, url=r.url, source=r.source_id, published=r.published,
                author=r.author, source_publication=r.source_publication, fetched_at=_utc(r.fetched_at),
                snippet=_snippet(r.text, terms, older.get(r.article_id, ())))
            for r in rows]
    return Results(total=total, hits=hits, offset=offset, limit=limit)


def _clean(value: str | None) -> str | None:
    """A filter's value without control characters (PostgreSQL refuses NUL) or outer whitespace."""
    return _CONTROL.sub(" ", value).strip() if value else None


def sources(session: Session) -> list[str]:
    """The ids of the sources that have pages, in order: a loose index scan of ix_pages_source_id
    (revision 0004), one index probe per source, where `SELECT DISTINCT` (or a count per source)
    would read every page of the collection on every search page."""
    return list(session.execute(text(
        "WITH RECURSIVE s(id) AS (SELECT min(source_id) FROM pages UNION ALL "
        "SELECT (SELECT min(source_id) FROM pages WHERE source_id > s.id) FROM s WHERE s.id IS NOT NULL) "
        "SELECT id FROM s WHERE id IS NOT NULL")).scalars())


# ---- SQLite: FTS5 trigram -------------------------------------------------------------------------

def _sqlite_versions(session: Session, term: str, columns: tuple[str, ...], name: str, params: dict,
                     alias: str = "v") -> str:
    """A condition on `alias`.id: the version holds `term` in one of `columns`, from the FTS index."""
    if len(term) >= 3:
        # a phrase in double quotes is taken literally by FTS5 (an embedded quote doubled): `AND`,
        # `*`, `NEAR(`, `<script>` are text; the trigrams must follow each other, so it is a substring
        params[name] = "{" + " ".join(columns) + "} : \"" + term.replace('"', '""') + '"'
        return f"{alias}.id IN (SELECT rowid FROM versions_fts WHERE versions_fts MATCH :{name})"
    # 1–2 characters: the rows of every indexed trigram starting with them (the index is folded to
    # lower case, as lower() folds the term). Columns end in two newlines, so every occurrence starts one.
    prefix = term.lower()
    params[f"{name}_lo"], params[f"{name}_hi"] = prefix, prefix + _LAST
    params.update({f"{name}_c{j}": c for j, c in enumerate(columns)})
    cols = ", ".join(f":{name}_c{j}" for j in range(len(columns)))
    return (f"{alias}.id IN (SELECT doc FROM versions_fts_terms WHERE term >= :{name}_lo AND term <= :{name}_hi "
            f"AND col IN ({cols}))")


# ---- PostgreSQL: pg_trgm and bigrams -------------------------------------------------------------

# per engine: does this database's pg_trgm take trigrams from CJK text (its LC_CTYPE decides)?
_TRGM_SEES_CJK: WeakKeyDictionary = WeakKeyDictionary()


def _trgm_sees_cjk(session: Session) -> bool:
    engine = session.get_bind()
    engine = getattr(engine, "engine", engine)
    if engine not in _TRGM_SEES_CJK:
        _TRGM_SEES_CJK[engine] = bool(session.execute(text("SELECT show_trgm('改革开放') <> '{}'")).scalar_one())
    return _TRGM_SEES_CJK[engine]


def _postgresql_versions(session: Session, term: str, columns: tuple[str, str], name: str, params: dict) -> str:
    """A condition on versions v: `term` is in one of the two `columns` (title and text, or author
    and 来源), each with a bigram GIN index on archive_search_bigrams(first, second): 0003, 0004."""
    params[name] = f"%{_like_escape(term)}%"
    like = " OR ".join(f"v.{c} ILIKE :{name} ESCAPE '\\'" for c in columns)
    # pg_trgm (title and text only) narrows a 3+ character term unless the locale made it drop every
    # character of it; otherwise the bigram index narrows (2+ characters) and ILIKE checks.
    # 1 character: ILIKE alone, a scan of the text (no index holds single characters).
    trigram_indexed = columns == ("title", "text") and (term.isascii() or _trgm_sees_cjk(session))
    if len(term) >= 2 and (len(term) == 2 or not trigram_indexed):
        params[f"{name}_bi"] = _bigrams(term.lower())
        return f"(archive_search_bigrams(v.{columns[0]}, v.{columns[1]}) @> CAST(:{name}_bi AS text[]) AND ({like}))"
    return f"({like})"


def _bigrams(term: str) -> list[str]:
    return sorted({term[i:i + 2] for i in range(len(term) - 1)})


# ---- both ----------------------------------------------------------------------------------------

def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _host_condition(column: str, site: str, params: dict) -> str:
    """`column` (a URL) is on host `site`: http or https, with or without a port, nothing more."""
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", site.strip().lower()).split("/")[0]
    conditions = []
    for scheme in ("http", "https"):
        base = f"{scheme}://{host}"
        params[f"site_{scheme}"] = base
        conditions.append(f"lower({column}) = :site_{scheme}")
        for j, follower in enumerate("/:?#"):  # what may follow a host in a URL
            params[f"site_{scheme}_{j}"] = f"{_like_escape(base)}{follower}%"
            conditions.append(f"lower({column}) LIKE :site_{scheme}_{j} ESCAPE '\\'")
    return " OR ".join(conditions)


def _first_match(body: str | None, terms: list[str]) -> int | None:
    """Where the first of `terms` first occurs in `body` (case-insensitive), or None."""
    if not body or not terms:
        return None
    found = re.search("|".join(re.escape(t) for t in terms), body, re.IGNORECASE)
    return found.start() if found else None


def _older_texts(session: Session, article_ids: list[int]) -> dict[int, list[str]]:
    """The texts of every version of these articles, newest first: their match is not in the text
    shown (an edit took it out, or it is in a title), so the snippet comes from where it is."""
    if not article_ids:
        return {}
    params = {f"a{i}": a for i, a in enumerate(article_ids)}
    rows = session.execute(text(
        f"SELECT p.article_id, v.text FROM versions v JOIN pages p ON p.id = v.page_id "
        f"WHERE p.article_id IN ({', '.join(':' + k for k in params)}) ORDER BY v.fetched_at DESC, v.id DESC"),
        params).all()
    out: dict[int, list[str]] = {}
    for article_id, body in rows:
        out.setdefault(article_id, []).append(body)
    return out


def _snippet(body: str | None, terms: list[str], others: tuple[str, ...] | list[str] = ()) -> str:
    """~SNIPPET characters of plain text around the first match (in the shown text, else in the
    newest other version holding one), or the text's start."""
    for candidate in (body, *others):
        at = _first_match(candidate, terms)
        if at is not None:
            body = candidate
            break
    else:
        at = None
    flat = body or ""
    if at is None:
        start = 0
    else:
        start = max(0, at - SNIPPET // 3)
    piece = flat[start:start + SNIPPET]
    piece = re.sub(r"\s+", " ", piece).strip()
    return ("…" if start > 0 else "") + piece + ("…" if start + SNIPPET < len(flat) else "")


def _utc(value: datetime | str) -> datetime:
    """fetched_at as an aware UTC datetime (textual SQL bypasses the models' UTCDateTime)."""
    from datetime import timezone

    if isinstance(value, str):  # SQLite returns the stored text
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
