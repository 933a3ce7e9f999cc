"""The share of trainees who chose the best reply at each decision point, from the records.

"Best" is the grade's own measure: the `top` flag stored with each decision when it was made (the
reply was one of the top-scored replies at that point). Per scenario and node: how many distinct
trainees decided there (a decision with a stored `top` flag), and how many of them chose a top reply
at least once. Decisions stored before the flag existed (`top` is NULL) count in neither. The xAPI
statements carry the same flag as the answer's success, so an LRS query over them gives the same
figures.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.records.store import RecordStore

if TYPE_CHECKING:
    from game.reports.gather import Filter


def best_reply_table(store: RecordStore, flt: "Filter | None" = None,
                     scenario_id: str | None = None) -> dict[str, dict[str, tuple[int, int]]]:
    """{scenario id: {node id: (trainees who chose a top reply, trainees who decided there)}} over the
    calls matching `flt` (every call when None), only `scenario_id` when given. One GROUP BY."""
    clauses = ["d.top IS NOT NULL"] + (["c.scenario_id = ?"] if scenario_id is not None else [])
    params: tuple = ((*flt.params,) if flt is not None else ()) + ((scenario_id,) if scenario_id is not None else ())
    where = flt.where(*clauses) if flt is not None else " WHERE " + " AND ".join(clauses)
    rows = store.query(
        "SELECT c.scenario_id, d.node, COUNT(DISTINCT CASE WHEN d.top = 1 THEN c.trainee_id END), "
        f"COUNT(DISTINCT c.trainee_id) FROM calls c JOIN decisions d ON d.call_id = c.id{where} "
        "GROUP BY c.scenario_id, d.node", params)
    out: dict[str, dict[str, tuple[int, int]]] = {}
    for sid, node, chose, trainees in rows:
        out.setdefault(sid, {})[node] = (chose, trainees)
    return out


def best_reply_shares(store: RecordStore, scenario_id: str,
                      flt: "Filter | None" = None) -> dict[str, tuple[int, int]]:
    """{node id: (trainees who chose the best reply there at least once, trainees who decided there)}
    for one scenario; the share is the first over the second."""
    return best_reply_table(store, flt, scenario_id).get(scenario_id, {})
