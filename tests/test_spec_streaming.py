"""A Word specification is read and built a stretch at a time (docx.stream_word, docx_tables.Shown,
build.SpecBuilder), so that `check` builds the model of a large document while a child process is still reading
it (spec.prefetch). Wherever the stretches begin and end, the model is the one a whole reading builds: tables split
across a page break are joined, the title that names the document of the Code is found among the first blocks,
and the notices come in document order."""

from __future__ import annotations

from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duislint.spec import docx
from duislint.spec.build import SpecBuilder, build_spec, read_spec
from duislint.spec.docx import read_word, stream_word
from duislint.spec.docx_tables import Shown, as_shown
from duislint.spec.model import Block, ParagraphBlock, TableBlock
from tests.docxgen import DocxBuilder
from tests.secdocs import save_sec_documents
from tests.test_demo_spec import SPEC_DOCX

SPLITS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@lru_cache(maxsize=1)
def sec_blocks(folder: str) -> dict[str, list[Block]]:
    paths = save_sec_documents(folder, clauses=120)
    return {p.name: list(read_word(str(p), p.name).blocks) for p in paths}


def stretches(blocks: list[Block], cuts: list[int]) -> list[list[Block]]:
    edges = [0, *sorted({min(c, len(blocks)) for c in cuts}), len(blocks)]
    return [blocks[a:b] for a, b in pairwise(edges)]


def built_in_stretches(blocks: list[Block], cuts: list[int], path: str) -> object:
    builder = SpecBuilder(path)
    for stretch in stretches(blocks, cuts):
        builder.add(stretch)
    return builder.finish()


@pytest.fixture(scope="module")
def sec_folder(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("sec"))


@SPLITS
@given(cuts=st.lists(st.integers(0, 400), max_size=12), name=st.sampled_from(
    ["SEC Section A.docx", "SEC Section H.docx", "SEC Section G.docx", "SEC Appendix AD.docx"]))  # fmt: skip
def test_the_model_built_in_stretches_is_the_model_built_whole(sec_folder, cuts, name):
    blocks = sec_blocks(sec_folder)[name]
    whole = build_spec(blocks, "spec.docx")  # a file name that names no document: the title does
    assert whole.document is not None, "the title names the document of the Code"
    assert built_in_stretches(blocks, cuts, "spec.docx") == whole


def test_a_title_after_a_cover_page_is_waited_for():
    blocks: list[Block] = [ParagraphBlock("Smart Energy Code"), ParagraphBlock(""), ParagraphBlock("Version 1.0"),
                           ParagraphBlock("SECTION H: DCC SERVICES"), ParagraphBlock("H1.1 The DCC shall ...")]  # fmt: skip
    whole = build_spec(blocks, "spec.docx")
    assert whole.document == "Section H"
    for cuts in ([1], [1, 2, 3], [3], [4]):
        assert built_in_stretches(blocks, cuts, "spec.docx") == whole


def test_a_document_with_no_title_waits_for_its_first_blocks_then_takes_its_file_name():
    blocks: list[Block] = [ParagraphBlock(""), ParagraphBlock("Some text."), ParagraphBlock("More text.")]
    builder = SpecBuilder("SEC Section H.docx")
    builder.add(blocks[:1])
    builder.add(blocks[1:])
    spec = builder.finish()
    assert spec.document == "Section H"
    assert [p.text for p in spec.paragraphs] == ["Some text.", "More text."]
    assert build_spec(blocks, "SEC Section H.docx") == spec


def split_tables_document(path: Path, conformance: str = "transitional") -> Path:
    """Tables continued across page breaks (with and without the header repeated), an unrecognised table under a
    Specific Data Items heading, and an altChunk, each of which the reading must see whole to show as Word does."""
    doc = DocxBuilder("typed", conformance=conformance)  # type: ignore[arg-type]
    doc.heading(1, "Specific Data Items", number="3.8.5.2")
    header = ["Data Item", "Description / Valid Set", "Type", "Mandatory"]
    for part in range(3):
        doc.table([header] + [[f"Item{part}{i}", "A thing.", "xs:string", "Yes"] for i in range(3)])
        doc.page_break()
    doc.table([[f"Item9{i}", "A thing.", "xs:string", "Yes"] for i in range(3)])
    doc.paragraph("Between.")
    doc.table([["Odd", "Table"], ["a", "b"]])
    doc.alt_chunk("<p>Imported.</p>")
    doc.heading(1, "Annexes", number="9")
    doc.paragraph("The end.")
    return doc.save(path)


@SPLITS
@given(cuts=st.lists(st.integers(0, 30), max_size=8))
def test_tables_split_across_pages_are_joined_wherever_the_stretches_end(tmp_path, cuts):
    path = tmp_path / "split.docx"
    if not path.exists():
        split_tables_document(path)
    parts = docx._read_package(str(path), "split.docx")
    stream = list(docx.reader_for(parts).blocks(docx._body(parts["word/document.xml"], "split.docx")))
    whole, notices = as_shown(stream, "split.docx")
    assert sum(isinstance(b, TableBlock) for b in whole) == 2, "four parts of one table joined, and the odd one"
    assert len(notices) == 2, "the odd table under Specific Data Items, and the altChunk"
    shown = Shown("split.docx")
    got: list[Block] = []
    for stretch in stretches(stream, cuts):
        got.extend(shown.add(stretch))
    got.extend(shown.finish())
    assert (got, shown.notices) == (whole, notices)


@pytest.mark.parametrize("chunk", [512, 4096, 1 << 18])
def test_a_document_streamed_in_small_chunks_reads_as_a_whole_one(monkeypatch, tmp_path, chunk):
    """The reader hands over what it has read after each chunk of word/document.xml it parses."""
    whole = read_word(str(SPEC_DOCX), "spec.docx")
    monkeypatch.setattr(docx, "_CHUNK", chunk)

    class Counted:
        def __init__(self) -> None:
            self.blocks: list[Block] = []
            self.stretches = 0

        def add(self, blocks):
            self.blocks.extend(blocks)
            self.stretches += bool(blocks)

        def restart(self) -> None:
            raise AssertionError("a Transitional document streams to its end")

    sink = Counted()
    notices = stream_word(str(SPEC_DOCX), "spec.docx", "accepted", sink)
    assert (tuple(sink.blocks), notices) == (whole.blocks, whole.notices)
    if chunk < 8192:
        assert sink.stretches > 10, "handed over as it is read, not at the end"
    assert read_spec(str(SPEC_DOCX), "spec.docx") == build_spec(list(whole.blocks), "spec.docx")


def test_a_strict_document_is_read_whole_and_its_stretches_start_again(tmp_path):
    """A document the stream cannot read (Strict OOXML) is read whole: the sink is told to forget what it had."""
    path = split_tables_document(tmp_path / "strict.docx", conformance="strict")
    events: list[str] = []

    class Recorded:
        def add(self, blocks):
            events.append("add")

        def restart(self) -> None:
            events.append("restart")

    stream_word(str(path), "strict.docx", "accepted", Recorded())
    assert events[0] == "restart" and "add" in events
