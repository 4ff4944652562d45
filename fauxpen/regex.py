"""Regular expressions from requests, checked against a text in bounded time.

A request's `pattern`, `patternProperties`, `propertyNames` or regex grammar is Python-compatible enough for
`re` to read, but `re` backtracks: `(a+)+b$` against forty a's takes minutes, and it holds the interpreter lock
while it does, so a worker's other threads wait too. `search(pattern, text)` answers what
`re.search(pattern, text) is not None` answers, in time bounded by the pattern's size times the text's length:

- when a bound on the steps `re`'s backtracking can take (every way each part can match, counted from the parse
  tree) is low for a text of this length, `re` itself answers: ordinary patterns on ordinary strings, at `re`'s
  speed;
- otherwise an automaton over the same parse tree answers (Thompson's construction, simulated a set of states at
  a time, the sets cached as a lazy DFA's): literals, classes, `.`, alternation, groups, repeats (counted ones
  written out), anchors, and lookarounds, each worked out for every position of the text beforehand (a lookahead
  by running its body backwards). Single characters and anchors are tested by `re` itself, compiled from the
  node alone, so flags and case folding mean exactly what they mean to `re`. Where the automaton would have to
  visit many states at each position (an unanchored [a-z]{5000}), `re` is first tried start by start, as far
  as its bound allows;
- backreferences, conditional groups, atomic groups and possessive repeats need backtracking: when the bound is
  too high for them, or the automaton would be too big or work too long, the answer is None (fauxpen cannot
  tell), and so it is for a pattern `re` refuses.

Several searches for one answer (a generated value and its check) may share an Allowance, so that they are
bounded together too: once it is spent, the searches that would need more answer None.
"""
import re
from functools import lru_cache

try:  # the parser and compiler behind `re` (public as sre_parse and sre_compile before Python 3.11)
    from re import _compiler as sre_compile
    from re import _constants as sre_constants
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_compile
    import sre_constants
    import sre_parse

_C = sre_constants
_CHARACTERS = (_C.LITERAL, _C.NOT_LITERAL, _C.ANY, _C.IN, _C.CATEGORY)
_REPEATS = (_C.MAX_REPEAT, _C.MIN_REPEAT)

# The steps re's backtracking may take in one search (bounded from the parse tree) before the automaton answers
# instead: some 30 ms at worst.
BACKTRACKING_WORK = 10_000_000
# The states an automaton may have (a counted repeat is written out: a{65536} is 65,536 of them), the work one
# search may do with it (states visited, one for each state of each set at each position: its cost without its
# cache, about 0.3 s), and the states and steps its cache keeps before starting over.
MAX_STATES = 70_000
AUTOMATON_WORK = 1_000_000
CACHE_SIZE = 200_000
# What searches sharing an Allowance may do together (about a second), in the automaton's units of work; one of
# them is worth this many of re's steps.
ALLOWANCE = 3_000_000
RE_STEPS = 100
_SATURATED = 1 << 62


class Allowance:
    """The work several searches may still do together."""

    def __init__(self, work=ALLOWANCE):
        self.left = work
        # The patterns' programs these searches used: a schema of more patterns than _program keeps (a hundred
        # patternProperties) parsed and bounded each again at every search, 5 s for 100 patterns, minutes for 1,000.
        self.programs = {}

    def take(self, work):
        """Take work (re's steps count RE_STEPS to a unit); False, taking nothing, when not that much is left."""
        if work > self.left:
            return False
        self.left -= work
        return True


def search(pattern, text, allowance=None):
    """Return True when `re.search(pattern, text)` finds a match and False when it does not, or None when re
    refuses the pattern or the answer would take more than bounded time (see the module's docstring).

    allowance: an Allowance the search draws its work from, shared with other searches; None: this one's own.
    """
    if not isinstance(pattern, str) or not isinstance(text, str):
        return None
    allowance = allowance or Allowance()
    program = allowance.programs.get(pattern, allowance)
    if program is allowance:
        program = allowance.programs[pattern] = _program(pattern)
    return None if program is None else program.search(text, allowance)


@lru_cache(maxsize=64)
def _program(pattern):
    try:
        compiled = re.compile(pattern)
        parsed = sre_parse.parse(pattern)
    except (re.error, RecursionError, OverflowError, ValueError, MemoryError):
        return None
    return _Program(compiled, parsed)


class _TooMuch(Exception):
    """An automaton too big to build, a construct no automaton has, or a search past its work."""


class _Program:
    def __init__(self, compiled, parsed):
        self.compiled, self.parsed = compiled, parsed
        self.anchored = _anchored(parsed, parsed.state.flags)
        self.bounds = {}  # the bit length of a text's length -> re's worst case for one start
        self._automaton = self  # not built yet (None: cannot be)

    def search(self, text, allowance):
        length = len(text)
        size = length.bit_length()  # texts shorter than 2**size share one bound, taken for the longest
        per_start = self.bounds.get(size)
        if per_start is None:
            per_start = self.bounds[size] = backtracking_work(self.parsed, 1 << size)
        starts = 1 if self.anchored else length + 1
        if per_start * starts <= BACKTRACKING_WORK:
            if not allowance.take(per_start * starts // RE_STEPS):
                return None
            return self.compiled.search(text) is not None
        automaton = self.automaton()
        if automaton is not None and automaton.size * (length + 1) <= AUTOMATON_WORK:
            return self.automaton_search(text, allowance)  # sure to finish
        tries = min(starts, BACKTRACKING_WORK // per_start)
        if tries and allowance.take(per_start * tries // RE_STEPS):
            # re tried start by start, as far as its bound allows: where the automaton would visit many states at
            # each position, a long counted repeat that the text has ([a-z]{5000}) is found quickly.
            for start in range(tries):
                if self.compiled.match(text, start):
                    return True
            if tries == starts:
                return False
        return self.automaton_search(text, allowance)

    def automaton_search(self, text, allowance=None):
        """The automaton's answer (None: it has none); what search answers whenever re's worst case is high."""
        automaton = self.automaton()
        if automaton is None:
            return None
        allowance = allowance or Allowance()
        meter = _Meter(min(AUTOMATON_WORK, allowance.left))
        try:
            return automaton.run(text, meter)
        except (_TooMuch, RecursionError):
            return None
        finally:
            allowance.left = max(0, allowance.left - (meter.work - max(meter.left, 0)))

    def automaton(self):
        if self._automaton is self:
            try:
                states = _Meter(MAX_STATES)
                automaton = _Automaton(self.parsed, self.parsed.state.flags, False, True, states)
                automaton.size = MAX_STATES - states.left  # with its lookarounds' automata
                self._automaton = automaton
            except (_TooMuch, RecursionError, re.error):
                self._automaton = None
        return self._automaton


# --- re's worst case ------------------------------------------------------------------------------------------

def backtracking_work(parsed, length):
    """Return a bound on the steps re's backtracking takes to try one start of a text of length characters:
    every way each node can match from each start (past its least count, a repeat takes another turn only if the
    last one took a character), times the groups re saves and restores."""
    try:
        ways, work = _sequence_work(parsed, length)
    except RecursionError:
        return _SATURATED
    return _times(_plus(work, ways), parsed.state.groups)


def _plus(a, b):
    return min(a + b, _SATURATED)


def _times(a, b):
    return min(a * b, _SATURATED)


def _powers(base, low, high):
    """base**low + ... + base**high, saturated."""
    if high < low:
        return 0
    if base <= 1:
        return _times(base, high - low + 1) if base else int(low == 0)
    if high * base.bit_length() > 64:
        return _SATURATED
    return min((base ** (high + 1) - base ** low) // (base - 1), _SATURATED)


def _sequence_work(items, length):
    """(ways, work): how many ways items can match from one position, and the steps to try them all."""
    ways, work = 1, 0
    for op, av in items:
        item_ways, item_work = _node_work(op, av, length)
        work = _plus(work, _times(ways, item_work))
        ways = _times(ways, item_ways)
    return ways, work


def _node_work(op, av, length):
    if op in _CHARACTERS or op is _C.AT:
        return 1, 1
    if op is _C.SUBPATTERN:
        ways, work = _sequence_work(av[-1], length)
        return ways, _plus(work, 1)
    if op is _C.BRANCH:
        ways, work = 0, 1
        for branch in av[1]:
            branch_ways, branch_work = _sequence_work(branch, length)
            ways, work = _plus(ways, branch_ways), _plus(work, branch_work)
        return ways, work
    if op in _REPEATS or op is _C.POSSESSIVE_REPEAT:
        low, high, body = av
        body_ways, body_work = _sequence_work(body, length)
        most = min(high, low + length + 1)
        ways = _powers(body_ways, low, most)
        work = _plus(_times(body_work, _powers(body_ways, 0, most - 1)), most + 1)
        return (1 if op is _C.POSSESSIVE_REPEAT else ways), work
    if op in (_C.ASSERT, _C.ASSERT_NOT):
        ways, work = _sequence_work(av[1], length)
        return 1, _plus(_plus(work, ways), 1)
    if op is _C.ATOMIC_GROUP:
        ways, work = _sequence_work(av, length)
        return 1, _plus(_plus(work, ways), 1)
    if op is _C.GROUPREF:
        return 1, length + 1
    if op is _C.GROUPREF_EXISTS:
        yes_ways, yes_work = _sequence_work(av[1], length)
        no_ways, no_work = _sequence_work(av[2], length) if av[2] else (1, 0)
        return _plus(yes_ways, no_ways), _plus(_plus(yes_work, no_work), 1)
    return _SATURATED, _SATURATED


def _anchored(items, flags):
    """Whether every match starts at the text's start (\\A, or ^ without MULTILINE, first)."""
    if not len(items):
        return False
    op, av = items[0]
    return op is _C.AT and (av is _C.AT_BEGINNING_STRING or (av is _C.AT_BEGINNING and
                                                               not flags & _C.SRE_FLAG_MULTILINE))


def _start_test(parsed, flags):
    """The test re's search puts a start's character to before trying it there, when it may refuse a start the
    pattern matches from: a class's categories read as the whole pattern's flags set them, not as the group's
    flags around it (re.search(r"(?a:\\W)", "é") finds nothing; re.match finds "é"). None when it refuses none."""
    items, inner = parsed, flags
    while len(items) and items[0][0] is _C.SUBPATTERN:
        inner = _combine_flags(inner, items[0][1][1], items[0][1][2])
        items = items[0][1][-1]
    if not (inner ^ flags) & sre_parse.TYPE_FLAGS:
        return None
    try:
        if parsed.getwidth()[0] == 0 or sre_compile._get_literal_prefix(parsed, flags)[0]:
            return None
        charset = sre_compile._get_charset_prefix(parsed, flags)
    except (AttributeError, TypeError, ValueError, IndexError, re.error):  # another Python's compiler
        return None
    if not charset or not any(op is _C.CATEGORY for op, _ in charset):
        return None
    return _compiled_node(_C.IN, charset, flags & ~_C.SRE_FLAG_IGNORECASE).match


# --- the automaton --------------------------------------------------------------------------------------------

_CHAR, _SPLIT, _ASSERT, _MATCH = range(4)


class _Meter:
    """What a build or a search may still spend."""

    def __init__(self, work):
        self.work = self.left = work

    def spend(self, amount):
        self.left -= amount
        if self.left < 0:
            raise _TooMuch()


def _combine_flags(flags, add_flags, del_flags):
    if add_flags & sre_parse.TYPE_FLAGS:
        flags &= ~sre_parse.TYPE_FLAGS
    return (flags | add_flags) & ~del_flags


def _compiled_node(op, av, flags):
    """The node alone, compiled by re with the flags in force where it stands."""
    return sre_compile.compile(sre_parse.SubPattern(sre_parse.State(), [(op, av)]), flags)


class _Automaton:
    """Thompson's construction of a parse tree, read forwards or backwards (a lookahead's body is run from the end
    of the text to find where it matches from). States are numbered; state i has a kind, an argument (a
    character test, an assertion's bit) and where it goes (a state, or a list for a split).

    run() searches (any match anywhere: the start state joins the set at every position unless the pattern is
    anchored) or, for a lookaround's body, collects every position a match reaches.
    """

    def __init__(self, items, flags, backwards, top, states):
        self.backwards, self.top, self.states = backwards, top, states
        self.kind, self.arg, self.out = [], [], []
        self.tests = {}       # (op, av, flags) -> the character test, shared by every copy of a node
        # (bit, kind, what, negated): an "anchor" (what: the anchor compiled alone), a "look"around (what: its
        # body's automaton), or re's "start" test (what: the test of a start's character)
        self.assertions = []
        self.looks = {}       # a lookaround's parse node and flags -> its bit, shared by every copy of it
        self.anchors = {}
        self.match = self._state(_MATCH, None, None)
        self.start = self._sequence(items, flags, self.match)
        self.injects = not (top and _anchored(items, flags))
        if top and self.injects:
            test = _start_test(items, flags)
            if test is not None:  # the start joins only where re's search would try it
                self.start = self._state(_ASSERT, self._assertion("start", test), self.start)
        self.cache = _Cache(self)

    # building

    def _state(self, kind, arg, out):
        self.states.spend(1)
        self.kind.append(kind)
        self.arg.append(arg)
        self.out.append(out)
        return len(self.kind) - 1

    def _sequence(self, items, flags, after):
        self.states.spend(1)  # a copy of nothing costs its time too: (?:(?:){10000}){10000}
        items = list(items)
        for op, av in (items if self.backwards else reversed(items)):
            after = self._node(op, av, flags, after)
        return after

    def _node(self, op, av, flags, after):  # noqa: C901 - one construct per branch reads best here
        if op in _CHARACTERS:
            if op is _C.CATEGORY:  # a class of one category, as re's parser writes \d
                op, av = _C.IN, [(_C.CATEGORY, av)]
            return self._state(_CHAR, self._test(op, av, flags), after)
        if op is _C.SUBPATTERN:
            return self._sequence(av[-1], _combine_flags(flags, av[1], av[2]), after)
        if op is _C.BRANCH:
            return self._state(_SPLIT, None, [self._sequence(branch, flags, after) for branch in av[1]])
        if op in _REPEATS:
            low, high, body = av
            if high == sre_parse.MAXREPEAT:
                loop = self._state(_SPLIT, None, None)
                self.out[loop] = [self._sequence(body, flags, loop), after]
                at = loop
            else:
                if high - low > self.states.left:
                    raise _TooMuch()
                at = after
                for _ in range(high - low):  # (x(x(x)?)?)?
                    at = self._state(_SPLIT, None, [self._sequence(body, flags, at), after])
            if low > self.states.left:
                raise _TooMuch()
            for _ in range(low):
                at = self._sequence(body, flags, at)
            return at
        if op is _C.AT:
            return self._state(_ASSERT, self._anchor(av, flags), after)
        if op in (_C.ASSERT, _C.ASSERT_NOT):
            return self._state(_ASSERT, self._lookaround(av, flags, op is _C.ASSERT_NOT), after)
        raise _TooMuch(str(op))  # backreferences, conditions, atomic groups, possessive repeats

    def _test(self, op, av, flags):
        key = (op, repr(av), flags)
        if key not in self.tests:
            if op is _C.LITERAL and not flags & _C.SRE_FLAG_IGNORECASE:
                self.tests[key] = chr(av).__eq__
            else:
                self.tests[key] = _compiled_node(op, av, flags).match
        return self.tests[key]

    def _assertion(self, kind, what, negated=False):
        bit = 1 << len(self.assertions)
        self.assertions.append((bit, kind, what, negated))
        return bit

    def _anchor(self, code, flags):
        key = (code, flags)
        if key not in self.anchors:
            self.anchors[key] = self._assertion("anchor", _compiled_node(_C.AT, code, flags))
        return self.anchors[key]

    def _lookaround(self, av, flags, negated):
        direction, body = av
        key = (id(body), flags, negated)
        if key not in self.looks:
            # A lookahead's body matches from the positions its backwards run reaches; a lookbehind's (of fixed
            # width) up to the positions its forwards run reaches.
            inner = _Automaton(body, flags, direction >= 0, False, self.states)
            self.looks[key] = self._assertion("look", inner, negated)
        return self.looks[key]

    # running

    def _masks(self, text, meter):
        """For each position of text, the bits of the assertions that hold there."""
        masks = [0] * (len(text) + 1)
        for bit, kind, what, negated in self.assertions:
            meter.spend(len(text) + 1)  # a look at each position
            if kind == "anchor":
                holds = (found.start() for found in what.finditer(text))
            elif kind == "start":
                holds = (position for position, char in enumerate(text) if what(char))
            else:
                holds = what.run(text, meter)
                if negated:
                    holds = set(range(len(text) + 1)).difference(holds)
            for position in holds:
                masks[position] |= bit
        return masks

    def run(self, text, meter):
        """Search text (True or False), or collect the positions a match reaches (a lookaround's body)."""
        masks = self._masks(text, meter) if self.assertions else None
        cache = self.cache
        if cache.size > CACHE_SIZE:
            cache = self.cache = _Cache(self)
        states, length, backwards, top = cache.start, len(text), self.backwards, self.top
        reached = []
        for step in range(length + 1):
            position = length - step if backwards else step
            mask = masks[position] if masks is not None else 0
            closed = states.closed.get(mask)
            if closed is None:
                closed = cache.close(states, mask)
            meter.spend(closed.cost)
            if closed.match:
                if top:
                    return True
                reached.append(position)
            if step == length:
                break
            char = text[position - 1] if backwards else text[position]
            states = closed.next.get(char)
            if states is None:
                states = cache.advance(closed, char)
            if not states.states:
                break
        return False if top else reached


class _States:
    """A set of states to enter at a position (the start among them when it joins there)."""
    __slots__ = ("states", "closed")

    def __init__(self, states):
        self.states = tuple(sorted(states))
        self.closed = {}  # assertion mask -> _Closed


class _Closed:
    """The states reached from a _States at a position whose assertions give mask: the character tests they wait
    on, grouped by test, whether the match state is among them, and what reaching them cost."""
    __slots__ = ("tests", "match", "cost", "next")

    def __init__(self, tests, match, cost):
        self.tests, self.match, self.cost = tests, match, cost
        self.next = {}  # character -> _States


class _Cache:
    """The sets of states seen and the steps between them (a lazy DFA), dropped for a new one when it grows past
    CACHE_SIZE. Its counts of work are the work without it, so a search's verdict never depends on what earlier
    searches left in it."""

    def __init__(self, automaton):
        self.automaton = automaton
        self.known = {}
        self.size = 0
        self.start = self._states(frozenset((automaton.start,)))

    def _states(self, key):
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = _States(key)
            self.size += len(key) + 1
        return found

    def close(self, states, mask):
        kind, arg, out = self.automaton.kind, self.automaton.arg, self.automaton.out
        seen, stack, tests, match = set(), list(states.states), {}, False
        while stack:
            state = stack.pop()
            if state in seen:
                continue
            seen.add(state)
            what = kind[state]
            if what == _CHAR:
                tests.setdefault(arg[state], []).append(out[state])
            elif what == _SPLIT:
                stack.extend(out[state])
            elif what == _ASSERT:
                if mask & arg[state]:
                    stack.append(out[state])
            else:
                match = True
        closed = _Closed(tuple(tests.items()), match, len(seen))
        states.closed[mask] = closed
        self.size += len(seen) + 1
        return closed

    def advance(self, closed, char):
        following = set()
        for test, outs in closed.tests:
            if test(char):
                following.update(outs)
        if self.automaton.injects:
            following.add(self.automaton.start)
        found = closed.next[char] = self._states(frozenset(following))
        self.size += 1
        return found
