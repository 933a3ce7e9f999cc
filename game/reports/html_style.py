"""The inline stylesheet of the HTML report (screen and print)."""

CSS = """
:root { --ink:#2b3445; --muted:#6b7588; --line:#e3e7ee; --bg:#f5f7fa; --card:#fff; --brand:#1f2a44;
  --pass:#1b998b; --fail:#e4572e; --mixed:#f3a712; --accent:#3d5a98; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--ink); font:14px/1.45 "Segoe UI", "Helvetica Neue", Arial,
  "Liberation Sans", sans-serif; }
header.top { background:linear-gradient(120deg, #1f2a44, #2f4a7a); color:#fff; padding:28px 40px 24px; }
header.top .brand { letter-spacing:.12em; text-transform:uppercase; font-size:12px; opacity:.75; }
header.top h1 { margin:4px 0 6px; font-size:28px; font-weight:600; }
header.top .scope { font-size:15px; opacity:.92; }
header.top .meta { font-size:12px; opacity:.7; margin-top:8px; }
main { max-width:1320px; margin:0 auto; padding:20px 40px 40px; }
section { margin-top:26px; }
h2 { font-size:19px; margin:0 0 4px; color:var(--brand); }
h3 { font-size:16px; margin:0 0 6px; color:var(--brand); }
p.lead { margin:0 0 12px; color:var(--muted); max-width:980px; }
.kpis { display:grid; grid-template-columns:repeat(7, 1fr); gap:14px; margin-top:-2px; }
@media (max-width: 1100px) { .kpis { grid-template-columns:repeat(4, 1fr); } }
.kpi { background:var(--card); border-radius:10px; padding:14px 16px; box-shadow:0 1px 3px rgba(20,30,60,.08); }
.kpi .value { font-size:26px; font-weight:600; color:var(--brand); }
.kpi .label { font-size:12px; color:var(--muted); text-transform:uppercase; letter-spacing:.05em; }
.kpi .sub { font-size:12px; color:var(--muted); }
.notes { background:#fff8e6; border-left:4px solid var(--mixed); padding:10px 14px; border-radius:6px; }
.notes p { margin:2px 0; }
.cards { display:grid; grid-template-columns:repeat(auto-fill, minmax(240px, 1fr)); gap:14px; }
.card { background:var(--card); border-radius:10px; padding:14px 16px; box-shadow:0 1px 3px rgba(20,30,60,.08); }
.card .caption { font-size:12px; color:var(--muted); }
.cards.five { grid-template-columns:repeat(5, 1fr); }
@media (max-width: 1100px) { .cards.five { grid-template-columns:repeat(3, 1fr); } }
.cards.two { grid-template-columns:repeat(2, 1fr); align-items:start; }
table.plain { box-shadow:none; border-radius:0; } table.plain td { padding:6px 6px; font-size:13px; }
.share { display:flex; align-items:center; gap:8px; } .share .meter { flex:1; }
.share span.small { min-width:44px; text-align:right; }
.panels { display:grid; grid-template-columns:repeat(auto-fill, minmax(300px, 1fr)); gap:14px; }
svg.chart { width:100%; height:auto; display:block; font-family:inherit; }
.legend { font-size:12px; color:var(--muted); margin:6px 0 10px; }
.legend .dot { display:inline-block; width:10px; height:10px; border-radius:50%; margin:0 4px 0 12px;
  vertical-align:-1px; }
.legend .dash { display:inline-block; width:18px; border-top:2px dashed var(--pass); margin:0 4px 3px 12px; }
table { width:100%; border-collapse:collapse; background:var(--card); border-radius:10px; overflow:hidden;
  box-shadow:0 1px 3px rgba(20,30,60,.08); }
th, td { padding:7px 10px; text-align:left; border-bottom:1px solid var(--line); vertical-align:middle; }
th { background:#eef1f6; font-size:12px; text-transform:uppercase; letter-spacing:.04em; color:var(--muted);
  font-weight:600; }
th.group { text-align:center; border-left:2px solid #fff; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; }
td.sc { text-align:center; font-variant-numeric:tabular-nums; width:40px; padding:7px 4px; }
td.first { border-left:2px solid var(--line); }
.sc.low { background:#fde4dc; color:#a8321a; } .sc.mid { background:#fff1d6; color:#8a5a00; }
.sc.ok { background:#e1f4f1; color:#0f6e63; } .sc.top { background:#bfe8e2; color:#0b5a51; font-weight:600; }
tr.split td { border-top:2px solid var(--line); }
.meter { position:relative; background:#eef1f6; border-radius:6px; height:10px; min-width:90px; }
.meter span { position:absolute; left:0; top:0; bottom:0; border-radius:6px; background:var(--accent); }
.meter.pass span { background:var(--pass); } .meter.miss span { background:var(--fail); }
.pill { display:inline-block; padding:1px 8px; border-radius:10px; font-size:11px; font-weight:600;
  margin-right:4px; background:#eef1f6; color:var(--muted); }
.pill.best { background:#e1f4f1; color:#0f6e63; } .pill.miss { background:#fde4dc; color:#a8321a; }
.pill.trap { background:var(--fail); color:#fff; } .pill.never { background:#e8eaf2; color:#4a5370; }
.pill.do { background:#e5ecf8; color:var(--accent); } .pill.dont { background:#fde4dc; color:#a8321a; }
.muted { color:var(--muted); } .small { font-size:12px; }
.scenario { margin-top:18px; }
.scenario table { margin-bottom:12px; }
.node { background:#f8f9fb; font-size:13px; }
.node td { padding-top:10px; }
.node .client { color:var(--muted); font-style:italic; }
td.reply { max-width:640px; }
ul.reasons { margin:0; padding-left:18px; font-size:13px; } ul.reasons li.critical { color:#a8321a; font-weight:600; }
tr.trap td.reply { color:#a8321a; font-weight:600; }
tr.never td { color:#8a94a6; }
tr.stuck td { background:#fff1ec; }
.best-share { color:#1c6b3a; margin-top:2px; }
footer { max-width:1320px; margin:0 auto; padding:0 40px 40px; color:var(--muted); font-size:12px; }
@media print { body { background:#fff; } header.top { background:#1f2a44; -webkit-print-color-adjust:exact;
  print-color-adjust:exact; } .card, .kpi, table { box-shadow:none; border:1px solid var(--line); }
  section { break-inside:avoid-page; } }
"""
