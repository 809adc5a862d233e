"""A checker worker process: reads JSON jobs on stdin, writes JSON verdicts on stdout.

Started by `imobench.answers.bounded` as `python -m imobench.answers.worker MEMORY_MB CHECKER`.  A
separate interpreter (not a multiprocessing child) so that it never re-imports the caller's main module
and holds none of the caller's threads or locks; it caps its own address space first.
"""

from __future__ import annotations

import json
import resource
import sys

from imobench.answers.budget import DEFAULT_MEMORY_MB

MAX_RECURSION = 10_000
MAX_ERROR_CHARS = 300


def main() -> None:
    memory_mb = int(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_MEMORY_MB
    checker = sys.argv[2] if len(sys.argv) > 2 else None
    try:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass
    sys.setrecursionlimit(MAX_RECURSION)
    from imobench.answers.check import check_unbounded

    out = sys.stdout
    out.write('{"ready": true}\n')
    out.flush()
    for line in sys.stdin:
        try:
            job = json.loads(line)
            result = check_unbounded(job["gold"], job["response"], checker, job.get("problem")).model_dump()
        except MemoryError:
            result = {"error": "memory budget exceeded", "failure": "memory"}
        except RecursionError:
            result = {"error": "nesting too deep", "failure": "size"}
        except Exception as err:  # noqa: BLE001 - a verdict with the reason, never a crashed run
            result = {"error": f"internal error: {type(err).__name__}: {err}"[:MAX_ERROR_CHARS], "failure": "internal"}
        out.write(json.dumps(result) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
