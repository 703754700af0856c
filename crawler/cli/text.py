"""`clean` and `extract`: the text pipeline on files, without a collection."""
from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path


def cmd_clean(args: argparse.Namespace) -> int:
    from archive.fileio import write_atomic
    from archive.records import NO_TITLE, record_lines
    from pipelines.text.normalize import clean_record, normalize

    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in args.files:
        path = Path(name)
        text = path.read_text(encoding="utf-8", errors="replace")
        first, _, rest = text.partition("\n")
        # a record that says it has no title keeps none: its first paragraph is no headline
        result = normalize(rest, script_target=args.script) if first.strip() == NO_TITLE \
            else clean_record(text, script_target=args.script)
        write_atomic(out_dir / path.name, record_lines(result.title, result.paragraphs))
        meta = {"file": str(path), "title": result.title, "metadata": result.metadata,
                "script": result.script, "original_paragraphs": result.original_paragraphs,
                "report": result.report}
        write_atomic(out_dir / f"{path.stem}.json", json.dumps(meta, ensure_ascii=False, indent=1) + "\n")
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from pipelines.text.process import process_page

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



def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("clean", parents=[common], help="normalize existing text records (like the seeds)")
    p.add_argument("files", nargs="+", help="text records to clean (title on line 1, one paragraph a line)")
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--script", default="zh-Hans", choices=["keep", "zh-Hans", "zh-TW", "zh-HK"],
                   help="Chinese script of the output (OpenCC; default zh-Hans, keep: as found)")
    p.set_defaults(func=cmd_clean)

    p = sub.add_parser("extract", parents=[common], help="decode, extract and normalize saved HTML files; one JSON object per file")
    p.add_argument("files", nargs="+", help="saved HTML files (any charset; decoded as the crawl decodes)")
    p.add_argument("--jsonl", action="store_true", help="one compact JSON line per file")
    p.add_argument("--script", default="zh-Hans", choices=["keep", "zh-Hans", "zh-TW", "zh-HK"],
                   help="Chinese script of the output (OpenCC; default zh-Hans, keep: as found)")
    p.set_defaults(func=cmd_extract)
