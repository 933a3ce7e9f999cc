"""Render a certificate as one self-contained HTML page made for printing, from a Jinja2 template.

The default template is `game/records/templates/certificate.html.j2`; an organisation can copy it, change
it and pass its own file (`ardojo certificate --template FILE`). Autoescaping is on, so trainee, program
and organisation names are always escaped. No external resources: system fonts, inline CSS, an inline
SVG seal and the organisation's logo embedded as a data: URI. An unsigned certificate carries a
watermark and says plainly that it cannot be verified.
"""

from __future__ import annotations

import base64
from importlib import resources
from pathlib import Path
from string import Template

import jinja2
from markupsafe import Markup

from game.content.model import DIMENSIONS
from game.content.program_model import Organisation
from game.records.certificates import Certificate, average

DEFAULT_TEMPLATE = "certificate.html.j2"
MAX_LOGO_BYTES = 2_000_000
LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
              ".svg": "image/svg+xml", ".webp": "image/webp"}

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


class TemplateProblem(Exception):
    """A certificate template that cannot be read or rendered, in one line (with file:line when known)."""


def _seal(signed: bool) -> Markup:
    if signed:
        values = {"label": "Signed seal", "fill": "#1f3557", "edge": "#b08d3c",
                  "ring": "VERIFIED RECORDS &#183; ONBOARDING &#183; VERIFIED RECORDS &#183;", "middle": "DOJO"}
    else:
        values = {"label": "Unsigned", "fill": "#8a8f98", "edge": "#a11d1d",
                  "ring": "UNSIGNED &#183; NOT VERIFIABLE &#183; UNSIGNED &#183;", "middle": "UNSIGNED"}
    return Markup(Template(SEAL).substitute(values))


def logo_data_uri(path: Path | None) -> str | None:
    """An image file as a data: URI (None when absent, of an unknown type or too large)."""
    if path is None or path.suffix.lower() not in LOGO_TYPES:
        return None
    try:
        if path.stat().st_size > MAX_LOGO_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    return f"data:{LOGO_TYPES[path.suffix.lower()]};base64,{base64.b64encode(data).decode('ascii')}"


def _environment(template: Path | None) -> tuple[jinja2.Environment, str]:
    if template is None:
        folder = Path(str(resources.files("game.records") / "templates"))
        name = DEFAULT_TEMPLATE
    else:
        folder, name = template.parent, template.name
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return env, name


def render_certificate(cert: Certificate, organisation: Organisation | None = None, logo: Path | None = None,
                       template: Path | None = None) -> str:
    """The certificate as a complete, self-contained HTML document, from `template` (default: the shipped
    one). TemplateProblem when a custom template cannot be read or uses what it is not given."""
    organisation = organisation or Organisation()
    rows = [{"title": c.title, "date": c.ended_at[:10], "overall": int(c.overall),
             "scores": [int(c.scores.get(d, 0)) for d in DIMENSIONS]} for c in cert.calls]
    averages = {"scores": [average(cert.calls, d) for d in DIMENSIONS], "overall": average(cert.calls, "overall")}
    context = {
        "cert": {"trainee": cert.trainee, "program_id": cert.program_id, "program_title": cert.program_title,
                 "program_summary": cert.program_summary, "issued": cert.issued_at[:10], "code": cert.code,
                 "signed": cert.signed},
        "organisation": organisation, "logo": logo_data_uri(logo), "dimensions": list(DIMENSIONS),
        "rows": rows, "averages": averages, "seal": _seal(cert.signed),
        "verify_command": f"ardojo verify --certificate {cert.code}"}
    env, name = _environment(template)
    where = str(template) if template is not None else name
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateNotFound:
        raise TemplateProblem(f"{where}: error: no such template file") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(f"{where}:{exc.lineno}:1: error: template syntax: {exc.message}") from None
    except jinja2.UndefinedError as exc:
        raise TemplateProblem(f"{where}: error: the template uses something it is not given: {exc.message}") from None
    except (jinja2.TemplateError, UnicodeDecodeError, OSError) as exc:
        raise TemplateProblem(f"{where}: error: cannot render the template: {exc}") from None
