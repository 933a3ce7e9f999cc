"""Render a certificate as one self-contained HTML page made for printing.

No external resources: system fonts, inline CSS and an inline SVG seal. `@page` asks for landscape
paper with margins; the sheet is sized to fit both A4 and US Letter landscape. An unsigned certificate
carries a watermark and says plainly that it cannot be verified.
"""

from __future__ import annotations

import html
from string import Template

from game.content.model import DIMENSIONS
from game.records.certificates import Certificate, average

CSS = """
@page { size: landscape; margin: 10mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { background: #d9d6cf; font-family: Georgia, "DejaVu Serif", "Liberation Serif", "Times New Roman", serif;
       color: #1d2a3a; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.sheet { position: relative; width: 257mm; height: 180mm; margin: 8mm auto; padding: 6mm; background: #fffdf7;
         box-shadow: 0 2mm 8mm rgba(0, 0, 0, .25); overflow: hidden; break-inside: avoid; }
.frame { position: relative; height: 100%; border: 2.2mm solid #1f3557; padding: 1.6mm; }
.inner { position: relative; height: 100%; border: .5mm solid #b08d3c; padding: 8mm 11mm 8mm; overflow: hidden;
         display: flex; flex-direction: column; align-items: center; text-align: center;
         background: radial-gradient(ellipse at center, #fffdf7 55%, #f6efdc 100%); }
.corner { position: absolute; width: 14mm; height: 14mm; border: .6mm solid #b08d3c; }
.corner.tl { top: 2.5mm; left: 2.5mm; border-right: none; border-bottom: none; }
.corner.tr { top: 2.5mm; right: 2.5mm; border-left: none; border-bottom: none; }
.corner.bl { bottom: 2.5mm; left: 2.5mm; border-right: none; border-top: none; }
.corner.br { bottom: 2.5mm; right: 2.5mm; border-left: none; border-top: none; }
.org { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 3mm; letter-spacing: .9mm;
       text-transform: uppercase; color: #7a6320; }
h1 { margin: 3mm 0 0; font-size: 12mm; font-weight: normal; letter-spacing: .6mm; color: #1f3557;
     font-variant: small-caps; }
.rule { width: 70mm; height: .4mm; margin: 2.5mm auto 3mm; background: linear-gradient(90deg, transparent,
        #b08d3c, transparent); }
.lead { font-size: 4mm; font-style: italic; color: #4a5563; margin: 0; }
.name { font-size: 11mm; font-style: italic; margin: 2mm 0 1mm; padding: 0 12mm 1mm; color: #13233d;
        border-bottom: .35mm solid #b08d3c; }
.program { font-size: 6.5mm; font-weight: bold; margin: 1.5mm 0 0; color: #1f3557; }
.summary { font-size: 3.3mm; color: #4a5563; max-width: 190mm; margin: 1.5mm 0 0; line-height: 1.35; }
table { width: 100%; margin: 4mm auto 0; border-collapse: collapse; font-family: "DejaVu Sans", "Liberation Sans",
        Arial, sans-serif; font-size: 2.9mm; }
th { font-weight: normal; text-transform: uppercase; letter-spacing: .2mm; font-size: 2.2mm; color: #7a6320;
     padding: 1mm 1.8mm; border-bottom: .35mm solid #b08d3c; text-align: right; }
th.title { text-align: left; }
td { padding: 1.1mm 1.8mm; border-bottom: .2mm solid #e4dcc6; }
td.title { text-align: left; white-space: nowrap; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.avg td { border-bottom: none; font-weight: bold; color: #1f3557; }
.foot { margin-top: auto; width: 100%; display: flex; align-items: flex-end; justify-content: space-between; }
.sig { width: 64mm; text-align: center; font-size: 3.2mm; white-space: nowrap; }
.sig.right { width: 84mm; }
.sig .line { border-top: .3mm solid #1d2a3a; padding-top: 1mm; color: #4a5563; }
.sig .value { font-size: 4.2mm; margin-bottom: 1mm; }
.code { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 3.7mm; letter-spacing: .2mm;
        color: #13233d; }
.how { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 2.4mm; color: #4a5563; }
.seal { width: 34mm; height: 34mm; }
.watermark { position: absolute; top: 42%; left: 0; width: 100%; text-align: center; transform: rotate(-12deg);
             font-family: "DejaVu Sans", Arial, sans-serif; font-size: 11mm; font-weight: bold; letter-spacing: 1.5mm;
             white-space: nowrap;
             color: rgba(190, 30, 30, .13); pointer-events: none; }
.unsigned { color: #a11d1d; font-family: "DejaVu Sans", Arial, sans-serif; font-size: 2.7mm; font-weight: bold;
            white-space: normal; display: block; margin-top: .8mm; }
@media print { body { background: none; } .sheet { margin: 0 auto; box-shadow: none; } }
"""

PAGE = Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Certificate of Completion — $trainee — $program</title>
<style>$css</style>
</head>
<body>
<div class="sheet"><div class="frame"><div class="inner">
<div class="corner tl"></div><div class="corner tr"></div><div class="corner bl"></div><div class="corner br"></div>
$watermark
<div class="org">AR Dojo &middot; Accounts-Receivable Call Training</div>
<h1>Certificate of Completion</h1>
<div class="rule"></div>
<p class="lead">This certifies that</p>
<div class="name">$trainee</div>
<p class="lead">has completed the onboarding program</p>
<div class="program">$program</div>
<p class="summary">$summary</p>
<table>
<thead><tr><th class="title">Scenario</th><th>Completed</th>$dim_heads<th>Overall</th></tr></thead>
<tbody>
$rows
</tbody>
</table>
<div class="foot">
  <div class="sig"><div class="value">$issued</div><div class="line">Date of issue</div>
    <div class="how">from the AR Dojo training records</div></div>
  $seal
  <div class="sig right"><div class="value code">$code</div><div class="line">Verification code</div>
    <div class="how">$how</div></div>
</div>
</div></div></div>
</body>
</html>
""")

SEAL = """<svg class="seal" viewBox="0 0 120 120" role="img" aria-label="$label">
  <defs><path id="ring" d="M60,60 m-43,0 a43,43 0 1,1 86,0 a43,43 0 1,1 -86,0"/></defs>
  <circle cx="60" cy="60" r="57" fill="$fill" stroke="$edge" stroke-width="2"/>
  <circle cx="60" cy="60" r="53" fill="none" stroke="#fffdf7" stroke-width="1" stroke-dasharray="2 2"/>
  <circle cx="60" cy="60" r="35" fill="none" stroke="#fffdf7" stroke-width="1.2"/>
  <text font-family="DejaVu Sans, Arial, sans-serif" font-size="8.5" fill="#fffdf7">
    <textPath href="#ring" textLength="262" lengthAdjust="spacing">$ring</textPath></text>
  <text x="60" y="58" text-anchor="middle" font-family="Georgia, serif" font-size="15" font-weight="bold"
        fill="#fffdf7">AR</text>
  <text x="60" y="74" text-anchor="middle" font-family="Georgia, serif" font-size="11" fill="#fffdf7">$middle</text>
</svg>"""


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _seal(signed: bool) -> str:
    if signed:
        values = {"label": "Signed seal", "fill": "#1f3557", "edge": "#b08d3c",
                  "ring": "AR DOJO &#183; VERIFIED RECORDS &#183; ONBOARDING &#183;", "middle": "DOJO"}
    else:
        values = {"label": "Unsigned", "fill": "#8a8f98", "edge": "#a11d1d",
                  "ring": "UNSIGNED &#183; NOT VERIFIABLE &#183; UNSIGNED &#183;", "middle": "UNSIGNED"}
    return Template(SEAL).substitute(values)


def render_certificate(cert: Certificate) -> str:
    """The certificate as a complete, self-contained HTML document."""
    rows = []
    for call in cert.calls:
        cells = "".join(f'<td class="num">{int(call.scores.get(d, 0))}</td>' for d in DIMENSIONS)
        rows.append(f'<tr><td class="title">{_esc(call.title)}</td><td class="num">{_esc(call.ended_at[:10])}</td>{cells}'
                    f'<td class="num"><b>{int(call.overall)}</b></td></tr>')
    means = "".join(f'<td class="num">{average(cert.calls, d)}</td>' for d in DIMENSIONS)
    rows.append(f'<tr class="avg"><td class="title">Average</td><td></td>{means}'
                f'<td class="num">{average(cert.calls, "overall")}</td></tr>')
    if cert.signed:
        how = f"ardojo verify --certificate {_esc(cert.code)}"
        watermark = ""
    else:
        how = ('<span class="unsigned">UNSIGNED: issued without a signing key; this certificate cannot be '
               'verified</span>')
        watermark = '<div class="watermark">UNSIGNED &middot; NOT VERIFIABLE</div>'
    return PAGE.substitute(
        css=CSS, trainee=_esc(cert.trainee), program=_esc(cert.program_title), summary=_esc(cert.program_summary),
        dim_heads="".join(f"<th>{_esc(d.capitalize())}</th>" for d in DIMENSIONS), rows="\n".join(rows),
        issued=_esc(cert.issued_at[:10]), seal=_seal(cert.signed), code=_esc(cert.code), how=how,
        watermark=watermark)
