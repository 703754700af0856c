"""Serve the demo sites by hand: ``python -m crawler.demo [--sources FILE] [--port-base N]``.

Writes the sources file for the running sites, logs the base URLs and serves until Ctrl-C.
"""
from __future__ import annotations

import argparse
import logging
import threading
from pathlib import Path

from crawler.demo.catalog import SITE_IDS
from crawler.demo.server import DemoSites

logger = logging.getLogger("crawler.demo")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.demo", description="Serve the demo sites on loopback.")
    parser.add_argument("--sources", type=Path, default=Path("demo-sources.toml"),
                        help="where to write the sources file")
    parser.add_argument("--port-base", type=int, default=0,
                        help="serve the sites on consecutive ports from here (default: free ports)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    ports = {site: args.port_base + i for i, site in enumerate(SITE_IDS)} if args.port_base else None
    with DemoSites(ports) as sites:
        args.sources.write_text(sites.sources_toml(), encoding="utf-8")
        for site in SITE_IDS:
            logger.info("%-9s %s/", site, sites.base_url(site))
        logger.info("sources written to %s; Ctrl-C to stop", args.sources)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
