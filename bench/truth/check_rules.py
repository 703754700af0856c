"""Apply every rule of zh_pages_raw.json and show what it takes.

    .venv/bin/python bench/truth/check_rules.py [--text] [substring ...]

Per page: chars selected (after drops), lines, and the first and last 40 characters, so that a
person can see each rule takes the article; problems (body matching 0 or several elements, a drop
selector matching nothing) are flagged. With --text, the whole truth text is printed too.
Then a count of pages per site and which are official. Exit status 1 if any rule is broken.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from truth_text import clean, cut_lines, css, element_text, find, load_rules, parse  # noqa: E402


def check(key: str, rule: dict) -> tuple[str, list[str], str]:
    """(one-line report, problems, truth text)"""
    if not rule.get("body"):
        return f"body null: {rule.get('note', '')}", [], ""
    doc = parse(key, rule.get("charset"))
    found = find(doc, rule["body"])
    if len(found) != 1:
        return f"body {rule['body']!r} matches {len(found)}", [f"body matches {len(found)} elements"], ""
    body = found[0]
    problems = [f"drop {sel!r} matches nothing" for sel in rule.get("drop") or []
                if not [el for el in body.xpath(css(sel)) if el is not body]]
    clean(body, rule)
    full = element_text(body)
    text = cut_lines(full, rule)
    if (rule.get("drop_lines") or rule.get("stop_at")) and text == full:
        problems.append("line rules remove nothing")
    flat = text.replace("\n", " ")
    line = f"{len(text):6d} chars {text.count(chr(10)) + 1 if text else 0:4d} lines | {flat[:40]} … {flat[-40:]}"
    return line, problems, text


def main(argv: list[str]) -> int:
    show_text = "--text" in argv
    wanted = [a for a in argv if not a.startswith("--")]
    rules = load_rules()
    bad = 0
    for key, rule in rules.items():
        if wanted and not any(w in key for w in wanted):
            continue
        line, problems, text = check(key, rule)
        name = key.rsplit("/", 1)[-1]
        flag = "!!" if problems else "  "
        print(f"{flag} {name:28s} {rule['site']:12s} {line}")
        for p in problems:
            print(f"     ^ {p}")
        bad += bool(problems)
        if show_text:
            print(text, "\n")
    if not wanted:
        sites = Counter(r["site"] for r in rules.values())
        official = sorted({r["site"] for r in rules.values() if r["official"]})
        print(f"\n{len(rules)} pages, {len(sites)} sites, {sum(r['official'] for r in rules.values())} official pages, "
              f"{sum(1 for r in rules.values() if not r.get('body'))} with body null, {bad} with problems")
        print("pages per site:", ", ".join(f"{s} {n}" for s, n in sorted(sites.items(), key=lambda x: (-x[1], x[0]))))
        print("official sites:", ", ".join(official))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
