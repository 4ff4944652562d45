"""regex: a client's pattern is checked as re.search checks it, in bounded time.

The automaton is held to re's own answers over a table of patterns and texts and over patterns made at random
(classes, anchors, flags, case folding, lazy repeats, alternation, nested groups, lookarounds); the patterns built
to backtrack answer at once on texts re would take minutes or years over.
"""
import random
import re
import time

import pytest

from fauxpen import regex

TEXTS = ["", "a", "ab", "ba", "aab", "abc", "b\n", "a\nb", "\na", "AB", "x y", "foo bar", "foo_bar9", "é", "É",
         "STRASSE", "straße", "\u212a", "k", "K", "ſ", "s", "İ", "i", "\u0131", "1234", "12-34", "a1", "_", " ",
         "aaaa", "abab", "user@example.com", "2024-01-31", "a\n", "\n", "é1", "١٢", "\t\n", "ab\nab\n"]

PATTERNS = [
    # literals, classes, categories, negation, ranges, escapes
    "a", "ab", "b", "[ab]", "[^a]", "[^ab\\n]", "[a-c]+", "[^a-z]", "\\d", "\\D+", "\\w+", "\\W", "\\s", "\\S+",
    "[\\d\\s]", "[^\\w]", "[\\W\\d]", "[-a]", "[a\\-z]", "[é-ê]", "\\t", "\\n", "\\.", "[.]", "\\x41", "\\u00e9",
    "[\\u0660-\\u0669]+",
    # any, flags (global and scoped), case folding
    ".", "a.b", "(?s)a.b", "(?s:.)\\n", "(?i)k", "(?i)straße", "(?i)STRASSE", "(?i)s", "(?i)[k-m]", "(?i)[^k]",
    "(?i)i", "(?i)İ", "(?i)\u0131", "(?i:a)b", "(?i)a(?-i:b)", "(?a)\\w+", "(?a)\\W", "(?a:\\W)", "(?a:[\\w])",
    "(?a)(?u:\\w)", "(?a)\\bé", "\\bé\\b", "(?x) a  b # comment", "(?ix) K",
    # anchors
    "^a", "a$", "^$", "^a$", "\\Aa", "a\\Z", "$", "^", "(?m)^b", "(?m)a$", "(?m)^$", "(?m)^a$", "\\Z", "\\A",
    "\\bfoo\\b", "\\Bo", "o\\B", "\\b", "\\B", "^\\B$", "(?a)\\b", "a\\b", "(?m:^)b", "\\n$", "^\\n",
    # alternation, groups, nesting
    "a|b", "ab|ba", "(a|b)c", "(?:ab|a)b", "((a|b)(c|d)?)+x?", "(?:(?:a)|(?:b|c))$", "x|", "|x", "(a|)+$",
    "(?P<name>a)b", "((((a))))", "(?:a(?:b(?:c)?)?)$",
    # repeats, greedy and lazy, counted
    "a*", "a+", "a?", "a*?b", "a+?$", "a??b", "a{2}", "a{2,}", "a{,2}b", "a{1,3}?b", "(?:ab){2}", "(?:a|b){2,3}$",
    "^(?:a|b)*$", "^a{0}$", "(?:a{2}){2}", "^[a-z]{3,8}$", "^\\d{3}-\\d{4}$", "^[0-9]{5}(-[0-9]{4})?$",
    "^\\+?[0-9\\- ]{7,15}$", "^[\\w.-]+@[\\w.-]+\\.\\w+$", "^\\d{4}-\\d{2}-\\d{2}$", "(?:x*)*y", "(?:a*)+$",
    "(a|aa)+$", "(a+)+b", "^(?:(?:)*a)*$", "(?:$|a)+", "(?:^|a)*b", "(?:\\b|a)+$",
    # lookarounds, nested, in repeats
    "(?=a)", "(?=a)a", "(?=a)b", "(?!a)", "(?!a).", "a(?=b)", "a(?!b)", "(?<=a)b", "(?<!a)b", "(?<=^)a",
    "(?<=\\n)a", "(?<=ab)$", "(?<!\\w)b", "^(?=.*\\d)(?=.*[a-z]).{2,}$", "(?=(?!a)b)", "(?=a(?=b))",
    "(?<=a(?=b))b", "(?:(?=a)a|b)+$", "(?:a(?!$))+", "a(?=$)", "(?!$)", "^(?!.*aa).*$", "(?<=é)1", "(?i)(?<=K)",
]


def _agree(pattern, text):
    expected = re.search(pattern, text) is not None
    program = regex._program(pattern)
    assert program.automaton_search(text) is expected, (pattern, text)
    assert regex.search(pattern, text) is expected, (pattern, text)


@pytest.mark.parametrize("pattern", PATTERNS)
def test_the_automaton_answers_as_re_does(pattern):
    assert regex._program(pattern).automaton() is not None  # the automaton, not re, answers below
    for text in TEXTS:
        _agree(pattern, text)


_ATOMS = ["a", "b", ".", "[ab]", "[^a]", "\\d", "\\w", "\\W", "\\s", "\\S", "A", "é", "[a-c]", "\\n", "_", "k",
          "ß", "[\\W]", "ſ", "[é-ê]", "İ", "^", "$", "\\A", "\\Z", "\\b", "\\B"]


def _random_pattern(rng, depth):
    kind = rng.random()
    if depth == 0 or kind < 0.3:
        return rng.choice(_ATOMS)
    inner = [_random_pattern(rng, depth - 1) for _ in range(rng.randint(1, 3))]
    if kind < 0.5:
        return "".join(inner)
    if kind < 0.65:
        return "(" + "|".join(inner) + ")"
    if kind < 0.82:
        return "(?:" + inner[0] + ")" + rng.choice(["*", "+", "?", "{2}", "{1,3}", "{0,2}", "{2,}", "*?", "+?", "??"])
    if kind < 0.9:
        return rng.choice(["(?=", "(?!"]) + inner[0] + ")"
    if kind < 0.95:
        return rng.choice(["(?<=", "(?<!"]) + rng.choice(_ATOMS + ["ab", "a|b"]) + ")"
    return "(?" + rng.choice(["i", "s", "m", "a", "-i", "i-s"]) + ":" + inner[0] + ")"


def test_the_automaton_answers_as_re_does_for_patterns_made_at_random():
    rng = random.Random(2026)
    for _ in range(1500):
        pattern = rng.choice(["", "(?i)", "(?m)", "(?s)", "(?a)", "(?ims)"]) + _random_pattern(rng, 4)
        for _ in range(6):
            _agree(pattern, "".join(rng.choice("ab\n AK1_é\u212aßſİ") for _ in range(rng.randint(0, 7))))


# Built to backtrack: re takes time exponential in the text's length over these texts.
EVIL = [
    (r"^(a|aa){40}(?!b)b$", "a" * 60 + "b"),
    (r"(a+)+b$", "a" * 40),
    (r"(a|a)*c", "a" * 40),
    (r"(x+x+)+y", "x" * 40),
    (r"^(?:a+){40}$x", "a" * 100 + "x"),
    (r"(\w+\s?)*$x", "word " * 20),
    (r"^(([a-z])+.)+[A-Z]([a-z])+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"),
]


@pytest.mark.parametrize("pattern, text", EVIL)
def test_patterns_built_to_backtrack_answer_at_once(pattern, text):
    for length in (1, 20, 1000, 65536):
        long_text = (text * (length // len(text) + 1))[:max(length, len(text))]
        started = time.monotonic()
        assert regex.search(pattern, long_text) is False
        assert time.monotonic() - started < 1
    assert regex.search(pattern, text + "\u2603") is False


def test_quadratic_searches_of_long_texts_are_linear():
    # re tries each start and runs to the end from each: seconds for these, which the automaton does in one pass.
    started = time.monotonic()
    assert regex.search(r"\w+$", "a" * 65536 + "-") is False
    assert regex.search(r"a*b", "a" * 65536) is False
    assert regex.search(r"[a-z]+@", "a" * 65536) is False
    assert time.monotonic() - started < 1


def test_a_long_counted_repeat_is_found_where_the_text_has_it():
    assert regex.search("[a-z]{5000}", "-" + "a" * 5000) is True
    assert regex.search("a{10000}", "a" * 10000) is True
    assert regex.search("^a{10000}$", "a" * 10000) is True
    assert regex.search("^a{10000}$", "a" * 9999) is False


def test_what_no_automaton_matches_is_left_to_re_only_when_re_is_quick():
    assert regex.search(r"(ab)\1", "xabab") is True  # a backreference re checks in a few steps
    assert regex.search(r"(?>a+)b", "aab") is True and regex.search(r"a++a", "aaa") is False
    assert regex.search(r"(a)?(?(1)b|c)", "c") is True
    started = time.monotonic()
    assert regex.search(r"(\w+)\s\1$x", "word " * 2000) is None  # fauxpen cannot tell, and says so at once
    assert regex.search(r"(?>(a+)+)b$", "a" * 40) is None
    assert time.monotonic() - started < 1


def test_a_pattern_re_refuses_or_too_big_to_check_has_no_answer():
    assert regex.search("(", "a") is None and regex.search("a{2,1}", "a") is None
    assert regex.search("(?<=a+)b", "ab") is None  # a lookbehind of no fixed width
    assert regex.search(None, "a") is None and regex.search("a", None) is None
    started = time.monotonic()
    assert regex.search("(?:(?:){10000}){10000}", "x") is None
    assert regex.search("((a{1000}){1000}){10}", "a" * 1000) is None
    assert time.monotonic() - started < 1


def test_searches_sharing_an_allowance_stop_when_it_is_spent():
    allowance = regex.Allowance()
    answers = [regex.search(r"(a+)+b$", "a" * 65536 + str(i), allowance) for i in range(100)]
    assert answers[0] is False and answers[-1] is None and allowance.left < regex.ALLOWANCE
    assert regex.search(r"(a+)+b$", "a" * 65536) is False  # a search of its own has an allowance of its own


def test_the_cache_changes_no_answer():
    """A search's work is counted as if nothing were cached, so an answer never depends on earlier searches."""
    regex._program.cache_clear()
    pattern = "(?:a?){300}b"  # hundreds of states at each position of a run of a's
    assert regex.search(pattern, "a" * 20000) is None  # more work than one search may do
    assert regex.search(pattern, "a" * 300) is False
    assert regex.search(pattern, "a" * 20000) is None  # the same, though its sets of states are cached now
