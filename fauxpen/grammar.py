"""A text a Lark grammar derives: what a custom tool's call writes when its format is a Lark grammar.

The grammar is read as Lark reads one (rules and terminals, `name: a | b`, literals with `..` ranges, /regexes/,
groups, `[optional]`, `?`, `*`, `+`, `~ n` and `~ n..m`, aliases, priorities, `%import common...`), and the
shortest derivation of `start` is written out: the fewest rules expanded, the first of equals, no optional part,
each repetition its least. A grammar it cannot read, or one that derives nothing, gives None.
"""
import math
import random
import re

from . import regex
from .jsongen import regex_sample

# What the terminals of Lark's common library read as (a value each matches).
COMMON = {"DIGIT": "4", "HEXDIGIT": "a", "INT": "42", "SIGNED_INT": "42", "DECIMAL": "4.2", "FLOAT": "4.2",
          "SIGNED_FLOAT": "4.2", "NUMBER": "42", "SIGNED_NUMBER": "42", "LCASE_LETTER": "a", "UCASE_LETTER": "A",
          "LETTER": "a", "WORD": "word", "CNAME": "name", "ESCAPED_STRING": '"text"', "WS_INLINE": " ", "WS": " ",
          "CR": "\r", "LF": "\n", "NEWLINE": "\n", "SH_COMMENT": "# note", "CPP_COMMENT": "// note",
          "C_COMMENT": "/* note */", "SQL_COMMENT": "-- note"}
MAX_LENGTH = 65536
MAX_STEPS = 200_000         # the nodes a derivation may visit (writing or not)
MAX_GRAMMAR = 100_000       # the characters of a grammar it reads

_TOKEN = re.compile(r'''
    (?P<space>[ \t]+|\\\n) | (?P<comment>//[^\n]*) |
    (?P<string>"(?:[^"\\\n]|\\.)*"i?) | (?P<regex>/(?:[^/\\\n]|\\.)+/[imslux]*) |
    (?P<arrow>->) | (?P<range>\.\.) | (?P<number>\d+) | (?P<name>[?!]?[A-Za-z_][A-Za-z_0-9]*(?:\.\d+)?) |
    (?P<op>[:|()\[\]*+?~])''', re.VERBOSE)


class GrammarError(ValueError):
    """A grammar this reader cannot read."""


def sample(grammar, seed="", allotment=None):
    """Return the shortest text grammar's `start` derives, or None (allotment: what the answer's samples may still
    do together, a jsongen.Allotment, charged with this derivation's steps and terminals)."""
    writer = None
    try:
        writer = Writer(parse(grammar), random.Random(seed), allotment)
        return writer.write("start")
    except (GrammarError, RecursionError):
        return None
    finally:
        if allotment is not None and writer is not None:
            allotment.steps -= writer.steps


def parse(grammar):
    """Return {name: expansion} for a Lark grammar's rules and terminals, common imports resolved."""
    if len(grammar) > MAX_GRAMMAR:
        raise GrammarError("too long")
    rules, lines = {}, []
    for raw in grammar.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line or line.startswith("//"):
            continue
        if line.startswith("|") and lines:
            lines[-1] += " " + line
        else:
            lines.append(line)
    for line in lines:
        if line.startswith("%"):
            _directive(line, rules)
            continue
        head, colon, body = line.partition(":")
        name = head.strip().lstrip("?!").split(".")[0]
        if not colon or not re.fullmatch(r"[A-Za-z_][A-Za-z_0-9]*", name):
            raise GrammarError(line)
        tokens = _Tokens(_tokens(body))
        node = _alternatives(tokens)
        if tokens:
            raise GrammarError(line)
        rules[name] = node
    if "start" not in rules:
        raise GrammarError("no start rule")
    return rules


def _directive(line, rules):
    words = line.split()
    if words[0] != "%import":
        return  # %ignore, %declare ...: nothing a derivation writes
    target = " ".join(words[1:])
    found = re.fullmatch(r"common\.([A-Z_]+)(?:\s*->\s*([A-Za-z_]+))?", target)
    if found and found.group(1) in COMMON:
        rules[found.group(2) or found.group(1)] = ("lit", COMMON[found.group(1)])
        return
    found = re.fullmatch(r"common\s*\(([A-Z_,\s]+)\)", target)
    if found and all(name.strip() in COMMON for name in found.group(1).split(",")):
        for name in found.group(1).split(","):
            rules[name.strip()] = ("lit", COMMON[name.strip()])
        return
    raise GrammarError(line)


def _tokens(text):
    tokens, at = [], 0
    while at < len(text):
        match = _TOKEN.match(text, at)
        if match is None:
            raise GrammarError(text[at:])
        at = match.end()
        if match.lastgroup not in ("space", "comment"):
            tokens.append((match.lastgroup, match.group()))
    return tokens


class _Tokens:
    """A rule's tokens, read from the front (an index, not copies of what is left: grammars of 100,000
    characters)."""

    def __init__(self, tokens):
        self.tokens, self.at = tokens, 0

    def peek(self, ahead=0):
        index = self.at + ahead
        return self.tokens[index] if index < len(self.tokens) else (None, None)

    def take(self, count=1):
        self.at += count

    def __bool__(self):
        return self.at < len(self.tokens)


def _alternatives(tokens):
    options = []
    while True:
        options.append(_sequence(tokens))
        if tokens.peek() != ("op", "|"):
            return options[0] if len(options) == 1 else ("alt", options)
        tokens.take()


def _sequence(tokens):
    items = []
    while tokens and tokens.peek() not in (("op", "|"), ("op", ")"), ("op", "]")):
        if tokens.peek()[0] == "arrow":  # an alias names the tree's node: nothing written
            tokens.take(2)
            continue
        items.append(_item(tokens))
    return ("seq", items)


def _item(tokens):
    kind, text = tokens.peek()
    tokens.take()
    if kind == "string":
        atom = ("lit", _unquote(text))
        if tokens.peek()[0] == "range" and tokens.peek(1)[0] == "string":
            atom = ("lit", _unquote(text)[:1])  # "a".."z": its first character
            tokens.take(2)
    elif kind == "regex":
        body, _, flags = text[1:].rpartition("/")
        atom = ("re", body, flags)
    elif kind == "name":
        atom = ("ref", text.lstrip("?!").split(".")[0])
    elif (kind, text) in (("op", "("), ("op", "[")):
        inner = _alternatives(tokens)
        if tokens.peek() != ("op", ")" if text == "(" else "]"):
            raise GrammarError(text)
        tokens.take()
        atom = inner if text == "(" else ("rep", inner, 0)
    else:
        raise GrammarError(str(text))
    following = tokens.peek()
    if following[0] == "op" and following[1] in "*+?":
        atom = ("rep", atom, {"*": 0, "+": 1, "?": 0}[following[1]])
        tokens.take()
    elif following == ("op", "~"):
        count = tokens.peek(1)
        if count[0] != "number" or len(count[1]) > 9:  # a count past a billion is one no text has room for
            raise GrammarError("~")
        atom = ("rep", atom, int(count[1]))
        tokens.take(2)
        if tokens.peek()[0] == "range":
            tokens.take(2)
    return atom


def _references(node):
    """Yield the names of the rules a node refers to."""
    if node[0] == "ref":
        yield node[1]
    elif node[0] in ("seq", "alt"):
        for item in node[1]:
            yield from _references(item)
    elif node[0] == "rep":
        yield from _references(node[1])


def _unquote(text):
    body = text[1:-2] if text.endswith('"i') else text[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), m.group(1)), body)


class Writer:
    """Writes the shortest derivation of a rule: each rule's cost (the rules it expands) found first."""

    def __init__(self, rules, rng, allotment=None):
        self.rules, self.rng, self.steps, self.terminals = rules, rng, 0, {}
        self.allotment = allotment
        self.max_steps = MAX_STEPS if allotment is None else min(MAX_STEPS, allotment.steps)
        # what checking the terminals' samples may do, all of them together (and the answer's other samples)
        self.allowance = regex.Allowance() if allotment is None else allotment.regex
        self.cost = {name: math.inf for name in rules}
        users = {name: set() for name in rules}  # the rules that refer to each rule
        for name, node in rules.items():
            for used in _references(node):
                users.setdefault(used, set()).add(name)
        pending = list(rules)
        while pending:  # a rule's cost is worked out again when a rule it refers to gets cheaper
            name = pending.pop()
            cost = self._cost(rules[name])
            if cost < self.cost[name]:
                self.cost[name] = cost
                pending.extend(users.get(name, ()))

    def _cost(self, node):
        kind = node[0]
        if kind in ("lit", "re"):
            return 1
        if kind == "ref":
            return self.cost.get(node[1], math.inf) + 1
        if kind == "seq":
            return sum(self._cost(item) for item in node[1])
        if kind == "alt":
            return min(self._cost(option) for option in node[1])
        return node[2] * self._cost(node[1]) if node[2] else 0  # rep

    def write(self, name):
        if self.cost.get(name, math.inf) == math.inf:
            raise GrammarError(f"{name} derives nothing")
        out = []
        self.length = 0
        self._write(self.rules[name], out)
        return "".join(out)

    def _terminal(self, pattern, flags):
        """A text a /regex/ terminal matches whole, the same one each time it is written (sampled once)."""
        key = (pattern, flags)
        if key not in self.terminals:
            flags = "".join(flag for flag in flags if flag in "imsx")
            found = regex_sample(rf"\A(?{flags}:{pattern})\Z" if flags else rf"\A(?:{pattern})\Z", self.rng,
                                 allowance=self.allowance, allotment=self.allotment)
            if found is None:
                raise GrammarError(pattern)
            self.terminals[key] = found
        return self.terminals[key]

    def _put(self, out, text):
        """Write text, stopping as soon as the derivation passes MAX_LENGTH (a repetition of millions, rules that
        each double the next)."""
        self.length += len(text)
        if self.length > MAX_LENGTH:
            raise GrammarError("too long")
        out.append(text)

    def _write(self, node, out):
        self.steps += 1
        if self.steps > self.max_steps:  # repeats of empty strings write nothing, but take the time all the same
            raise GrammarError("too many steps")
        kind = node[0]
        if kind == "lit":
            self._put(out, node[1])
        elif kind == "re":
            self._put(out, self._terminal(node[1], node[2]))
        elif kind == "ref":
            if node[1] not in self.rules:
                raise GrammarError(node[1])
            self._write(self.rules[node[1]], out)
        elif kind == "seq":
            for item in node[1]:
                self._write(item, out)
        elif kind == "alt":
            self._write(min(node[1], key=self._cost), out)
        else:
            for _ in range(node[2]):
                self._write(node[1], out)
