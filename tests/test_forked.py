"""`check` of a large Word specification uses two processes (duislint.forked): a child reads the specification
while this process loads the schema set and runs the rules that need no document (spec.prefetch, rules.run_early),
then a child runs half the rules that read the documents while this process runs the other half
(rules.run_beside). What a user sees must not depend on it: the same reports byte for byte as one process gives,
the same one-line error for a broken .docx, the same internal error for a rule that fails, the same result when a
child dies, and no child left behind when the run stops early."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import pytest

from duislint import forked
from duislint.spec import prefetch
from tests.helpers import cli
from tests.test_demo_sec import SECTION_A, SECTION_H
from tests.test_demo_spec import DEMO, MATRIX, SPEC_DOCX

SPECS = (SPEC_DOCX, MATRIX, SECTION_A, SECTION_H)


@pytest.fixture
def forking(monkeypatch):
    """Every .docx read ahead (the demo's is far below the size where a child pays), and a count of the children
    started; the test fails, rather than passing without a child, where one cannot be started here. The test
    process may hold idle threads of its own (the browser of the HTML tests): the guard against threads is pinned
    by its own test below."""
    monkeypatch.setattr(forked, "_other_threads", lambda: False)
    if not forked.may_fork():
        pytest.skip("this machine cannot read ahead in a child (one core, macOS or no fork): nothing to compare")
    monkeypatch.setattr(prefetch, "WORTH_FORKING", 0)
    started: list[int] = []
    real_fork = os.fork

    def counted_fork() -> int:
        pid = real_fork()
        if pid:
            started.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted_fork)
    return started


def reports(tmp_path: Path, name: str, *extra: str) -> dict[str, bytes]:
    folder = tmp_path / name
    folder.mkdir()
    outputs = {"json": folder / "r.json", "text": folder / "r.txt", "html": folder / "r.html"}
    specs = [a for s in SPECS for a in ("--spec", str(s))]
    written = [a for fmt, path in outputs.items() for a in ("--format", fmt, "-o", str(path))]
    run = cli("check", DEMO, *specs, *written, "--fail-on", "never", "--no-color", *extra)
    assert run.code == 0, run.err
    return {fmt: path.read_bytes() for fmt, path in outputs.items()}


def no_child_left(started: list[int]) -> bool:
    """Every child the run started has been reaped (other children of the test process, such as the browser of the
    HTML tests, are not the run's)."""
    for pid in started:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            continue
        return False
    return True


def test_the_report_is_byte_for_byte_the_one_a_single_process_writes(forking, tmp_path, monkeypatch):
    ahead = reports(tmp_path, "ahead")
    assert len(forking) == 2, "the run read its specification in a child, and ran half its rules in another"
    monkeypatch.setenv("DUISLINT_JOBS", "1")
    alone = reports(tmp_path, "alone")
    assert len(forking) == 2, "DUISLINT_JOBS=1 keeps the run to one process"
    assert ahead == alone
    assert b"not checked" in alone["text"], "what the document rules could not check is counted in both"
    assert no_child_left(forking)


def test_rules_that_read_a_document_wait_for_it_and_the_others_run_meanwhile(forking, tmp_path, monkeypatch):
    from duislint import rules as registry

    early: list[str] = []
    real = registry.run_early

    def recorded(context, selected, severities=None):
        ran = real(context, selected, severities)
        early.extend(ran)
        return ran

    monkeypatch.setattr("duislint.pipeline.run_early", recorded)
    reports(tmp_path, "ahead")
    spec_rules = {r.id for r in registry.all_rules() if r.family == "spec" or r.id.startswith("SP")}
    assert early, "schema rules ran while the child read"
    assert not spec_rules & set(early), "no rule that reads the specification ran before it was read"


def test_a_broken_docx_gives_the_same_one_line_error(forking, tmp_path, monkeypatch):
    broken = tmp_path / "Broken.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip at all")
    ahead = cli("check", DEMO, "--spec", MATRIX, "--spec", broken)
    assert ahead.code == 2 and len(forking) == 1, "read in a child; no rule of the documents ran"
    line = ahead.err.strip()  # the path as duislint shows it: relative where it lies below the working folder
    assert line.startswith("duislint: error: ") and line.endswith("Broken.docx: not a .docx (not a zip package)")
    assert len(ahead.err.splitlines()) == 1
    monkeypatch.setenv("DUISLINT_JOBS", "1")
    alone = cli("check", DEMO, "--spec", MATRIX, "--spec", broken)
    assert (alone.code, alone.out, alone.err) == (ahead.code, ahead.out, ahead.err)
    assert no_child_left(forking)


def _killed(*args: object) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


@pytest.mark.parametrize("dies", ["reading", "running rules"])
def test_a_child_that_dies_costs_time_not_the_result(forking, tmp_path, monkeypatch, dies):
    from duislint import rules as registry

    alone = reports(tmp_path, "alone")
    if dies == "reading":
        monkeypatch.setattr(prefetch, "_read_all", _killed)
    else:
        monkeypatch.setattr(registry, "_ran_in_child", _killed)
    died = reports(tmp_path, "died")
    assert len(forking) == 4 and died == alone
    assert no_child_left(forking)


def test_a_rule_that_fails_fails_the_run_as_in_one_process(forking, tmp_path, monkeypatch):
    """A rule run by the child that raises: the run stops with the internal error one process gives, that rule's,
    not a later one's."""
    from dataclasses import replace

    from duislint import rules as registry

    for rule_id in ("SP201", "SP503"):  # one in each process (the modules alternate between them)
        planted = registry._REGISTRY[rule_id]

        def broken(context, rule_id=rule_id):
            raise ZeroDivisionError(f"planted in {rule_id}")

        broken.__module__ = planted.check.__module__  # a rule runs beside its module's others
        monkeypatch.setitem(registry._REGISTRY, rule_id, replace(planted, check=broken))
    beside = cli("check", DEMO, "--spec", SPEC_DOCX, "--fail-on", "never")
    assert len(forking) == 2
    monkeypatch.setenv("DUISLINT_JOBS", "1")
    alone = cli("check", DEMO, "--spec", SPEC_DOCX, "--fail-on", "never")
    assert alone.code == 2 and "ZeroDivisionError: planted in SP201" in alone.err, "the first rule's failure"
    assert (beside.code, beside.out, beside.err) == (alone.code, alone.out, alone.err)
    assert no_child_left(forking)


def test_word_lists_read_by_the_child_are_reported_as_read(forking, tmp_path, monkeypatch):
    """Without a dictionary the report says the spelling rules knew only the set's words, whichever process ran
    them (here only document rules run, so the word lists are first read beside)."""
    from duislint import lexicon

    monkeypatch.setattr(lexicon, "DICTIONARIES", ())
    args = ("check", DEMO, "--spec", SPEC_DOCX, "--select", "SP405", "--select", "SP503",
            "--format", "json", "--fail-on", "never")  # fmt: skip
    beside = cli(*args)
    assert len(forking) == 2
    monkeypatch.setenv("DUISLINT_JOBS", "1")
    alone = cli(*args)
    assert (beside.code, beside.out, beside.err) == (alone.code, alone.out, alone.err)
    assert "no British English dictionary" in alone.err


def test_a_schema_set_that_fails_to_load_stops_the_child(forking, tmp_path):
    broken = tmp_path / "set"
    broken.mkdir()
    (broken / "Broken.xsd").write_text("<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'><xs:element", "utf-8")
    run = cli("check", broken, "--spec", SPEC_DOCX)
    assert run.code == 2 and "Broken.xsd" in run.err
    assert len(forking) == 1 and no_child_left(forking)


def test_a_process_with_another_thread_reads_in_one_process(forking, tmp_path, monkeypatch):
    alone = reports(tmp_path, "alone")
    assert len(forking) == 2
    monkeypatch.undo()  # the real guard again, with a thread of this test running beside the run
    monkeypatch.setattr(prefetch, "WORTH_FORKING", 0)
    started: list[int] = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: started.append(1) or real_fork())
    stop = threading.Event()
    waiting = threading.Thread(target=stop.wait, daemon=True)
    waiting.start()
    try:
        threaded = reports(tmp_path, "threaded")
    finally:
        stop.set()
        waiting.join()
    assert started == [], "no fork while another thread runs"
    assert threaded == alone


def test_a_word_list_only_the_child_read_is_still_an_input_no_report_may_replace(forking, tmp_path, monkeypatch):
    """The spelling rule of the specification's text, run beside, reads the default word list: a report aimed at
    it is refused as in one process, and the list stays as it was."""
    from duislint import lexicon

    words = tmp_path / "british-english"
    words.write_text("colour\nfavour\nmetre\n", "utf-8")
    monkeypatch.setattr(lexicon, "DICTIONARIES", (str(words),))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    args = ("check", DEMO, "--spec", SPEC_DOCX, "--select", "SP405", "--select", "SP503", "--format", "json",
            "-o", words, "--fail-on", "never")  # fmt: skip
    beside = cli(*args)
    assert len(forking) == 2
    monkeypatch.setenv("DUISLINT_JOBS", "1")
    alone = cli(*args)
    assert alone.code == 2 and "input of this run" in alone.err
    assert (beside.code, beside.err) == (alone.code, alone.err)
    assert words.read_text("utf-8") == "colour\nfavour\nmetre\n"


def test_a_child_writes_no_file(forking, tmp_path, monkeypatch):
    """Not even the dictionary's cache: a run may kill its child at any moment, and the parent owns every file
    a run writes (here only the child reads the word list, so nothing is cached)."""
    from duislint import lexicon

    words = tmp_path / "british-english"
    words.write_text("colour\nfavour\nmetre\n", "utf-8")
    monkeypatch.setattr(lexicon, "DICTIONARIES", (str(words),))
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    run = cli("check", DEMO, "--spec", SPEC_DOCX, "--select", "SP405", "--select", "SP503", "--fail-on", "never")
    assert run.code == 0 and len(forking) == 2
    assert not cache.exists() or not any(cache.rglob("*"))
    monkeypatch.setenv("DUISLINT_JOBS", "1")
    assert cli("check", DEMO, "--spec", SPEC_DOCX, "--select", "SP405", "--fail-on", "never").code == 0
    assert any(cache.rglob("words-*")), "one process caches the word set"


@pytest.fixture
def small_chunks(monkeypatch):
    """word/document.xml parsed a few KiB at a time, so that the child sends the demo's specification in many
    stretches (a real one of a thousand pages is sent in some forty)."""
    from duislint.spec import docx

    monkeypatch.setattr(docx, "_CHUNK", 2048)


def test_the_parent_builds_the_model_from_the_stretches_the_child_sends(forking, small_chunks, tmp_path, monkeypatch):
    from duislint.spec import build

    added: list[int] = []
    real_add = build.SpecBuilder.add

    def counted(self, blocks):
        if not forked.in_child():
            added.append(len(blocks))
        return real_add(self, blocks)

    monkeypatch.setattr(build.SpecBuilder, "add", counted)
    streamed = reports(tmp_path, "streamed")
    assert len(forking) == 2
    assert len(added) > 10, "the model is built a stretch at a time, as the child reads"
    monkeypatch.setenv("DUISLINT_JOBS", "1")
    assert reports(tmp_path, "alone") == streamed


def _child_stops_after(stretches: int, how: str, monkeypatch) -> None:
    """The child's reading stops after sending `stretches` stretches of the document: it is killed, or it starts
    the document again (as it does when the stream cannot read a document and it is read whole)."""
    from duislint.spec import docx

    real = docx.stream_word

    def stopping(path, display, revisions, sink):
        if not forked.in_child():
            return real(path, display, revisions, sink)

        class Stopping:
            sent = 0

            def add(self, blocks):
                sink.add(blocks)
                Stopping.sent += 1
                if Stopping.sent == stretches:
                    if how == "killed":
                        os.kill(os.getpid(), signal.SIGKILL)
                    sink.restart()

            def restart(self):
                sink.restart()

        return real(path, display, revisions, Stopping())

    monkeypatch.setattr(docx, "stream_word", stopping)


@pytest.mark.parametrize("how", ["killed", "restarted"])
def test_a_reading_that_stops_half_way_is_read_again_here_from_its_start(forking, small_chunks, tmp_path,
                                                                          monkeypatch, how):  # fmt: skip
    monkeypatch.setenv("DUISLINT_JOBS", "1")
    alone = reports(tmp_path, "alone")
    monkeypatch.delenv("DUISLINT_JOBS")
    _child_stops_after(5, how, monkeypatch)
    stopped = reports(tmp_path, "stopped")
    assert len(forking) == 2 and stopped == alone
    assert no_child_left(forking)


def test_a_child_sends_its_items_in_order_without_waiting_for_the_parent_to_read(forking):
    """The parent may be busy with the schemas until it needs the document: a child's stretches wait for it in the
    child, not the child for the parent, however much more than a pipe holds (64 KiB) they come to."""
    import select

    done_read, done_write = os.pipe()

    def work(send):
        for index in range(4):
            send(bytes(1_000_000) + bytes([index]))
        os.write(done_write, b"done")

    child = forked.Forked.streaming(work)
    try:
        ready, _, _ = select.select([done_read], [], [], 60)
        assert ready, "the child's work ended while the parent read nothing"
        assert [item[-1] for item in child.received()] == [0, 1, 2, 3]
        assert not child.running and no_child_left(forking)
    finally:
        child.close()
        os.close(done_read)
        os.close(done_write)
