"""Write a records database in which two trainees completed the first program (run by the packaging test
with the checkout's own code; signed with $ARDOJO_SIGNING_KEY)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "records")]

from records_helpers import complete_program, store_at  # noqa: E402


def main(path: str) -> None:
    key = os.environ["ARDOJO_SIGNING_KEY"].encode("utf-8")
    with store_at(Path(path)) as store:
        for name in ("Ana Lima", "Bo Chen"):
            complete_program(store, name, key=key)


if __name__ == "__main__":
    main(sys.argv[1])
