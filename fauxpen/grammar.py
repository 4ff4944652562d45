"""A text a Lark grammar derives: what a custom tool's call writes when its format is a Lark grammar.

The grammar is read as Lark reads one (rules and terminals, `name: a | b`, literals with `..` ranges, /regexes/,
groups, `[optional]`, `?`, `*`, `+`, `~ n` and `~ n..m`, aliases, priorities, `%import common...`), and the
shortest derivation of `start` is written out: the fewest rules expanded, the first of equals, no optional part,
each repetition its least. A grammar it cannot read, or one that derives nothing, gives None.
"""
import math
import random
import re

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


def sample(grammar, seed=""):
    """Return the shortest text grammar's `start` derives, or None."""
    try:
        rules = parse(grammar)
        return Writer(rules, random.Random(seed)).write("start")
    except (GrammarError, RecursionError):
        return None


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
        tokens = _tokens(body)
        node, rest = _alternatives(tokens)
        if rest:
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


def _alternatives(tokens):
    options = []
    while True:
        sequence, tokens = _sequence(tokens)
        options.append(sequence)
        if not tokens or tokens[0] != ("op", "|"):
            return (options[0] if len(options) == 1 else ("alt", options)), tokens
        tokens = tokens[1:]


def _sequence(tokens):
    items = []
    while tokens and tokens[0] not in (("op", "|"), ("op", ")"), ("op", "]")):
        if tokens[0][0] == "arrow":  # an alias names the tree's node: nothing written
            tokens = tokens[2:]
            continue
        item, tokens = _item(tokens)
        items.append(item)
    return ("seq", items), tokens


def _item(tokens):
    kind, text = tokens[0]
    tokens = tokens[1:]
    if kind == "string":
        atom = ("lit", _unquote(text))
        if tokens and tokens[0][0] == "range" and len(tokens) > 1 and tokens[1][0] == "string":
            atom, tokens = ("lit", _unquote(text)[:1]), tokens[2:]  # "a".."z": its first character
    elif kind == "regex":
        body, _, flags = text[1:].rpartition("/")
        atom = ("re", body, flags)
    elif kind == "name":
        atom = ("ref", text.lstrip("?!").split(".")[0])
    elif (kind, text) in (("op", "("), ("op", "[")):
        inner, tokens = _alternatives(tokens)
        closing = ")" if text == "(" else "]"
        if not tokens or tokens[0] != ("op", closing):
            raise GrammarError(text)
        tokens = tokens[1:]
        atom = inner if text == "(" else ("rep", inner, 0)
    else:
        raise GrammarError(text)
    if tokens and tokens[0][0] == "op" and tokens[0][1] in "*+?":
        least = {"*": 0, "+": 1, "?": 0}[tokens[0][1]]
        atom, tokens = ("rep", atom, least), tokens[1:]
    elif tokens and tokens[0] == ("op", "~"):
        if len(tokens) < 2 or tokens[1][0] != "number":
            raise GrammarError("~")
        atom, tokens = ("rep", atom, int(tokens[1][1])), tokens[2:]
        if tokens and tokens[0][0] == "range":
            tokens = tokens[2:]
    return atom, tokens


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

    def __init__(self, rules, rng):
        self.rules, self.rng, self.steps = rules, rng, 0
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

    def _put(self, out, text):
        """Write text, stopping as soon as the derivation passes MAX_LENGTH (a repetition of millions, rules that
        each double the next)."""
        self.length += len(text)
        if self.length > MAX_LENGTH:
            raise GrammarError("too long")
        out.append(text)

    def _write(self, node, out):
        self.steps += 1
        if self.steps > MAX_STEPS:  # repeats of empty strings write nothing, but take the time all the same
            raise GrammarError("too many steps")
        kind = node[0]
        if kind == "lit":
            self._put(out, node[1])
        elif kind == "re":
            flags = "".join(flag for flag in node[2] if flag in "imsx")
            found = regex_sample(rf"\A(?{flags}:{node[1]})\Z" if flags else rf"\A(?:{node[1]})\Z", self.rng)
            if found is None:
                raise GrammarError(node[1])
            self._put(out, found)
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
