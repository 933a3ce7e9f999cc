"""Load `rulebook.yaml` into a `Rulebook`, reporting every problem at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from game.content.diagnostics import Diagnostics, SourcePos, did_you_mean
from game.content.fields import Fields
from game.content.model import DIMENSIONS, FORMAT_VERSION, Rule, Rulebook, RuleSource, frozen_map
from game.content.yaml_source import YScalar, describe, load_yaml

RULE_KEYS = ("id", "kind", "title", "summary", "dimensions", "sources")
SOURCE_KEYS = ("article", "section")


@dataclass(frozen=True, slots=True)
class RulebookResult:
    rulebook: Rulebook | None
    diagnostics: Diagnostics


def load_rulebook(path: Path, display: str | None = None) -> RulebookResult:
    """Load and validate a rulebook file. `rulebook` is None when there are errors."""
    diags = Diagnostics()
    file = display or str(path)
    tree = load_yaml(path, diags, file)
    if tree is None:
        return RulebookResult(None, diags)
    top = Fields(tree, "the rulebook", diags, ("format", "rules"), SourcePos(file, 1, 1))
    fmt = top.integer("format", 1, 99)
    if fmt is not None and fmt > FORMAT_VERSION:
        diags.error(top.key_pos("format"), f"rulebook is written for format {fmt}; this AR Dojo reads "
                    f"format {FORMAT_VERSION}", "upgrade AR Dojo", code="format")
    rules: dict[str, Rule] = {}
    seq = top.seq("rules")
    for index, item in enumerate(seq.items if seq else ()):
        rule = _rule(item, index, diags, file)
        if rule is None:
            continue
        if rule.id in rules:
            diags.error(rule.pos, f"duplicate rule id '{rule.id}' (first at line {rules[rule.id].pos.line})",
                        "rule ids must be unique", code="duplicate-id")
            continue
        rules[rule.id] = rule
    top.finish()
    if diags.has_errors:
        return RulebookResult(None, diags)
    return RulebookResult(Rulebook(frozen_map(rules), file), diags)


def _rule(item, index: int, diags: Diagnostics, file: str) -> Rule | None:
    where = f"rule {index + 1}"
    fields = Fields(item, where, diags, RULE_KEYS, item.pos)
    if not fields.ok:
        return None
    rule_id = fields.ident("id")
    if rule_id:
        where = fields.where = f"rule '{rule_id}'"
    kind = fields.text("kind")
    if kind and kind not in ("do", "dont"):
        diags.error(fields.map.get("kind").pos, f"'kind' in {where} must be 'do' or 'dont', got '{kind}'",
                    did_you_mean(kind, ("do", "dont")), code="enum")
    title = fields.text("title")
    summary = fields.text("summary")
    dims = []
    dims_node = fields.seq("dimensions")
    for dim in dims_node.items if dims_node else ():
        value = dim.value if isinstance(dim, YScalar) else None
        if value in DIMENSIONS:
            dims.append(value)
        else:
            hint = did_you_mean(str(value), DIMENSIONS) or f"one of: {', '.join(DIMENSIONS)}"
            diags.error(dim.pos, f"dimension in {where} must be one of the four dimensions, got {describe(dim)}",
                        hint, code="enum")
    if dims_node and not dims_node.items:
        diags.error(dims_node.pos, f"'dimensions' in {where} is empty", "name at least one dimension", code="missing-key")
    sources = []
    src_node = fields.seq("sources")
    for src in src_node.items if src_node else ():
        sf = Fields(src, f"a source of {where}", diags, SOURCE_KEYS, src.pos)
        article, section = sf.text("article"), sf.text("section")
        sf.finish()
        if article and section:
            sources.append(RuleSource(article, section))
    if src_node and not src_node.items:
        diags.error(src_node.pos, f"'sources' in {where} is empty", "cite at least one article and section", code="missing-key")
    fields.finish()
    if not (rule_id and kind and title and summary):
        return None
    return Rule(rule_id, kind, title, summary, tuple(dims), tuple(sources), item.pos)
