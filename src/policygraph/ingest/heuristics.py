"""How a plain-text policy document is read: the heuristics of ``policygraph ingest``.

Each rule below is small, named and tested (``tests/test_ingest_heuristics.py``);
``bench/ingest_recall.py`` measures them against the hand encodings in ``data/``.
Everything an item says is copied from the text: a block's text is its source
lines joined with single spaces, with only extraction artefacts removed
(markup ``**``/``#``/``|``/HTML tags, bullet characters, footnote markers,
page numbers), so ``pg:sourceText`` occurs in the source by construction.

Reading, in order:

1. **Lines** (:func:`blocks`). Page numbers (a line of 1-3 digits) and bare URLs
   are dropped. A footnote is a line that starts with a superscript digit, or
   with a plain number ``N`` that an earlier line ends with ("samhørighed2").
   A text in which a fifth of the paragraphs after a blank line start in lower
   case (a common PDF extraction: a blank line after every line) is
   *double-spaced*: there one blank line is a line break and
   a new block starts only at a bullet, a heading, or after a line ending a
   sentence when the next starts with a capital.
2. **Blocks**: headings (Markdown ``#``; numbered ``6.`` / ``6.1`` in capitals;
   a short line all in capitals; a short plain line without end punctuation),
   bullets (``-``, ``*``, ``•``, ``\\uf0b7``, ``o``, ``1.``), table rows (``|``),
   paragraphs. A heading whose text is an action lead-in (``Derfor vil vi:``)
   is a lead-in paragraph.
3. **Title block**: the short blocks before the first heading that precedes
   real text. It gives the title (its lines without municipality names,
   dates and draft marks), the draft status (``udkast``, ``høringsudkast``,
   ``høringsversion``), the issue month (``Januar 2019``), the period
   (``2019 - 2022``). A table of contents (``INDHOLD``) is read too: a heading
   it lists is a top-level heading, and when the contents line is longer than
   the heading ("I Helsingør Kommune vil vi samarbejde og koordinere på tværs"
   for "SAMARBEJDE OG KOORDINERE PÅ TVÆRS"), the contents wording is the
   heading's statement.
4. **Tree**: heading styles rank Markdown by level, then contents-listed, then
   numbered by depth, then capitals, then plain; a heading nests under the
   last heading of a higher rank.
5. **Initiative lists**: the bullets after an action lead-in (a paragraph that
   ends with ``:`` and says ``opmærksomhedspunkter``, ``vil vi``, ``være at``,
   ``indsatser``, ``initiativer``, ``handlinger`` or ``tiltag``), and action
   tables (a header ``... ved at: | ... indsatser:``): each row is an
   objective (first cell) with its initiatives (the bullets of the second).
6. **Focus areas**: the headings holding initiative lists are found; their
   deepest common ancestor is the focus-area *container* (``5. FOKUSOMRÅDER``,
   or the document itself), and each child of the container on the way to a
   list is a focus area (when all lists stand under one heading, the
   contents-listed heading above them, if any, else that heading). A heading
   ``Mål 1: text`` or ``6.1 TEXT`` gives the
   notation (``Mål 1``, ``6.1``) and the statement (``text``).

Explicit links (:func:`explicit_links`) are only what the text states:

* a label ``Princip N`` (optionally after ``Recovery-orienteret rehabilitering:``)
  inside a focus area links that focus area to national principle N;
* a prose sentence that says what serves principle N ("ansættelse af peers ...
  princip 4") links every initiative that names both words of its
  ``<noun> af <noun>`` phrase;
* a sentence naming the UN goals ("verdensmål", "FN's mål") and goal numbers
  ("mål 3") links the document (or the focus area it stands in) to those goals;
* CHIME processes are linked only where the document names the CHIME
  framework: the list whose bullet or lead-in carries a footnote or text naming
  CHIME, one link per bullet that starts with a process name.

* a numbered list of eight principles followed by a sentence saying the
  principles are included in the document ("Principperne er inkluderet i ...")
  links the document to principles 1-8, each quoting its list item and that
  sentence;
* one sentence about recovery that names all five CHIME processes ("forbundethed,
  håb og optimisme, identitet, mening ... og empowerment") links the document
  to the five processes.

Every link quotes its sentence(s) as ``pg:evidence``. A list of the eight
principles without a sentence that the document includes them, or a list of
some recovery concepts without the word CHIME, describes the framework and is
not a link.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

# ---------------------------------------------------------------------------
# Blocks
# ---------------------------------------------------------------------------

BULLET = re.compile(r"^(?:[-*•\uf0b7\u2022\u25aa\u25cf]|o(?=\s+[A-ZÆØÅ]))\s+(?P<text>.*)$")
NUMBERED_ITEM = re.compile(r"^(?P<num>\d{1,2})[.)]\s+(?P<text>\S.*)$")
NUMBERED_HEADING = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})*)\.?\s+(?P<text>\S.*)$")
MARKDOWN_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*)$")
PAGE_NUMBER = re.compile(r"^(?:side\s+)?\d{1,3}$", re.IGNORECASE)
BARE_URL = re.compile(r"^<?https?://\S+>?$")
SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
_SUPER_TO_DIGIT = str.maketrans(SUPERSCRIPTS, "1234567890")
FOOTNOTE_SUPER = re.compile(rf"^(?P<num>[{SUPERSCRIPTS}]+)\s*(?P<text>\S.*)$")
FOOTNOTE_PLAIN = re.compile(r"^(?P<num>\d{1,2})\s+(?P<text>[A-ZÆØÅ].*)$")
TRAILING_MARKER = re.compile(rf"(?<=[^\W\d]|[.,;:)”\"])(?P<num>\d{{1,2}}|[{SUPERSCRIPTS}]+)$")
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
TERMINAL = tuple('.!?:”"»)')

LEADIN = re.compile(
    r"(opmærksomhedspunkter|vil vi(?: fortsat)?|være at|indsatser|initiativer|handlinger|tiltag"
    r"|ved at|vi vil)\s*:$",
    re.IGNORECASE,
)
DRAFT_MARK = re.compile(r"\b(høringsudkast|høringsversion|udkast)\b", re.IGNORECASE)
PERIOD = re.compile(r"\b(?P<start>(?:19|20)\d\d)\s*[-–]\s*(?P<end>(?:19|20)\d\d)\b")
_MONTH_NAMES = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip
MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}
MONTH_YEAR = re.compile(r"^(?P<month>[A-Za-zæøå]+)\s+(?P<year>(?:19|20)\d\d)$", re.IGNORECASE)
LABELLED_HEADING = re.compile(
    r"^(?P<label>(?:Mål|Tema|Indsatsområde|Fokusområde|Pejlemærke|Spor|Område)\s+\d{1,2})"
    r"\s*[:.\-–]\s*(?P<text>\S.*)$"
)
TOC_WORDS = re.compile(r"^(indhold|indholdsfortegnelse)$", re.IGNORECASE)


@dataclass
class Block:
    """One unit of text: a heading, paragraph, bullet, footnote or table."""

    kind: str  # heading | para | bullet | footnote | table | leadin
    text: str
    line: int  # 1-based line of the source where it starts
    style: str = ""  # heading style: md1..md6, num1.., upper, plain
    marker: str = ""  # bullet/numbered marker or footnote number as printed
    depth: int = 0  # bullet indentation
    rows: list[list[str]] = field(default_factory=list)  # table cells (markup removed)
    footnote: str = ""  # trailing footnote number the text carried

    def add(self, text: str) -> None:
        self.text = f"{self.text} {text}" if self.text else text


def clean(text: str) -> str:
    """Remove inline markup and collapse whitespace; keep every word and sign."""
    text = HTML_TAG.sub(" ", text)
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)", "", text)
    return " ".join(text.split())


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _heading_style(text: str) -> tuple[str, str] | None:
    """The heading style of one line (already cleaned), or None."""
    words = text.split()
    if not words or len(text) > 110:
        return None
    match = NUMBERED_HEADING.match(text)
    numbered = match and ("." in match["num"] or _is_upper(match["text"]))
    if match and numbered and len(words) <= 14 and not text.endswith((".", ",", ";")):
        return f"num{match['num'].count('.') + 1}", text
    if _is_upper(text) and len(words) <= 14 and not text.endswith((".", ",", ";", ":")):
        return "upper", text
    return None


def _plain_heading(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= 8
        and text[0].isupper()
        and not text.endswith((".", ",", ";", ":", "!"))
        and ":" not in text
        and not text.startswith(("(", '"', "”", "'"))
        and not PERIOD.search(text)
        and not MONTH_YEAR.match(text)
    )


def _double_spaced(lines: Sequence[str]) -> bool:
    """True when nearly every line is followed by one blank line, even inside sentences."""
    texts = [i for i, line in enumerate(lines) if line.strip()]
    if len(texts) < 20:
        return False
    gapped = [
        i for i in texts if i + 2 < len(lines) and not lines[i + 1].strip() and lines[i + 2].strip()
    ]
    # A paragraph per line also looks like this; a wrapped text goes on in lower case.
    goes_on = sum(1 for i in gapped if lines[i + 2].strip()[:1].islower())
    return len(gapped) >= 10 and goes_on / len(gapped) > 0.2


def blocks(text: str) -> list[Block]:
    """The blocks of a plain-text (or Markdown) document, in reading order."""
    lines = text.splitlines()
    double = _double_spaced(lines)
    markers: set[str] = set()
    out: list[Block] = []
    current: Block | None = None
    blank_run = 0
    for number, raw in enumerate(lines, 1):
        stripped = raw.strip()
        if not stripped:
            blank_run += 1
            if not double or blank_run >= 2:
                current = None
            continue
        first_after_blank = blank_run > 0
        blank_run = 0
        if PAGE_NUMBER.match(stripped) or BARE_URL.match(stripped):
            continue
        # footnotes
        foot = FOOTNOTE_SUPER.match(stripped)
        plain = FOOTNOTE_PLAIN.match(stripped)
        if foot or (plain and plain["num"] in markers):
            found = foot or plain
            assert found is not None
            num = found["num"].translate(_SUPER_TO_DIGIT)
            out.append(Block("footnote", clean(found["text"]), number, marker=num))
            current = None
            continue
        trailing = TRAILING_MARKER.search(stripped)
        if trailing:
            markers.add(trailing["num"].translate(_SUPER_TO_DIGIT))
        # tables
        if stripped.startswith("|"):
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if all(re.fullmatch(r":?-{2,}:?", c) or not c for c in cells) and any(cells):
                continue  # separator row
            if current is None or current.kind != "table":
                current = Block("table", "", number)
                out.append(current)
            current.rows.append(cells)
            continue
        md = MARKDOWN_HEADING.match(stripped)
        if md:
            body = clean(md["text"])
            if not body:
                continue
            kind = "leadin" if LEADIN.search(body) else "heading"
            out.append(Block(kind, body, number, style=f"md{len(md['hashes'])}"))
            current = None
            continue
        indent = len(raw) - len(raw.lstrip())
        adjacent = double or not first_after_blank
        bullet = BULLET.match(stripped)
        numbered = NUMBERED_ITEM.match(stripped)
        cleaned = clean(stripped)
        style = None if bullet else _heading_style(cleaned)
        if style:
            if (
                current is not None
                and current.kind == "heading"
                and current.style == "upper" == style[0]
                and adjacent
                and not TOC_WORDS.match(style[1])
            ):
                current.add(style[1])  # a heading broken over two lines
                continue
            in_text = (
                current is not None
                and current.kind in ("para", "bullet")
                and not current.text.endswith(TERMINAL)
            )
            if double or not in_text:
                current = Block("heading", style[1], number, style=style[0])
                out.append(current)
                continue
        found_item = bullet or numbered
        if found_item is not None:
            marker = stripped[: found_item.start("text")].strip()
            body = clean(found_item["text"])
            if not body:
                current = None
                continue
            current = Block("bullet", body, number, marker=marker, depth=indent)
            out.append(current)
            continue
        if current is not None and current.kind in ("para", "bullet"):
            continues = (
                not current.text.endswith(TERMINAL) or cleaned[:1].islower() if double else True
            )
            if continues:
                current.add(cleaned)
                continue
        current = Block("para", cleaned, number)
        out.append(current)
    _finish(out, markers)
    return out


def _finish(out: list[Block], markers: set[str]) -> None:
    """Strip footnote markers; classify short paragraphs as headings or lead-ins."""
    notes = {b.marker for b in out if b.kind == "footnote"}
    for block in out:
        if block.kind in ("para", "bullet", "heading"):
            match = TRAILING_MARKER.search(block.text)
            if match:
                num = match["num"].translate(_SUPER_TO_DIGIT)
                superscript = match["num"][0] in SUPERSCRIPTS
                if superscript or num in notes:
                    block.footnote = num
                    block.text = block.text[: match.start()].rstrip()
        if block.kind == "para":
            if block.text.endswith(":") and LEADIN.search(block.text):
                block.kind = "leadin"
            elif _plain_heading(block.text):
                block.kind = "heading"
                block.style = "plain"


# ---------------------------------------------------------------------------
# Title block, contents and tree
# ---------------------------------------------------------------------------


@dataclass
class Heading:
    """A heading and what stands under it."""

    text: str
    style: str
    line: int
    rank: int
    parent: Heading | None = None
    children: list[Heading] = field(default_factory=list)
    content: list[Block] = field(default_factory=list)
    statement: str = ""  # the contents-list wording, when longer than the heading

    def path(self) -> list[Heading]:
        node: Heading | None = self
        found: list[Heading] = []
        while node is not None:
            found.append(node)
            node = node.parent
        return list(reversed(found))

    def walk(self) -> Iterable[Heading]:
        yield self
        for child in self.children:
            yield from child.walk()

    def blocks(self) -> Iterable[Block]:
        """Every block in this heading's subtree, in reading order."""
        yield from self.content
        for child in self.children:
            yield from child.blocks()


@dataclass
class TitleBlock:
    """What the first page says: title, draft marks, date and period."""

    lines: list[Block]
    title: str = ""
    draft_mark: Block | None = None
    issued: str = ""  # YYYY-MM
    issued_text: str = ""
    period: tuple[int, int] | None = None
    period_text: str = ""


def _rank(style: str) -> int:
    if style.startswith("md"):
        return int(style[2:])
    if style == "toc":
        return 10
    if style.startswith("num"):
        return 10 + int(style[3:])
    return {"upper": 20, "plain": 30}[style]


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def contents(found: Sequence[Block]) -> list[str]:
    """The entries of a table of contents (without dot leaders and page numbers)."""
    entries: list[str] = []
    for index, block in enumerate(found):
        if block.kind == "heading" and TOC_WORDS.match(block.text):
            for later in found[index + 1 : index + 3]:
                if later.kind == "table":
                    for row in later.rows:
                        cells = [c for c in row if c]
                        if len(cells) >= 2 and re.fullmatch(r"\d{1,3}", cells[-1]):
                            entries.append(re.sub(r"\s*\.{2,}\s*$", "", cells[0]).strip())
            break
    return entries


def _contents_entry(heading: str, entries: Sequence[str]) -> str | None:
    folded = _fold(heading)
    if not folded:
        return None
    for entry in entries:
        if _fold(entry) == folded or _fold(entry).endswith(" " + folded):
            return entry
    return None


def _is_body(block: Block) -> bool:
    return (block.kind in ("para", "leadin") and len(block.text.split()) >= 8) or block.kind in (
        "bullet",
        "table",
    )


def split_title(found: list[Block]) -> tuple[TitleBlock, list[Block]]:
    """The title block and the body that follows it."""
    start = len(found)
    for index, block in enumerate(found):
        if block.kind == "heading" and TOC_WORDS.match(block.text):
            start = index
            break
        if _is_body(block):
            start = index
            while start > 0 and found[start - 1].kind == "leadin":
                start -= 1
            if start > 0 and found[start - 1].kind == "heading" and found[start - 1].style != "md1":
                start -= 1
            break
    title = TitleBlock(found[:start])
    parts: list[str] = []
    h1 = [b for b in title.lines if b.style == "md1"]
    for block in h1 or title.lines:
        text = block.text
        if text in parts:
            continue
        if DRAFT_MARK.search(text) and title.draft_mark is None:
            title.draft_mark = block
        month = MONTH_YEAR.match(text)
        if month and month["month"].lower() in MONTHS:
            title.issued = f"{month['year']}-{MONTHS[month['month'].lower()]:02d}"
            title.issued_text = text
            continue
        if block.kind not in ("heading", "para") or text.lower().startswith("illustration"):
            continue
        if re.fullmatch(r"(?i)udkast|høringsudkast|høringsversion", text):
            continue
        if _municipality_line(text):
            continue
        parts.append(text)
    for block in title.lines:  # a draft mark anywhere on the first page
        if title.draft_mark is None and DRAFT_MARK.search(block.text):
            title.draft_mark = block
    title.title = " ".join(parts)
    period = PERIOD.search(title.title)
    if period:
        title.period = (int(period["start"]), int(period["end"]))
        title.period_text = period.group(0)
    return title, found[start:]


MUNICIPALITY_LINE = re.compile(
    r"^[A-ZÆØÅ][\w-]*\s+kommune(?:\s+og\s+[A-ZÆØÅ][\w-]*\s+kommune)?$", re.IGNORECASE
)


def _municipality_line(text: str) -> bool:
    """ "Herlev Kommune", "HELSINGØR KOMMUNE", "Ishøj Kommune og Vallensbæk Kommune"."""
    return bool(MUNICIPALITY_LINE.match(text)) and text[0].isupper()


def tree(body: Sequence[Block], entries: Sequence[str]) -> Heading:
    """Nest the body's blocks under their headings (see the module docstring, 4)."""
    root = Heading("", "root", 0, rank=-1)
    stack = [root]
    in_contents = False
    for block in body:
        if block.kind == "heading":
            in_contents = bool(TOC_WORDS.match(block.text))
            entry = _contents_entry(block.text, entries) if entries else None
            style = "toc" if entry and not block.style.startswith("md") else block.style
            heading = Heading(block.text, style, block.line, _rank(style))
            if entry and len(_fold(entry)) > len(_fold(block.text)):
                heading.statement = entry
            while len(stack) > 1 and stack[-1].rank >= heading.rank:
                stack.pop()
            heading.parent = stack[-1]
            stack[-1].children.append(heading)
            stack.append(heading)
        elif not in_contents:
            stack[-1].content.append(block)
    return root


# ---------------------------------------------------------------------------
# Items
# ---------------------------------------------------------------------------


@dataclass
class Item:
    """A candidate focus area, objective or initiative."""

    kind: str  # focus-area | objective | initiative
    text: str
    section: str
    line: int
    notation: str = ""
    children: list[Item] = field(default_factory=list)
    number: str = ""  # position-based local number: "2", "2.3", "2.3.1"

    @property
    def local(self) -> str:
        return f"{self.kind}-{self.number}"

    def walk(self) -> Iterable[Item]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class ActionList:
    """An initiative list or an action table found under a heading."""

    heading: Heading
    leadin: Block | None
    bullets: list[Block] = field(default_factory=list)
    rows: list[tuple[str, list[str]]] = field(default_factory=list)  # objective, initiatives
    line: int = 0


def _split_cell(cell: str) -> list[str]:
    cell = HTML_TAG.sub(" • ", cell) if re.search(r"<li\b", cell, re.IGNORECASE) else cell
    parts = [clean(p) for p in re.split(r"[•\u2022\uf0b7]", clean(cell))]
    return [p for p in parts if p]


def _action_table(block: Block) -> bool:
    if not block.rows or len(block.rows[0]) < 2:
        return False
    header = [clean(c).lower() for c in block.rows[0]]
    return header[0].endswith("ved at:") or any(
        re.search(r"indsats|initiativ|handling|tiltag", c) for c in header[1:]
    )


def action_lists(root: Heading) -> list[ActionList]:
    """Every initiative list and action table, with the heading it stands under."""
    found: list[ActionList] = []
    for heading in root.walk():
        content = heading.content
        index = 0
        while index < len(content):
            block = content[index]
            if block.kind == "leadin":
                listing = ActionList(heading, block, line=block.line)
                index += 1
                while index < len(content) and content[index].kind == "bullet":
                    listing.bullets.append(content[index])
                    index += 1
                if listing.bullets:
                    found.append(listing)
                continue
            if block.kind == "table" and _action_table(block):
                listing = ActionList(heading, None, line=block.line)
                for row in block.rows[1:]:
                    if [clean(c) for c in row] == [clean(c) for c in block.rows[0]]:
                        continue  # the header repeated where the table goes on to a new page
                    cells = [*row, "", ""]
                    listing.rows.append((clean(cells[0]), _split_cell(cells[1])))
                if listing.rows:
                    found.append(listing)
            index += 1
    return found


def _statement(heading: Heading) -> tuple[str, str]:
    """(notation, statement) of a focus-area heading."""
    if heading.statement:
        return "", heading.statement
    labelled = LABELLED_HEADING.match(heading.text)
    if labelled:
        return labelled["label"], labelled["text"].strip()
    numbered = NUMBERED_HEADING.match(heading.text)
    if numbered and heading.style.startswith("num"):
        return numbered["num"], numbered["text"].strip()
    return "", heading.text


def focus_areas(root: Heading, lists: Sequence[ActionList]) -> tuple[Heading | None, list[Item]]:
    """The focus-area container and the focus areas with their items."""
    if not lists:
        return None, []
    paths = [listing.heading.path() for listing in lists]
    common = 0
    while all(len(p) > common for p in paths) and len({id(p[common]) for p in paths}) == 1:
        common += 1
    if common == len(paths[0]) and all(len(p) == common for p in paths):
        # Every list under one heading: the focus area is the contents-listed heading on
        # the way down if there is one (a box heading nests under it), else that heading.
        listed = [i for i, head in enumerate(paths[0]) if head.style == "toc"]
        common = listed[0] if listed else max(1, len(paths[0]) - 1)
    container = paths[0][common - 1]
    areas: dict[int, Item] = {}
    order: list[Item] = []
    for listing, path in zip(lists, paths, strict=True):
        heading = path[common] if len(path) > common else path[-1]
        if heading.parent is None:
            continue  # a list outside any heading: nothing to attach it to
        item = areas.get(id(heading))
        if item is None:
            notation, text = _statement(heading)
            section = container.text if container.parent is not None else heading.text
            item = Item("focus-area", text, section, heading.line, notation)
            areas[id(heading)] = item
            order.append(item)
        for bullet in listing.bullets:
            item.children.append(Item("initiative", bullet.text, heading.text, bullet.line))
        for objective, initiatives in listing.rows:
            if objective:
                goal = Item("objective", objective, heading.text, listing.line)
                goal.children = [
                    Item("initiative", text, heading.text, listing.line) for text in initiatives
                ]
                item.children.append(goal)
            else:
                item.children += [
                    Item("initiative", text, heading.text, listing.line) for text in initiatives
                ]
    _number(order)
    return container, order


def _number(areas: Sequence[Item]) -> None:
    for i, area in enumerate(areas, 1):
        area.number = str(i)
        goals = [c for c in area.children if c.kind == "objective"]
        direct = [c for c in area.children if c.kind == "initiative"]
        for j, goal in enumerate(goals, 1):
            goal.number = f"{i}.{j}"
            for k, initiative in enumerate(goal.children, 1):
                initiative.number = f"{i}.{j}.{k}"
        offset = len(goals)
        for k, initiative in enumerate(direct, 1):
            initiative.number = f"{i}.{offset + k}" if goals else f"{i}.{k}"


# ---------------------------------------------------------------------------
# Explicit links
# ---------------------------------------------------------------------------

PRINCIPLE_LABEL = re.compile(
    r"^(?:(?P<lead>Recovery-orienteret rehabilitering:)\s*)?"
    r"Princip\s+(?P<n>[1-8])\s*:\s*(?P<rest>.*)$"
)
PRINCIPLE_PROSE = re.compile(r"\bprincip\s+(?P<n>[1-8])\b", re.IGNORECASE)
NOMINAL_AF = re.compile(r"\b(?P<head>\w{4,}(?:else|ing|tion|sion|ning))\s+af\s+(?P<noun>\w{3,})")
SDG_CONTEXT = re.compile(r"verdensmål|FN[’'`]?s\s+mål|bæredygtig\w*\s+udvikling", re.IGNORECASE)
SDG_GOAL = re.compile(r"\bmål\s+(?P<n>1[0-7]|[1-9])\b", re.IGNORECASE)
CHIME_START = {
    "håb": "hope-and-optimism",
    "identitet": "identity",
    "mening": "meaning",
    "empowerment": "empowerment",
    "tilknytning": "connectedness",
    "forbundethed": "connectedness",
    "samhørighed": "connectedness",
}
INCLUDES_PRINCIPLES = re.compile(
    r"\bprincipper\w*\b.*\b(?:inkluderet|indgår|indarbejdet)\b", re.IGNORECASE
)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ\"”])")


@dataclass(frozen=True)
class Link:
    """An explicit link the text states: subject is ``document`` or an item's local name."""

    subject: str
    scheme: str  # rp | sdg | chime
    target: str  # "3", "10", "hope-and-optimism"
    evidence: tuple[str, ...]
    line: int


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text) if s]


def _stem(word: str) -> str:
    word = word.lower()
    return word[:5] if len(word) > 5 else word.rstrip("s")


def explicit_links(
    root: Heading,
    areas: Sequence[Item],
    area_headings: dict[str, Heading],
    footnotes: dict[str, str],
) -> list[Link]:
    """Every link the text states (see the module docstring)."""
    links: dict[tuple[str, str, str], Link] = {}

    def add(link: Link) -> None:
        key = (link.subject, link.scheme, link.target)
        if key not in links:
            links[key] = link

    owner: dict[int, str] = {}
    for local, heading in area_headings.items():
        for block in heading.blocks():
            owner[id(block)] = local
    initiatives = [i for area in areas for i in area.walk() if i.kind == "initiative"]

    # principle labels inside focus areas
    for local, heading in area_headings.items():
        content = [b for b in heading.blocks() if b.kind in ("para", "heading", "leadin")]
        lead_seen = False
        for index, block in enumerate(content):
            if block.text.rstrip(":") == "Recovery-orienteret rehabilitering":
                lead_seen = True
                continue
            match = PRINCIPLE_LABEL.match(block.text)
            if not match:
                continue
            parts = [block.text]
            if (
                not match["rest"]
                and index + 1 < len(content)
                and _is_upper(content[index + 1].text)
            ):
                parts.append(content[index + 1].text)
            if lead_seen and not match["lead"]:
                parts.insert(0, "Recovery-orienteret rehabilitering:")
                lead_seen = False
            add(Link(local, "rp", match["n"], (" ".join(parts),), block.line))

    # prose sentences naming a principle and what serves it
    for block in root.blocks():
        if block.kind != "para" or PRINCIPLE_LABEL.match(block.text):
            continue
        for sentence in sentences(block.text):
            prose = PRINCIPLE_PROSE.search(sentence)
            if not prose:
                continue
            before = sentence[: prose.start()]
            phrases = list(NOMINAL_AF.finditer(before))
            if not phrases:
                continue
            head, noun = _stem(phrases[-1]["head"]), _stem(phrases[-1]["noun"])
            for item in initiatives:
                words = {_stem(w) for w in re.findall(r"\w+", item.text)}
                if head in words and noun in words:
                    add(Link(item.local, "rp", prose["n"], (sentence,), block.line))

    # UN goals
    for block in root.blocks():
        if block.kind not in ("para", "bullet", "leadin"):
            continue
        for sentence in sentences(block.text):
            if not SDG_CONTEXT.search(sentence):
                continue
            for goal in SDG_GOAL.finditer(sentence):
                subject = owner.get(id(block), "document")
                add(Link(subject, "sdg", goal["n"], (sentence,), block.line))

    _included_principles(root, owner, add)
    _chime_sentence(root, owner, add)

    # CHIME, only where the framework is named
    chime_notes = {num for num, text in footnotes.items() if "chime" in text.lower()}
    for heading in root.walk():
        content = heading.content
        for index, block in enumerate(content):
            if block.kind != "bullet":
                continue
            if index > 0 and content[index - 1].kind == "bullet":
                continue  # only at the start of a list
            listing = [block]
            j = index + 1
            while j < len(content) and content[j].kind == "bullet":
                listing.append(content[j])
                j += 1
            lead = content[index - 1] if index > 0 else None
            note = next((b.footnote for b in listing if b.footnote in chime_notes), "")
            if lead is not None and lead.footnote in chime_notes:
                note = lead.footnote
            named = lead is not None and "chime" in lead.text.lower()
            if not note and not named:
                continue
            for bullet in listing:
                first = re.findall(r"\w+", bullet.text.lower())[:1]
                process = CHIME_START.get(first[0]) if first else None
                if process is None:
                    continue
                evidence = [lead.text] if lead is not None and lead.kind != "bullet" else []
                if note:
                    evidence.append(footnotes[note])
                evidence.append(bullet.text)
                subject = owner.get(id(bullet), "document")
                add(Link(subject, "chime", process, tuple(evidence), bullet.line))
    return list(links.values())


def _bullet_runs(content: Sequence[Block]) -> Iterable[tuple[int, list[Block]]]:
    """Each run of consecutive bullets: its index in ``content`` and its blocks."""
    index = 0
    while index < len(content):
        if content[index].kind != "bullet":
            index += 1
            continue
        start = index
        while index < len(content) and content[index].kind == "bullet":
            index += 1
        yield start, list(content[start:index])


def _included_principles(root: Heading, owner: dict[int, str], add: Callable[[Link], None]) -> None:
    """A numbered list 1-8 of principles, then "Principperne er inkluderet i ..."."""
    for heading in root.walk():
        content = heading.content
        for start, listing in _bullet_runs(content):
            numbers = [b.marker.rstrip(".)") for b in listing]
            after = start + len(listing)
            if numbers != [str(n) for n in range(1, 9)] or after >= len(content):
                continue
            if content[after].kind != "para" or owner.get(id(listing[0]), "document") != "document":
                continue
            statement = next(
                (s for s in sentences(content[after].text) if INCLUDES_PRINCIPLES.search(s)), None
            )
            if statement is None:
                continue
            for number, bullet in zip(numbers, listing, strict=True):
                evidence = (f"{bullet.marker} {bullet.text}", statement)
                add(Link("document", "rp", number, evidence, bullet.line))


def _chime_sentence(root: Heading, owner: dict[int, str], add: Callable[[Link], None]) -> None:
    """One sentence on recovery that names all five CHIME processes."""
    for block in root.blocks():
        if block.kind != "para" or owner.get(id(block), "document") != "document":
            continue
        for sentence in sentences(block.text):
            words = set(re.findall(r"\w+", sentence.lower()))
            named = {process for word, process in CHIME_START.items() if word in words}
            if len(named) == 5 and "recovery" in words:
                for process in sorted(named):
                    add(Link("document", "chime", process, (sentence,), block.line))
