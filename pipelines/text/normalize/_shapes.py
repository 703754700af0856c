"""Line shapes shared by the rules: what a sentence looks like."""
from __future__ import annotations

import re

# A sentence ends in 。！？!；; — or in "?" followed by a space, a closing quote or the line end.
# A "?" inside a run of letters is a character lost to a bad decoder (張?zhí), not a question.
SENTENCE_END = re.compile(r"[。！？!；;]|\?(?=\s|$|[”’」』)）])")


def is_sentence(line: str) -> bool:
    return bool(SENTENCE_END.search(line))
