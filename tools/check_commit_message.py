"""The commit-msg hook (.pre-commit-config.yaml): a summary of at most 72 characters, then a blank line
before the body, as CONTRIBUTING.md asks: `git log --oneline` shows the summary alone, so it has to fit
a line.

Usage: python tools/check_commit_message.py MESSAGE_FILE (git passes .git/COMMIT_EDITMSG).
"""

from __future__ import annotations

import sys
from pathlib import Path

MAX_SUMMARY = 72
SCISSORS = "# ------------------------ >8 ------------------------"
# Messages git or `git commit --fixup` writes, which are merged or squashed away.
GENERATED = ("Merge ", "fixup! ", "squash! ", "amend! ")


def problems(message: str) -> list[str]:
    """What is wrong with `message` as git will store it (comment lines and the diff of `commit -v` left
    out); [] when nothing is."""
    lines = message.split(SCISSORS, 1)[0].splitlines()
    lines = [line.rstrip() for line in lines if not line.startswith("#")]
    while lines and not lines[0]:
        lines.pop(0)
    if not lines:
        return []  # git refuses an empty message itself
    summary = lines[0]
    if summary.startswith(GENERATED):
        return []
    found = []
    if len(summary) > MAX_SUMMARY:
        found.append(f"the summary has {len(summary)} characters; at most {MAX_SUMMARY}")
    if len(lines) > 1 and lines[1]:
        found.append("a blank line must follow the summary")
    return found


def main(argv: list[str]) -> int:
    found = problems(Path(argv[1]).read_text(encoding="utf-8"))
    for problem in found:
        print(f"commit message: {problem} (CONTRIBUTING.md)", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
