"""XSD 1.0 regular expressions (XML Schema Part 2, Appendix F) as finite automata of greenery.

A pattern is parsed into greenery's own terms (Pattern, Conc, Mult, Charclass) and turned into a greenery `Fsm`.
greenery's `Pattern.to_fsm` minimises after every concatenation and repetition, which costs seconds for the
DUIS RequestID pattern (twenty alternatives of up to twenty digits); here the parse becomes a small
nondeterministic automaton that is determinised once, with states found by dictionary, not by list search.

The other automata the value spaces need are here too: literal sets, whitespace-normalisation preimages, and the
search for the shortest text that some automata accept and others reject (a witness), optionally no shorter than a
length. greenery is imported inside functions: the CLI pays for it only when a comparison needs it.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Hashable, Iterable, Sequence

from duislint.semantics import Undecidable

if TYPE_CHECKING:
    from greenery import Charclass, Fsm, Pattern  # type: ignore[import-untyped, unused-ignore]

MAX_CODE_POINT = 0x10FFFF
NFA_BUDGET = 50_000  # states of the nondeterministic automaton: {n,m} with large bounds is copied out
DFA_BUDGET = 20_000  # states of one determinised automaton or of one product explored in a search
LAYER_BUDGET = 200_000  # lengths stepped through before a length search gives up

_SINGLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t"} | {c: c for c in "\\|.?*+(){}-[]^"}
_META = set(".\\?*+()|[]")
_XSD_SPACE = " \t\n\r"
_CATEGORIES = frozenset(
    "L Lu Ll Lt Lm Lo M Mn Mc Me N Nd Nl No P Pc Pd Ps Pe Pi Pf Po Z Zs Zl Zp S Sm Sc Sk So C Cc Cf Co Cn".split()
)
# Unicode 3.1 block names as XSD 1.0 (F.1.1) lists them
_BLOCKS: dict[str, tuple[tuple[int, int], ...]] = {
    name: tuple((int(lo, 16), int(hi, 16)) for lo, hi in (span.split("-") for span in spans.split(",")))
    for name, spans in (
        line.split()
        for line in """
BasicLatin 0000-007F
Latin-1Supplement 0080-00FF
LatinExtended-A 0100-017F
LatinExtended-B 0180-024F
IPAExtensions 0250-02AF
SpacingModifierLetters 02B0-02FF
CombiningDiacriticalMarks 0300-036F
Greek 0370-03FF
Cyrillic 0400-04FF
Armenian 0530-058F
Hebrew 0590-05FF
Arabic 0600-06FF
Syriac 0700-074F
Thaana 0780-07BF
Devanagari 0900-097F
Bengali 0980-09FF
Gurmukhi 0A00-0A7F
Gujarati 0A80-0AFF
Oriya 0B00-0B7F
Tamil 0B80-0BFF
Telugu 0C00-0C7F
Kannada 0C80-0CFF
Malayalam 0D00-0D7F
Sinhala 0D80-0DFF
Thai 0E00-0E7F
Lao 0E80-0EFF
Tibetan 0F00-0FFF
Myanmar 1000-109F
Georgian 10A0-10FF
HangulJamo 1100-11FF
Ethiopic 1200-137F
Cherokee 13A0-13FF
UnifiedCanadianAboriginalSyllabics 1400-167F
Ogham 1680-169F
Runic 16A0-16FF
Khmer 1780-17FF
Mongolian 1800-18AF
LatinExtendedAdditional 1E00-1EFF
GreekExtended 1F00-1FFF
GeneralPunctuation 2000-206F
SuperscriptsandSubscripts 2070-209F
CurrencySymbols 20A0-20CF
CombiningMarksforSymbols 20D0-20FF
LetterlikeSymbols 2100-214F
NumberForms 2150-218F
Arrows 2190-21FF
MathematicalOperators 2200-22FF
MiscellaneousTechnical 2300-23FF
ControlPictures 2400-243F
OpticalCharacterRecognition 2440-245F
EnclosedAlphanumerics 2460-24FF
BoxDrawing 2500-257F
BlockElements 2580-259F
GeometricShapes 25A0-25FF
MiscellaneousSymbols 2600-26FF
Dingbats 2700-27BF
BraillePatterns 2800-28FF
CJKRadicalsSupplement 2E80-2EFF
KangxiRadicals 2F00-2FDF
IdeographicDescriptionCharacters 2FF0-2FFF
CJKSymbolsandPunctuation 3000-303F
Hiragana 3040-309F
Katakana 30A0-30FF
Bopomofo 3100-312F
HangulCompatibilityJamo 3130-318F
Kanbun 3190-319F
BopomofoExtended 31A0-31BF
EnclosedCJKLettersandMonths 3200-32FF
CJKCompatibility 3300-33FF
CJKUnifiedIdeographsExtensionA 3400-4DB5
CJKUnifiedIdeographs 4E00-9FFF
YiSyllables A000-A48F
YiRadicals A490-A4CF
HangulSyllables AC00-D7A3
HighSurrogates D800-DB7F
HighPrivateUseSurrogates DB80-DBFF
LowSurrogates DC00-DFFF
PrivateUse E000-F8FF,F0000-FFFFD,100000-10FFFD
CJKCompatibilityIdeographs F900-FAFF
AlphabeticPresentationForms FB00-FB4F
ArabicPresentationForms-A FB50-FDFF
CombiningHalfMarks FE20-FE2F
CJKCompatibilityForms FE30-FE4F
SmallFormVariants FE50-FE6F
ArabicPresentationForms-B FE70-FEFE
Specials FEFF-FEFF,FFF0-FFFD
HalfwidthandFullwidthForms FF00-FFEF
OldItalic 10300-1032F
Gothic 10330-1034F
Deseret 10400-1044F
ByzantineMusicalSymbols 1D000-1D0FF
MusicalSymbols 1D100-1D1FF
MathematicalAlphanumericSymbols 1D400-1D7FF
CJKUnifiedIdeographsExtensionB 20000-2A6D6
CJKCompatibilityIdeographsSupplement 2F800-2FA1F
Tags E0000-E007F""".strip().splitlines()
    )
}
# XSD 1.0 takes \i and \c from XML 1.0's Letter and NameChar (Appendix B, before the fifth edition), as libxml2
# does: Letter is the BMP's Ll, Lu, Lo, Lt and Nl less the compatibility area, NameChar adds Mc, Me, Mn, Lm and Nd,
# '.', '-', '_', ':' and the extenders. Appendix B also drops characters with compatibility decompositions; that
# refinement is not modelled.
_LETTER_CATEGORIES = ("Ll", "Lu", "Lo", "Lt", "Nl")
_NAME_CATEGORIES = ("Mc", "Me", "Mn", "Lm", "Nd")
_EXTENDERS = (
    (0xB7, 0xB7), (0x2D0, 0x2D1), (0x387, 0x387), (0x640, 0x640), (0xE46, 0xE46), (0xEC6, 0xEC6), (0x3005, 0x3005),
    (0x3031, 0x3035), (0x309D, 0x309E), (0x30FC, 0x30FE),
)  # fmt: skip
# characters tried first for a witness, so that a witness reads like a DUIS value
_PREFERRED = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_.:, +/=#@!*'()$%&;<>?[]^`{|}~\"\\"


def _greenery() -> Any:
    import greenery  # type: ignore[import-untyped, unused-ignore]

    return greenery


def charclass(ranges: Iterable[tuple[int, int]], negated: bool = False) -> Charclass:
    """A greenery Charclass of code-point ranges (inclusive)."""
    return _greenery().Charclass(tuple((chr(lo), chr(hi)) for lo, hi in ranges), negated)


def char_ranges(cls: Charclass) -> list[tuple[int, int]]:
    """The code-point ranges a Charclass holds, negation resolved."""
    ranges = list(cls.ord_ranges)
    return _complement(ranges) if cls.negated else ranges


def _minus(left: Charclass, right: Charclass) -> Charclass:
    return left & ~right


@functools.cache
def _categories(last: int = MAX_CODE_POINT) -> dict[str, tuple[tuple[int, int], ...]]:
    """Code-point ranges of each Unicode general category (two letters and one), from Python's unicodedata, up to
    `last` (scanning all of Unicode takes a few tenths of a second; name characters need the BMP only)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    current, start = unicodedata.category(chr(0)), 0
    for code in range(1, last + 2):
        category = unicodedata.category(chr(code)) if code <= last else ""
        if category != current:
            spans.setdefault(current, []).append((start, code - 1))
            current, start = category, code
    merged: dict[str, tuple[tuple[int, int], ...]] = {name: tuple(ranges) for name, ranges in spans.items()}
    for letter in "LMNPZSC":
        parts = sorted(r for name, ranges in spans.items() if name[0] == letter for r in ranges)
        merged[letter] = tuple(parts)
    return merged


def _category(name: str) -> Charclass:
    if name in _CATEGORIES:
        return charclass(_categories().get(name, ()))
    if name.startswith("Is") and name[2:] in _BLOCKS:
        return charclass(_BLOCKS[name[2:]])
    raise Undecidable(f"unknown character property \\p{{{name}}}")


@functools.cache
def _name_chars(following: bool) -> Charclass:
    """\\i (initial name characters) or, `following`, \\c (name characters)."""
    categories = _LETTER_CATEGORIES + (_NAME_CATEGORIES if following else ())
    extra = [(0x3A, 0x3A), (0x5F, 0x5F)] + ([(0x2D, 0x2E), *_EXTENDERS] if following else [])
    ranges = [r for name in categories for r in _categories(0xF8FF).get(name, ())] + extra
    return charclass(ranges)


def _multi_escape(letter: str) -> Charclass:
    lower = letter.lower()
    if lower == "s":
        cls = charclass((ord(c), ord(c)) for c in _XSD_SPACE)
    elif lower == "d":
        cls = _category("Nd")
    elif lower == "w":
        cls = ~(_category("P") | _category("Z") | _category("C"))
    else:
        cls = _name_chars(lower == "c")
    return ~cls if letter.isupper() else cls


class _Parser:
    """Recursive descent over the grammar of Appendix F; the result is greenery's Pattern."""

    def __init__(self, text: str) -> None:
        self.text, self.at = text, 0
        self.g = _greenery()

    def fail(self, why: str) -> Undecidable:
        return Undecidable(f"pattern {self.text!r}: {why} at offset {self.at}")

    def peek(self) -> str | None:
        return self.text[self.at] if self.at < len(self.text) else None

    def take(self) -> str:
        if self.at >= len(self.text):
            raise self.fail("unexpected end")
        char = self.text[self.at]
        self.at += 1
        return char

    def parse(self) -> Pattern:
        pattern = self.reg_exp()
        if self.at != len(self.text):
            raise self.fail(f"unexpected {self.text[self.at]!r}")
        return pattern

    def reg_exp(self) -> Pattern:
        from greenery.rxelems import Conc  # type: ignore[import-untyped, unused-ignore]

        branches = [Conc(*self.branch())]
        while self.peek() == "|":
            self.at += 1
            branches.append(Conc(*self.branch()))
        return self.g.Pattern(*branches)

    def branch(self) -> list[Any]:
        from greenery.rxelems import Mult

        pieces = []
        while self.peek() not in (None, "|", ")"):
            atom = self.atom()
            pieces.append(Mult(atom, self.quantifier()))
        return pieces

    def quantifier(self) -> Any:
        g = self.g
        char = self.peek()
        if char == "?":
            self.at += 1
            return g.QM
        if char == "*":
            self.at += 1
            return g.STAR
        if char == "+":
            self.at += 1
            return g.PLUS
        if char != "{":
            return g.Multiplier(g.Bound(1), g.Bound(1))
        self.at += 1
        low = self.number()
        high: int | None = low
        if self.peek() == ",":
            self.at += 1
            high = self.number() if self.peek() != "}" else None
        if self.take() != "}":
            raise self.fail("quantifier not closed")
        if high is not None and high < low:
            raise self.fail(f"quantifier {{{low},{high}}} has its bounds reversed")
        return g.Multiplier(g.Bound(low), g.INF if high is None else g.Bound(high))

    def number(self) -> int:
        start = self.at
        while (char := self.peek()) is not None and char.isascii() and char.isdigit():
            self.at += 1
        if start == self.at:
            raise self.fail("quantity expected")
        return int(self.text[start : self.at])

    def atom(self) -> Any:
        char = self.take()
        if char == "(":
            inner = self.reg_exp()
            if self.take() != ")":
                raise self.fail("group not closed")
            return inner
        if char == "[":
            return self.char_class_expr()
        if char == ".":
            return ~charclass(((0x0A, 0x0A), (0x0D, 0x0D)))
        if char == "\\":
            return self.escape()
        if char in _META or char in "{}":
            raise self.fail(f"{char!r} must be escaped")
        return charclass(((ord(char), ord(char)),))

    def escape(self) -> Charclass:
        letter = self.take()
        if letter in _SINGLE_ESCAPES:
            code = ord(_SINGLE_ESCAPES[letter])
            return charclass(((code, code),))
        if letter in "sSiIcCdDwW":
            return _multi_escape(letter)
        if letter in "pP":
            if self.take() != "{":
                raise self.fail("\\p needs {")
            end = self.text.find("}", self.at)
            if end < 0:
                raise self.fail("\\p{ not closed")
            name, self.at = self.text[self.at : end], end + 1
            cls = _category(name)
            return ~cls if letter == "P" else cls
        raise self.fail(f"unknown escape \\{letter}")

    def char_class_expr(self) -> Charclass:
        """After '[': a positive or negative group, optionally minus a nested class, then ']'."""
        negated = self.peek() == "^"
        if negated:
            self.at += 1
        group = self.positive_group()
        if negated:
            group = ~group
        if self.peek() == "-":  # only before '[' here: positive_group stops at any other '-' it cannot take
            self.at += 1
            if self.take() != "[":
                raise self.fail("'-' in a character class must be escaped")
            group = _minus(group, self.char_class_expr())
        if self.take() != "]":
            raise self.fail("character class not closed")
        return group

    def positive_group(self) -> Charclass:
        result = charclass(())
        first = True
        while True:
            char = self.peek()
            if char is None:
                raise self.fail("character class not closed")
            if char == "]" and not first:
                return result
            if char == "-":
                following = self.text[self.at + 1 : self.at + 2]
                if following == "[" and not first:
                    return result  # subtraction
                if not first and following != "]":
                    raise self.fail("'-' in a character class must be escaped")
                self.at += 1
                result |= charclass(((0x2D, 0x2D),))
                first = False
                continue
            if char == "[":
                raise self.fail("'[' in a character class must be escaped")
            if char == "\\" and self.text[self.at + 1 : self.at + 2] in tuple("sSiIcCdDwWpP"):
                self.at += 1
                result |= self.escape()
                first = False
                continue
            low = self.class_char()
            if self.peek() == "-" and self.text[self.at + 1 : self.at + 2] not in ("[", "]", ""):
                self.at += 1
                high = self.class_char()
                if high < low:
                    raise self.fail("character range reversed")
                result |= charclass(((low, high),))
            else:
                result |= charclass(((low, low),))
            first = False

    def class_char(self) -> int:
        char = self.take()
        if char == "\\":
            letter = self.take()
            if letter not in _SINGLE_ESCAPES:
                raise self.fail(f"\\{letter} cannot end a range")
            return ord(_SINGLE_ESCAPES[letter])
        if char in "[]":
            raise self.fail(f"{char!r} in a character class must be escaped")
        return ord(char)


def parse_pattern(pattern: str) -> Pattern:
    """An XSD pattern as greenery's Pattern (implicitly anchored, as XSD patterns are)."""
    return _Parser(pattern).parse()


@functools.lru_cache(maxsize=1024)
def pattern_fsm(pattern: str) -> Fsm:
    """The deterministic automaton of an XSD 1.0 pattern. Raises Undecidable for a construct outside XSD 1.0 or an
    automaton over budget."""
    return determinise(_Nfa.of(parse_pattern(pattern)))


# -- automata --------------------------------------------------------------------------------------------------------


@dataclass
class _Nfa:
    """A nondeterministic automaton with epsilon moves, built from greenery's parse (Thompson's construction)."""

    moves: list[list[tuple[Any, int]]]
    epsilon: list[list[int]]
    final: int = 0

    @classmethod
    def of(cls, pattern: Pattern) -> _Nfa:
        nfa = cls([], [])
        start = nfa.state()
        nfa.final = nfa.build(pattern, start)
        return nfa

    def state(self) -> int:
        if len(self.moves) >= NFA_BUDGET:
            raise Undecidable(f"pattern automaton over {NFA_BUDGET} states")
        self.moves.append([])
        self.epsilon.append([])
        return len(self.moves) - 1

    def build(self, node: Any, start: int) -> int:
        from greenery.rxelems import Conc, Mult

        g = _greenery()
        if isinstance(node, g.Charclass):
            end = self.state()
            self.moves[start].append((node, end))
            return end
        if isinstance(node, Conc):
            for mult in node.mults:
                start = self.build(mult, start)
            return start
        if isinstance(node, Mult):
            low, high = node.multiplier.min.v, node.multiplier.max.v
            for _ in range(low):
                start = self.build(node.multiplicand, start)
            end = self.state()
            self.epsilon[start].append(end)
            if high is None:
                loop = self.state()
                self.epsilon[start].append(loop)
                self.epsilon[self.build(node.multiplicand, loop)].append(loop)
                self.epsilon[loop].append(end)
                return end
            for _ in range(high - low):
                start = self.build(node.multiplicand, start)
                self.epsilon[start].append(end)
            return end
        # a Pattern: alternatives from fresh starts, so that no loop of one leaks into another
        end = self.state()
        for conc in node.concs:
            branch = self.state()
            self.epsilon[start].append(branch)
            self.epsilon[self.build(conc, branch)].append(end)
        return end

    def closure(self, states: Iterable[int]) -> frozenset[int]:
        seen = set(states)
        stack = list(seen)
        while stack:
            for target in self.epsilon[stack.pop()]:
                if target not in seen:
                    seen.add(target)
                    stack.append(target)
        return frozenset(seen)


def partition(classes: Iterable[Charclass]) -> list[Charclass]:
    """The coarsest partition of all code points that every given Charclass is a union of pieces of (a sweep over
    the classes' range ends: name-character classes have hundreds of ranges)."""
    changes: dict[int, int] = {0: 0, MAX_CODE_POINT + 1: 0}
    for i, cls in enumerate(set(classes)):
        for lo, hi in char_ranges(cls):
            changes[lo] = changes.get(lo, 0) ^ (1 << i)
            changes[hi + 1] = changes.get(hi + 1, 0) ^ (1 << i)
    bounds = sorted(changes)
    groups: dict[int, list[tuple[int, int]]] = {}
    signature = 0
    for lo, following in zip(bounds, bounds[1:], strict=False):
        signature ^= changes[lo]
        groups.setdefault(signature, []).append((lo, following - 1))
    # greenery wants the alphabet's union to be its DOT, which is a negated class: the largest piece is one
    largest = max(groups.values(), key=lambda ranges: sum(hi - lo for lo, hi in ranges))
    return [~charclass(_complement(ranges)) if ranges is largest else charclass(ranges) for ranges in groups.values()]


def _complement(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    result, start = [], 0
    for lo, hi in ranges:
        if start < lo:
            result.append((start, lo - 1))
        start = hi + 1
    if start <= MAX_CODE_POINT:
        result.append((start, MAX_CODE_POINT))
    return result


def first_code(cls: Charclass) -> int:
    """The lowest code point of a non-empty Charclass."""
    return char_ranges(cls)[0][0]


def crawl(
    alphabet: Sequence[Charclass], initial: Hashable, final: Callable[[Any], bool], follow: Callable[[Any, int], Any]
) -> Fsm:
    """greenery's crawl with states found by dictionary; `follow` takes the index of a symbol of `alphabet`."""
    index: dict[Hashable, int] = {initial: 0}
    states: list[Hashable] = [initial]
    transitions: dict[int, dict[Any, int]] = {}
    finals = set()
    i = 0
    while i < len(states):
        state = states[i]
        if final(state):
            finals.add(i)
        row = {}
        for k, symbol in enumerate(alphabet):
            target = follow(state, k)
            j = index.get(target)
            if j is None:
                j = index[target] = len(states)
                states.append(target)
                if j >= DFA_BUDGET:
                    raise Undecidable(f"automaton over {DFA_BUDGET} states")
            row[symbol] = j
        transitions[i] = row
        i += 1
    return _greenery().Fsm(alphabet=alphabet, states=range(len(states)), initial=0, finals=finals, map=transitions)


def determinise(nfa: _Nfa) -> Fsm:
    classes = {cls for moves in nfa.moves for cls, _ in moves}
    alphabet = partition(classes)
    firsts = [first_code(cls) for cls in alphabet]
    # per state and symbol, the targets
    table: list[list[tuple[int, ...]]] = []
    for moves in nfa.moves:
        row = [tuple(target for cls, target in moves if cls.accepts(chr(first))) for first in firsts]
        table.append(row)

    def follow(state: frozenset[int], k: int) -> frozenset[int]:
        return nfa.closure(target for s in state for target in table[s][k])

    return crawl(alphabet, nfa.closure([0]), lambda state: nfa.final in state, follow)


def literals_fsm(texts: Iterable[str]) -> Fsm:
    """The automaton of a finite set of texts (a trie)."""
    trie: list[dict[str, int]] = [{}]
    finals = set()
    for text in texts:
        node = 0
        for char in text:
            if char not in trie[node]:
                trie[node][char] = len(trie)
                trie.append({})
            node = trie[node][char]
        finals.add(node)
    chars = sorted({char for node in trie for char in node})
    alphabet = partition(charclass(((ord(c), ord(c)),)) for c in chars)
    symbol_chars = [next((c for c in chars if cls.accepts(c)), None) for cls in alphabet]
    dead = -1

    def follow(node: int, k: int) -> int:
        char = symbol_chars[k]
        return trie[node].get(char, dead) if node != dead and char is not None else dead

    return crawl(alphabet, 0, lambda node: node in finals, follow)


def everything() -> Fsm:
    """All texts."""
    return _greenery().Fsm(alphabet=[~charclass(())], states=[0], initial=0, finals=[0], map={0: {~charclass(()): 0}})


def collapse_preimage(fsm: Fsm) -> Fsm:
    """The raw texts whose whitespace collapses (XSD whiteSpace=collapse) to a text `fsm` accepts."""
    space = charclass((ord(c), ord(c)) for c in _XSD_SPACE)
    alphabet = partition([space, *fsm.alphabet])
    symbols = [_symbol_of(fsm, cls) for cls in alphabet]
    blank = [space.accepts(chr(first_code(cls))) for cls in alphabet]
    space_symbol = _symbol_of(fsm, charclass(((0x20, 0x20),)))

    def follow(state: tuple[int, bool, bool], k: int) -> tuple[int, bool, bool]:
        inner, started, pending = state
        if blank[k]:
            return (inner, started, started)
        if pending:
            inner = fsm.map[inner][space_symbol]
        return (fsm.map[inner][symbols[k]], True, False)

    return crawl(alphabet, (fsm.initial, False, False), lambda state: state[0] in fsm.finals, follow)


def replace_preimage(fsm: Fsm) -> Fsm:
    """The raw texts whose tabs and line ends, replaced by spaces (whiteSpace=replace), give a text `fsm` accepts."""
    space = charclass((ord(c), ord(c)) for c in _XSD_SPACE)
    alphabet = partition([space, *fsm.alphabet])
    space_symbol = _symbol_of(fsm, charclass(((0x20, 0x20),)))
    symbols = [space_symbol if space.accepts(chr(first_code(cls))) else _symbol_of(fsm, cls) for cls in alphabet]
    return crawl(alphabet, fsm.initial, lambda state: state in fsm.finals, lambda state, k: fsm.map[state][symbols[k]])


def _symbol_of(fsm: Fsm, piece: Charclass) -> Any:
    """The symbol of `fsm`'s alphabet that holds a piece of a finer partition."""
    code = first_code(piece)
    return next(cls for cls in fsm.alphabet if cls.accepts(chr(code)))


def _is_xml_char(code: int) -> bool:
    return code in (0x9, 0xA) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= MAX_CODE_POINT


def representative(piece: Charclass) -> str | None:
    """The character a witness uses for a piece of the alphabet: a plain ASCII one where the piece has one, never a
    character XML cannot carry (nor CR, which XML parsers turn into LF)."""
    for char in _PREFERRED:
        if piece.accepts(char):
            return char
    for lo, hi in char_ranges(piece):
        for code in range(max(lo, 0xA0), hi + 1):
            if _is_xml_char(code):
                return chr(code)
    for char in "\t\n":
        if piece.accepts(char):
            return char
    return None


@dataclass(frozen=True, slots=True)
class Search:
    """Texts accepted by every automaton of `include` and, for each group of `exclude`, rejected by at least one of
    the group: the old type's constraints against each member of the new type (or the reverse)."""

    include: tuple[Any, ...]
    exclude: tuple[tuple[Any, ...], ...] = ()

    def shortest(self, min_length: int = 0, max_length: int | None = None) -> str | None:
        """The shortest such text no shorter than `min_length` (None when there is none, or none up to
        `max_length`); among the shortest, one of plain characters."""
        product = _Product(self.include, self.exclude)
        found = product.shortest_from(min_length)
        if found is None or (max_length is not None and len(found) > max_length):
            return None
        return found


class _Product:
    def __init__(self, include: Sequence[Any], exclude: Sequence[Sequence[Any]]) -> None:
        self.fsms = list(include) + [fsm for group in exclude for fsm in group]
        self.n_include = len(include)
        self.groups: list[range] = []
        at = self.n_include
        for group in exclude:
            self.groups.append(range(at, at + len(group)))
            at += len(group)
        pieces = partition(cls for fsm in self.fsms for cls in fsm.alphabet)
        chosen = [(representative(piece), piece) for piece in pieces]
        usable = [(char, piece) for char, piece in chosen if char is not None]
        usable.sort(key=lambda pair: _preference(pair[0]))
        self.chars = [char for char, _ in usable]
        # per automaton and symbol, the target of each state
        self.tables = [
            [
                {state: fsm.map[state][symbol] for state in fsm.states}
                for symbol in (_symbol_of(fsm, p) for _, p in usable)
            ]
            for fsm in self.fsms
        ]
        self.initial = tuple(fsm.initial for fsm in self.fsms)
        self.finals = [fsm.finals for fsm in self.fsms]
        self.live = [_live_states(fsm) for fsm in self.fsms[: self.n_include]]

    def final(self, state: tuple[int, ...]) -> bool:
        finals = self.finals
        if not all(state[i] in finals[i] for i in range(self.n_include)):
            return False
        return all(not all(state[i] in finals[i] for i in group) for group in self.groups)

    def dead(self, state: tuple[int, ...]) -> bool:
        return any(state[i] not in self.live[i] for i in range(self.n_include))

    def step(self, state: tuple[int, ...], k: int) -> tuple[int, ...]:
        return tuple(table[k][s] for table, s in zip(self.tables, state, strict=True))

    def shortest_from(self, min_length: int) -> str | None:
        """Breadth first from the states reachable in exactly `min_length` steps."""
        starts = self.layer(min_length)
        if starts is None:
            return None
        layer_states, path_to = starts
        parents: dict[tuple[int, ...], tuple[tuple[int, ...], int] | None] = dict.fromkeys(layer_states)
        queue = deque(sorted(layer_states))
        while queue:
            state = queue.popleft()
            if self.final(state):
                tail = []
                while (parent := parents[state]) is not None:
                    state, k = parent
                    tail.append(self.chars[k])
                return path_to(state) + "".join(reversed(tail))
            for k in range(len(self.chars)):
                target = self.step(state, k)
                if target not in parents and not self.dead(target):
                    if len(parents) >= DFA_BUDGET:
                        raise Undecidable(f"comparison over {DFA_BUDGET} automaton states")
                    parents[target] = (state, k)
                    queue.append(target)
        return None

    def layer(self, length: int) -> tuple[frozenset[tuple[int, ...]], Callable[[tuple[int, ...]], str]] | None:
        """The live states reachable in exactly `length` steps, and a function giving a text of that length that
        reaches one of them. The layers repeat after a while; a long length is reached through that cycle."""
        if self.dead(self.initial):
            return None
        layers = [frozenset([self.initial])]
        seen = {layers[0]: 0}
        cycle_start, period = -1, 0
        for n in range(1, length + 1):
            following = frozenset(
                t for s in layers[-1] for k in range(len(self.chars)) if not self.dead(t := self.step(s, k))
            )
            if not following:
                return None
            if following in seen:
                cycle_start, period = seen[following], n - seen[following]
                break
            if n > LAYER_BUDGET:
                raise Undecidable(f"length {length} beyond {LAYER_BUDGET} steps of an automaton")
            seen[following] = n
            layers.append(following)

        def at(n: int) -> frozenset[tuple[int, ...]]:
            if cycle_start < 0 or n < len(layers):
                return layers[n]
            return layers[cycle_start + (n - cycle_start) % period]

        def path_to(target: tuple[int, ...]) -> str:
            backwards: list[str] = []
            state, n = target, length
            visited: dict[tuple[tuple[int, ...], int], tuple[int, int]] = {}
            while n > 0:
                if cycle_start >= 0 and n >= len(layers):
                    key = (state, (n - cycle_start) % period)
                    if key in visited:
                        before_n, before_len = visited[key]
                        block = backwards[before_len:]
                        steps = before_n - n
                        repeats = (n - len(layers)) // steps
                        if repeats:
                            backwards.extend(block * repeats)
                            n -= repeats * steps
                        visited.clear()
                    visited[key] = (n, len(backwards))
                previous = at(n - 1)
                state, k = next(
                    (s, k) for s in sorted(previous) for k in range(len(self.chars)) if self.step(s, k) == state
                )
                backwards.append(self.chars[k])
                n -= 1
            return "".join(reversed(backwards))

        return at(length), path_to


def _preference(char: str) -> int:
    where = _PREFERRED.find(char)
    return where if where >= 0 else len(_PREFERRED) + ord(char)


def _live_states(fsm: Fsm) -> frozenset[int]:
    """States from which a final state can be reached."""
    incoming: dict[int, set[int]] = {}
    for state, row in fsm.map.items():
        for target in row.values():
            incoming.setdefault(target, set()).add(state)
    live = set(fsm.finals)
    stack = list(live)
    while stack:
        for source in incoming.get(stack.pop(), ()):
            if source not in live:
                live.add(source)
                stack.append(source)
    return frozenset(live)
