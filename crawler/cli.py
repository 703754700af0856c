"""The `article-archive` command. Heavy libraries are imported inside each command, so that
`article-archive --help` stays fast."""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

DATA_DIR_ENV = "ARTICLE_ARCHIVE_DATA_DIR"


def _default_data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV, "data"))


def cmd_clean(args: argparse.Namespace) -> int:
    from archive.fileio import write_atomic
    from pipelines.normalize import clean_record

    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in args.files:
        path = Path(name)
        result = clean_record(path.read_text(encoding="utf-8", errors="replace"), script_target=args.script)
        lines = ([result.title] if result.title else []) + result.paragraphs
        write_atomic(out_dir / path.name, "\n".join(lines) + "\n")
        meta = {"file": str(path), "title": result.title, "metadata": result.metadata,
                "script": result.script, "original_paragraphs": result.original_paragraphs,
                "report": result.report}
        write_atomic(out_dir / f"{path.stem}.json", json.dumps(meta, ensure_ascii=False, indent=1) + "\n")
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from pipelines.process import process_page

    for name in args.files:
        path = Path(name)
        try:
            result = process_page(path.read_bytes(), url=path.resolve().as_uri(), script_target=args.script)
        except Exception as exc:  # one broken file must not hide the others' results
            logging.getLogger(__name__).error("%s: extraction failed: %s", path, exc)
            print(json.dumps({"file": str(path), "error": str(exc), "text": ""}, ensure_ascii=False))
            continue
        record = {"file": str(path), "title": result.title, "author": result.author,
                  "published": result.published, "source": result.source, "text": result.text}
        if not args.jsonl:
            record |= {"charset": result.charset, "extractor": result.extractor, "report": result.report}
        print(json.dumps(record, ensure_ascii=False, indent=None if args.jsonl else 1))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="article-archive",
                                     description="Archival crawler for Chinese-language article sites.")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help=f"collection directory (database, WARC files, records); default ${DATA_DIR_ENV} or ./data")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("clean", help="normalize existing text records (like the seeds)")
    p.add_argument("files", nargs="+")
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--script", default="zh-Hans", choices=["keep", "zh-Hans", "zh-TW", "zh-HK"])
    p.set_defaults(func=cmd_clean)

    p = sub.add_parser("extract", help="decode, extract and normalize saved HTML files; one JSON object per file")
    p.add_argument("files", nargs="+")
    p.add_argument("--jsonl", action="store_true", help="one compact JSON line per file")
    p.add_argument("--script", default="zh-Hans", choices=["keep", "zh-Hans", "zh-TW", "zh-HK"])
    p.set_defaults(func=cmd_extract)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    if "--data-dir" in parser._option_string_actions and args.data_dir is None:
        args.data_dir = _default_data_dir()
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
