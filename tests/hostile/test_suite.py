"""`pytest -m hostile` is one command for the hostile-input suite: it collects the checker's cases, the
grader replies' and prompt escaping, the logs' (truncated, foreign, missing fields, retried runs), the
data layer's and the command line's.  A mark dropped from any of them fails here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.hostile

REPO = Path(__file__).resolve().parents[2]

GROUPS = {
    "answer checker": ["tests/answers/test_hostile.py::test_python_in_responses_is_never_executed",
                       "tests/answers/test_hostile.py::test_time_budget_kills_a_slow_check"],
    "grader replies and prompt escaping": ["tests/tasks/test_grading.py::test_parse_label_reads_one_unnegated_label_on_the_last_line",
                                           "tests/tasks/test_grading.py::test_points_tags_from_the_proof_do_not_count",
                                           "tests/tasks/test_grading.py::test_every_variant_of_every_section_tag_is_escaped",
                                           "tests/tasks/test_end_to_end.py::test_proofbench_through_litellm"],
    "logs": ["tests/hostile/test_logs.py::test_report_counts_a_retried_run_once",
             "tests/hostile/test_logs.py::test_a_hostile_log_beside_a_good_one_is_skipped_and_named[truncated]",
             "tests/hostile/test_logs.py::test_a_hostile_log_beside_a_good_one_is_skipped_and_named[foreign-task]",
             "tests/hostile/test_logs.py::test_a_gradingbench_log_lacking_labels_is_skipped_with_a_warning[no-human-labels]",
             "tests/hostile/test_logs.py::test_missing_provenance_is_unverified[all-provenance-removed]",
             "tests/hostile/test_markdown.py::test_the_report_of_a_hostile_log_renders_inert"],
    "data layer": ["tests/data/test_load.py::test_wrong_checksum_in_data_dir", "tests/data/test_load.py::test_non_utf8_file",
                   "tests/hostile/test_data_copies.py::test_a_corrupted_copy_is_flagged[truncated]"],
    "command line": ["tests/test_cli.py::test_an_unusable_option_through_the_console_script"],
}


def test_one_command_collects_every_group_of_hostile_cases() -> None:
    proc = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-m", "hostile", "--ignore=tests/local",
                           "-p", "no:cacheprovider"], capture_output=True, text=True, cwd=REPO, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    collected = {line.strip() for line in proc.stdout.splitlines() if "::" in line}
    for group, ids in GROUPS.items():
        for node in ids:
            assert node in collected or any(c.startswith(node + "[") for c in collected), (group, node)
    assert not any(c.startswith("tests/results/test_leaderboard.py") for c in collected)  # unmarked tests stay out
