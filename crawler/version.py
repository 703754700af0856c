"""The project's version, as installed from pyproject.toml: one number for the WARC warcinfo, the
User-Agent and the software recorded with each derived version (pipelines.store.software)."""
from importlib import metadata

try:
    __version__ = metadata.version("article-archive")
except metadata.PackageNotFoundError:  # run from a checkout that was never installed
    __version__ = "0+unknown"
