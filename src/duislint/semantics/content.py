"""Complex-type content models as languages over child element names, compared by inclusion both ways.

A content model is turned into its position (Glushkov) automaton, counters expanded into copies: every position is
one occurrence of an element particle or wildcard, with edges to the positions that may come next. The automaton is
made deterministic on demand over an alphabet shared by the languages compared: the concrete names of both, and for
each namespace a wildcard could admit, one fresh name standing for "any other name there". Inclusion is then a
breadth-first search of the product, so each witness is a shortest word, the first in sorted symbol order.

greenery's Fsm is not the working representation, by measurement at DUIS sizes (the MMC schema's LogEntry has
maxOccurs="19056"; a diff must build and compare it well within 0.3 s): Fsm() validates every transition, 0.16 s for
a 19,058-state chain, and its operations crawl with `list.index`, quadratic (issubset of two 1,000-state chains:
4.9 s). Built directly, LogEntry's model takes about 0.015 s and a comparison with a changed bound 0.05 s: UPA keeps
the subsets mostly single positions, so the subset construction costs what a transition map would. `to_fsm` hands
a small language to greenery, whose operations then serve as an independent check.
"""

from __future__ import annotations

import itertools
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from duislint.semantics import Relation, Undecidable
from duislint.xsd.model import XS, QName, Source

if TYPE_CHECKING:
    from duislint.xsd.components import ElementDecl, Particle, TypeDef
    from duislint.xsd.model import SchemaModel

# Past these a model is reported undecidable rather than expanded: nested large counters, or an xs:all of many
# members (n * 2**(n-1) positions), would otherwise take minutes and gigabytes.
MAX_POSITIONS = 100_000
MAX_FOLLOW_EDGES = 2_000_000
MAX_STATES = 200_000  # deterministic states of one language, and pairs of the product
_FIELD = (1 << 20) - 1  # an edge is source << 40 | label << 20 | target: 20 bits hold MAX_POSITIONS
_MASK = (1 << 32) - 1  # a pair of states x, y is the int x << 32 | y: far more than any budget allows

ANY_TYPE = QName(XS, "anyType")
FRESH_LOCAL = "anyElement"
FRESH_NAMESPACE = "urn:duislint:any-namespace"


@dataclass(frozen=True, order=True)
class Symbol:
    """One letter of a word of child elements."""

    name: QName  # a concrete child element name; for a wildcard, a fresh name in a namespace it admits
    wildcard: bool = False  # stands for any other name the wildcards admit in that namespace


class WildcardKind(Enum):
    ANY = "##any"
    OTHER = "##other"
    LIST = "list"


@dataclass(frozen=True, slots=True)
class NamespaceConstraint:
    """Which namespaces an xs:any admits."""

    kind: WildcardKind
    namespaces: frozenset[str]  # LIST: the admitted ("" for none); OTHER: the excluded target namespace

    def admits(self, namespace: str) -> bool:
        if self.kind is WildcardKind.ANY:
            return True
        if self.kind is WildcardKind.LIST:
            return namespace in self.namespaces
        # XSD 1.0: ##other excludes unqualified names as well as the target namespace
        return namespace != "" and namespace not in self.namespaces


Label = QName | NamespaceConstraint


@dataclass(frozen=True, eq=False, repr=False)
class Language:
    """The child-element words one content model accepts, as a position automaton. Position `start` (the last) is
    the virtual one before any child. The edges of position p, sorted by label then target, are the indices
    offsets[p] to offsets[p + 1] of edge_labels and edge_targets: flat tuples of ints, since a set and a dict per
    position (19,057 of each for LogEntry) kept the garbage collector busy for 0.1 s a model."""

    labels: tuple[Label, ...]  # the distinct labels; positions and edges refer to them by index
    positions: tuple[int, ...]  # each position's label index (-1 for start)
    offsets: tuple[int, ...]
    edge_labels: tuple[int, ...]
    edge_targets: tuple[int, ...]
    accepting: frozenset[int]  # positions a word may end on (start if the empty word is accepted)
    declarations: dict[QName, ElementDecl]  # concrete child names, in order of first appearance
    wildcards: tuple[tuple[NamespaceConstraint, Particle], ...]  # in order of appearance

    @property
    def start(self) -> int:
        return len(self.positions) - 1

    def __repr__(self) -> str:
        shown = ", ".join(str(label) for label in self.labels[:6]) + (", ..." if len(self.labels) > 6 else "")
        return f"Language({len(self.positions) - 1} positions over {shown or 'no names'})"

    @property
    def names(self) -> frozenset[QName]:
        return frozenset(self.declarations)

    @property
    def constraints(self) -> frozenset[NamespaceConstraint]:
        return frozenset(constraint for constraint, _ in self.wildcards)


# the empty word only: no children (simple, empty or absent content)
EMPTY_CONTENT = Language((), (-1,), (0, 0), (), (), frozenset({0}), {}, ())


def content_language(model: SchemaModel, typedef: TypeDef | None) -> Language:
    """The language of a complex type's element content (an extension's is its base's followed by its own).
    Raises Undecidable for an undefined base type or group, a circular group, or a model over the budgets."""
    particles = _effective_content(model, typedef, set())
    if not particles:
        return EMPTY_CONTENT
    builder = _Builder(model)
    fragment = _EPSILON
    for particle in particles:
        fragment = builder.sequence(fragment, builder.particle(particle))
    return builder.language(fragment)


def compare_content(old: Language, new: Language) -> Relation[tuple[Symbol, ...]]:
    """Inclusion both ways, each failed direction with a shortest witness. A direction the state budget cuts short
    is None (undecided), unless its witness was already found."""
    if _same_automaton(old, new):
        return Relation(True, True)
    alphabet = _alphabet((old, new))
    left, right = _Dfa(old, alphabet), _Dfa(new, alphabet)
    # a pair of states is the int x << 32 | y, and the search's links are ints too: tuples would be objects
    # for the garbage collector to trace, which made the LogEntry comparison half as slow again
    start = left.start << 32 | right.start
    parent: dict[int, int] = {start: -1}
    via: dict[int, int] = {}
    queue = deque([start])
    old_only: tuple[Symbol, ...] | None = None
    new_only: tuple[Symbol, ...] | None = None
    symbols = range(len(alphabet))
    width = len(alphabet)
    left_table, right_table = left.table, right.table  # lists that grow in place as states are found
    try:
        while queue and (old_only is None or new_only is None):
            pair = queue.popleft()
            x, y = pair >> 32, pair & _MASK
            in_old, in_new = left.final[x], right.final[y]
            if in_old and not in_new and old_only is None:
                old_only = _path(parent, via, pair, alphabet)
            if in_new and not in_old and new_only is None:
                new_only = _path(parent, via, pair, alphabet)
            if not left.expanded[x]:
                left.expand(x)
            if not right.expanded[y]:
                right.expand(y)
            x_base, y_base = x * width, y * width
            for index in symbols:
                x_to, y_to = left_table[x_base + index], right_table[y_base + index]
                if (x_to and old_only is None) or (y_to and new_only is None):
                    target = x_to << 32 | y_to
                    if target not in parent:
                        parent[target] = pair
                        via[target] = index
                        queue.append(target)
            if len(parent) > MAX_STATES:
                raise Undecidable(f"content models compared past {MAX_STATES} product states")
    except Undecidable as error:
        return Relation(
            False if old_only is not None else None,
            False if new_only is not None else None,
            old_only,
            new_only,
            str(error),
        )
    return Relation(old_only is None, new_only is None, old_only, new_only)


def shortest_word(language: Language, containing: QName | None = None) -> tuple[Symbol, ...] | None:
    """A shortest accepted word (with at least one child of that name, if given), first in symbol order; None if
    there is none."""
    alphabet = _alphabet((language,), () if containing is None else (containing,))
    dfa = _Dfa(language, alphabet)
    marks = [containing is not None and not symbol.wildcard and symbol.name == containing for symbol in alphabet]
    start = dfa.start * 2 + (containing is None)  # a node: the state, and whether the name has been seen
    parent: dict[int, int] = {start: -1}
    via: dict[int, int] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        state, seen = divmod(node, 2)
        if seen and dfa.final[state]:
            return _path(parent, via, node, alphabet)
        for index, target in enumerate(dfa.transitions(state)):
            following = target * 2 + (seen or marks[index])
            if target and following not in parent:
                parent[following] = node
                via[following] = index
                queue.append(following)
        if len(parent) > MAX_STATES:
            raise Undecidable(f"shortest word searched past {MAX_STATES} states")
    return None


def accepts(language: Language, word: Iterable[Symbol | QName]) -> bool:
    """Whether the content model accepts these children, in this order (a wildcard symbol by its fresh name)."""
    current = {language.start}
    for item in word:
        if isinstance(item, Symbol):
            labels = _matching_labels(language, item.name, item.wildcard)
        else:
            labels = _matching_labels(language, item, wildcard=False)
        current = {
            language.edge_targets[edge]
            for position in current
            for edge in range(language.offsets[position], language.offsets[position + 1])
            if language.edge_labels[edge] in labels
        }
        if not current:
            return False
    return not current.isdisjoint(language.accepting)


def declaration_for(language: Language, symbol: Symbol) -> ElementDecl | Particle | None:
    """What validates that child here: its element declaration (a ref's or a substitute's global one), or else the
    first wildcard that admits its namespace."""
    if not symbol.wildcard and symbol.name in language.declarations:
        return language.declarations[symbol.name]
    for constraint, particle in language.wildcards:
        if constraint.admits(symbol.name.namespace):
            return particle
    return None


def child_declarations(language: Language) -> dict[QName, ElementDecl]:
    """Every concrete child name the model can contain, with its declaration."""
    return dict(language.declarations)


def to_fsm(language: Language, alphabet: Sequence[Symbol]) -> Any:
    """The language as a greenery Fsm over `alphabet`, symbol i as the character U+E000+i (for small languages:
    greenery's operations are quadratic in states)."""
    from greenery.charclass import Charclass  # type: ignore[import-untyped, unused-ignore]
    from greenery.fsm import Fsm  # type: ignore[import-untyped, unused-ignore]

    letters = [Charclass(chr(0xE000 + index)) for index in range(len(alphabet))]
    rest = ~Charclass("".join(chr(0xE000 + index) for index in range(len(alphabet))))
    dfa = _Dfa(language, tuple(alphabet))
    rows: dict[int, dict[Any, int]] = {}
    pending, reached = [0, dfa.start], {0, dfa.start}
    while pending:
        state = pending.pop()
        row: dict[Any, int] = {rest: 0}
        for letter, target in zip(letters, dfa.transitions(state), strict=True):
            row[letter] = target
            if target not in reached:
                reached.add(target)
                pending.append(target)
        rows[state] = row
    finals = [state for state in rows if dfa.final[state]]
    return Fsm(alphabet=[*letters, rest], states=list(rows), initial=dfa.start, finals=finals, map=rows)


def joint_alphabet(*languages: Language) -> tuple[Symbol, ...]:
    """The alphabet compare_content uses for these languages, in sorted order."""
    return _alphabet(languages)


# --- the effective content of a type ---------------------------------------------------------------------------


def _effective_content(model: SchemaModel, typedef: TypeDef | None, seen: set[QName]) -> list[Particle]:
    """The particles whose sequence is the type's content: an extension's base content comes first."""
    if typedef is None or typedef.kind == "simple" or typedef.content_kind == "simple":
        return []
    own = [typedef.content] if typedef.content is not None else []
    if typedef.derivation != "extension" or typedef.base is None:
        return own
    if typedef.base == ANY_TYPE:
        return [_any_type_content(typedef.source), *own]
    base = model.named_type(typedef.base)
    if base is None:
        raise Undecidable(f"base type {model.show(typedef.base)} is not defined")
    if typedef.base in seen:
        raise Undecidable(f"base type {model.show(typedef.base)} derives from itself")
    return [*_effective_content(model, base, seen | {typedef.base}), *own]


def _any_type_content(source: Source) -> Particle:
    from duislint.xsd.components import Particle

    # xs:anyType's content model: any element, laxly, any number of times
    wildcard = Particle("any", 0, None, source, process_contents="lax")
    return Particle("sequence", 1, 1, source, children=(wildcard,))


# --- the position automaton --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Fragment:
    """A part of a content model: the positions it may start and end on, and whether it may be empty."""

    first: frozenset[int]
    last: frozenset[int]
    nullable: bool


_EPSILON = _Fragment(frozenset(), frozenset(), True)
_NOTHING = _Fragment(frozenset(), frozenset(), False)


class _Builder:
    """Makes the positions of one content model; every occurrence a counter allows is a fresh copy."""

    def __init__(self, model: SchemaModel) -> None:
        self.model = model
        self.labels: dict[Label, int] = {}
        self.positions: list[int] = []  # label index per position
        self.edges: list[int] = []
        self.work = 0  # the sizes of the start sets _repeat works out, counted against the edge budget too
        self.declarations: dict[QName, ElementDecl] = {}
        self.wildcards: list[tuple[NamespaceConstraint, Particle]] = []
        self.open_groups: list[QName] = []
        self.sizes: dict[int, int] = {}  # by id(particle): the model's particles outlive the builder
        self.sizing: list[QName] = []  # the groups _size is inside

    def language(self, top: _Fragment) -> Language:
        start = self._position(None)
        self._link((start,), top.first)
        edges = sorted(set(self.edges))
        counts = [0] * (start + 2)
        for edge in edges:
            counts[(edge >> 40) + 1] += 1
        offsets = tuple(itertools.accumulate(counts))
        accepting = top.last | {start} if top.nullable else top.last
        return Language(
            tuple(self.labels),
            tuple(self.positions),
            offsets,
            tuple((edge >> 20) & _FIELD for edge in edges),
            tuple(edge & _FIELD for edge in edges),
            frozenset(accepting),
            self.declarations,
            tuple(self.wildcards),
        )

    def _label(self, label: Label) -> int:
        return self.labels.setdefault(label, len(self.labels))

    def _position(self, label: Label | None) -> int:
        if len(self.positions) >= MAX_POSITIONS:
            raise Undecidable(f"content model expands past {MAX_POSITIONS} positions")
        self.positions.append(-1 if label is None else self._label(label))
        return len(self.positions) - 1

    def _link(self, sources: Iterable[int], targets: frozenset[int]) -> None:
        """Edges from each source to each target, as ints: source << 40 | target's label << 20 | target."""
        if not targets:
            return
        positions = self.positions
        coded = [positions[target] << 20 | target for target in targets]
        self.edges.extend(source << 40 | code for source in sources for code in coded)
        self._check_edges()

    def _check_edges(self) -> None:
        if len(self.edges) + self.work > MAX_FOLLOW_EDGES:
            raise Undecidable(f"content model expands past {MAX_FOLLOW_EDGES} transitions")

    def _leaf(self, label: Label) -> _Fragment:
        position = frozenset({self._position(label)})
        return _Fragment(position, position, False)

    def sequence(self, head: _Fragment, tail: _Fragment) -> _Fragment:
        self._link(head.last, tail.first)
        return _Fragment(
            head.first | tail.first if head.nullable else head.first,
            tail.last | head.last if tail.nullable else tail.last,
            head.nullable and tail.nullable,
        )

    @staticmethod
    def choice(one: _Fragment, other: _Fragment) -> _Fragment:
        return _Fragment(one.first | other.first, one.last | other.last, one.nullable or other.nullable)

    def particle(self, particle: Particle) -> _Fragment:
        if particle.max_occurs == 0:
            return _EPSILON
        if len(self.positions) + self._size(particle) > MAX_POSITIONS:
            raise Undecidable(f"content model expands past {MAX_POSITIONS} positions")
        if particle.kind == "all":
            return self._all(particle)
        label = self._single_label(particle)
        if label is not None:
            return self._chain(label, particle.min_occurs, particle.max_occurs)
        return self._repeat(lambda: self._once(particle), particle.min_occurs, particle.max_occurs)

    def _size(self, particle: Particle) -> int:
        """How many positions the particle expands to, worked out before expanding it, so that a model far over
        the budget fails at once rather than after building 100,000 positions."""
        found = self.sizes.get(id(particle))
        if found is not None:
            return found
        if particle.max_occurs == 0:
            size = 0
        elif particle.kind == "element" and particle.element is not None:
            size = max(len(self._admitted(particle.element)), 1)
        elif particle.kind == "group":
            size = self._group_size(particle.group_ref)
        elif particle.kind == "all":
            size = len(particle.children) * 2 ** max(len(particle.children) - 1, 0)
        else:
            size = max(sum(self._size(child) for child in particle.children), 1)
        if particle.kind != "all":
            size *= max(particle.min_occurs, 1) if particle.max_occurs is None else particle.max_occurs
        self.sizes[id(particle)] = size
        return size

    def _group_size(self, name: QName | None) -> int:
        group = self.model.group(name)
        if name is None or group is None or group.content is None:
            return 1  # _group reports an undefined one
        if name in self.sizing:
            raise Undecidable(f"group {self.model.show(name)} contains itself")
        self.sizing.append(name)
        try:
            return self._size(group.content)
        finally:
            self.sizing.pop()

    def _single_label(self, particle: Particle) -> Label | None:
        """The label of an element particle that admits one name, or of a wildcard: counted by _chain."""
        if particle.kind == "element" and particle.element is not None:
            admitted = self._admitted(particle.element)
            if len(admitted) != 1:
                return None
            name, declaration = admitted[0]
            self.declarations.setdefault(name, declaration)
            return name
        if particle.kind == "any":
            constraint = _constraint(particle)
            if (constraint, particle) not in self.wildcards:
                self.wildcards.append((constraint, particle))
            return constraint
        return None

    def _chain(self, label: Label, minimum: int, maximum: int | None) -> _Fragment:
        """label{minimum,maximum} as a chain of positions, the i-th standing for the i-th occurrence: the generic
        _repeat took 0.15 s for LogEntry's 19,056 copies, this 0.01 s."""
        minimum = minimum if maximum is None else min(minimum, maximum)
        count = max(minimum, 1) if maximum is None else maximum
        begin = len(self.positions)
        if begin + count > MAX_POSITIONS:
            raise Undecidable(f"content model expands past {MAX_POSITIONS} positions")
        end = begin + count
        code = self._label(label) << 20
        self.positions.extend([code >> 20] * count)
        self.edges.extend(position << 40 | code | position + 1 for position in range(begin, end - 1))
        if maximum is None:
            self.edges.append((end - 1) << 40 | code | end - 1)
        self._check_edges()
        first = frozenset({begin})
        if maximum is None:
            return _Fragment(first, frozenset({end - 1}), minimum == 0)
        return _Fragment(first, frozenset(range(begin + max(minimum - 1, 0), end)), minimum == 0)

    def _repeat(self, once: Callable[[], _Fragment], minimum: int, maximum: int | None) -> _Fragment:
        """once{minimum,maximum}: the required copies, then nested optional ones, (x (x (x)?)?)?, or a loop."""
        fragment = _EPSILON
        required = minimum if maximum is None else min(minimum, maximum)
        for _ in range(max(required - 1, 0) if maximum is None else required):
            fragment = self.sequence(fragment, once())
        if maximum is None:
            loop = once()
            self._link(loop.last, loop.first)
            if required == 0:
                loop = _Fragment(loop.first, loop.last, True)
            return self.sequence(fragment, loop)
        copies = [once() for _ in range(maximum - required)]
        if not copies:
            return fragment
        # firsts[i]: where the optional tail from copy i may start; only a nullable body lets a start skip copies
        firsts: list[frozenset[int]] = [frozenset()] * (len(copies) + 1)
        for index in range(len(copies) - 1, -1, -1):
            body = copies[index]
            firsts[index] = body.first | firsts[index + 1] if body.nullable else body.first
            self.work += len(firsts[index])
            self._check_edges()
        last: set[int] = set()
        for index, body in enumerate(copies):
            self._link(body.last, firsts[index + 1])
            last |= body.last
        return self.sequence(fragment, _Fragment(firsts[0], frozenset(last), True))

    def _once(self, particle: Particle) -> _Fragment:
        """One occurrence of the particle, its own bounds aside."""
        if particle.kind == "element" and particle.element is not None:
            fragment = _NOTHING
            for name, declaration in self._admitted(particle.element):  # a substitution group: a choice
                self.declarations.setdefault(name, declaration)
                fragment = self.choice(fragment, self._leaf(name))
            return fragment
        if particle.kind == "any":
            constraint = _constraint(particle)
            if (constraint, particle) not in self.wildcards:
                self.wildcards.append((constraint, particle))
            return self._leaf(constraint)
        if particle.kind == "group":
            return self._group(particle)
        if particle.kind == "sequence":
            fragment = _EPSILON
            for child in particle.children:
                fragment = self.sequence(fragment, self.particle(child))
            return fragment
        if particle.kind == "choice":
            fragment = _NOTHING
            for child in particle.children:
                fragment = self.choice(fragment, self.particle(child))
            return fragment
        if particle.kind == "all":
            return self._all(particle)
        raise Undecidable(f"unsupported particle {particle.kind} at {particle.source}")

    def _group(self, particle: Particle) -> _Fragment:
        name = particle.group_ref
        group = self.model.group(name)
        if name is None or group is None:
            raise Undecidable(f"group {self.model.show(name)} is not defined")
        if name in self.open_groups:
            raise Undecidable(f"group {self.model.show(name)} contains itself")
        if group.content is None:
            return _EPSILON
        self.open_groups.append(name)
        try:
            return self.particle(group.content)
        finally:
            self.open_groups.pop()

    def _all(self, particle: Particle) -> _Fragment:
        """xs:all: each member at most once, in any order. One copy of each member per set of members already seen,
        so n members make n * 2**(n-1) copies."""
        members = [child for child in particle.children if child.max_occurs != 0]
        if (particle.max_occurs or 2) > 1 or any((member.max_occurs or 2) > 1 for member in members):
            raise Undecidable(f"xs:all with maxOccurs above 1 at {particle.source}")
        count = len(members)
        if count * 2 ** max(count - 1, 0) > MAX_POSITIONS:
            raise Undecidable(f"xs:all of {count} members at {particle.source}")
        required = sum(1 << index for index, member in enumerate(members) if member.min_occurs > 0)
        copies: dict[tuple[int, int], _Fragment] = {}
        for seen in range(1 << count):
            for index in range(count):
                if not seen & (1 << index):
                    copies[(seen, index)] = self._once(members[index])
        first: set[int] = set()
        last: set[int] = set()
        for (seen, index), copy in copies.items():
            after = seen | (1 << index)
            following = frozenset().union(*(copies[(after, j)].first for j in range(count) if not after & (1 << j)))
            self._link(copy.last, following)
            if after & required == required:
                last |= copy.last
            if seen == 0:
                first |= copy.first
        nullable = required == 0 or particle.min_occurs == 0
        return _Fragment(frozenset(first), frozenset(last), nullable)

    def _admitted(self, declaration: ElementDecl) -> list[tuple[QName, ElementDecl]]:
        """The names an element particle admits: a ref to a substitution group head admits the head (unless
        abstract) and every member of its group."""
        if declaration.ref is None:
            return [(declaration.name, declaration)]
        head = self.model.element(declaration.ref)
        if head is None:
            return [(declaration.name, declaration)]
        admitted = [] if head.abstract else [(head.name, head)]
        for name in _substitutes(self.model).get(head.name, ()):
            member = self.model.element(name)
            if member is not None and not member.abstract:
                admitted.append((name, member))
        return admitted


def _constraint(particle: Particle) -> NamespaceConstraint:
    if particle.namespace == "##any":
        return NamespaceConstraint(WildcardKind.ANY, frozenset())
    if particle.namespace == "##other":
        return NamespaceConstraint(WildcardKind.OTHER, frozenset(particle.namespaces))
    return NamespaceConstraint(WildcardKind.LIST, frozenset(particle.namespaces))


# content_language runs once per type compared, thousands a diff: the substitution groups are worked out once per
# model, not by a scan of every global element each time
_SUBSTITUTES: dict[int, tuple[weakref.ref[SchemaModel], dict[QName, tuple[QName, ...]]]] = {}


def _substitutes(model: SchemaModel) -> dict[QName, tuple[QName, ...]]:
    """Head -> every global element whose substitution group chain reaches it, sorted."""
    cached = _SUBSTITUTES.get(id(model))
    if cached is not None and cached[0]() is model:
        return cached[1]
    direct: dict[QName, list[QName]] = {}
    for name in model.names_in("element"):
        declaration = model.element(name)
        if declaration is not None and declaration.substitution_group is not None:
            direct.setdefault(declaration.substitution_group, []).append(name)
    closure: dict[QName, tuple[QName, ...]] = {}
    for head in direct:
        reached: set[QName] = set()
        pending = list(direct[head])
        while pending:
            name = pending.pop()
            if name not in reached and name != head:
                reached.add(name)
                pending.extend(direct.get(name, ()))
        closure[head] = tuple(sorted(reached))
    for key in [key for key, (ref, _) in _SUBSTITUTES.items() if ref() is None]:
        del _SUBSTITUTES[key]
    _SUBSTITUTES[id(model)] = (weakref.ref(model), closure)
    return closure


# --- alphabets and the deterministic automata over them ----------------------------------------------------------


def _alphabet(languages: Sequence[Language], extra: Iterable[QName] = ()) -> tuple[Symbol, ...]:
    """The concrete names of the languages and, where they have wildcards, one fresh name per namespace class:
    each namespace named anywhere (and no namespace), and one named nowhere. Symbols no language can read are
    left out."""
    names = set(extra).union(*(language.names for language in languages))
    constraints = frozenset().union(*(language.constraints for language in languages))
    symbols = [Symbol(name) for name in names]
    if constraints:
        namespaces = {name.namespace for name in names} | {""}
        for constraint in constraints:
            namespaces |= constraint.namespaces
        taken = {(name.namespace, name.local) for name in names}
        for namespace in namespaces:
            local, suffix = FRESH_LOCAL, 1
            while (namespace, local) in taken:
                suffix += 1
                local = f"{FRESH_LOCAL}{suffix}"
            symbols.append(Symbol(QName(namespace, local), wildcard=True))
        fresh, suffix = FRESH_NAMESPACE, 1
        while fresh in namespaces:
            suffix += 1
            fresh = f"{FRESH_NAMESPACE}{suffix}"
        symbols.append(Symbol(QName(fresh, FRESH_LOCAL), wildcard=True))
    readable = [
        symbol
        for symbol in symbols
        if not symbol.wildcard or any(constraint.admits(symbol.name.namespace) for constraint in constraints)
    ]
    return tuple(sorted(readable))


def _matching_labels(language: Language, name: QName, wildcard: bool) -> tuple[int, ...]:
    """The indices of the labels that read this name: its own (a concrete one), and the wildcards admitting it."""
    return tuple(
        index
        for index, label in enumerate(language.labels)
        if (label.admits(name.namespace) if isinstance(label, NamespaceConstraint) else label == name and not wildcard)
    )


class _Dfa:
    """The subset construction of one language over one alphabet, state by state as a search reaches them. State
    0 is dead; a single position p is state p + 1, so a deterministic model (UPA makes most so) needs no subset
    hashing; other subsets are numbered after the positions. Transitions are one flat list of ints, `width` a
    state, for the same reason as Language's edges."""

    def __init__(self, language: Language, alphabet: tuple[Symbol, ...]) -> None:
        self.language = language
        self.width = len(alphabet)
        # label index -> the symbols it reads
        self.readers: list[list[int]] = [[] for _ in language.labels]
        for index, symbol in enumerate(alphabet):
            for label in _matching_labels(language, symbol.name, symbol.wildcard):
                self.readers[label].append(index)
        self.count = count = len(language.positions)
        self.start = language.start + 1
        self.subsets: list[frozenset[int]] = []  # state count + 1 + i is subsets[i]
        self.index: dict[frozenset[int], int] = {}
        self.final = [False] + [position in language.accepting for position in range(count)]
        self.table = [0] * ((count + 1) * self.width)
        self.expanded = bytearray(count + 1)
        self.expanded[0] = 1

    def transitions(self, state: int) -> list[int]:
        self.expand(state)
        return self.table[state * self.width : (state + 1) * self.width]

    def expand(self, state: int) -> None:
        if self.expanded[state]:
            return
        self.expanded[state] = 1
        language, readers = self.language, self.readers
        base = state * self.width
        if state <= self.count:
            begin, end = language.offsets[state - 1], language.offsets[state]
            if end - begin == 1:  # one position next, as all along a counter's chain
                target = language.edge_targets[begin] + 1
                for symbol in readers[language.edge_labels[begin]]:
                    self.table[base + symbol] = target
                return
            sources: Iterable[int] = (state - 1,)
        else:
            sources = self.subsets[state - self.count - 1]
        row = [0] * self.width  # the one target position + 1 a symbol reaches so far
        more: dict[int, set[int]] = {}  # symbols that reach several positions
        for source in sources:
            for edge in range(language.offsets[source], language.offsets[source + 1]):
                target = language.edge_targets[edge] + 1
                for symbol in readers[language.edge_labels[edge]]:
                    if row[symbol] == 0:
                        row[symbol] = target
                    elif row[symbol] != target:
                        more.setdefault(symbol, {row[symbol] - 1}).add(target - 1)
        for symbol, subset in more.items():
            row[symbol] = self._state(frozenset(subset))
        self.table[base : base + self.width] = row

    def _state(self, subset: frozenset[int]) -> int:
        state = self.index.get(subset)
        if state is None:
            if len(self.index) >= MAX_STATES:
                raise Undecidable(f"content model determinised past {MAX_STATES} states")
            state = self.index[subset] = self.count + 1 + len(self.subsets)
            self.subsets.append(subset)
            self.final.append(not subset.isdisjoint(self.language.accepting))
            self.table.extend([0] * self.width)
            self.expanded.append(0)
        return state


def _path(parent: dict[int, int], via: dict[int, int], node: int, alphabet: tuple[Symbol, ...]) -> tuple[Symbol, ...]:
    word: list[Symbol] = []
    while parent[node] >= 0:
        word.append(alphabet[via[node]])
        node = parent[node]
    return tuple(reversed(word))


def _same_automaton(one: Language, other: Language) -> bool:
    """Built alike, so the same language: most types a diff compares are unchanged."""
    return (
        one.labels == other.labels
        and one.accepting == other.accepting
        and one.positions == other.positions
        and one.offsets == other.offsets
        and one.edge_labels == other.edge_labels
        and one.edge_targets == other.edge_targets
    )
