"""report.html: one self-contained, printable page per plan (week grid, volume chart with
block/deload/taper bands, each session's rationale, objective terms, solver status).

The chart is drawn with matplotlib and embedded as a base64 PNG, so the file works offline.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
from collections import defaultdict

from models.catalog import WEEKDAYS
from models.plan import Plan
from models.prescription import TITLES, rationale

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#222}
h1{margin:0 0 4px 0;font-size:22px} .meta{color:#555;margin-bottom:16px}
table{border-collapse:collapse;width:100%;margin:12px 0;font-size:12px}
th,td{border:1px solid #ddd;padding:3px 4px;vertical-align:top}
th{background:#f4f4f4} td.wk{white-space:nowrap;font-weight:600}
.s{display:block;border-radius:4px;padding:2px 4px;margin:1px 0;color:#fff}
.lift{background:#2c7fb8}.run{background:#31a354}.hard.run{background:#d95f0e}
.hard.lift{background:#253494}.easy{opacity:.85}.race{background:#a50f15!important}
.deload td{background:#fafafa} .taper td.wk{color:#a50f15}
.legend .s{display:inline-block;margin-right:6px}
.status{display:inline-block;padding:2px 8px;border-radius:10px;background:#eee;font-weight:600}
.legend span{margin-right:10px} img{max-width:100%}
@media print{body{margin:8mm} .s{print-color-adjust:exact;-webkit-print-color-adjust:exact}}
"""


def _chart(plan: Plan) -> str:
    """Weekly run minutes (with target range) and lift sessions, with block bands."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    weeks = [w.week for w in plan.weeks]
    run_min: dict[int, int] = defaultdict(int)
    lifts: dict[int, int] = defaultdict(int)
    for s in plan.sessions:
        if s.modality == "run" and s.type != "race":
            run_min[s.week] += s.duration_min
        elif s.modality == "lift":
            lifts[s.week] += 1
    fig, ax = plt.subplots(figsize=(10, 3.2), dpi=110)
    for w in plan.weeks:
        color = "#fde0dd" if w.focus == "taper" else ("#eeeeee" if w.deload else None)
        if color:
            ax.axvspan(w.week - 0.5, w.week + 0.5, color=color, zorder=0)
    lo = [w.targets.run_minutes.min for w in plan.weeks]
    hi = [w.targets.run_minutes.max for w in plan.weeks]
    ax.fill_between(weeks, lo, hi, step="mid", alpha=0.25, color="#31a354", label="run target")
    ax.bar(weeks, [run_min[w] for w in weeks], color="#31a354", width=0.6, label="run minutes")
    ax.set_xlabel("plan week")
    ax.set_ylabel("run minutes")
    ax2 = ax.twinx()
    ax2.plot(weeks, [lifts[w] for w in weeks], "o-", color="#2c7fb8", label="lift sessions")
    ax2.set_ylabel("lifts")
    ax2.set_ylim(0, max([*lifts.values(), 1]) + 1)
    prev = None
    for w in plan.weeks:
        if w.mesocycle != prev:
            ax.axvline(w.week - 0.5, color="#999", lw=0.8)
            ax.text(
                w.week - 0.4,
                ax.get_ylim()[1] * 0.98,
                w.mesocycle,
                fontsize=6,
                va="top",
                rotation=90 if len(plan.weeks) > 16 else 0,
            )
            prev = w.mesocycle
    ax.legend(loc="upper left", fontsize=7)
    ax2.legend(loc="upper right", fontsize=7)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode()


def plan_html(plan: Plan) -> str:
    e = html.escape
    name = str(plan.profile.get("name", plan.athlete_id))
    gap = "-" if plan.gap is None else f"{plan.gap:.2%}"
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>hybridplan: {e(name)}</title><style>{CSS}</style></head><body>",
        f"<h1>{e(name)}</h1><div class='meta'>goal {e(str(plan.profile.get('goal')))} · "
        f"{len(plan.weeks)} weeks · <span class='status' id='status'>{e(plan.status)}</span> "
        f"objective {plan.objective} · bound {plan.best_bound} · gap {gap} · "
        f"{plan.solve_seconds:.2f} s</div>",
    ]
    if plan.conflicts:
        parts.append("<h2>Conflicts</h2><ul id='conflicts'>")
        parts += [f"<li><b>{e(c.rule)}</b> {e(c.message)}</li>" for c in plan.conflicts]
        parts.append("</ul>")
    if plan.weeks:
        parts.append(
            f"<h2>Volume</h2><img id='chart' alt='weekly volume' "
            f"src='data:image/png;base64,{_chart(plan)}'>"
        )
    if plan.objective_terms:
        parts.append(
            "<h2>Objective</h2><table id='terms'><tr><th>term</th><th>weight</th>"
            "<th>value</th><th>weighted</th></tr>"
        )
        for k, t in plan.objective_terms.items():
            parts.append(
                f"<tr><td>{e(k)}</td><td>{t.weight:g}</td><td>{t.value:g}</td>"
                f"<td>{t.weight * t.value:g}</td></tr>"
            )
        parts.append("</table>")
    start = dt.date.fromisoformat(plan.weeks[0].start_date).weekday() if plan.weeks else 0
    days = list(WEEKDAYS[start:] + WEEKDAYS[:start])
    cells: dict[tuple[int, str], list[str]] = defaultdict(list)
    for s in plan.sessions:
        cls = f"s {s.modality} {s.intensity}" + (" race" if s.type == "race" else "")
        why = rationale(plan, s)
        cells[(s.week, s.weekday)].append(
            f"<span class='{cls}' title='{e(why)}'>{e(s.start)} {e(TITLES.get(s.type, s.type))} "
            f"{s.duration_min}'</span>"
        )
    parts.append(
        "<h2>Weeks</h2><div class='legend'><span class='s lift'>lift</span>"
        "<span class='s run'>easy run</span><span class='s run hard'>hard run</span>"
        "</div><table id='grid'><tr><th>week</th>"
        + "".join(f"<th>{d.capitalize()}</th>" for d in days)
        + "</tr>"
    )
    for w in plan.weeks:
        cls = "deload" if w.deload else ("taper" if w.focus == "taper" else "")
        label = f"{w.week} · {e(w.mesocycle)}<br>{e(w.focus)}{' · deload' if w.deload else ''}"
        parts.append(
            f"<tr class='{cls}'><td class='wk'>{label}</td>"
            + "".join(f"<td>{''.join(cells.get((w.week, d), []))}</td>" for d in days)
            + "</tr>"
        )
    parts.append("</table>")
    if plan.sessions:
        parts.append(
            "<h2>Why each session is where it is</h2><table id='rationale'>"
            "<tr><th>date</th><th>session</th><th>reason</th></tr>"
        )
        for s in plan.sessions:
            parts.append(
                f"<tr><td>{e(s.date)} {e(s.start)}</td><td>{e(s.type)} "
                f"{s.duration_min}'</td><td>{e(rationale(plan, s))}</td></tr>"
            )
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)
