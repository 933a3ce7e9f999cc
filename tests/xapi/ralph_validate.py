"""Validate xAPI statements with Ralph's own pydantic model; runs INSIDE the Ralph venv.

Reads one JSON statement per line on stdin and writes one JSON line per statement on stdout:
`"ok"` or the validation errors. Ralph's LRS stores almost anything, so acceptance by it is not
validity; this model is strict (score.scaled within -1..1, ISO 8601 durations, IRIs, language tags,
no unknown keys, no empty values).
"""

from __future__ import annotations

import json
import sys

from pydantic import ValidationError
from ralph.models.xapi.base.statements import BaseXapiStatement


def main() -> int:
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            BaseXapiStatement.model_validate(json.loads(line))
            verdict: object = "ok"
        except ValidationError as exc:
            verdict = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        print(json.dumps(verdict), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
