"""Layout tables: old portals put whole pages in nested tables; extractors should see regions."""
from __future__ import annotations

from itertools import islice

from lxml import etree

_TABLE_PARTS = frozenset({"table", "tbody", "thead", "tfoot", "tr", "td", "th", "caption"})
# A cell this long is a page region, not a datum.
_LAYOUT_CELL_CHARS = 200


def _link_density(el: etree._Element) -> float:
    total = len(el.text_content().strip())
    links = sum(len(a.text_content().strip()) for a in el.iter("a"))
    return links / total if total else 1.0


def _is_layout_table(table: etree._Element) -> bool:
    # nested tables, a cell holding paragraphs or a long text, or a grid of links (navigation);
    # iter() rather than find(".//x"): no ElementPath, and the first table it yields is `table`
    if next(islice(table.iter("table"), 1, None), None) is not None or _link_density(table) >= 0.5:
        return True
    for cell in table.iter("td", "th"):
        # one <p> in a cell is how word processors wrap every datum (class="MsoNormal" tables on
        # government sites); two or more blocks in one cell are a page region
        if next(islice(cell.iter("p", "div"), 1, None), None) is not None:
            return True
        if len(cell.text_content().strip()) > _LAYOUT_CELL_CHARS:
            return True
    return False



def unlayout_tables(root: etree._Element) -> int:
    """Turn layout tables into divs, in place, so extractors see regions instead of a data grid.
    Data tables (short cells, no nesting) are left alone. Returns how many tables were turned."""
    turned, owned = _layout_parts(root)
    for el in owned:
        el.tag = "div"
    return turned


def _layout_parts(root: etree._Element) -> tuple[int, list[etree._Element]]:
    """How many tables are layout tables, and their own table elements, rows and cells."""
    layout = [t for t in root.iter("table") if _is_layout_table(t)]
    if not layout:
        return 0, []
    # each table's own rows and cells only: a data table nested in a layout table stays a table
    # (its <table> element apart, whose nearest table is the layout one). One pass over the page's
    # table parts, each owned when it is a layout table or its nearest table ancestor is one.
    layout_set = set(layout)
    owned = [el for el in root.iter(*_TABLE_PARTS)
             if (el.tag == "table" and el in layout_set) or next(el.iterancestors("table"), None) in layout_set]
    return len(layout), owned
