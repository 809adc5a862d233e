"""The real thing: `imobench dashboard` serves the app and headless Debian Chromium (driven by
playwright with its executable path; no browser download) uses it as a person would.

- every page renders on task-written logs, without exception text and without a "Deploy" button;
- hostile logs (image, link and HTML payloads in responses, grader replies, proofs and file names,
  a giant `\\rule`, a 1 MB response) are shown on every page while a loopback beacon receives no
  request, no image or link to another host is in any page, and the math stays small;
- a person grades three proofs by clicking, is blind to the automatic grade until committing,
  reloads and finds their progress, finds it again after a server restart; a second person in
  another browser context grades the same proofs; the Graders page then shows the inter-rater and
  sample-level agreement an independent computation from the grades file gives.

With IMOBENCH_SCREENSHOTS set, a screenshot of every page (and of each grading step) is saved there.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
PAGES = {"Leaderboard": "", "Model": "model", "Compare": "compare", "Graders": "graders", "Grade": "grade", "Review": "review",
         "Datasets": "datasets"}
WAIT_MS = 90_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(log_dir: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    exe = Path(sys.executable).with_name("imobench")
    proc = subprocess.Popen([str(exe), "dashboard", "--log-dir", str(log_dir), "--port", str(port), *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=dict(os.environ))
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                return proc, url
        except OSError:
            time.sleep(0.5)
    proc.kill()
    pytest.fail("the dashboard did not answer within 90 s: " + proc.stderr.read().decode()[-2000:])


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(timeout=20)


def screenshot(page: Page, name: str) -> None:
    """The whole page (Streamlit scrolls inside its main block, so the viewport is grown to it first)."""
    folder = os.environ.get("IMOBENCH_SCREENSHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]')?.scrollHeight || 1000")
    page.set_viewport_size({"width": size["width"], "height": min(max(height + 40, size["height"]), 8000)})
    page.wait_for_timeout(800)
    page.screenshot(path=str(Path(folder) / f"{name}.png"))
    page.set_viewport_size(size)


def open_page(page: Page, url: str, title: str, query: str = "") -> str:
    page.goto(f"{url}/{PAGES[title]}{query}")
    page.get_by_role("heading", name=title, exact=True).wait_for(timeout=WAIT_MS)
    idle(page)
    return page.inner_text("body")


def idle(page: Page) -> None:
    """Until Streamlit has finished the run (its status widget gone) and the page has settled."""
    page.wait_for_timeout(700)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=WAIT_MS)
    page.wait_for_timeout(500)


@pytest.fixture(scope="module")
def server(task_logs: Path, tmp_path_factory: pytest.TempPathFactory):
    proc, url = _start(task_logs, "--grades", str(tmp_path_factory.mktemp("grades")))
    yield url
    _stop(proc)


def test_stopping_the_command_stops_the_server(tmp_path: Path) -> None:
    """`imobench dashboard` is the server process itself: stopping it leaves no server behind."""
    proc, url = _start(tmp_path)
    _stop(proc)
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM, "Debian's chromium is required for the browser test (scripts/test.sh installs it)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.mark.parametrize("title", list(PAGES))
def test_page_renders_in_chromium(server: str, browser, title: str) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        text = open_page(page, server, title, "?who=screenshot")
        screenshot(page, title.lower())
        deploy = page.get_by_role("button", name="Deploy").count()
    finally:
        page.close()
    assert "Leaderboard" in text and "Datasets" in text  # the navigation
    assert deploy == 0
    for bad in ("Traceback", "StreamlitAPIException", "Error running app", "None", "nan"):
        assert not re.search(rf"\b{bad}\b", text), (bad, text[:3000])


def test_old_page_addresses_still_open_their_page(server: str, browser) -> None:
    page = browser.new_page()
    try:
        page.goto(f"{server}/?page=Datasets")
        page.get_by_role("heading", name="Datasets", exact=True).wait_for(timeout=WAIT_MS)
    finally:
        page.close()


# ---------------------------------------------------------------- hostile input


@pytest.fixture(scope="module")
def beacon():
    from tests.dashboard.hostile import Beacon

    b = Beacon()
    yield b
    b.close()


@pytest.fixture(scope="module")
def hostile_server(beacon, tmp_path_factory: pytest.TempPathFactory):
    from tests.humans.proof_logs import off_the_loop
    from tests.dashboard.hostile import write_hostile_logs

    logs = off_the_loop(write_hostile_logs, tmp_path_factory.mktemp("hostile-logs"), beacon.url)
    proc, url = _start(logs, "--grades", str(tmp_path_factory.mktemp("hostile-grades")))
    yield url
    _stop(proc)


FOREIGN = """(port) => {
  const out = [];
  for (const img of document.querySelectorAll('img, image, iframe, object, embed, video, audio, source, link[rel=stylesheet]')) {
    const href = typeof img.href === 'string' ? img.href : img.href?.baseVal;
    const src = img.src || (href ? new URL(href, location.href).href : '') || img.data || '';
    if (src && !src.startsWith(location.origin) && !src.startsWith('data:') && !src.startsWith('blob:')) out.push(img.outerHTML.slice(0, 200));
  }
  for (const a of document.querySelectorAll('a[href]')) {
    if (a.href.includes(':' + port) || (!a.href.startsWith(location.origin) && !a.href.startsWith('https://streamlit.io')
        && !a.href.startsWith('https://docs.streamlit.io') && !a.href.startsWith('javascript:'))) out.push(a.outerHTML.slice(0, 200));
  }
  return out;
}"""

# The largest box inside the page's text, as far as it shows: clipped by the scrolling boxes the page
# puts text in (a long text is tall inside its box, and contained), never by Streamlit's main area
# (clipped by that, anything would pass while covering the page).
LARGEST = """() => {
  let most = 0;
  for (const e of document.querySelectorAll('[data-testid="stMarkdownContainer"] *')) {
    const r = e.getBoundingClientRect();
    let [left, right, top, bottom] = [r.left, r.right, r.top, r.bottom];
    for (let a = e.parentElement; a && !a.matches('[data-testid=stMain], [data-testid=stAppViewContainer], body'); a = a.parentElement) {
      const style = getComputedStyle(a);
      if (/auto|scroll|hidden|clip/.test(style.overflowX + style.overflowY)) {
        const q = a.getBoundingClientRect();
        [left, right, top, bottom] = [Math.max(left, q.left), Math.min(right, q.right), Math.max(top, q.top), Math.min(bottom, q.bottom)];
      }
    }
    most = Math.max(most, right - left, bottom - top);
  }
  return most;
}"""


def choose(page: Page, label: str, option: str, attempts: int = 5) -> None:
    """Pick `option` in the selectbox labelled `label`, as a person does (open it, click the option).
    A browser still laying out a long text can close the list as it opens: then open it again."""
    for attempt in range(attempts):
        page.get_by_role("combobox", name=label, exact=True).click()
        try:
            page.get_by_role("option", name=option, exact=True).click(timeout=10_000)
            break
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise
            page.keyboard.press("Escape")
            idle(page)
    idle(page)


def inspect_page(page: Page, port: int, name: str) -> None:
    screenshot(page, name)
    assert page.evaluate(FOREIGN, port) == [], name
    largest = page.evaluate(LARGEST)
    assert largest < 3000, f"{name}: an element {largest:.0f} px across inside the page's text"
    text = page.inner_text("body")
    for bad in ("Traceback", "StreamlitAPIException", "Error running app"):
        assert bad not in text, (name, text[:2000])


def test_hostile_text_fetches_nothing_and_stays_contained(hostile_server: str, beacon, browser) -> None:
    port = int(beacon.url.rsplit(":", 1)[1])
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        for title in PAGES:
            open_page(page, hostile_server, title, "?who=mallory")
            inspect_page(page, port, f"hostile-{title.lower()}")
            if title == "Model":  # the AnswerBench sample with the 1 MB response, then a proof and its grader's reply
                assert page.get_by_text(re.compile(r"show all 1,\d{3},\d{3} characters")).count() == 1
                page.get_by_text(re.compile(r"show all 1,\d{3},\d{3} characters")).click()
                idle(page)
                inspect_page(page, port, "hostile-model-show-all")
                choose(page, "benchmark", "ProofBench")
                inspect_page(page, port, "hostile-model-proof")
            if title == "Grade":  # commit a grade: the grader's reply is revealed
                page.get_by_role("button", name="7 · Correct").click()
                page.get_by_text("Automatic grade").wait_for(timeout=WAIT_MS)
                idle(page)
                inspect_page(page, port, "hostile-grade-revealed")
            if title == "Review":
                page.get_by_role("button", name=re.compile(r"^(Correct|7 · Correct)$")).first.click()
                page.get_by_text("Automatic grade").wait_for(timeout=WAIT_MS)
                idle(page)
                inspect_page(page, port, "hostile-review-revealed")
        open_page(page, hostile_server, "Graders")  # now with the human grades made above
        inspect_page(page, port, "hostile-graders-with-grades")
        page.wait_for_timeout(2000)  # anything lazily loaded has had its chance
    finally:
        context.close()
    assert beacon.requests == []


# ---------------------------------------------------------------- grading by hand

# ann grades three proofs the grader gave 7, 1 and 0 (chosen with the problem filter), bob the same three
ANN = {"PB-Basic-001": 7, "PB-Basic-002": 1, "PB-Basic-004": 1}
BOB = {"PB-Basic-001": 6, "PB-Basic-002": 1, "PB-Basic-004": 0}
REPLIES = {"PB-Basic-001": "Complete and rigorous.", "PB-Basic-002": "One key lemma only.", "PB-Basic-003": "I am not sure",
           "PB-Basic-004": "No progress.", "PB-Basic-005": "Complete and rigorous."}
LABELS = {7: "Correct", 6: "Almost", 1: "Partial", 0: "Incorrect"}


def shown_problem(page: Page) -> str:
    line = page.locator('[data-testid="stMarkdownContainer"]').filter(has_text=re.compile(r"PB-Basic-\d{3} · basic")).first.inner_text()
    return re.search(r"PB-Basic-\d{3}", line).group(0)


def grade_shown(page: Page, table: dict[str, int], step: str) -> str:
    """Grade the proof on screen by clicking its level; return its problem id."""
    problem = shown_problem(page)
    body = page.inner_text("body")
    assert "Automatic grade" not in body and REPLIES[problem] not in body, f"{step}: the grader's verdict shows before grading"
    assert "model hidden until you grade" in body
    screenshot(page, f"{step}-before")
    points = table[problem]
    page.get_by_role("button", name=f"{points} · {LABELS[points]}").click()
    page.get_by_text("Automatic grade").wait_for(timeout=WAIT_MS)
    idle(page)
    body = page.inner_text("body")
    assert REPLIES[problem] in body, f"{step}: the grader's reply is shown after grading"
    screenshot(page, f"{step}-after")
    return problem


def start_grading(page: Page, url: str, person: str) -> None:
    open_page(page, url, "Grade")
    page.get_by_label("name or initials").fill(person)
    page.get_by_role("button", name="Start grading").click()
    page.get_by_text(f"Grading as {person}").wait_for(timeout=WAIT_MS)
    idle(page)


def pick(page: Page, label: str, options: list[str]) -> None:
    """Choose options in the multiselect labelled `label` inside the Filters expander, typing each."""
    box = page.get_by_role("combobox", name=label, exact=True)
    box.click()
    for option in options:
        box.press_sequentially(option, delay=30)  # type to narrow the options, as a person may
        page.keyboard.press("Enter")
        idle(page)
    page.keyboard.press("Escape")
    idle(page)


def next_proof(page: Page) -> None:
    page.get_by_role("button", name="next →").click()
    page.get_by_text("model hidden until you grade").wait_for(timeout=WAIT_MS)
    idle(page)


def metric(page: Page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has=page.get_by_text(label, exact=True)).first
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def shown(value: float) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:.3f}"


def test_two_people_grade_by_hand_and_the_graders_page_agrees(grading_logs: Path, browser, tmp_path: Path) -> None:
    from imobench.humans.store import GRADES_FILE, GradeStore
    from tests.humans.independent import expected_numbers

    grades = tmp_path / "grades"
    proc, url = _start(grading_logs, "--grades", str(grades))
    try:
        ann = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = ann.new_page()
        start_grading(page, url, "ann")
        page.get_by_text("Filters").click()
        pick(page, "problem", sorted(ANN))
        graded = []
        for step in range(3):
            if step:
                next_proof(page)
            graded.append(grade_shown(page, ANN, f"grade-ann-{step + 1}"))
        assert sorted(graded) == sorted(ANN)
        assert sorted((g.person, g.problem_id, g.points) for g in GradeStore(grades).read().grades) == sorted(
            ("ann", p, ANN[p]) for p in graded)

        assert "you have graded 3 of 5" in page.inner_text("body")
        page.reload()  # the address keeps who and where: the same proof, revealed, with the progress kept
        page.get_by_text("you have graded 3 of 5").wait_for(timeout=WAIT_MS)
        idle(page)
        assert shown_problem(page) == graded[-1] and "Automatic grade" in page.inner_text("body")
        where = page.url.split("?", 1)[1]
        _stop(proc)
        proc, url = _start(grading_logs, "--grades", str(grades))  # a server restart
        page.goto(f"{url}/grade?{where}")
        page.get_by_text("you have graded 3 of 5").wait_for(timeout=WAIT_MS)
        idle(page)
        assert shown_problem(page) == graded[-1]
        screenshot(page, "grade-ann-after-restart")
        ann.close()

        bob = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = bob.new_page()
        start_grading(page, url, "bob")
        page.get_by_text("Filters").click()
        pick(page, "graded by", ["one person"])
        screenshot(page, "grade-bob-filtered")
        seen = []
        for step in range(3):
            if step:
                next_proof(page)
            seen.append(grade_shown(page, BOB, f"grade-bob-{step + 1}"))
        assert sorted(seen) == sorted(graded)  # the filter gave bob exactly ann's proofs

        open_page(page, url, "Graders")
        screenshot(page, "graders-with-human-grades")
        expected = expected_numbers(grading_logs, grades / GRADES_FILE)
        assert metric(page, "proofs graded by two or more") == "3" == str(expected["inter_rater_proofs"])
        assert metric(page, "Krippendorff's α (ordinal)") == shown(expected["alpha"])
        assert metric(page, "exact agreement") == shown(expected["exact_agreement"])
        assert metric(page, "accuracy") == shown(expected["accuracy"])
        assert metric(page, "mae") == shown(expected["mae"])
        assert metric(page, "pearson") == shown(expected["pearson"])
        text = page.inner_text("body")
        assert f"n = {expected['n']} proofs with a human and an automatic grade" in text
        bob.close()
    finally:
        _stop(proc)
