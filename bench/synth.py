"""Synthetic but valid scenario YAML texts for the benchmarks.

Two shapes, both citing real rule ids from `scenarios/rulebook.yaml`:

* `realistic_text(n)`: an n-node call graph (a DAG): 2-4 choices per node, each with scores, often
  mood deltas and sometimes a conditional `goto` list; several endings including a `commitment: none`
  hang-up ending.
* `diamond_text(layers, width, fanout)`: `layers` layers of `width` nodes; every node offers `fanout`
  choices into the next layer, so the number of paths grows like fanout**layers.

Run `python bench/synth.py` to write both to bench/out/ and print their path counts.
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.content.model import Scenario

ROOT = Path(__file__).resolve().parents[1]
#: The real rulebook (run_all.py's snapshot of scenarios/ while it runs, so edits cannot change it half-way).
RULEBOOK_PATH = Path(os.environ.get("BENCH_SCENARIOS") or ROOT / "scenarios") / "rulebook.yaml"
DIMS = ("professionalism", "empathy", "clarity")
#: Endings of the realistic scenario: (node id, commitment). `hangs-up` is the hang-up ending.
ENDINGS = (("hangs-up", "none"), ("pays-in-full", "full"), ("payment-plan", "plan"),
           ("partial-payment", "partial"), ("callback-booked", "callback"), ("stalls", "none"))
CONDITIONS = ("patience > 20", "trust >= 40", "patience > 30 and trust >= 50", "trust < 30")


def rule_ids(path: Path = RULEBOOK_PATH) -> list[str]:
    """The rule ids of the real rulebook, loaded (and validated) by the game's own loader."""
    from game.content.rulebook_loader import load_rulebook

    result = load_rulebook(path)
    if result.rulebook is None:
        raise SystemExit(f"rulebook {path} has errors: {[d.format() for d in result.diagnostics.errors]}")
    return list(result.rulebook.rules)


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text)


def _header(scenario_id: str, title: str) -> list[str]:
    return [
        "format: 1",
        f"id: {scenario_id}",
        f"title: {_q(title)}",
        "archetype: synthetic",
        "difficulty: 2",
        "summary: A generated scenario for benchmarks.",
        "persona:",
        "  name: Alex Synth",
        "  company: Synthetic Supplies Ltd",
        "  role: Accounts Payable",
        "  voice: {rate: 170, gender: female}",
        "  mood: {patience: 60, trust: 40}",
        "account:",
        "  terms: Net 30",
        "  invoices:",
        "    - {number: INV-9001, amount: 2450.00, issued: 2026-08-01, due: 2026-08-31}",
        "    - {number: INV-9002, amount: 980.50, issued: 2026-09-01, due: 2026-10-01, note: Second order}",
        "  history: [Paid on time for two years, Last two invoices paid 30+ days late]",
        "  contact: Alex Synth (direct line)",
        "objective: Secure a dated commitment to pay INV-9001",
        "start: {start}",
        "hang_up_when: {patience: 0}",
        "hang_up_to: hangs-up",
        "nodes:",
    ]


def _choice(rng: random.Random, rules: list[str], goto: list[str], conditional: bool, moody: bool) -> list[str]:
    """One choice's YAML lines (indented for a node's `choices:` list)."""
    dims = rng.sample(DIMS, rng.randint(1, 3))
    score = ", ".join(f"{d}: {rng.randint(-3, 3)}" for d in dims)
    cited = ", ".join(rng.sample(rules, rng.randint(1, 2)))
    lines = [
        f"      - say: {_q('Option ' + str(rng.randint(1, 9999)) + ': about invoice INV-9001, can we agree a date?')}",
        f"        score: {{{score}}}",
    ]
    if moody:
        lines.append(f"        mood: {{patience: {rng.randint(-30, 10)}, trust: {rng.randint(-10, 10)}}}")
    lines += [f"        rules: [{cited}]", "        feedback: Generated coaching text for this choice."]
    if conditional and len(goto) > 1:
        lines.append("        goto:")
        lines.append(f"          - {{if: {_q(rng.choice(CONDITIONS))}, to: {goto[0]}}}")
        lines.append(f"          - {{to: {goto[1]}}}")
    else:
        lines.append(f"        goto: {goto[0]}")
    return lines


def _ending_lines(node_id: str, commitment: str) -> list[str]:
    extra = ", amount: 2450.00, days: 3" if commitment in ("full", "plan", "partial") else ""
    return [f"  {node_id}:", f"    client: {_q('Ending ' + node_id + '.')}",
            f"    end: {{commitment: {commitment}{extra}}}"]


def realistic_text(n_nodes: int = 1000, seed: int = 1) -> str:
    """An `n_nodes`-node valid scenario: node-0000 .. plus the six endings, forward edges only (a DAG),
    node i always reaching node i+1 so every node is reachable."""
    rng = random.Random(seed)
    rules = rule_ids()
    content = n_nodes - len(ENDINGS)
    if content < 2:
        raise ValueError("need at least 8 nodes")
    ids = [f"node-{i:04d}" for i in range(content)]
    endings = [e for e, _ in ENDINGS if e != "hangs-up"]
    lines = [line.replace("{start}", ids[0]) for line in _header(f"synthetic-{n_nodes}", f"Synthetic {n_nodes}")]
    for i, node_id in enumerate(ids):
        ahead = ids[i + 1:i + 12]
        lines += [f"  {node_id}:", f"    client: {_q('Client line ' + str(i) + ': we are reviewing the invoice.')}",
                  "    choices:"]
        # The last two nodes lead to every ending (choices 2-3 of the one before last, 1-3 of the last), so
        # each ending is reachable whatever the random draws (they shift when the rulebook's size changes).
        forced = {content - 2: {1: endings[3], 2: endings[4]}, content - 1: {0: endings[0], 1: endings[1],
                                                                               2: endings[2]}}.get(i, {})
        for c in range(max(rng.randint(2, 4), 3 if forced else 0)):
            pool = ahead if ahead and (c == 0 or rng.random() < 0.9) else endings
            goto = [ahead[0]] if c == 0 and ahead else [rng.choice(pool)]
            goto = [forced[c]] if c in forced else goto
            goto.append(rng.choice(pool + endings[:1]))
            lines += _choice(rng, rules, goto, conditional=rng.random() < 0.2, moody=rng.random() < 0.6)
    for node_id, commitment in ENDINGS:
        lines += _ending_lines(node_id, commitment)
    return "\n".join(lines) + "\n"


def diamond_text(layers: int = 40, width: int = 3, fanout: int = 3, seed: int = 2) -> str:
    """A layered scenario: a start node, then `layers` layers of `width` nodes; each node has `fanout`
    (<= 4) choices to distinct nodes of the next layer; the last layer's choices lead to endings."""
    if not 1 <= fanout <= min(4, width):
        raise ValueError("fanout must be 1..min(4, width)")
    rng = random.Random(seed)
    rules = rule_ids()
    names = [[f"l{k:02d}-n{i}" for i in range(width)] for k in range(layers)]
    lines = [line.replace("{start}", "start") for line in _header(f"diamond-{layers}x{width}x{fanout}",
                                                                   f"Diamond {layers}x{width}x{fanout}")]
    lines += ["  start:", "    client: Hello?", "    choices:"]
    for c in range(min(4, width)):
        lines += _choice(rng, rules, [names[0][c]], conditional=False, moody=False)
    endings = [e for e, _ in ENDINGS if e != "hangs-up"]
    for k, layer in enumerate(names):
        for i, node_id in enumerate(layer):
            lines += [f"  {node_id}:", f"    client: {_q(f'Layer {k} node {i}.')}", "    choices:"]
            for c in range(fanout):
                target = names[k + 1][(i + c) % width] if k + 1 < layers else endings[(i + c) % len(endings)]
                lines += _choice(rng, rules, [target], conditional=False, moody=rng.random() < 0.3)
    for node_id, commitment in ENDINGS:
        lines += _ending_lines(node_id, commitment)
    return "\n".join(lines) + "\n"


def load(text: str, name: str) -> "Scenario":
    """Load + validate a synthetic text with the real rulebook; raise if it has any error."""
    from game.content.rulebook_loader import load_rulebook
    from game.content.scenario_loader import load_scenario_text

    rulebook = load_rulebook(RULEBOOK_PATH).rulebook
    result = load_scenario_text(text, name, rulebook)
    if result.scenario is None:
        errors = [d.format() for d in result.diagnostics.errors[:5]]
        raise ValueError(f"synthetic scenario {name} is invalid: {errors}")
    return result.scenario


def main() -> int:
    """Write both synthetic scenarios to bench/out/ and print their sizes and path counts."""
    from game.engine.scoring import compute_ranges

    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    for name, text in (("synthetic-1000.yaml", realistic_text(1000)), ("diamond-40x3x3.yaml", diamond_text())):
        (out / name).write_text(text, encoding="utf-8")
        scenario = load(text, name)
        paths = compute_ranges(scenario).paths
        exact = f"{paths:,} = " if paths < 10**30 else ""
        print(f"{out / name}: {len(scenario.nodes):,} nodes, {len(text) / 1e3:,.0f} kB, {exact}{paths:.2e} paths")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
