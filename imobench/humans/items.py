"""What people grade: ProofBench proofs and GradingBench-shaped CSV rows (the Grade page), and the
review queue (AnswerBench samples the automatic verdict could not settle, flagged proofs).

An `Item` holds everything a person needs to decide, as the automatic grader saw it (problem,
reference solution, guidelines, the text), the automatic grade to reveal after the person has
committed theirs, and the sha256 of the text its grades are tied to.  Items are built from logs
read with samples (`imobench.results.logs.read_logs`) through the typed score records.
"""

from __future__ import annotations

from pathlib import Path

from inspect_ai.log import EvalLog
from pydantic import BaseModel

from imobench.humans.records import Kind, item_key, text_sha256
from imobench.records import AnswerScore, ProofGrade, read_record
from imobench.results.logs import benchmark_of
from imobench.scale import Scale, default_scale

REVIEW_UNSCORED = "unscored"
REVIEW_DISAGREE = "checker and grader disagree"
REVIEW_FLAGGED = "graded a pass but the final answer is wrong"


class Item(BaseModel):
    kind: Kind
    benchmark: str
    log: str
    sample_id: str
    sample_uuid: str | None = None
    epoch: int = 1
    model: str | None = None
    dataset: str | None = None
    data_verified: bool = True
    problem_id: str
    level: str | None = None
    category: str | None = None
    source: str | None = None  # where the problem comes from (ProofBench's Source column)
    problem: str = ""
    solution: str = ""
    guidelines: str = ""
    gold: str = ""
    text: str  # the proof or response graded
    sha256: str
    review: str | None = None  # why it is in the review queue (None: not there)
    # the automatic grade, shown only after the person has decided
    ai_value: float | None = None  # points (proofs) or 1/0 (answers); None when unscored
    ai_summary: str = ""  # one line: the grade or verdict and who gave it
    ai_replies: list[str] = []
    grader: str | None = None  # the grader spec's identity
    grader_models: str | None = None
    unscored_reason: str | None = None
    scale: Scale | None = None

    @property
    def key(self) -> str:
        return item_key(self.log, self.sample_id, self.sample_uuid, self.epoch)

    @property
    def grader_label(self) -> str:
        """Which automatic grader: its models and its spec's name (the identity's first part)."""
        spec = (self.grader or "").split("@")[0] or "?"
        return f"{self.grader_models or '?'} ({spec})"


def items_from_logs(logs: list[EvalLog]) -> list[Item]:
    """One item per ProofBench sample and per AnswerBench sample (the review queue is a filter on
    them, `review_queue`), from logs read with their samples."""
    out: list[Item] = []
    seen: set[str] = set()  # a sample in two files (a copied log) is one item
    for log in logs:
        bench = benchmark_of(log)
        if bench not in ("proofbench", "answerbench"):
            continue
        for s in log.samples or []:
            if not s.scores:
                continue
            score = next(iter(s.scores.values()))
            try:
                rec = read_record(bench, score.value, score.metadata)
            except ValueError:  # metadata no version of imobench wrote: nothing to show beside a grade
                continue
            md = s.metadata or {}
            text = s.output.completion if s.output else ""
            common = dict(
                benchmark=bench, log=log.location, sample_id=str(s.id), sample_uuid=s.uuid, epoch=s.epoch,
                model=log.eval.model, dataset=str(md.get("dataset") or ""), data_verified=bool(md.get("data_verified", True)),
                problem_id=str(md.get("problem_id", s.id)), level=md.get("level"), category=md.get("category"),
                source=md.get("source"), problem=str(md.get("problem") or ""), gold=str(s.target if isinstance(s.target, str) else "; ".join(s.target)),
                text=text, sha256=text_sha256(text),
                unscored_reason=rec.unscored.reason if rec.unscored is not None else None,
            )
            if isinstance(rec, ProofGrade):
                item = _proof_item(rec, md, common)
            elif isinstance(rec, AnswerScore):
                item = _answer_item(rec, common)
            else:
                continue
            if item.key not in seen:
                seen.add(item.key)
                out.append(item)
    return out


def _proof_item(rec: ProofGrade, md: dict, common: dict) -> Item:
    shown = "unscored" if rec.points is None else f"{rec.points:g} ({rec.scale.label_of(rec.points) or 'between levels'})"
    review = REVIEW_FLAGGED if rec.flag else None
    return Item(
        kind="proof", solution=str(md.get("solution") or ""), guidelines=str(md.get("guidelines") or ""), review=review,
        ai_value=rec.points, ai_summary=f"{shown}, by {', '.join(rec.grader_models) or 'no grader'}"
        + (f"; {rec.flag}" if rec.flag else ""),
        ai_replies=[x.reply for x in rec.samples], grader=rec.grader or None, grader_models=", ".join(rec.grader_models) or None,
        scale=rec.scale, **common,
    )


def _answer_item(rec: AnswerScore, common: dict) -> Item:
    review = None
    if rec.correct is None:
        review = REVIEW_UNSCORED
    elif rec.agreement is False:
        review = REVIEW_DISAGREE
    verdict = "unscored" if rec.correct is None else ("correct" if rec.correct else "incorrect")
    parts = [f"{verdict} (decided by {rec.decided_by or 'nothing'})", f"checker: {rec.symbolic_verdict}"]
    if rec.grader_verdict is not None or rec.grader_model:
        parts.append(f"grader {rec.grader_model or '?'}: {rec.grader_verdict or rec.grader_error or 'no verdict'}")
    return Item(
        kind="answer", review=review, ai_value=None if rec.correct is None else float(rec.correct), ai_summary="; ".join(parts),
        ai_replies=[rec.grader_reply] if rec.grader_reply else [], grader=rec.grader_prompt, grader_models=rec.grader_model,
        **common,
    )


def review_queue(items: list[Item]) -> list[Item]:
    """AnswerBench samples that are unscored or whose checker and grader disagree (`grader_mode=all`),
    and ProofBench proofs graded a pass whose final answer the checker found wrong."""
    return [i for i in items if i.review is not None]


def grade_queue(items: list[Item]) -> list[Item]:
    """The Grade page's proofs: every ProofBench proof (and every CSV row given with --data)."""
    return [i for i in items if i.kind == "proof"]


def items_from_csv(path: str | Path) -> list[Item]:
    """GradingBench-shaped rows (a CSV or a folder of them) as proofs to grade; the row's own human
    label is that dataset's grade, not shown as an automatic one."""
    from imobench.data import load

    ds = load("gradingbench", path=str(path))
    location = str(Path(path).expanduser().resolve())
    scale = default_scale()
    return [
        Item(kind="proof", benchmark="gradingbench", log=location, sample_id=row.grading_id, model=row.problem_source,
             dataset=ds.key, data_verified=ds.verified, problem_id=row.problem_id, source=row.problem_source,
             problem=row.problem, solution=row.solution, guidelines=row.grading_guidelines, text=row.response,
             sha256=text_sha256(row.response), ai_summary=f"the file's own grade: {row.reward} ({row.points} points)",
             scale=scale)
        for row in ds.rows
    ]
