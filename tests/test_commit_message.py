"""The commit-msg hook refuses what CONTRIBUTING.md rules out."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.check_commit_message import main, problems

WHY = "\n\nThe body says why.\n"


def test_a_summary_of_72_characters_and_a_body_pass() -> None:
    assert problems("x" * 72 + WHY) == []
    assert problems("Fix the pager\n") == []


def test_a_summary_over_72_characters_is_refused() -> None:
    assert problems("x" * 73 + WHY) == ["the summary has 73 characters; at most 72"]


def test_the_body_is_set_apart_by_a_blank_line() -> None:
    refused = problems("Fix the pager\nbecause it lost the filters\n")
    assert refused == ["a blank line must follow the summary"]


def test_comments_and_the_verbose_diff_are_not_the_message() -> None:
    message = (
        "# Please enter the commit message\n\nFix the pager" + WHY + "# On branch main\n"
        "# ------------------------ >8 ------------------------\n" + "diff " + "x" * 100 + "\n"
    )
    assert problems(message) == []


def test_messages_git_writes_itself_pass() -> None:
    assert problems("Merge branch '" + "x" * 80 + "' into main\n") == []
    assert problems("fixup! " + "x" * 80 + "\n") == []


def test_the_hook_exits_non_zero_and_says_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    message = tmp_path / "COMMIT_EDITMSG"
    message.write_text("x" * 80 + WHY)
    assert main(["check_commit_message.py", str(message)]) == 1
    assert capsys.readouterr().err == (
        "commit message: the summary has 80 characters; at most 72 (CONTRIBUTING.md)\n"
    )
    message.write_text("Fix the pager" + WHY)
    assert main(["check_commit_message.py", str(message)]) == 0
