"""PDF ingest reads what a reader sees: no running header or footer, paragraphs whole across a
page break, list items apart, footnote markers gone. The PDF is made here with fpdf2."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import discover, read_document
from pipeline.pdftext import layout_pages_to_text, strip_furniture

fpdf = pytest.importorskip("fpdf")
_NEXT_LINE = {"new_x": "LMARGIN", "new_y": "NEXT"}


class _PrintedPage(fpdf.FPDF):
    """A page as a browser prints it: time stamp and title on top, address and counter below."""

    def header(self):
        self.set_font("Helvetica", size=8)
        self.cell(0, 5, "05/11/2025, 14:02    Regional boards explained | Example Health News")
        self.ln(12)

    def footer(self):
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.cell(0, 5, f"https://news.example.org/regional-boards    {self.page_no()}/{{nb}}")


def _printed_pdf(path: Path) -> None:
    pdf = _PrintedPage(format="A4")
    pdf.alias_nb_pages()
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("Helvetica", size=16)
    pdf.multi_cell(0, 8, "Regional boards explained", **_NEXT_LINE)
    pdf.ln(4)
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "Regional health boards took over the planning of hospital services in April 2023, "
                         "after two years in which they worked in shadow form beside the old committees.3", **_NEXT_LINE)
    pdf.ln(4)
    pdf.multi_cell(0, 6, "Each board answers for three things:", **_NEXT_LINE)
    pdf.ln(2)
    for item in ("planning hospital and community services for its residents, with a budget set nationally;",
                 "agreeing a five-year plan with the councils of its area;",
                 "reporting each year on waiting times and spending."):
        pdf.set_x(25)
        pdf.multi_cell(150, 6, item, **_NEXT_LINE)
    pdf.ln(4)
    filler = ("The boards differ in size and in how they share decisions with the councils, and their "
              "chairs are appointed nationally for terms of four years. ")
    pdf.multi_cell(0, 6, filler * 14 + "Critics say the boards remain too remote from the towns they serve", **_NEXT_LINE)
    pdf.multi_cell(0, 6, "and that local councillors have too little say.", **_NEXT_LINE)
    pdf.output(str(path))


def test_a_printed_page_reads_as_its_text(tmp_path):
    _printed_pdf(tmp_path / "boards.pdf")
    source = next(s for s in discover(tmp_path))
    document = read_document(tmp_path, source)
    assert document.ok, document.error
    text = document.text
    assert "Example Health News" not in text and "news.example.org" not in text and "14:02" not in text
    assert "1/2" not in text and "2/2" not in text
    assert text.startswith("Regional boards explained\n\n")
    assert "beside the old committees.\n" in text  # the footnote marker 3 is gone, the sentence whole
    assert "\n\nplanning hospital and community services for its residents, with a budget set nationally;\n\n" in text
    assert "\n\nagreeing a five-year plan with the councils of its area;\n\n" in text
    assert "too remote from the towns they serve and that local councillors have too little say." in text


def test_furniture_goes_only_at_the_page_edges():
    pages = [["Report title | Publisher", "", "The board meets monthly.", "", "Report title | Publisher"],
             ["Report title | Publisher", "", "The board meets monthly.", "", "3"]]
    stripped = strip_furniture(pages)
    assert [line for line in stripped[0] if line] == ["The board meets monthly."]
    assert [line for line in stripped[1] if line] == ["The board meets monthly."]


def test_a_paragraph_cut_by_a_page_break_is_joined_only_when_it_continues():
    joined = layout_pages_to_text(["   The council agreed to fund the\n   scheme until", "   (subject to review) 2026."])
    assert joined == "The council agreed to fund the scheme until (subject to review) 2026."
    apart = layout_pages_to_text(["   Summary", "   From May the fund closes."])
    assert apart == "Summary\n\nFrom May the fund closes."
