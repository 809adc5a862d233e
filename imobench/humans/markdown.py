"""The human-grades section of `imobench report`'s markdown (the report's own rendering calls this
once, after its tables).  Names that come from logs (models, problem ids, people) go through the
reports' one escaping helper, `imobench.results.markdown.md_text`, so that they stay text in any
markdown viewer."""

from __future__ import annotations

from imobench.humans.agreement import HumanReport
from imobench.results.markdown import md_text
from imobench.stats.agreement import Statistic

def _num(v: float | None, digits: int = 3) -> str:
    return "—" if v is None else f"{v:.{digits}f}"


def _stat(s: Statistic) -> tuple[str, str]:
    if s.undefined:
        return f"undefined ({s.undefined})", "—"
    interval = "—" if s.ci_low is None or s.ci_high is None else f"[{s.ci_low:.3f}, {s.ci_high:.3f}]"
    return _num(s.value), interval


def render_human(h: HumanReport) -> list[str]:
    lines = ["", f"## Human grades ({md_text(h.folder)})", "",
             f"{h.records} record(s) by {len(h.people)} person(s) ({', '.join(md_text(p) for p in h.people) or 'nobody'}); "
             f"{h.decisions} latest decision(s), {h.matched} on these logs' texts, {h.stale} on a text that has changed "
             f"since (not used), {h.unmatched} on samples not in these logs. Several people on one proof: {h.tie_rule}."]
    for w in h.warnings:
        lines += ["", f"warning: {md_text(w)}"]
    for o in h.overrides:
        lo, hi = o.with_humans_ci
        lines += ["", f"### Human override: {o.benchmark} {md_text(o.model)} on {md_text(o.dataset)}", "",
                  "| score | value | 95% CI | unscored |", "|---|---|---|---|",
                  f"| automatic | {_num(o.automatic, 1)} {o.unit} | — | {o.automatic_unscored} |",
                  f"| with human override ({o.overridden} of {o.samples} samples decided by people, {o.changed} changed) | "
                  f"{_num(o.with_humans, 1)} {o.unit} | [{_num(lo, 1)}, {_num(hi, 1)}] | {o.with_humans_unscored} |"]
    for g in h.graders:
        a = g.sample
        lines += ["", f"### Grader {md_text(g.grader_models)} ({md_text(g.grader)}) against the human grades: n={a.n}"
                  f" (human-graded proofs it left unscored: {g.unscored})", "",
                  "| statistic | value | 95% CI (clustered by problem) |", "|---|---|---|"]
        for s in [*a.statistics.values(), a.over_grading_rate, a.under_grading_rate]:
            value, interval = _stat(s)
            lines.append(f"| {s.name} | {value} | {interval} |")
        labels = list(reversed(g.scale.labels))
        lines += ["", "Confusion (rows: human, columns: grader)", "", "| human \\ grader | " + " | ".join(labels) + " |",
                  "|---|" + "---|" * len(labels)]
        for human in labels:
            lines.append(f"| {human} | " + " | ".join(str(a.confusion[human][grader]) for grader in labels) + " |")
        sl = g.system
        pearson, _ = _stat(sl.pearson)
        spearman, _ = _stat(sl.spearman)
        lines += ["", f"System level over {len(sl.rows)} model(s): Pearson {pearson}, Spearman {spearman}", "",
                  "| model | proofs | mean grader points | mean human points |", "|---|---|---|---|"]
        lines += [f"| {md_text(r.model, in_table=True)} | {r.n} | {r.grader_mean:.3f} | {r.human_mean:.3f} |" for r in sl.rows]
    ir = h.inter_rater
    if ir is None:
        lines += ["", "### Inter-rater agreement: no proof has grades by two or more people yet"]
    else:
        alpha, _ = _stat(ir.alpha)
        lines += ["", f"### Inter-rater agreement over {ir.proofs} proof(s) graded by two or more people",
                  "", f"Krippendorff's alpha (ordinal) {alpha}; exact agreement {_num(ir.exact_agreement.value)}; "
                  f"{len(ir.disagreeing)} proof(s) to adjudicate"]
        if ir.disagreeing:
            lines += ["", "| problem | model | sample | grades |", "|---|---|---|---|"]
            lines += [f"| {md_text(d.problem_id, in_table=True)} | {md_text(d.model or '—', in_table=True)} | {md_text(d.sample_id, in_table=True)} (epoch {d.epoch}) | "
                      + ", ".join(f"{md_text(p, in_table=True)} {v}" for p, v in d.grades.items()) + " |" for d in ir.disagreeing]
    return lines
