"""One item at a time, as a person grades: the Grade page (proofs) and the Review page (verdicts to
settle) share this form.

Who grades is asked once and kept in the address (`?who=`), with the item on screen (`?at=`), so a
reload or a server restart resumes on the same proof; without `at` a person resumes at the first
item of their own seeded order they have not decided.  Blind by default: the automatic grade, the
grader's reply and the other people's grades appear only once this person has committed a decision
on the item; then they are shown side by side.  Every decision is appended to the grades file at
once (`imobench.humans.store`); a second decision by the same person on the same text supersedes
the first, and both stay in the file.
"""

from __future__ import annotations

import streamlit as st

from views.common import MISSING, inline, model_labels, read_grades, show_text
from views.safe import safe_markdown

NOTE_LABEL = "note (optional, stored with your grade)"


def ask_person(prefix: str) -> str | None:
    """The grader's name or initials: from the address, else this session, else asked once."""
    from imobench.humans.records import clean_person

    given = st.query_params.get("who") or st.session_state.get("person")
    if given:
        try:
            person = clean_person(given)
        except ValueError:
            person = None
        if person:
            st.session_state["person"] = person
            st.query_params["who"] = person
            return person
    st.markdown("**Who is grading?** Your name or initials are stored with each grade, so that two people's grades stay apart "
                "and your later grade of a proof replaces your earlier one.")
    with st.form(f"{prefix}-who"):
        name = st.text_input("name or initials", max_chars=64)
        if st.form_submit_button("Start grading"):
            try:
                st.session_state["person"] = clean_person(name)
                st.query_params["who"] = st.session_state["person"]
                st.rerun()
            except ValueError as err:
                st.error(str(err))
    return None


def _commit(store_dir: str, item, person: str, queue: str, note_key: str, points: int | None = None, verdict: str | None = None) -> None:
    from imobench.humans.records import HumanGrade, now
    from imobench.humans.store import GradeStore

    grade = HumanGrade(kind=item.kind, queue=queue, benchmark=item.benchmark, log=item.log, sample_id=item.sample_id,
                       sample_uuid=item.sample_uuid, epoch=item.epoch, model=item.model, problem_id=item.problem_id, person=person,
                       points=points, verdict=verdict, scale=item.scale.identity() if item.scale is not None else None,
                       note=st.session_state.get(note_key, "") or "", time=now(), sha256=item.sha256)
    try:
        GradeStore(store_dir).append(grade)
    except Exception as err:  # noqa: BLE001 - shown on the page, the grade is not taken as stored
        st.session_state["commit_error"] = str(err)


def _go(param: str, key: str) -> None:
    st.query_params[param] = key


def _following(order: list, n: int, by_item: dict, person: str):
    """The item "next" leads to: the first after this one (going round) that the person has not
    decided, else simply the one after it; None when this is the only item."""
    if len(order) < 2:
        return None
    who = person.casefold()
    rest = order[n + 1:] + order[:n]
    return next((i for i in rest if who not in by_item.get(i.key, {})), order[(n + 1) % len(order)])


def guidelines(text: str) -> None:
    """The grading guidelines as the grader sees them: items under their level headings."""
    from imobench.data.guidelines import GuidelineParseError, parse_guidelines

    st.markdown("**Grading guidelines**")
    if not text.strip():
        st.caption("(none)")
        return
    try:
        items = parse_guidelines(text)
    except GuidelineParseError:
        show_text("as written", text, key="guidelines")
        return
    with st.container(border=True):
        current = None
        for item in items:
            if item.level != current:
                st.markdown(f"*{item.level}*")
                current = item.level
            shown, _ = safe_markdown(item.text)
            st.markdown(f"{item.number}\\. {shown}")


def reveal(item, mine, others: dict, labels: dict[str, str]) -> None:
    """After this person's decision: theirs, the automatic grade with the grader's reply, the others'."""
    cols = st.columns(3)
    with cols[0]:
        st.markdown("**Your grade**")
        shown = f"{mine.points}" + (f" ({item.scale.label_of(mine.points)})" if item.scale and mine.points is not None else "")
        st.markdown(inline(shown if mine.points is not None else mine.verdict or MISSING))
        if mine.note:
            st.caption(inline(mine.note, 1000))
    with cols[1]:
        st.markdown("**Automatic grade**")
        st.markdown(inline(item.ai_summary or "none recorded", 600))
        st.caption(inline(f"model: {labels.get(item.model, item.model or MISSING)}"))
    with cols[2]:
        st.markdown("**Other people**")
        if not others:
            st.caption("nobody else yet")
        for g in others.values():
            value = g.points if g.points is not None else g.verdict
            st.markdown(inline(f"{g.person}: {value}") + (f" — {inline(g.note, 300)}" if g.note else ""))
    for n, reply in enumerate(item.ai_replies):
        show_text("Grader reply" if len(item.ai_replies) == 1 else f"Grader reply {n + 1}", reply, key=f"reply-{n}-{item.key}")


def grading_form(items: list, *, queue: str, store_dir: str, param: str, filters: dict) -> None:
    """The queue of `items` for the person, filtered, one at a time."""
    from imobench.humans.queue import decisions_by_item, done_by, filtered, person_order, resume_index
    from imobench.humans.store import latest

    person = ask_person(queue)
    if person is None:
        return
    grades, warnings = read_grades(store_dir)
    for w in dict.fromkeys(warnings):
        st.warning(inline(w, 600))
    by_item = decisions_by_item(items, latest(grades))
    chosen = filtered(items, by_item, **filters)
    at = st.query_params.get(param)
    here = next((i for i in items if i.key == at), None)
    if here is not None and here.key not in {i.key for i in chosen} and person.casefold() in by_item.get(here.key, {}):
        chosen.append(here)  # just graded out of the filter ("graded by nobody"): stays until the person moves on
    order = person_order(chosen, person)
    head = st.columns([4, 1])
    head[0].markdown(f"Grading as **{inline(person)}** — grades go to {inline(store_dir)}")
    if head[1].button("not me", key=f"{queue}-not-me"):
        st.session_state.pop("person", None)
        st.query_params.pop("who", None)
        st.rerun()
    if not order:
        st.info("Nothing to grade with these filters." if items else "Nothing to grade.")
        return
    n = resume_index(order, by_item, person, at)
    item = order[n]
    st.query_params[param] = item.key
    decisions = by_item.get(item.key, {})
    mine = decisions.get(person.casefold())
    done = done_by(items, by_item, person)
    st.progress(done / len(items), text=f"item {n + 1} of {len(order)} in your order{' (filtered)' if len(order) < len(items) else ''}; "
                f"you have graded {done} of {len(items)}")
    error = st.session_state.pop("commit_error", None)
    if error:
        st.error(inline(f"the grade was not stored: {error}", 600))
    nav = st.columns(3)
    nav[0].button("← back", key=f"{queue}-back", disabled=n == 0, on_click=_go, args=(param, order[max(n - 1, 0)].key))
    following = _following(order, n, by_item, person)
    nav[1].button("skip →" if mine is None else "next →", key=f"{queue}-next", disabled=following is None,
                  on_click=_go, args=(param, following.key if following is not None else item.key))
    labels = model_labels([i.model or "?" for i in items])
    what = f"**{inline(item.problem_id)}**" + (f" · {inline(item.level)}" if item.level else "")
    if item.review:
        what += f" · in review because: {inline(item.review)}"
    what += f" · model: {inline(labels.get(item.model or '?', MISSING))}" if mine is not None else " · model hidden until you grade"
    st.markdown(what)
    left, right = st.columns(2)
    with left:
        show_text("Problem", item.problem, key=f"problem-{item.key}", empty="(the log holds no problem statement)")
        if item.kind == "answer" or item.gold.strip():
            show_text("Gold answer" if item.kind == "answer" else "Short answer", item.gold, key=f"gold-{item.key}")
    with right:
        if item.kind == "proof":
            with st.expander("Reference solution", expanded=False):
                show_text("Reference solution", item.solution, key=f"solution-{item.key}", empty="(none)")
            guidelines(item.guidelines)
    show_text("Candidate proof" if item.kind == "proof" else "Response", item.text, key=f"text-{item.key}", empty="(empty)")
    note_key = f"note-{queue}-{item.key}"
    st.text_area(NOTE_LABEL, key=note_key, max_chars=4000, height=80)
    if item.kind == "proof":
        scale = item.scale
        levels = list(reversed(scale.level))
        cols = st.columns(len(levels))
        for col, level in zip(cols, levels, strict=True):
            col.button(f"{level.points} · {level.label}", key=f"{queue}-grade-{level.points}", help=level.definition,
                       type="primary" if mine is not None and mine.points == level.points else "secondary", width="stretch",
                       on_click=_commit, args=(store_dir, item, person, queue, note_key), kwargs={"points": level.points})
    else:
        cols = st.columns(2)
        for col, verdict in zip(cols, ("correct", "incorrect"), strict=True):
            col.button(verdict.capitalize(), key=f"{queue}-verdict-{verdict}", width="stretch",
                       type="primary" if mine is not None and mine.verdict == verdict else "secondary",
                       on_click=_commit, args=(store_dir, item, person, queue, note_key), kwargs={"verdict": verdict})
    if mine is None:
        st.caption("Blind: the automatic grade, the grader's reply and other people's grades appear once you have graded this one.")
        return
    st.success(inline(f"Stored: your grade {mine.points if mine.points is not None else mine.verdict} ({mine.time}). "
                      "Grading it again replaces it (both stay in the file)."))
    others = {p: g for p, g in decisions.items() if p != person.casefold()}
    reveal(item, mine, others, labels)
