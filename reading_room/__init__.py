"""The reading room: `article-archive serve`, a read-only web view of one collection.

It sits on the crawler floor (it may import `archive`, `pipelines` and `crawler`; nothing imports
it but the command line). Every query is the project's own (archive.provenance, records, changes,
verify, search): this package renders them, as HTML and as JSON, and never writes to the
collection.
"""
