"""Estimate OpenAI cl100k_base token counts heuristically, word by word, without the tokenizer.

The text is reduced to one class byte per character (a lowercase letter, a digit, a Cyrillic letter, ...),
read off the UTF-8 lead byte, so that everything after is plain bytes work in C. The class string is cut
into pieces the way cl100k's pre-tokenizer cuts text (a word with its leading space, up to three digits,
a run of punctuation, whitespace); each piece costs one token plus the weighted count of a few patterns
inside it (long words, accented letters, characters of scripts cl100k splits finely, runs of one symbol).
The constants come from tools/calibrate_tokens.py, which compares the estimate with the real tokenizer.
"""
import bisect
import functools
import itertools
import json
import re

from . import pdf, sound, vision
from .jsongen import resolve_ref

# Classes: a/A Latin lower/upper, l accented Latin, g Greek, y Cyrillic, h Hebrew, r Arabic, o other
# alphabets, k kana, C Han and fullwidth forms, K Hangul; 0 digit; space; \t other horizontal space; \n line
# break; "." sentence punctuation and brackets (and CJK punctuation, see _byte_classes); "-" other ASCII symbols
# (they join the following word less readily), "/" a slash, "=" and "+" underscores and runs (below), "\\" a
# backslash; E a 4-byte character (mostly emoji).
_CLASS = bytearray(b"." * 256)
for _lo, _hi, _cls in ((0x61, 0x7A, "a"), (0x41, 0x5A, "A"), (0x30, 0x39, "0"), (0xC3, 0xCB, "l"),
                       (0xCE, 0xCF, "g"), (0xD0, 0xD5, "y"), (0xD6, 0xD7, "h"), (0xD8, 0xDB, "r"),
                       (0xDC, 0xE1, "o"), (0xE3, 0xE3, "k"), (0xE4, 0xE9, "C"), (0xEA, 0xED, "K"), (0xEF, 0xEF, "C"),
                       (0xF0, 0xF4, "E")):
    _CLASS[_lo:_hi + 1] = _cls.encode() * (_hi - _lo + 1)
for _byte in b"\t\x0b\x0c\x1c\x1d\x1e\x1f":
    _CLASS[_byte] = ord("\t")
for _byte in b"-#+*{}|~^`$":
    _CLASS[_byte] = ord("-")
# "_" joins the word after it as a space does (the code vocabulary has _count, _settings, _reason whole: the
# tokenizers write snake_case a word a token, one of eight letters or more in two as often as not); it is an "="
# (below) to the rules.
# A backslash is "\\": it joins no word but a one-letter escape's letter (\n, \t, \u): see _ESCAPED_WORD.
# A slash is "/", a symbol that merges with the one beside it (://, //, </, */, /{, }/, ~/ are a token each, where two
# other symbols, "--", are two) and splits off a word of 7+ letters (_SLASHED), not one of 5 as the others do.
_CLASS[ord("_")], _CLASS[ord("\\")], _CLASS[ord("/")] = ord("="), ord("\\"), ord("/")
# "?" and "&" are "?": they begin a URL's query and its parameters, and split off the word after them (?|page,
# &|limit; but ?q, &t, whole), where the other symbols join a short word; and they pair with no symbol (&&, ?) one).
# So do "=", "@" and "%", which glue a query's values, an address's domain and an escape's word to the symbol
# (=|Alice, @|university, %|sure): the README's 2,024 lowercase words of two to four letters cost 1.9-2.1 tokens
# after them, 1.1-1.6 after "-" or "." (=, @ and % were "-": held-out URLs counted 12.0% under, ten more written
# for this 8.2%); and they pair with no symbol (+=, %} one token). Code's =True, =None, @app are whole, a token over,
# but for the words of _WHOLE_AFTER. A colon too glues the word after it in a key:value (Name:|John, error:|timeout:
# 21% under as "."), but the common ones of _WHOLE_AFTER (:true, :value, :string).
# So do "<" and ">" (markup's <|user, <|answer, >|text; but <div, <table, <String: _WHOLE_AFTER), which pair with any
# symbol beside them as the tokenizers do (><, ></, />, ->, =>, ">, <!-- are a token each): as "-" tags were 11% over.
_CLASS[ord("?")] = _CLASS[ord("&")] = _CLASS[ord("=")] = _CLASS[ord("@")] = _CLASS[ord("%")] = _CLASS[ord(":")] = \
    _CLASS[ord("<")] = _CLASS[ord(">")] = ord("?")
_CLASS[ord(" ")], _CLASS[ord("\n")], _CLASS[ord("\r")] = ord(" "), ord("\n"), ord("\n")
# = a symbol repeating the one before it ("%%%%", "~~~~"), of those cl100k writes long runs of in a token or
# two (48 "|" are twelve, 48 "{" twenty-four: those keep their class), + one of the runs it writes longest: 64
# dashes, hashes, asterisks, full stops, underscores or equals signs are one token. "/" is left out (// is one
# token, and :// in every URL). _classes marks the repeats with 0xFF and 0xFE, bytes UTF-8 never uses.
_CLASS[0xFF], _CLASS[0xFE] = ord("="), ord("+")
# The other symbols of a run of four or more, which cl100k writes a few at a time (its tokens of one symbol repeated
# are short: "!!!!", "((((", "[[": in o200k the same within a token or two), keep their class at its ends, the run
# between them marked 0xFD (".", which costs nothing) but for a "--" (0xFC, "-") every so many characters: a token
# each (_RUN_STEP). A run of 32 "!" is 6 tokens, of "(" 9, of "[" or "&" 16 (cl100k; o200k 5, 9, 16, 16), where the
# piece of punctuation counted one; ">>>>>>>>>> BEGIN" is 3.
_CLASS[0xFC] = ord("-")
# cl100k has a token of every run of spaces up to 81 (and of some longer: 83, 87, 91, 95, 128), a run of 90 to 256 in
# two (64 and the rest, tiktoken): a space of a run of 83 or more, the 81st and every 128th after, is marked 0xFB, a
# "\t" (whitespace to the pieces) between spaces: `        \t ` in _EXTRA, a token more. Two spaces are left after
# it, the last for the word after the run, so that the mark and a space are in the run's piece.
_CLASS[0xFB] = ord("\t")
_CLASS = bytes(_CLASS)
_RUN_SYMBOLS = b"-#*=%+._~;"
_LONG_RUN_SYMBOLS = b"-#*.=_"
# Characters a token of a run of each of the other symbols holds, about (cl100k's counts of runs of 4 to 64, after a
# space and alone: "!" or ">" 32 are 6 after a space, 4 alone). "/" keeps its class: 64 are one or two tokens alone.
_RUN_STEP = {**dict.fromkeys(b"[]&'\"`", 2), **dict.fromkeys(b"()@", 4), **dict.fromkeys(b"!?,:<>", 6)}
_RUN_MIDDLE = {symbol: (b"\xfd" * (step - 2) + b"\xfc\xfc") * (256 // step + 1) for symbol, step in _RUN_STEP.items()}
_RUN_SYMBOL_MASK = bytes(1 if byte in _RUN_SYMBOLS else 0 for byte in range(256))  # two 1s: a run, perhaps
# _marked_repeats compares a text's bytes with the bytes before them 64 KiB at a time, each piece as one integer, as
# Python's integers do bitwise work in C: 1 MB of code's runs (bench's, 6,772, of two or three "=" or "+") are
# marked in 2.9 ms, where a regular expression calling back for each run took 11-12.
_RUN_PIECE = 65536
_HIGH_BITS = int.from_bytes(b"\x80" * _RUN_PIECE, "little")  # 0x80 in every byte of a piece
_LOW_BITS = int.from_bytes(b"\x7f" * _RUN_PIECE, "little")  # 0x7F, setting 0x80 in a byte of 1 to 0x7F, carrying none
# An ASCII text's bytes that repeat the one before them come out with their high bit set: those of _RUN_SYMBOLS are
# then marked, any other is itself again.
_REPEAT_MARKS = bytearray(range(128)) * 2
for _byte in _RUN_SYMBOLS:
    _REPEAT_MARKS[_byte | 0x80] = 0xFE if _byte in _LONG_RUN_SYMBOLS else 0xFF
_REPEAT_MARKS = bytes(_REPEAT_MARKS)
# Any other text is compared by codes of its symbols of runs (0 for any other byte, of which it has 0x80 to 0xFF):
# odd for those of _LONG_RUN_SYMBOLS, whose low bit turns the 0xFF a repeat is given to 0xFE.
_RUN_CODES = bytearray(256)
for _code, _byte in enumerate(sorted(_RUN_SYMBOLS, key=lambda byte: byte not in _LONG_RUN_SYMBOLS)):
    _RUN_CODES[_byte] = 2 * _code + 1 if _byte in _LONG_RUN_SYMBOLS else 2 * _code + 2
_RUN_CODES = bytes(_RUN_CODES)
# Code is full of these symbols and seldom has four of one in a row: four of them in a row, found in a mask, tell
# whether to look for a run (a regular expression stopping at each of them: code's count 8-10% slower).
_STEP_RUNS = re.compile(rb"([%s])\1{3,}" % re.escape(bytes(_RUN_STEP)))
_STEP_MASK = bytes(1 if byte in _RUN_STEP else 0 for byte in range(256))
_CONTINUATION = bytes(range(0x80, 0xC0))  # dropped, so that the class string has one byte per character

_LETTER = b"aAlgyhrokCK"
_LETTERS_ONLY = bytes(ord("L") if c in _LETTER else ord("x") for c in range(256))  # class string -> L/x

# cl100k's pre-tokenizer over classes: a word with one leading non-letter, 1-3 digits, punctuation (or one
# emoji: cl100k merges none across emoji) with one leading space and trailing line breaks, whitespace up to a
# line break, whitespace leaving its last character to the next piece, single whitespace. (Its rule for
# contractions is not needed: "'s" already makes a word with a leading "'".)
_WORD = rb"[ \t.E?=+\\/-]?[%s]+" % _LETTER
_OTHER = rb"0{1,3}| ?(?:[.?=+\\/-]+|E)\n*|[ \t\n]*\n|[ \t\n]+(?![^ \t\n])|[ \t\n]"
_PIECE = re.compile(_WORD + b"|" + _OTHER)
# One match per non-word piece (with the words before it), one for the words at the end, if any, and an
# empty one at the end; \Z keeps trailing words from being rescanned at every position.
_NON_WORD = re.compile(rb"(?:[ \t.E?=+\\/-]?+[%s]++)*+(?:%s|\Z)" % (_LETTER, _OTHER))


# _NON_WORD's pieces counted without a match each (a long text's split cost 170 ns a piece: 26 ms on a MB of code,
# 150,000 pieces), by bitwise arithmetic on a block of the text at a time: a big integer holding a byte per character,
# whose bits say what the character is, shifted by a byte to see the one before or after. Each rule of the pieces
# becomes a test of a character and its neighbours (in _block_pieces), but two that follow runs of characters,
# which are filled along the runs in doubling steps. Same count as _NON_WORD's, for any class string (tested).
_BIT_LETTER, _BIT_DIGIT, _BIT_SYMBOL, _BIT_SYMBOL_OR_EMOJI = 1, 2, 4, 8  # a run of symbols is a piece; an emoji each
_BIT_SPACE, _BIT_TAB, _BIT_BLANK, _BIT_BREAK = 16, 32, 64, 128  # a space or a tab is blank; a line break is not
_BITS = bytearray(256)
for _byte in _LETTER:
    _BITS[_byte] = _BIT_LETTER
for _byte in b".?=+\\/-":
    _BITS[_byte] = _BIT_SYMBOL | _BIT_SYMBOL_OR_EMOJI
_BITS[ord("0")], _BITS[ord("E")] = _BIT_DIGIT, _BIT_SYMBOL_OR_EMOJI
_BITS[ord(" ")], _BITS[ord("\t")], _BITS[ord("\n")] = _BIT_SPACE | _BIT_BLANK, _BIT_TAB | _BIT_BLANK, _BIT_BREAK
_BITS = bytes(_BITS)
# Blocks of 64 KiB or so (a MB's integers are slower to work on, and a worker's peak memory would hold several), each
# ending between two letters, where no rule looks across (a letter's piece is a word's, counted apart): the first two
# lowercase ones past 64 KiB, else any two. A text with no two letters in a row within 256 KiB (32 MB of blanks,
# digits or symbols: a block as long, ten integers of it) is split by _NON_WORD, which holds 9 bytes a piece.
_BLOCK = 65536
_LONG_DIGITS = re.compile(rb"0{4,}")
_COUNTED_BY_BITS = 512  # a shorter text's split is as fast (prose; code gains from 256)
_ONES = [0]  # 0x0101...01, as long as the longest block yet: a 1 in every character's byte


def _ones(size):
    """Return the integer of size bytes of 1."""
    ones = _ONES[0]
    have = (ones.bit_length() + 7) // 8
    if have < size:
        have = max(size, min(2 * have, 4 * _BLOCK))
        ones = _ONES[0] = int.from_bytes(b"\x01" * have, "big")
    return ones >> 8 * (have - size)


def pieces_by_split(classes):
    """Return the number of words of a class string (runs of letters) and of its other pieces, by _NON_WORD's
    matches: split's list of the (empty) pieces between them takes 9 bytes a match, subn's 90; its last two are the
    trailing words' and the empty one at the end."""
    letters = classes.translate(_LETTERS_ONLY)
    return (letters.count(b"xL") + letters.startswith(b"L"),
            len(_NON_WORD.split(classes)) - 2 - letters.endswith(b"L"))


def pieces_by_bits(classes, block=_BLOCK):
    """Return pieces_by_split's counts, a block at a time (or pieces_by_split's, where no block can end)."""
    cuts, start, end = [], 0, len(classes)
    while end - start > 4 * block:
        cut = classes.find(b"aa", start + block, start + 4 * block) + 1
        if not cut:
            cut = classes[start + block:start + 4 * block].translate(_LETTERS_ONLY).find(b"LL") + 1
            if not cut:
                return pieces_by_split(classes)
            cut += start + block
        cuts.append(cut)
        start = cut
    words, pieces, start = -len(cuts), 0, 0  # each cut is inside a word
    for cut in cuts + [end]:
        block_words, block_pieces = _block_pieces(classes[start:cut])
        words, pieces, start = words + block_words, pieces + block_pieces, cut
    return words, pieces + (end > 0 and classes[-1] in b" \t")  # blanks ending the text: a piece, whatever their last


def _block_pieces(classes):
    """pieces_by_bits of one block, but for the blanks ending it. Bit masks: a 1 in the byte of each character
    of the kind; X >> 8 puts the character before's bit in each byte, X << 8 the one after's."""
    ones = _ones(len(classes))
    bits = int.from_bytes(classes.translate(_BITS), "big")
    letter, symbol, either = bits & ones, bits >> 2 & ones, bits >> 3 & ones
    digit, blank, line = bits >> 1 & ones, bits >> 6 & ones, bits >> 7 & ones
    # A run of symbols is a piece, an emoji each, but one alone before letters leads their word, unless a space
    # before it took it (" .", then the word).
    starts = symbol ^ (symbol & symbol >> 8) | either ^ symbol
    leading = starts & letter << 8
    if leading:
        leading ^= leading & (bits >> 4 & ones) >> 8
    pieces = starts.bit_count() - leading.bit_count()
    # Digits: three a piece.
    if digit:
        pieces += (digit ^ (digit & digit >> 8)).bit_count()
        if b"0000" in classes:
            pieces += sum((len(run) - 1) // 3 for run in _LONG_DIGITS.findall(classes))
    # The line breaks right after symbols or an emoji are theirs (" ?(?:[.?=+\\/-]+|E)\n*"): not blanks.
    taken = line & either >> 8
    if taken:
        if b"\n\n" in classes:
            taken = _fill(taken, line, 8)
        line ^= taken
    # A run of blanks is a piece up to its last line break ("[ \t\n]*\n"): that break is followed by no other before
    # the run ends; then, after it, a piece of all but the last of two or more spaces or tabs before a non-blank
    # ("[ \t\n]+(?![^ \t\n])"), and the last a piece of its own before a digit, a tab before a symbol or an emoji
    # ("[ \t\n]"); before letters it leads their word, a space before a symbol or emoji joins their piece.
    later = _fill(line, blank, -8) if blank & line << 8 else line  # breaks, and blanks before one within the run
    pieces += (line ^ (line & later << 8)).bit_count()
    other = ones ^ (blank | line)
    pieces += (blank & blank << 8 & other << 16).bit_count()
    alone = blank & digit << 8
    if 9 in classes:
        alone |= bits >> 5 & ones & either << 8
    return (letter ^ (letter & letter >> 8)).bit_count(), pieces + alone.bit_count()


def _fill(marks, run, shift):
    """Return marks spread along runs of run's characters: forward (shift 8) or backward (-8), each character of the
    run after (before) a mark marked, in doubling steps."""
    while run:
        marks |= run & (marks >> shift if shift > 0 else marks << -shift)
        run &= run >> shift if shift > 0 else run << -shift
        shift *= 2
    return marks

# Tokens a piece costs beyond its first, per occurrence of each pattern in its class string.
_EXTRA = (
    (b"aaaaaaaaaaaa", 1),           # long lowercase words split
    (b"Aaaaaaaaa", 1),              # so do long capitalised ones
    (b"aaA", 1),                    # and a capital after lowercase letters begins a token: cl100k's merges mostly
                                    # stop there (getCurrent|Weather, Hello|Hello, camel|Case|Variable), but after
                                    # a lone one (iPhone, eBay, the n of \nThe); o200k's pre-tokenizer cuts there
                                    # (its camel count)
    (b"AaAAa", 3), (b"AAaA", 3),    # and a word's case changing at every letter or two, as base64's does (a key, a
                                    # JWT: a token every one or two characters) and camelCase's does not (ById,
                                    # XMLHttp, IDs, MySQL: their patterns are of three letters or end the word)
    (b" AAAAAA", 1),                # and words of six capitals or more, mostly in two or three (ME|AS|UREMENT),
                                    # but in identifiers (_STATUS), which the code vocabulary has whole
    (b"l", 1),                      # accented Latin letters mostly take a token of their own
    (b"--", 1),                     # symbol runs merge less than sentence punctuation
    (b"=" * 16, 1),                 # but a run of one symbol takes a token per 16 or so
    (b"+" * 64, 1),                 # or per 64, of dashes and the like,
    (b"+-", 1),                     # and such a run is a token apart from a symbol after it (|---|, ***/)
    (b"        \t ", 1),              # a run of spaces past 81 (_mark_long_spaces)
    (b" " * 56 + b"\n", 1),         # and 56 spaces or more are a token apart from a line break after them (32 with it)
    (b"E", 1),                      # emoji are two to three byte tokens
    (b"yyy", 1), (b"yyyyy", 1),     # Cyrillic: about one token per two letters
    (b"g", 1), (b"gggg", -1),       # Greek: about one token per letter
    (b"h", 1),                      # Hebrew: a token per letter
    (b"rr", 1), (b"rrrr", 1),       # Arabic: about three tokens per four letters
    (b"C", 1), (b"CC", -1),         # Han: a token a character of _COMMON_HAN's and 0.7 in a run, 1 more in
    (b"CCCCC", 1),                  # five; the others 2 more each (count_rare_han)
                                    # kana: count_kana
    (b"K", 1),                      # Hangul: a token a syllable, 1 more one not in _COMMON_HANGUL, less cl100k's
                                    # words', and the word's piece nothing more (count_hangul)
    (b"o", 1),                      # other alphabets: a token per letter at least
)
# The patterns an ASCII text can have: the others are of letters its class string cannot hold. _ASCII_PATTERNS has
# each weight times (all weigh 1), for a short text's patterns to be counted by one map.
_ASCII_EXTRA = tuple((pattern, weight) for pattern, weight in _EXTRA if set(pattern) <= set(b" \t\naA-=+"))
_COUNTED_APART = (b"aaA", b"AaAAa", b"AAaA")  # by _count, once for the rules that need them (humps, mixed)
_ASCII_PATTERNS = tuple(pattern for pattern, weight in _ASCII_EXTRA for _ in range(weight)
                        if pattern not in _COUNTED_APART)
# o200k, the tokenizer of gpt-4o, gpt-4.1, the o-series and GPT-5 on, writes ASCII text as cl100k does (within 3%
# on the calibration samples) but the other scripts in far fewer tokens: a word, and one more every few letters
# (fitted to o200k's counts of tools/calibrate_tokens.py's samples, within 5-13% but Japanese, 20%; Devanagari
# and Thai to two sentences). A Japanese chat that cost gpt-4o-mini 92 prompt tokens (March 2025) is 92 in o200k.
_O200K_EXTRA = tuple((pattern, weight) for pattern, weight in _EXTRA if set(pattern) <= set(b" \t\naAl-=+E")) + (
    (b"yyyyyy", 1),                 # Cyrillic
    (b"gggg", 1), (b"gggggggg", 1),  # Greek
    (b"rrrr", 1),                   # Arabic
    (b"hhhh", 1), (b"hhhhhhh", 1),  # Hebrew
    (b"CC", 1),                     # Han: a token a common word of two (日本, 中国), and 1 more a character not
                                    # in _COMMON_HAN but among kana (count_rare_han); kana: count_kana
    (b"KK", 1), (b"KKKKK", -1),     # Hangul: a token more a word every two syllables, one less at five (1.4 tokens a
                                    # word of two, 2.3 of three, 3 of four: Korean was 20.5% over as Han's)
    (b"ooo", 1),                    # other alphabets
)
# A word of 5+ lowercase letters glued to a symbol (paths, URLs) splits off it, and one of 8+ after "_" more
# often than not: one token more where the symbol begins the word's piece, i.e. follows no space or punctuation.
# After "/" one of 7+: the tokenizers have /local, /python, /server, /cache, /index whole, and half the words of five
# or six letters after a slash in paths and URLs (/n|umpy, /al|ice), but three in four of seven or more (/web|site,
# /m|ulti|array): fewer of these, which paths have many of, were counted 8.7% over.
_GLUED, _JOINED, _SLASHED = b"-aaaaa", b"=aaaaaaaa", b"/aaaaaaa"
# Two patterns, each beginning with its symbol, which the regex engine finds by a fast scan: one beginning with a
# lookbehind, or an alternation of the two, tried each byte (the estimator at half speed).
_GLUED_IN_TEXT = re.compile(rb"-(?<![ .?=+\\/-]-)aaaaa")
_SLASHED_IN_TEXT = re.compile(rb"/(?<![ .?=+\\/-]/)aaaaaaa")
# "?" or "&" beginning a word's piece before two letters or more: a token of its own.
_ASKED_IN_TEXT = re.compile(rb"\?(?<![ .?=+\\/-]\?)[%s]{2}" % _LETTER)
# The words the tokenizers (both) have whole after "=" or ":" of those a key=value, keyword argument or key:value
# often holds: one token less where the symbol follows a letter or digit and splits the word off (=true, :value;
# =False, =None). Of 600 words frequent in the README, 69 are a token after "=" in cl100k, 57 after ":". So are the
# HTML tags (but 20 of the 63: <code, <svg, <video) and a generic's types (<String, <Response, <void) after "<", where
# 19 of the 600 are (<user, <answer, <system: two tokens).
_TAGS = ("body br button div footer form head header hr html img input label li link meta nav option script section"
         " select span strong style table tbody td textarea th thead title tr ul string void int")
_VALUES = ("true false null True False None value name id data text list size user start end max min set test input"
           " file json open len str int yes no http https self center date time status url format count index query"
           " result response request model new get utf array float")
_KEYS = ("true false null none value name type id key data text string list size user start end max min set test str"
         " int no auto http self error left right center red black white path url title index model new get on utf"
         " number void")


def _trie(words):
    """Return a regular expression matching any of words, as a tree of their letters: the engine tries one branch a
    letter, where an alternation of the words tries each (HTML's many "<" and "=": 12 ms a megabyte, now 3)."""
    heads = {}
    for word in sorted(set(words.split())):
        heads.setdefault(word[0], []).append(word[1:])
    return "(?:%s)" % "|".join(head + (_trie(" ".join(tail for tail in tails if tail)) + ("?" if "" in tails else "")
                                       if any(tails) else "") for head, tails in heads.items())


# One expression a symbol, each beginning with it: the engine scans for a literal far faster than for any of three.
_WHOLE_AFTER = (re.compile(r"<(?<![^\n\rA-Za-z0-9]<)(?:[A-Z][A-Za-z]|%s(?![^\W\d_]))" % _trie(_TAGS)),
                re.compile(r"=(?<=[A-Za-z0-9]=)%s(?![^\W\d_])" % _trie(_VALUES)),
                re.compile(r":(?<=[A-Za-z0-9]:)%s(?![^\W\d_])" % _trie(_KEYS)))


# But "|" does not pair with the "<" or ">" beside it (<|im_start|>, x|>f, |<br: <|, |>, |< two tokens each in both
# tokenizers; " <|" and " |>", after a space, one): ChatML's markers, pasted in a prompt, were 4 under.
# Each branch begins with its symbol and looks behind it, not before: an expression beginning with a lookbehind is tried
# at every character (a fifth of code's estimate, 18 ms a megabyte of JavaScript, where this takes 3).
_PIPED = re.compile(r"<(?<![ |]<)\||\|(?<![ |]\|)[<>]")


def _piped(text):
    """Return whether text has one of _PIPED's pairs: three substring searches, where the expression, scanning for
    either symbol, took 5.8 ms a megabyte of JavaScript with its "||" (none of the pairs) to find none."""
    return "|" in text and ("<|" in text or "|<" in text or "|>" in text)


def _whole_after(text):
    """Return the expressions of _WHOLE_AFTER whose symbol text has."""
    return [expression for expression in _WHOLE_AFTER if expression.pattern[0] in text]
_JOINED_IN_TEXT = re.compile(rb"=(?<![ .?=+\\/-]=)aaaaaaaa")
# A backslash beginning a word's piece before two letters or more is a token of its own, or one with the letter of
# an escape (\n|The, \t|foo, \|frac, \|Users): one token more than the word, where the piece counts one.
_ESCAPED = b"\\"
_ESCAPED_WORD = re.compile(rb"\\(?<![ .?=+\\/-]\\)[%s]{2}" % _LETTER)
# o200k's pre-tokenizer cuts \n|The already, at the capital after a lowercase letter (its camel count).
_ESCAPED_WORD_O200K = re.compile(rb"\\(?<![ .?=+\\/-]\\)(?!aA)[%s]{2}" % _LETTER)
# A backslash ending a run of symbols (."\n, \n\n) leaves the escape's letter to the word after it, which the tokenizers
# write apart from a capitalised word (n|Please, t|Open, n|Step; cl100k has nThe whole): a token more than the word
# (o200k's count of ASCII text has it already, as a capital after a lowercase letter).
_ESCAPE_AFTER_SYMBOL = frozenset(bytes([c]) + b"\\" for c in b" .?=+\\/-")
_ESCAPED_CAPITAL = re.compile(rb"\\(?<=[ .?=+\\/-]\\)aA")


# cl100k writes the symbols of U+2600-U+2BFF (☀, ✅, ❤, ⚠, ⭐: the emoji of three bytes) in two tokens or three each,
# as it does emoji: E, their lead byte 0xE2 read as 0xF0 (o200k reads them as ".", and counts them with its emoji,
# below). The variation selector
# U+FE0F (the emoji form of ❤️, ☀️) is a token of its own, or joins the punctuation by it: ".", its lead byte 0xC2.
_SYMBOL = re.compile(rb"\xe2(?=[\x98-\xaf])")
# cl100k writes an emoji of four bytes in three tokens, but for those of the blocks it has a token for the first three
# bytes of: the faces (😀, U+1F600-1F63F) and U+1F480-1F4BF (💀, 💪, 💯, 💙), two. Every other block of 64 comes to
# 2.9-3.0 tokens a character, those two 2.0.
_DEAR_EMOJI = re.compile(rb"\xf0\x9f[^\x92\x98]")
# o200k has a token for the first three bytes of the blocks of U+1F1C0-1F1FF (flags), U+1F300-1F53F, U+1F600-1F6BF and
# U+1F900-1F97F, where its emoji are two tokens (1,695 of the 1,755 there), and for none of the others', where they are
# three (1,178 of 1,215); the symbols of U+2600-27BF are mostly two, those of U+26C0-26FF and U+27C0-2BFF three (but
# U+2B00-2B7F, 2). It has 20 emoji and 21 symbols whole (_WHOLE_EMOJI), a few of them only where no space comes before
# (🔥, 🙏, ✨; " 😂" is one token). At two tokens an emoji and one a symbol the calibration's emoji were 20% off.
_FAR_EMOJI = re.compile(rb"\xf0(?:[^\x9f]|\x9f[^\x87\x8c-\x94\x98-\x9a\xa4\xa5])|\xe2[\x9b\x9f-\xab\xae\xaf]")
# A symbol's variation selector (U+FE0F) is a token of its own in o200k (☀️, ⚠️: three tokens), where the class string
# joins it to the symbol as punctuation; but ❤️ is one token.
_SELECTED_SYMBOL = re.compile(rb"\xe2[\x98-\xaf][\x80-\xbf](?<!\xe2\x9d\xa4)\xef\xb8\x8f")
# Found in the UTF-8 bytes, each character a literal, whose lead bytes the engine scans for: a class of them in the
# text, after a lookbehind, was tried at every character (45 ms a megabyte of code with a curly quote, now 5).
_WHOLE_EMOJI = re.compile(b"|".join([re.escape(emoji.encode()) for emoji in "🙂😂😉👍😀😊👉★☆♥♦♪✅✓✔❤⭐"]
                                    + [re.escape(emoji.encode()) + b"(?<! %s)" % re.escape(emoji.encode())
                                       for emoji in "😍🤣🔥🙏👌😘😭👇😁👏💕🏻🏼☺♀♂♡♫✨➡⭕"]))


# The Han characters cl100k has a token for (549, by its ranks: the most frequent first), each of which o200k has one
# for too. cl100k writes any other in two byte tokens or three, and merges fewer of them into words: in the Chinese
# and Japanese samples of tools/calibrate_tokens.py 78% of the characters are of these. Counting the others 2 tokens
# more in cl100k and 1 in o200k brought its Chinese from 11.6% off to 3.5% in cl100k (o200k: 13.4% to 2.9%), Chinese
# with English words from 13.7% to 4.6% (5.4% to 4.8%); see the README's Token counting.
_COMMON_HAN = (
    "年数日的月用成名时件一请中据码不新文下分入人功上户为间号取回在页字有个作示出是失表除加败生信类置理本息行定改市期以修元方录区单位型法县存品前称注值输建能大例度始到面载点密动果图提发式国登错者认误接关重第地如设目开事可要代"
    "小选标明编求列网万最器所内体通务此商序化消否保使次机对量查部性和更后证题确格了于金公午円片空态管主天自我全今来正说意送容已结会段计源色時交系过电询符未程常条当情口合车实组版周址记二同业权其进试验料传述集多无员报他無服线这"
    "制将处高子道章手库三从支家长付秒路完象则现京转辑限力学外调项北工笑监任相微册联平增听解等得收安价藏命应看索资产串布原知级水击好物放亿经模之台州配画统共连海节退間比问至备你黑或与影话视读告美女山需复南必闭城近效利移总按排首"
    "記社西先然键额写签因别并异束心链指评整四断角软头邮义司步门导客右频像特非省造径详由包东论络款启而填释持向算江里份责科民治声男族站没県雅换核素都超店起享拉米引语土宋直每箱後参变基場待规政也介钟五审木打活播该展钮具志言购但星"
    "两左考构報球音端投立们火清账就费案广历及計止么货阳队技场少形稿英游供推税初私景去华話番环张開种易您再板連真流余见给局优书思見動运样销即只老岁找稍达院価気约速停反票十身含率汽专歳関议雷些界陆倍読检还析企友简問装感哈何预尔"
)
_COMMON_CODES = sorted(map(ord, _COMMON_HAN))
# Every other character of U+4E00-U+9FFF, as the ranges between the common ones, and those of Extension A
# (U+3400-U+4DBF: 㐀, 䶵, three tokens each in both tokenizers, none common): one set lookup a character.
_RARE = "[\u3400-\u4dbf%s]" % "".join(
    f"{chr(low)}-{chr(high)}" for low, high in zip([0x4E00] + [code + 1 for code in _COMMON_CODES],
                                                   [code - 1 for code in _COMMON_CODES] + [0x9FFF]) if low <= high)
# The characters the class string holds as letters (see _CLASS and _byte_classes): a rare character with none beside it
# is a piece of its own.
_LETTER_CHARACTER = "[A-Za-z\u00c0-\u02ff\u0380-\u1fff\u3040-\udfff\uf000-\ufe0e\ufe10-\ufeff\uff40-\uffff]"
_RARE_HAN = re.compile(_RARE)
# The rare character first and the lookbehind after it (over it and the one before): beginning with the lookbehind,
# the expression was tried at every character, 17-30 ms a megabyte, where the class is scanned for in 3.
_RARE_HAN_ALONE = re.compile("%s(?<!%s.)(?!%s)" % (_RARE, _LETTER_CHARACTER, _LETTER_CHARACTER))
_RARE_HAN_IN_RUN = re.compile("%s(?<![\u3040-\u30ff].)(?![\u3040-\u30ff])" % _RARE)


# Extension A's characters (U+3400-U+4DBF) are three tokens each in both tokenizers, alone or not (but 131 of its 6,592
# in o200k's, 105 in cl100k's: two). cl100k's count of a rare character comes to about that; o200k's, a token and a
# half in a run, left four texts of them among Chinese 35-39% under o200k's 143 (now 3% over).
_EXTENSION_A = re.compile("[\u3400-\u4dbf]")


def count_rare_han(text, o200k=False):
    """Count what text's Han characters not in _COMMON_HAN cost beyond a common one: in cl100k 2 each, but 1 for one
    with no letter beside it (a piece of its own: never more tokens than its three bytes; 亍 is 2); in o200k 1 each
    with no kana beside it (Japanese kanji among kana are words of o200k's whatever their rank in cl100k). One of
    Extension A costs o200k 2 more (three tokens)."""
    if o200k:
        rare = _RARE_HAN_IN_RUN.subn("", text)[1]
        if rare and _EXTENSION_A.search(text):
            rare += 2 * _EXTENSION_A.subn("", text)[1]
        return rare
    rare = _RARE_HAN.subn("", text)[1]
    if not rare:
        return 0
    return 2 * rare - _RARE_HAN_ALONE.subn("", text)[1]


# The Hangul syllables cl100k has a token for (129, by its ranks), and its 62 words of Hangul (합니다, 습니다, " 파일"): it
# writes any other syllable in two tokens (its first two bytes, then the last) or three, and merges no other. A word
# of n syllables, r of them not of these, costs cl100k n + r tokens less what its words save (in 257 words of Korean
# news, chat and code comments 0.36 tokens a word off, 3.5% under; 1 a syllable and 1 a word, one less every three,
# was 12-15% under on news and chat of several hundred characters, 1.03 a word off). o200k, which has 677 syllables
# whole and many words, is counted by its syllables alone (_O200K_EXTRA).
_COMMON_HANGUL = (
    "이다하는로을를에가의기지수한스자서용리트력정시드어인일면성으은터해고습요제우장세보번소입호할도음그체록라문된아래과열원주사상미화"
    "여동재오게치개러나회간부름료되당들환경전능대작출비만식생색함공버명분와위적크든신값른니져글째메산진태목구결디야션거조운임턴내복류튼"
)
_HANGUL_WORDS = ("니다 습니다 _사용 으로 _입력 하는 _경우 세요 한다 _생성 스트 _데이터 에서 _저장 _함수 _정보 합니다 _출력 _있는 _설정 하기 _파일"
                 " _추가 번호 _확인 _객체 _삭제 입니다 _문자 _변수 _처리 로그 하여 _리스트 _실행 _이름 _선택 하지 _변경 _수정 _가져 래스 으면"
                 " _이미 _있다 _배열 하세요 _코드 주세요 _페이지 _클래스 _값을 _시작 _해당 _반환 _초기 _가능 _호출 해서 _조회 _결과 _위치"
                 ).split()  # "_": a space before the word
_HANGUL_CODES = sorted(map(ord, _COMMON_HANGUL))
_RARE_HANGUL = re.compile("[%s]" % "".join(
    f"{chr(low)}-{chr(high)}" for low, high in zip([0xAC00] + [code + 1 for code in _HANGUL_CODES],
                                                   [code - 1 for code in _HANGUL_CODES] + [0xD7A3]) if low <= high))
# What each word saves: its syllables' tokens (1 a common one, 2 another) but the one it is, the same with a space
# before it or not. Found as a tree of their syllables (_trie), leftmost and longest (습니다, not 니다), where an
# alternation of the words took three times as long.
_HANGUL_WORD_SAVES = {word.strip("_"): len(word.strip("_")) + len(_RARE_HANGUL.findall(word)) - 1
                      for word in _HANGUL_WORDS}


def _hangul_branches(words, spaced):
    """Return the branches of _HANGUL_WORDS_IN_TEXT for words: each a first syllable, then the tree of the rest;
    spaced: with the space before it looked behind for."""
    heads = {}
    for word in sorted(set(words)):
        heads.setdefault(word[0], []).append(word[1:])
    return [head + ("(?<= %s)" % head if spaced else "") + (_trie(" ".join(tail for tail in tails if tail))
                                                              + ("?" if "" in tails else "") if any(tails) else "")
            for head, tails in heads.items()]


# Every branch begins with a syllable, the words after a space first (at a syllable after a space, as the tree
# beginning with the space found them first, a character before): a tree whose first branch was the space stopped at
# every space of the text, 25 ms a megabyte of JSON with some Korean in it, where the syllables are scanned for in 2.
_HANGUL_WORDS_IN_TEXT = re.compile("|".join(
    _hangul_branches([word[1:] for word in _HANGUL_WORDS if word.startswith("_")], True)
    + _hangul_branches([word for word in _HANGUL_WORDS if not word.startswith("_")], False)))
# A Hangul syllable beginning a word's piece, or after its leading space, in the class string: the piece costs its
# first syllable's token, not one more. That is one after none, a space, a line break or a digit, or after a symbol
# a run of symbols or a space took (as the pieces are cut: _PIECE); after a letter ("API는") or the symbol the piece
# begins with ("%로", "3.25%로", "\t로") the piece's first token is the Latin word's or the symbol's. Counted as
# pairs (a search for the symbol first: a lookbehind tried at every byte took a third of Korean's time).
_HANGUL_STARTS = (b" K", b"\nK", b"0K", b" EK")
_HANGUL_AFTER_SYMBOLS = re.compile(rb"[.?=+\\/-](?<=[ .?=+\\/-][.?=+\\/-])K")


def count_hangul(text, classes):
    """Count what text's Hangul costs cl100k beyond _EXTRA's token a syllable: 1 more a syllable not in _COMMON_HANGUL,
    less what cl100k's words of Hangul save, one less a word that begins with a syllable (classes: text's class
    string)."""
    saved = sum(map(_HANGUL_WORD_SAVES.__getitem__, _HANGUL_WORDS_IN_TEXT.findall(text)))
    return (len(_RARE_HANGUL.findall(text)) - saved - sum(map(classes.count, _HANGUL_STARTS)) - classes.startswith(b"K")
            - len(_HANGUL_AFTER_SYMBOLS.findall(classes)))


# o200k's words of kana (all it has, by its ranks): of hiragana 126 of two (ます, って, には) and 74 of three or more
# (います, ください, ございます, ありがとうございます), of katakana 248 (サービス, データ, ページ, ーション). It writes a
# run of kana as they cut it, leftmost and longest, and any other kana a token each: so o200k's count of the 359 runs of
# hiragana of 80 sentences of Japanese chat written for it (tools/cjk_chat.py's tuning half) comes to 1,544 for 1,545,
# of their 47 of katakana exactly (126). A token every two kana (a word of n hiragana n // 2 - 1 less) counted text
# written in hiragana a quarter under (its content words, きゅうりょう, are a token a kana or so), polite text 11% over.
_KANA_WORDS = ("ます さん です して した から あり って この その また さい する った では くだ ござ でも しか それ ない とう"
               " いう こと まで これ そう ただ ませ こん っぱ しい いい され いて にな より ちら しく には ので きを よう など ある"
               " なん でき ちゃ っと なし けば につ ちは どう いる わせ んな との ょう すす まと いた なら えば がお とな ため さて"
               " いや への ここ もう かわ なく まず だけ とは もの さら ころ のお しゃ たい える いつ まり そこ れば くら われ みに"
               " あと なお ばん なた なる じゃ もし じめ によ もち ほん とも ほど かな まだ にも はい ろん まあ えて なの ぜひ れる"
               " しま ちな こう れて とか のみ をご たり ても なが ぷん まぁ"
               " います ました します ください ありが ありがとう ります しかし ございます そして ません という っぱい いっぱい こちら ですが"
               " いました しました こんに ありがとうございます について すすめ こんにちは でした まとめ あります しょう ちゃん ございました"
               " まして ありがとうございました はこちら おすすめ ています ろしく しています おります ですね よろしく かった そんな さらに"
               " ところ これは だから ありません なので りました いただ してください できます ことで もっと でしょう しゃれ こんばん"
               " があります すると もちろん になります として あなた こんばんは になる そこで ですよ つまり だった ちなみに された"
               " っています しております りまして されています")
_KATAKANA_WORDS = ("ック ット ント ース ール ング イン ード ラン イト ート メント リー スト ーム ージ コメント ップ ショ ター"
                   " ログ イズ ディ ュー ンク ピー ション ラック ブログ フォ サイズ ティ ライ スタ サイト セット フィ ーカ クリ"
                   " バー ファ ーツ ラー ャン ンサ ンド ランド ーパ ッド キング リア レス リンク スポ ッグ ンズ ックス ーク"
                   " イント イル コミ レビ ページ テゴ ステ クセ ーパー コン シャ フト ウン コピー タイ ーマ ディース ーカー ープ"
                   " ッチ レン バック ランキング ポイント カテゴ プロ ンサー ーー ロー アル ービ アクセ ーブ ラス プレ ジャ イク"
                   " ーン ニュ ザー ケース プリ ラックバック レビュー ービス ケット ブランド ライン アイ ブル ンダ オン チェ ウェ"
                   " ルト トラックバック ンス イス ーバ キャ スポンサー ータ サービス イド シュ イヤ ーズ ーテ アクセス ウト コード"
                   " パン スマ ネル フォーム ニュース フェ レー スク カテゴリ スター メール クト ワイト カラー バッグ ダー ジェ"
                   " ロン テル ナー ーチ キー ーデ ーナ カード ッズ クリック ッション ーション セン レット ールド イトル タン アン"
                   " タグ タイプ デル カー ジュ アップ ンプ リング ホーム ネット ビー ベント マン ラム クロ ゲーム ゼント ベル"
                   " キャン トップ ッシュ ーフ ニュー ニー リーズ メリ インチ ブラ テン ーポ アウト チェック タイトル メーカー"
                   " ロード ーワ チャ リエ フォン ラク フィール ッフ ニメ スーパー ーティ ショップ リン ジョ ブラック ユー ンタ"
                   " ライト イブ オンライン ーダ ライブ ーーーー ドル ーブル ザイン ジャン セル スメ カテゴリー クラ ドラ ヴィ"
                   " ビュー ホテル モデル ナル マー テレビ ピング ーワード イベント スペ プロフィール ウォ ニング カル シリーズ"
                   " スタッフ テーマ")
# cl100k's words of kana (all it has, by its ranks: 37 of hiragana, 17 of katakana), and the kana it has no token for,
# which it writes in two byte tokens (80 of the 177: ぎ, ぶ, ほ, ゆ, ガ, ツ, ノ, ワ; any other kana is a token). So
# cl100k's count of the 339 runs of kana of tools/cjk_chat.py's Japanese tuning half comes to 2,165 for 2,165, where
# 0.8 tokens a kana counted Japanese in hiragana 23% under.
_CL100K_KANA_WORDS = re.compile(_trie("ます です して この また する から した あり その います さい しか こん ださい ください でも って ござ"
                                      " では それ します とう ました そして しかし され これ ありが ちは ありがとう こんに こんにちは ただ いう"
                                      " ありがとうござ さん ック ント ース ール ード ット スト メント イン ログ ージ イト ート コメント ピー"
                                      " ラン ング"))
_TWO_TOKEN_KANA = re.compile("[ぁぃぅぇぉぎぐげずぜぞぢづぬねぱひびぴふぶぷへべぺほぼぽむゃゅゆょゎゐゑゔゕゖァゥォガギケゲゴザゼソゾヂツヅヌネノハヒヘベホボミモヤユヨヮワヰヱヲヴヵヶヷヸヹヺ]")
_HIRAGANA_WORDS_IN_TEXT = re.compile(_trie(_KANA_WORDS))
_KATAKANA_WORDS_IN_TEXT = re.compile(_trie(_KATAKANA_WORDS))


def count_kana(text, classes, o200k=False):
    """Count what text's kana cost beyond its pieces (classes: text's class string, where kana are "k"): a token a
    kana, less what the tokenizer's words of kana save, found leftmost and longest and each replaced by one character
    (the text's length less the result's), and in cl100k one more a kana it writes in two tokens. In o200k a kanji
    before kana costs 0.7 more, rounded down (a kanji run's word, 会|い, 読|ん|で, mostly a token more than its piece
    counts), and a piece its kana begin with no space or symbol before them costs nothing more (こんにちは at the
    text's start or a line's: that token is its kana's; a space before kana is one of its own, ` |これ`).

    o200k's words (_KANA_WORDS, _KATAKANA_WORDS) are looked for hiragana's and then katakana's (no word has both): one
    expression of them all, and a list of the words it found, took the count of Japanese to half its speed. Fitted to
    tools/cjk_chat.py's tuning half (600 prompts; by least squares, o200k's kanji 0.66 and a piece 0.85 less), where
    the kanji after kana (2 more, 1 less before kana, kC and Ck) and the kana's rate (a token every two) of
    _O200K_EXTRA came to nothing or less. cl100k's count fitted 0.98 a token; a piece begun by kana 0.89 less took
    the calibration's Japanese from 3.4% to 4.0% off, and was left out."""
    if o200k:
        rest = _KATAKANA_WORDS_IN_TEXT.sub("\0", _HIRAGANA_WORDS_IN_TEXT.sub("\0", text))
        begun = classes.startswith(b"k") + classes.count(b"\nk") + classes.count(b"0k")
        return classes.count(b"k") - len(text) + len(rest) + 7 * classes.count(b"Ck") // 10 - begun
    rest = _CL100K_KANA_WORDS.sub("\0", text)
    return classes.count(b"k") - len(text) + len(rest) + len(_TWO_TOKEN_KANA.findall(rest))


def _classes(text):
    """Return text's class string, one byte per character."""
    return _byte_classes(text.encode("utf-8", "surrogatepass"), plain=text.isascii())


def _byte_classes(raw, symbols=True, plain=False):
    """Return the class string of a text's UTF-8 bytes; symbols: with those of U+2600-U+2BFF read as emoji; plain:
    the text is ASCII (str.isascii is free), with none of the characters read otherwise than by their lead byte."""
    # Most texts have no run: under 64 KiB a mask and one substring search tell, faster than marking. A longer text is
    # marked without asking (1 MB of prose with no run would be 1.5 ms faster, as much as code's would be slower).
    if len(raw) >= _RUN_PIECE or b"\x01\x01" in raw.translate(_RUN_SYMBOL_MASK):
        raw = _marked_repeats(raw, plain)
    raw = _marked_step_runs(raw)
    if b" " * 83 in raw:
        raw = _LONG_SPACES.sub(_mark_long_spaces, raw)
    if not plain:
        if symbols and 0xE2 in raw:
            raw = _SYMBOL.sub(b"\xf0", raw)
        # A lead byte is looked for first, as memchr finds it: a search for two or three bytes takes 0.7-0.9 ms a MB.
        if 0xEF in raw:
            if b"\xef\xb8\x8f" in raw:
                raw = raw.replace(b"\xef\xb8\x8f", b"\xc2\xb8\x8f")
            if b"\xef\xbc" in raw:  # fullwidth punctuation (，：（）！？), Chinese's: a token each, not Han
                raw = raw.replace(b"\xef\xbc", b"\xc2\xbc")
        if 0xE3 in raw:
            if b"\xe3\x80" in raw:  # CJK punctuation (、。「」), a token each: punctuation, not kana
                raw = raw.replace(b"\xe3\x80", b"\xc2\x80")
            if _EXTENSION_A_LOW.search(raw):  # Han of U+3400-U+3FFF (㐀, 㗎), lead byte 0xE3 as kana's: Han
                raw = _EXTENSION_A_LOW.sub(b"\xe4", raw)
    return raw.translate(_CLASS, _CONTINUATION)


_EXTENSION_A_LOW = re.compile(rb"\xe3(?=[\x90-\xbf])")


def _marked_repeats(raw, plain):
    """Return raw with each byte of _RUN_SYMBOLS that repeats the one before it marked, 0xFE (one of
    _LONG_RUN_SYMBOLS) or 0xFF; plain: raw is ASCII. A piece of raw at a time is an integer, little-endian, which
    XORed with itself shifted a byte has a 0 in each byte that repeats the one before; adding 0x7F to each byte
    (none is over 0x7F) leaves 0x80 out of those alone. raw itself if it has no run (not copied: a 1 MB prompt)."""
    parts, done, before = [], 0, 0
    for start in range(0, len(raw), _RUN_PIECE):
        piece = raw[start:start + _RUN_PIECE]
        size, high, low = len(piece), _HIGH_BITS, _LOW_BITS
        if size < _RUN_PIECE:
            whole = (1 << 8 * size) - 1
            high, low = high & whole, low & whole
        if plain:
            value = int.from_bytes(piece, "little")
            repeats = (value ^ (value << 8 | before)) + low & high ^ high
            # (a bytearray's translate: 0.2 ms a MB faster than a bytes', which CPython checks for a change at each
            # byte; returning the bytearray would save 0.5 ms more a MB, at a check that cost 50-byte texts 2%)
            marked = bytearray((value | repeats).to_bytes(size, "little")).translate(_REPEAT_MARKS)
            before = piece[-1]
        else:
            codes = int.from_bytes(piece.translate(_RUN_CODES), "little")
            repeats = ((codes ^ (codes << 8 | before)) + low & high ^ high) & codes + low  # 0x80: a symbol repeated
            ones = repeats >> 7
            marked = ((int.from_bytes(piece, "little") | ones * 0xFF) ^ codes & ones).to_bytes(size, "little") \
                if repeats else piece
            before = _RUN_CODES[piece[-1]]
        if marked != piece:
            parts += raw[done:start], marked
            done = start + size
    if not parts:
        return raw
    parts.append(raw[done:])
    return b"".join(parts)


def _marked_step_runs(raw):
    """Return raw with its runs of four or more of one of _RUN_STEP's symbols marked (_mark_step_runs): looked for only
    where four of them are in a row (a mask's substring search), as code's and JSON's are now and then ("]]},",
    "'])"), not in the whole, where a regular expression stopping at every bracket and quote costs code 6 ms a MB."""
    mask = raw.translate(_STEP_MASK)
    start = mask.find(b"\x01\x01\x01\x01")
    if start < 0:
        return raw
    parts, done = [], 0
    while start >= 0:
        end = mask.find(b"\x00", start)
        if end < 0:
            end = len(raw)
        parts += raw[done:start], _STEP_RUNS.sub(_mark_step_runs, raw[start:end])
        start, done = mask.find(b"\x01\x01\x01\x01", end), end
    parts.append(raw[done:])
    return b"".join(parts)


_LONG_SPACES = re.compile(b" {83,}")


def _mark_long_spaces(match):
    """A run of 83 spaces or more: its 81st and every 128th after, but its last two, marked 0xFB (a token more each)."""
    run = bytearray(match.group())
    run[80:-2:128] = b"\xfb" * len(range(80, len(run) - 2, 128))
    return bytes(run)


def _mark_step_runs(match):
    """A run of one of _RUN_STEP's symbols: its ends kept, a "--" every step between."""
    run = match.group()
    middle = _RUN_MIDDLE[run[0]]
    while len(middle) < len(run) - 2:
        middle += middle
    return run[:1] + middle[:len(run) - 2] + run[-1:]


def _cost(classes):
    """Return the tokens of one piece, given its class string."""
    # A backslash or a "?" beginning the piece before two letters is a token of its own.
    split_off = classes[:1] in _SPLIT_OFF and classes[1:3].translate(_LETTERS_ONLY) == b"LL"
    return (1 + sum(weight * classes.count(pattern) for pattern, weight in _EXTRA) + classes.count(_GLUED)
            + classes.count(_SLASHED) + classes.startswith(_JOINED) + split_off)


_SPLIT_OFF = (_ESCAPED, b"?")


_short_cost = functools.lru_cache(maxsize=4096)(_cost)  # short pieces repeat (" aaa", "."); long ones are rare


def count_tokens(text):
    """Estimate the number of cl100k_base tokens in text."""
    if not text:
        return 0
    if len(text) <= _CACHED_TEXT_LENGTH:
        return _cached_count(text)
    return _count(text)


def count_tokens_o200k(text):
    """Estimate the number of o200k_base tokens in text: cl100k's count for ASCII text, but for a word's lowercase
    letters followed by a capital, where o200k starts a new piece (getCurrentWeather is get|Current|Weather,
    pomeranianWhat ...ian|What: recorded on gpt-4.1 and gpt-4.1-mini in January 2026); fewer for other scripts."""
    if not text:
        return 0
    if text.isascii():
        return _cached_ascii_o200k(text) if len(text) <= _CACHED_TEXT_LENGTH else _ascii_o200k(text)
    if len(text) <= _CACHED_TEXT_LENGTH:
        return _cached_count_o200k(text)
    return _count_o200k(text)


# o200k's pre-tokenizer keeps an English contraction with the word before it, where cl100k's cuts it off ("What|'s"),
# and its merges make one token of the common ones: every n't (don't, can't, isn't), and the pronouns' (I'm, you're,
# we've, they'll, I'd, it's, that's, what's, there's, let's), not a noun's possessive (John's, model's: two) nor
# how's or where's. Read off the UTF-8 bytes, as the classes are; each lookbehind a fixed width.
_CONTRACTION = re.compile(
    rb"'(?:(?<=n')t|(?<=\bI')(?:m|ve|ll|d)|(?<=\b[Yy]ou')(?:re|ve|ll|d)|(?<=\b[Ww]e')(?:re|ve|ll|d)"
    rb"|(?<=\b[Tt]hey')(?:re|ve|ll|d)|(?<=\b[Hh]e')(?:s|ll|d)|(?<=\b[Ss]he')(?:s|ll|d)|(?<=\b[Ii]t')(?:s|ll|d)"
    rb"|(?<=\b[Tt]hat')(?:s|ll|d)|(?<=\b[Ww]hat')s|(?<=\b[Ww]ho')s|(?<=\b[Tt]here')s|(?<=\b[Hh]ere')s"
    rb"|(?<=\b[Ll]et')s)(?![A-Za-z])")


# cl100k's merges keep many common camelCase names whole where the estimate splits a word at each capital after
# lowercase letters (setState, JavaScript, getElementById: cl100k 1 token each, the estimate 2, 2 and 3): each of
# these, where cl100k has it whole, costs a token, the capitals' and long words' tokens of _EXTRA less. A hand list of
# the DOM's, React's, Node's, Java's and the test frameworks' commonest names, brands and the fields of every API
# (userId, createdAt), written for it in December 2026 and checked word by word with tiktoken's cl100k_base: some
# are whole after a space, " JavaScript", others after a full stop, ".getElementById", or alone, at a line's start.
# After another symbol the tokenizer writes the symbol apart ("(" then "setState", two tokens), which the piece's one
# token and the word's capitals come to already. The calibration's common camelCase names were 15.8% off (15.5% over).
_WHOLE_CAMEL = {  # where the word is one token: s after a space, d after a full stop, b alone
    "sdb": "setState useState getState createElement className onClick onChange setTimeout parseInt parseFloat"
           " toString indexOf forEach isArray localStorage getItem getTime getDate FileNotFoundException HashMap"
           " ArrayList LinkedList HashSet DateTime userId userName firstName lastName fullName phoneNumber createdAt"
           " isActive isEnabled pageSize fileName filePath baseUrl accessToken statusCode errorMessage getName setName"
           " getValue setValue getId setId getType getData setData getUser getInstance newInstance isEmpty isValid"
           " assertEquals assertTrue assertFalse setUp scrollTop hashCode",
    "sb": "JavaScript GitHub YouTube LinkedIn WordPress WhatsApp GraphQL isNaN TypeError NullPointerException"
          " IllegalArgumentException StringBuilder updatedAt apiKey isEqual tearDown HttpClient HttpResponse"
          " HttpRequest WebSocket",
    "s": "TypeScript PayPal PowerShell PowerPoint macOS MacBook PostgreSQL MongoDB TensorFlow useEffect useRef useMemo"
         " useCallback useContext componentDidMount setInterval clearTimeout clearInterval sessionStorage ValueError"
         " KeyError IndexError RuntimeError maxSize refreshToken XMLHttpRequest EventEmitter",
    "db": "getElementsByTagName querySelector addEventListener innerHTML innerText textContent appendChild setAttribute"
          " getAttribute classList toFixed toLowerCase toUpperCase startsWith endsWith charAt setItem getFullYear"
          " valueOf RestController GetMapping PostMapping RequestMapping",
    "d": "getElementById getElementsByClassName querySelectorAll removeEventListener preventDefault stopPropagation"
         " removeChild lastIndexOf hasOwnProperty defineProperty charCodeAt fromCharCode removeItem readFileSync"
         " writeFileSync existsSync createServer getMonth getDay getHours getMinutes getSeconds",
    "sd": "onSubmit readFile writeFile toJSON getLogger ResponseEntity",
}
_WHOLE_CAMEL_PLACES = {word: places for places, words in _WHOLE_CAMEL.items() for word in words.split()}
# What each saves where whole: what its piece costs beyond one token (_cost of the word alone).
_WHOLE_CAMEL_SAVES = {word: _cost(_classes(word)) - 1 for word in _WHOLE_CAMEL_PLACES}
# A word with a capital after two lowercase letters, from there on (the search for the literal "aaA" of the class
# string is fast; a tree of the words, _trie, tried at every letter of the text, took code to a fifth of its speed).
_HUMP = re.compile(rb"aaA[aA]*")
# What a hump of each word is (getElementById's etElementById): a word whose hump is none of these is none of the
# words, found by one set lookup, where finding the word's start first took code's count 700 ns a hump (11,000 a
# megabyte of JavaScript: 8 ms, now 3).
_WHOLE_CAMEL_TAILS = frozenset(word[_HUMP.search(_classes(word)).start():] for word in _WHOLE_CAMEL_PLACES)
# Where a word's piece begins, read off the class byte before it (and the one before that): after a space the space
# begins it (s), after a full stop the stop (d), but for one a run of symbols or a space before took (").word, " .word":
# the word alone); after a line break, a digit or nothing the word (b); after another symbol that symbol, written apart
# from the word, which the piece's count has (none of the three).
_RUN_CLASSES = b" .?=+\\/-"
_CAMEL_PLACE = {" ": "s", ".": "d", ord("\n"): "b", ord("0"): "b"}  # the character before, or its class
# An ASCII text's humps are looked for in its skeleton, its bytes with every capital made one byte, \x01, and every
# character but a letter \x00: an expression beginning with \x01 is tried at capitals only (a scan of the class string
# for aaA stops at every lowercase letter), and it follows with a tree of the words' tails after their hump's capital
# (_alternatives), so that only a hump with some word's letters is a match: 1 MB of bench/run.py's code has 18,733
# humps, 12,473 of them the words' (userId, setState): the class string's scan and a set lookup of each hump's tail
# took 6.8 ms of 14.4, the expression takes 4.2 of 12.0 (best of 15, loaded); each word's start and place cost the
# rest, 0.6 us a word. A word begins after the skeleton's last \x00 before it, where the class string's letters needed
# a copy of it (L/x) to be found.
_SKELETON = bytes(byte if 97 <= byte <= 122 else 1 if 65 <= byte <= 90 else 0 for byte in range(256))


def _alternatives(branches):
    """Return a regular expression matching any of branches' (bytes, what to match after them) pairs, as a tree of their
    first bytes: the engine tries the branches of an alternation one by one (a flat one of the 147 tails took 7.1 ms
    to find 1 MB of bench/run.py's code's words, the tree 3.3, side by side on a loaded machine)."""
    firsts, ends = {}, set()
    for word, after in branches:
        if word:
            firsts.setdefault(word[:1], []).append((word[1:], after))
        else:
            ends.add(after)
    tree = [re.escape(first) + _alternatives(rest) for first, rest in sorted(firsts.items())] + sorted(ends)
    return tree[0] if len(tree) == 1 else b"(?:" + b"|".join(tree) + b")"


# A hump's capital, two lowercase letters before it, then a word's tail after the capital (the tree), the letters'
# end, and a look back at the two letters before the capital: every hump of a word of _WHOLE_CAMEL matches (its
# first aaA: the leftmost match's), others may (a capital of another letter, or a later aaA of a run), which the
# word's own lookup leaves out.
_WHOLE_CAMEL_HUMP = re.compile(rb"\x01(?<=[a-z][a-z]\x01)" + _alternatives(
    (tail[3:], rb"(?![a-z\x01])(?<=%s)" % re.escape(tail)) for tail in
    {word.encode().translate(_SKELETON)[_HUMP.search(_classes(word)).start():] for word in _WHOLE_CAMEL_PLACES}))


def whole_camel_words(text, classes):
    """Return {where a piece begins: the tokens it saves} for text's words of _WHOLE_CAMEL where cl100k has them
    whole (classes: text's class string)."""
    if text.isascii():  # its bytes are its characters, and its skeleton has its letters
        letters = text.encode().translate(_SKELETON)
        humps, outside = _WHOLE_CAMEL_HUMP.finditer(letters), b"\0"
    else:
        letters = classes.translate(_LETTERS_ONLY)
        humps = [match for match in _HUMP.finditer(classes) if text[match.start():match.end()] in _WHOLE_CAMEL_TAILS]
        outside = b"x"
    saved = {}
    places = _WHOLE_CAMEL_PLACES
    for match in humps:
        start = letters.rfind(outside, 0, match.start()) + 1
        word = text[start:match.end()]
        if word in places:
            before = classes[start - 1] if start else 10
            place = _CAMEL_PLACE.get(text[start - 1:start], "") or _CAMEL_PLACE.get(before, "")
            if before in _RUN_CLASSES and start > 1 and classes[start - 2] in _RUN_CLASSES and before != 32:
                place = "b"  # its symbol ends a run of symbols, a piece of its own
            if place and place in places[word]:
                saved[start - (place != "b")] = _WHOLE_CAMEL_SAVES[word]
    return saved


def _count(text, extra=_EXTRA, camel=False, contractions=False):
    """Estimate text's tokens; camel: with one more for each capital after a lowercase letter, contractions: with one
    less for each contraction (o200k's pieces)."""
    raw = text.encode("utf-8", "surrogatepass")
    joined = len(_CONTRACTION.findall(raw)) if contractions and 39 in raw else 0  # findall: matches are few
    o200k, plain = extra is _O200K_EXTRA, text.isascii()
    classes = _byte_classes(raw, not o200k, plain)
    if plain:  # an ASCII text's bytes are not read again: 1 MB of a worker's peak on a 1 MB prompt
        raw = None
    words, others = pieces_by_split(classes) if len(classes) < _COUNTED_BY_BITS else pieces_by_bits(classes)
    # A capital after lowercase letters (_EXTRA's aaA, counted here once for the rules that need it): cl100k's common
    # camelCase names whole (o200k's pieces split them).
    humps = classes.count(b"aaA") if 65 in classes else 0
    # and _EXTRA's AaAAa and AAaA, both of which hold AaA (a capital, a lone lowercase letter, a capital): one search
    # for it, where prose has none, not two counts.
    mixed = 3 * (classes.count(b"AaAAa") + classes.count(b"AAaA")) if 65 in classes and b"AaA" in classes else 0
    whole_camel = sum(whole_camel_words(text, classes).values()) if humps and not camel else 0
    if plain and len(classes) <= 256:  # a short text: counting every pattern costs less than testing for each
        extra = sum(map(classes.count, _ASCII_PATTERNS)) + humps + mixed
    else:  # skip the patterns of symbols or scripts the text lacks: finding a byte absent is faster than counting
        patterns = _ASCII_KEYED if plain else _O200K_KEYED if o200k else _KEYED
        extra = sum(weight * classes.count(pattern) for pattern, weight, key in patterns if key in classes) + humps \
            + mixed
    # The tests for a byte take its number (92 is "\\"): `in` with an int is a memchr, with bytes 100 ns more.
    if 92 in classes:
        extra += (_ESCAPED_WORD_O200K if camel else _ESCAPED_WORD).subn(b"", classes)[1]
        if not camel:
            extra += _ESCAPED_CAPITAL.subn(b"", classes)[1]
    extra += _GLUED_IN_TEXT.subn(b"", classes)[1]
    if not plain and o200k and (69 in classes or 0xE2 in raw):  # "E", or a symbol of U+2600-U+2BFF perhaps
        extra += len(_FAR_EMOJI.findall(raw)) + len(_SYMBOL.findall(raw)) - len(_WHOLE_EMOJI.findall(raw))
        if b"\xef\xb8\x8f" in raw:
            extra += len(_SELECTED_SYMBOL.findall(raw))
    elif not plain and 69 in classes:
        extra += len(_DEAR_EMOJI.findall(raw))
    if 47 in classes:  # "/"
        extra += _SLASHED_IN_TEXT.subn(b"", classes)[1]
    if 63 in classes:  # "?"
        asked = _ASKED_IN_TEXT.subn(b"", classes)[1]
        extra += asked - sum(len(expression.findall(text)) for expression in _whole_after(text)) if asked else 0
        if _piped(text):
            extra += len(_PIPED.findall(text))
    if 61 in classes:  # "="
        extra += _JOINED_IN_TEXT.subn(b"", classes)[1]
    if not plain and 67 in classes:  # "C"
        extra += count_rare_han(text, o200k)
    if not plain and not o200k and 75 in classes:  # "K"
        extra += count_hangul(text, classes)
    if not plain and 107 in classes:  # "k"
        extra += count_kana(text, classes, o200k)
    # o200k cuts at every capital after a lowercase letter: those after one alone (aA less the table's aaA) too.
    camels = classes.count(b"aA") - humps if camel else 0
    return words + others + extra + camels - joined - whole_camel


# Short texts recur from request to request (system prompts, the canned reply, tool names) and within one
# (the prompt is counted by validation and again for usage): their counts are kept.
_CACHED_TEXT_LENGTH = 1024
_cached_count = functools.lru_cache(maxsize=1024)(_count)


def _keyed(table):
    """Return a table's patterns with the byte to look for before counting each: its first of the bytes most texts
    lack (the "+" of "+-"), else its last."""
    return tuple((pattern, weight, next((byte for byte in pattern if byte not in b"aA -"), pattern[-1]))
                 for pattern, weight in table)


_KEYED, _O200K_KEYED, _ASCII_KEYED = (_keyed(tuple(row for row in table if row[0] not in _COUNTED_APART))
                                      for table in (_EXTRA, _O200K_EXTRA, _ASCII_EXTRA))
_count_o200k = functools.partial(_count, extra=_O200K_EXTRA, camel=True, contractions=True)
_cached_count_o200k = functools.lru_cache(maxsize=1024)(_count_o200k)


_ascii_o200k = functools.partial(_count, camel=True, contractions=True)
_cached_ascii_o200k = functools.lru_cache(maxsize=1024)(_ascii_o200k)


def split_tokens(text):
    """Split text into count_tokens(text) pieces that join back to text.

    A piece worth more tokens than it has characters (a Han character, an emoji) gives one character per
    piece, each preceded by an empty string for every token more it takes: the tokens that carry part of its
    UTF-8 bytes, for which a stream shows nothing (see byte_tokens).
    """
    return list(iter_tokens(text))


def iter_tokens(text):
    """Yield split_tokens(text)'s pieces one by one, so that a caller needing the first few of a long text (an
    answer a limit cuts) splits no further."""
    classes = _classes(text)
    whole = {match.start() for expression in _whole_after(text) for match in expression.finditer(text)}
    piped = [match.start() for match in _PIPED.finditer(text)] if _piped(text) else []
    camel = whole_camel_words(text, classes) if b"aaA" in classes else {}
    for match in _PIECE.finditer(classes):
        start, end = match.span()
        size = end - start
        cost = _short_cost(match.group()) if size <= 32 else _cost(match.group())
        if start in whole:
            cost -= 1
        if camel:
            cost -= camel.get(start, 0)
        if piped:  # (sorted: the pipes inside the piece by bisection, where a sum over all of them was quadratic)
            cost += bisect.bisect_left(piped, end) - bisect.bisect_left(piped, start)
        group = match.group()
        if b"E" in group or b"C" in group or b"k" in group or b"K" in group:
            cost += _script_cost(text[start:end], group)
        if start > 1 and classes[start - 2:start] in _ESCAPE_AFTER_SYMBOL and match.group()[:2] == b"aA":
            cost += 1
        if cost > size:
            yield from _character_tokens(text[start:end], cost)
            continue
        step, longer = divmod(size, cost)
        for i in range(cost):
            cut = start + step + (i < longer)
            yield text[start:cut]
            start = cut


_SCRIPTED = re.compile(b"[ECkK]+")  # the classes whose characters cost more than their piece's count


def _script_cost(piece, classes):
    """Return what a piece's emoji, rare Han, kana and Hangul cost beyond its class string's count (classes)."""
    cost = 0
    if b"E" in classes:
        cost += len(_DEAR_EMOJI.findall(piece.encode("utf-8", "surrogatepass")))
    if b"C" in classes:
        cost += count_rare_han(piece)
    if b"k" in classes:
        cost += count_kana(piece, classes)
    if b"K" in classes:
        cost += count_hangul(piece, classes)
    return cost


def token_offsets(text, wanted):
    """Yield (index, offset) for each of wanted (token indices, increasing) under text's count: where
    split_tokens(text)[index] begins in text; then (count, len(text)).

    The same cuts as iter_tokens, found without a step of Python for each piece: the pieces are matched and
    costed PIECE_BLOCK at a time by loops in C, the rare pieces that cost more (emoji, Han, a symbol's escape, a
    pipe, a whole word after a symbol) looked up by position, and only a piece holding a wanted index is cut. A
    vector store's chunks of a megabyte of mixed text took 0.33-0.49 s of CPU as iter_tokens' pieces, 0.10-0.16 s
    so (about count_tokens' own time; measured on a loaded machine, December 2026). Holds the text's class string
    and a block of pieces, never all of them.
    """
    classes = _classes(text)
    whole = sorted({match.start() for expression in _whole_after(text) for match in expression.finditer(text)})
    saved = whole_camel_words(text, classes) if b"aaA" in classes else {}
    camel = sorted(saved)
    piped = [match.start() for match in _PIPED.finditer(text)] if _piped(text) else []
    wanted = iter(wanted)
    target, count = next(wanted, None), 0  # count: the tokens of the blocks before
    shared = (None, None)  # a piece cut character by character (its block and place), and where its tokens begin
    for groups, low in _piece_blocks(classes):
        sizes = list(map(len, groups))
        starts = list(itertools.accumulate(sizes, initial=low))  # and where the last ends
        high = starts.pop()
        if max(sizes) > 32:  # long pieces are rare, and kept out of _short_cost's cache (as iter_tokens keeps them)
            long = list(itertools.compress(range(len(sizes)), map((32).__lt__, sizes)))
            short = groups.copy()
            for i in long:
                short[i] = b""
            costs = list(map(_short_cost, short))
            for i in long:
                costs[i] = _cost(groups[i])
        else:
            costs = list(map(_short_cost, groups))
        for position in whole[bisect.bisect_left(whole, low):bisect.bisect_left(whole, high)]:
            i = bisect.bisect_left(starts, position)
            if i < len(starts) and starts[i] == position:
                costs[i] -= 1
        for position in camel[bisect.bisect_left(camel, low):bisect.bisect_left(camel, high)]:
            i = bisect.bisect_left(starts, position)
            if i < len(starts) and starts[i] == position:
                costs[i] -= saved[position]
        for position in piped[bisect.bisect_left(piped, low):bisect.bisect_left(piped, high)]:
            costs[bisect.bisect_right(starts, position) - 1] += 1  # the piece holding it: pieces cover the text
        scripted = set()  # the pieces a run of such classes is in: one, or more (an emoji is a piece, or leads one)
        for match in _SCRIPTED.finditer(classes, low, high):
            first, end = match.span()
            scripted.update(range(bisect.bisect_right(starts, first) - 1, bisect.bisect_left(starts, end)))
        for i in sorted(scripted):
            costs[i] += _script_cost(text[starts[i]:starts[i] + len(groups[i])], groups[i])
        if classes.find(b"\\", max(low - 1, 0), high) >= 0:  # its backslash may end the block before
            for match in _ESCAPE_THEN_CAPITAL.finditer(classes, low, high):
                i = bisect.bisect_left(starts, match.start())
                if i < len(starts) and starts[i] == match.start():
                    costs[i] += 1
        total = sum(costs)
        if target is not None and target < count + total:
            before = list(itertools.accumulate(costs, initial=count))  # the tokens before each piece
            while target is not None and target < count + total:
                i = bisect.bisect_right(before, target) - 1
                if costs[i] > sizes[i]:  # a character's tokens: shared out once a piece (a run of Han may be long)
                    if shared[0] != (low, i):
                        shared = (low, i), list(itertools.accumulate(map(len, _character_tokens(
                            text[starts[i]:starts[i] + sizes[i]], costs[i])), initial=starts[i]))
                    yield target, shared[1][target - before[i]]
                else:
                    step, longer = divmod(sizes[i], costs[i])
                    index = target - before[i]
                    yield target, starts[i] + index * step + min(index, longer)
                target = next(wanted, None)
        count += total
    yield count, len(text)


def _piece_blocks(classes):
    """Yield _PIECE's matches in classes a block at a time: (their class strings, where the first begins).

    A block ends before a space that begins a word (" a"), where every piece ends: findall stopped there finds
    the pieces a scan of the whole finds (none looks past the space, but the whitespace before it, which reads
    a space as a space), faster than the match objects of finditer. Classes with no such space for long are
    scanned PIECE_BLOCK matches at a time."""
    position = 0
    while position < len(classes):
        if len(classes) - position <= BLOCK_CHARACTERS:
            yield _PIECE.findall(classes, position), position
            return
        found = _WORD_AFTER_SPACE.search(classes, position + BLOCK_CHARACTERS, position + 8 * BLOCK_CHARACTERS)
        if found:
            yield _PIECE.findall(classes, position, found.start()), position
            position = found.start()
        else:
            matches = list(itertools.islice(_PIECE.finditer(classes, position), PIECE_BLOCK))
            yield list(map(re.Match.group, matches)), position
            position = matches[-1].end()


BLOCK_CHARACTERS, PIECE_BLOCK = 4096, 1024
_WORD_AFTER_SPACE = re.compile(b" [%s]" % _LETTER)
# A piece beginning "aA" after a symbol's backslash (classes[start - 2:start] in _ESCAPE_AFTER_SYMBOL).
_ESCAPE_THEN_CAPITAL = re.compile(rb"(?<=[ .?=+\\/-]\\)aA")


def _character_tokens(characters, cost):
    """Share cost tokens out over characters, one at least each and never more than a character's UTF-8 bytes."""
    room = [len(c.encode("utf-8", "surrogatepass")) - 1 for c in characters]
    extra = [0] * len(characters)
    left = cost - len(characters)
    while left > 0 and any(room):
        for i, free in enumerate(room):
            if free and left:
                extra[i], room[i], left = extra[i] + 1, free - 1, left - 1
    out = [""] * left  # more tokens than bytes: an estimate no real text reaches
    for character, more in zip(characters, extra):
        out += [""] * more
        out.append(character)
    return out


def byte_tokens(pieces):
    """Return the (token, bytes) the real API's logprobs show for pieces split_tokens made.

    A character written in several tokens (a run of empty pieces, then the character) shows its UTF-8 bytes
    shared over them, each part that is not a whole character written as escapes: 💙 in two tokens is
    `\\xf0\\x9f\\x92` [240, 159, 146] then `\\x99` [153]. Together the bytes give the text back.
    """
    out, waiting = [], 0
    for piece in pieces:
        if not piece:
            waiting += 1
            continue
        raw = piece.encode("utf-8", "surrogatepass")
        if not waiting:
            out.append((piece, list(raw)))
            continue
        parts = min(waiting + 1, len(raw))
        out += [("", [])] * (waiting + 1 - parts)
        # Byte-pair merges join a character's leading bytes, which many characters share, into one token.
        first = len(raw) - parts + 1
        for part in [raw[:first]] + [raw[i:i + 1] for i in range(first, len(raw))]:
            out.append((part.decode("utf-8", "surrogatepass") if part == raw else
                        "".join(f"\\x{b:02x}" for b in part), list(part)))
        waiting = 0
    out += [("", [])] * waiting
    return out


def _content_tokens(content, image_rule, count=count_tokens):
    """Count a message's content: a string, or parts whose texts (and refusals) read as one string.

    An image part adds what the model's image_rule makes of it (vision.image_tokens), an input_audio part its
    sound's audio tokens and a few text tokens (sound), a text file's part its text, its filename and
    FILE_TEXT_TOKENS, chat's file part its PDF's text (pdf.file_text, inline or uploaded) and PDF_FILE_TOKENS, a
    Responses input_file of another kind (pdf_text) its PDF's text and INPUT_FILE_TOKENS; an uploaded text file read
    only until it was past the window (file_tokens, see uploaded.read_text) what was counted of it as a text file.
    """
    if isinstance(content, str):
        return count(content)
    if not isinstance(content, list):
        return 0
    # The parts' texts are concatenated with nothing between them: the API counts [text "You are a
    # helpful assistant.", text "You are a very helpful assistant."] as ".You" being one token.
    texts, extra = [], 0
    for part in content:
        if not isinstance(part, dict):
            continue
        for key in ("text", "refusal"):
            if isinstance(part.get(key), str):
                texts.append(part[key])
        if part.get("type") == "image_url" and isinstance(part.get("image_url"), dict):
            extra += vision.image_tokens(part["image_url"].get("url"), part["image_url"].get("detail"), image_rule)
        elif part.get("type") == "input_audio":
            extra += sound.heard_tokens(part.get("input_audio")) + sound.INPUT_AUDIO_TEXT_TOKENS
        elif part.get("type") == "file_text" and isinstance(part.get("file_text"), str):
            extra += count(part["file_text"]) + count(str(part.get("filename") or "")) + FILE_TEXT_TOKENS
        elif part.get("type") == "file_tokens" and isinstance(part.get("file_tokens"), int):
            extra += part["file_tokens"] + count(str(part.get("filename") or "")) + FILE_TEXT_TOKENS
        elif part.get("type") == "file" and isinstance(part.get("file"), dict):
            extra += count(pdf.file_text(part["file"]) or "") + PDF_FILE_TOKENS
        elif part.get("type") == "pdf_text" and isinstance(part.get("pdf_text"), str):
            extra += count(part["pdf_text"]) + INPUT_FILE_TOKENS
    return count("".join(texts)) + extra


def _has_file(content):
    return isinstance(content, list) and any(isinstance(part, dict) and part.get("type") == "file"
                                             and isinstance(part.get("file"), dict) for part in content)


# What a text file (a Responses input_file of a text/ data URL, as its chat form's file_text part) costs beside its
# text and its filename: a 50-token CSV named penguin_race.csv (5) in a message of its own came to 127 input tokens
# on gpt-5.4-nano (ellmer's cassettes, August 2026), exactly with this and the real tokenizer. Other models' by
# analogy; what the API writes around the text is not known.
FILE_TEXT_TOKENS = 32
# What a PDF sent in chat's file part costs beside its text (pdf.text, counted as text is): 216 for the first of a
# request (PDF_FILES_TOKENS and PDF_FILE_TOKENS), 19 for each other. With the real tokenizer's count of the text
# this comes to every recording of 2025 to February 2026, on three models: W3C's one-page dummy.pdf ("Dummy PDF
# file", 3 tokens) cost gpt-4o 219 inline (April 2025, January 2026) and by file id (November 2025), pydantic-ai's
# cassettes; a one-page PDF of Lorem Ipsum (738 tokens) cost gpt-4.1-nano 954, and two copies of it 1,711
# (ruby_llm's, August 2025); a one-line one ("Travis's favorite food is pizza.", 8) cost gpt-4o-mini 224 by id and
# inline (openai-dotnet's, September 2025 and February 2026). No picture of a page is counted: gpt-4o-mini's would
# cost 2,833 at least. A PDF uploaded to /v1/files costs by id what it costs inline (its text is read from the
# store); an id fauxpen does not have costs the constant alone. An August 2026 recording on
# gpt-4.1-nano (ellmer's, a one-page PDF of 38 tokens: 1,033) came 780 over this, not followed for want of another.
PDF_FILES_TOKENS = 197
PDF_FILE_TOKENS = 19
# What a Responses input_file that is not a text file costs beside its PDF's text: dummy.pdf cost gpt-4o and
# gpt-4.1-nano 7 inline and by web address (pydantic-ai's cassettes, December 2025 and January 2026), a text of 38
# tokens gpt-5-nano and gpt-4.1 38 (ellmer's and chatlas's, October and December 2025; this makes 42) and gpt-5.4
# and -nano 51 (chatlas's and ellmer's, July and August 2026; 9 under: as chat's of August 2026, a later way of
# reading PDFs, not followed). A web address's text, or that of a file id fauxpen does not have, is not seen: it
# costs this alone. A PDF uploaded to /v1/files costs by id what it costs inline, as in chat: one session of August
# 2025 (openai-dotnet's, gpt-4o-mini) had a one-line PDF cost 13 more by id (45) than inline (32), not followed.
INPUT_FILE_TOKENS = 4


def count_heard_tokens(messages):
    """Count the audio tokens of the sounds in a chat prompt's input_audio parts (what usage counts apart)."""
    return sum(sound.heard_tokens(part.get("input_audio")) for message in messages
               if isinstance(message.get("content"), list)
               for part in message["content"] if isinstance(part, dict) and part.get("type") == "input_audio")


# Calls an assistant made together are written in a wrapper that names each (multi_tool_use.parallel): 8 tokens and
# 4 a call more than the calls alone. Two calls and their answers cost 23 more than fauxpen's count of them alone
# on gpt-4o (recorded in October 2025 and January 2026, Mirascope's cassettes) and 12 more on gpt-4o-mini
# (February 2026, openinference's).
PARALLEL_CALLS_WRAPPER = 8
PARALLEL_CALL_TOKENS = 4


def _tool_calls_tokens(calls, count=count_tokens, wrapped=True):
    """Count an assistant's tool calls: each function's name and arguments, each custom tool's name and input,
    and (wrapped: in chat) the wrapper of calls made together. The name is counted as the call writes it, after
    `functions.`, its first word taking the dot (count_called_name_tokens)."""
    total = 0
    if wrapped and isinstance(calls, list) and len(calls) > 1:
        total += PARALLEL_CALLS_WRAPPER + PARALLEL_CALL_TOKENS * len(calls)
    for call in calls if isinstance(calls, list) else ():
        function = (call.get("function") or call.get("custom")) if isinstance(call, dict) else None
        if isinstance(function, dict):
            total += sum(count(compact_arguments(function[key]) if key == "arguments" else
                               "." + function[key] if key == "name" and function[key] else function[key])
                         for key in ("name", "arguments", "input") if isinstance(function.get(key), str))
    return total


def compact_arguments(arguments):
    """A call's arguments as the prompt writes them: a JSON object compact, whatever spacing it was sent with (the
    same call and its answer cost 30 tokens on gpt-4o-mini sent compact, November 2025, and with json.dumps's
    spaces, July 2026); other text as sent."""
    if not arguments.startswith("{") or ": " not in arguments and ", " not in arguments:
        return arguments  # compact already (as the API writes them), or not an object: nothing to parse
    try:
        value = json.loads(arguments)
    except (ValueError, RecursionError):
        return arguments
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False) if isinstance(value, dict) else arguments


def count_chat_prompt_tokens(messages, assistant_framing=0, image_rule=vision.DEFAULT_RULE, count=count_tokens,
                             wrapped=True, tool_result_framing=0, addressed=False, named=False):
    """Count a chat prompt's tokens as OpenAI does: 3 a message plus its strings, 1 a name, 3 to prime;
    assistant_framing: what a model writes more around an assistant's message (2 on the gpt-5.6 models: a
    conversation of "ping", an assistant's refusal "no" and "ping" counts 19 where the cookbook's count is 17,
    captured on gpt-5.6-terra in September 2026, as the channel the models' prompt format names in an assistant's
    message would take; on gpt-5.4, 57 for three turns of 41 tokens, req_llm's fixtures of September 2026);
    wrapped: calls made together cost their wrapper (chat's; the Responses API's items do not:
    two adjacent calls and their outputs cost what they do one after the other, within the estimate, in two
    recordings of September 2026 on gpt-4o and gpt-4o-mini, where the wrapper made them 7 and 12 over);
    tool_result_framing: what a model writes more around a call's answer (the reasoning models: a call and its
    answer cost 6 more on gpt-5 and o4-mini than on gpt-4o, in chat in October 2025 and in the Responses API in
    June 2026, on byte-identical requests, and 6 more on gpt-5.4-nano in chat in September 2026; gpt-5's and
    gpt-5.4's assistant_framing is 2 of them); addressed: count calls and answers as the models of o200k that do
    not reason are written them (_addressed_calls_tokens); named: a call's answer names its function again
    (count_name_tokens), as gpt-5.4 writes it in the Responses API (see count_model_prompt_tokens)."""
    total = 3
    files = False  # whether a message has a file part: the prompt then costs PDF_FILES_TOKENS more, once
    called = {} if addressed else None  # each call's id: its function's name, for the answer that names it
    names = {}  # named: each call's id: what its function's name costs its answer
    together = set()  # named: the ids of calls made together, whose answers the group's framing covers
    for message in messages:
        role = message.get("role")
        total += 3 + (assistant_framing if role == "assistant" else 0)
        content = message.get("content")
        if len(message) == 2 and content.__class__ is str and role.__class__ is str:
            total += count(role) + count(content)  # most messages: a role and its text, as the loop counts them
            continue
        for key, value in message.items():
            if key == "content":
                total += _content_tokens(value, image_rule, count)
                if not files and isinstance(value, list):  # a text content has no file: no call
                    files = _has_file(value)
            elif key == "tool_calls":
                grouped = named and isinstance(value, list) and len(value) > 1
                total += (_tool_calls_tokens(value, count, wrapped and not grouped) if called is None else
                          _addressed_calls_tokens(value, count, wrapped, called))
                if named and isinstance(value, list):
                    names.update((call["id"], count_called_name_tokens(call["function"]["name"])) for call in value
                                 if isinstance(call, dict) and isinstance(call.get("id"), str)
                                 and isinstance(call.get("function"), dict)
                                 and isinstance(call["function"].get("name"), str))
                if grouped:
                    total += NAMED_PARALLEL_TOKENS - assistant_framing + NAMED_PARALLEL_CALL_TOKENS * len(value)
                    together.update(call["id"] for call in value
                                    if isinstance(call, dict) and isinstance(call.get("id"), str))
            elif key == "function_call" and isinstance(value, dict):
                total += _tool_calls_tokens([{"function": value}], count)
            elif key == "tool_call_id":  # not its text: the id is not in the prompt (recorded)
                own = value if isinstance(value, str) else None  # a list or an object: refused after the count
                total += (names.get(own, 0) if own in together else
                          TOOL_RESULT_TOKENS + tool_result_framing + names.get(own, 0) if called is None else
                          called.get(own, ADDRESSED_RESULT_TOKENS))
            elif key == "name" and called is not None and message.get("role") == "tool":
                pass  # the answer is written from functions.NAME, whatever the message names (_addressed_calls_tokens)
            elif isinstance(value, str):
                total += count(value) + (key == "name")
    return total + (PDF_FILES_TOKENS if files else 0)


# On the models of o200k that do not reason (gpt-4o, gpt-4o-mini, gpt-4.1 and its minis) the API writes a call as
# an assistant's message to its function, ` to=functions.NAME` (3 tokens and the name's: the name's first word
# takes the dot, `.get`), the arguments (compact JSON) its content, and the call's answer as a message from
# `functions.NAME` (the name's tokens again, where the tool's role was) and, in chat, 2 tokens more; in the Responses
# API each function_call item is a message of its own (4 tokens: the framing and role chat's calls share) and its
# output costs nothing more. With the real o200k tokenizer this comes to the recorded prompt of every single call
# (pydantic-ai's cassettes, January 2026, gpt-4o, gpt-4o-mini and gpt-4.1-mini: one call, and two turns of one;
# openai-dotnet's ConsecutiveToolCalls, September 2025, gpt-4o-mini: two turns; in the Responses API one call on
# gpt-4o, pydantic-ai's and fantasy's, and two adjacent on gpt-4o-mini, 2026). Calls made together in chat are one
# message to multi_tool_use.parallel (` to=multi_tool_use.parallel` and a JSON of each call's recipient and
# parameters, as the model writes them: 11 tokens and 8 a call beside the names and arguments), their answers 2 more
# each, unnamed: two calls and their answers added 70 tokens on gpt-4o-mini (openai-dotnet's ParallelToolCalls,
# September 2025) and 74 on gpt-4o (Mirascope's cassettes, September 2025); with the real tokenizer's counts this
# comes a token under the first and to the second exactly (tests/test_tool_tokens.py). A chat tool message's own
# `name` (the SDK's types lack it; the API takes it) costs nothing: answers named check_weather and
# call_this_function_twice came to their unnamed count exactly with the real tokenizer (gpt-4o, raix's cassettes of
# November 2024 and June 2025), where the name's text and 1 came 3 and 12 over.
RECIPIENT_TOKENS = 3
ADDRESSED_RESULT_TOKENS = 2
PARALLEL_RECIPIENT_TOKENS = 11
PARALLEL_USE_TOKENS = 8
RESPONSES_CALL_MESSAGE = 4
# A function call a stored response made alone, brought back by previous_response_id, is read again as the model
# wrote it: 3 tokens more than the same call sent back as an item (its output tokens, the name's, the arguments' and
# 8, and 2 before them), as every such turn of gpt-4o came to with the real tokenizer (vllm-project/agentic-api's
# cassettes, June-July 2026: ten turns, the 3turn and parallel cassettes' three in tests/test_tool_tokens.py; the
# calls sent as items, pydantic-ai's and fantasy's, exact); calls made together, which the model writes in one
# wrapper, are written again as items (the parallel cassette's pair: exact).
STORED_CALL_TOKENS = 3


def _addressed_calls_tokens(calls, count, wrapped, called):
    """Count an assistant's calls as the models of o200k that do not reason are written them (see RECIPIENT_TOKENS);
    called: each call's id to what its answer costs beside its content, filled in."""
    if not isinstance(calls, list):
        return 0
    functions = [(call, (call.get("function") or call.get("custom")) if isinstance(call, dict) else None)
                 for call in calls]
    functions = [(call, function) for call, function in functions if isinstance(function, dict)]
    together = wrapped and len(functions) > 1
    total = PARALLEL_RECIPIENT_TOKENS if together else 0
    for index, (call, function) in enumerate(functions):
        name = function.get("name") if isinstance(function.get("name"), str) else ""
        named = count_called_name_tokens(name) if name else 0
        arguments = function.get("arguments", function.get("input"))
        arguments = compact_arguments(arguments) if isinstance(arguments, str) else ""
        total += (1 if arguments == "{}" else count(arguments) if arguments else 0) + named
        if together:
            total += PARALLEL_USE_TOKENS
        else:
            total += RECIPIENT_TOKENS + (RESPONSES_CALL_MESSAGE if index and not wrapped else 0) + (
                STORED_CALL_TOKENS if call.get("written") else 0)
        if isinstance(call.get("id"), str):
            called[call["id"]] = (ADDRESSED_RESULT_TOKENS if together else
                                  named + (ADDRESSED_RESULT_TOKENS if wrapped else 0))
    return total


# gpt-5.4 in the Responses API (responses_named_results): a function_call_output names its function again, as the
# call does, and calls made together cost a framing of their own (below), where the other models' adjacent items
# cost none. chatlas's cassettes of July 2026, with the real tokenizer: a
# call and its output cost 31 for get_date (its name 2 tokens), 34 for weather_forecast (3) and 32 for equipment
# (written `.e|quipment`, 2), each 20 and the name twice beside the arguments and output (six turns; fauxpen
# counted the name once), and two calls of favorite_color made together and their outputs 74, the pairs' 58 and 16
# (one recording). Calls made together and their outputs cost 21 tokens and 13 a call beside their names (each
# twice), arguments and outputs, whatever the model frames a lone call and its output in (18 beside them):
# chatlas's two calls of favorite_color above and ellmer's gpt-5.4-nano cassettes of August 2026, two calls of
# user_favorite_color (4 tokens) in two recordings (79 added each) and four (167), each exact with the real
# tokenizer, where chat's wrapper over lone calls' framing (8, and 4 a call) made the four 13 over: the group's
# NAMED_PARALLEL_TOKENS beside the assistant's message (3), NAMED_PARALLEL_CALL_TOKENS a call beside its output's
# message (3). The GPT-6 models write them so too, framed as gpt-5.4 frames them: rig's cassettes of gpt-6-sol,
# -luna, -astra and gpt-6.1-sol (October 2026), a call and its output adding 36, 36, 54 and 108 as here with the real
# tokenizer, a call of `{}` its 31 and a conversation of 21 items its 561 (gpt-6-sol) and 583 (gpt-6.1-sol) with
# each name as written after the dot (count_called_name_tokens), two made together 4 under their 85.
NAMED_PARALLEL_TOKENS = 18
NAMED_PARALLEL_CALL_TOKENS = 10


def count_model_prompt_tokens(messages, model, wrapped=True):
    """Count a chat prompt's tokens as the model frames its messages, prices their images and tokenizes their text
    (o200k past the models whose vocabulary ends at cl100k's <|endoftext|>, 100257); wrapped: see
    count_chat_prompt_tokens."""
    capabilities = model.capabilities
    named = not wrapped and model.supports("responses_named_results")
    return count_chat_prompt_tokens(messages, capabilities.get("assistant_framing", 0),
                                    capabilities.get("image_tokens", vision.DEFAULT_RULE), model_count(model),
                                    wrapped or named, capabilities.get("tool_result_framing", 0),
                                    writes_to_functions(model), named)


def model_count(model):
    """The estimate a model's prompt text is counted with: cl100k's, or o200k's past the models whose vocabulary
    ends at cl100k's <|endoftext|>."""
    return count_tokens if model.max_token_id <= CL100K_LAST_ID else count_tokens_o200k


def writes_to_functions(model):
    """Tell whether the API writes the model's tools and calls as fauxpen has measured them on the models of o200k
    that do not reason: its functions a TypeScript namespace (count_namespace_tokens), its calls messages to
    `functions.NAME` (_addressed_calls_tokens)."""
    return model.max_token_id > CL100K_LAST_ID and not model.supports("reasoning")


def count_text_prompt_tokens(messages, model):
    """Count a chat prompt's tokens as chat's search models do: their messages' contents alone, no framing (9 for
    the 9-token question alone, where gpt-4o counts 15, openai-dotnet session records of September 2025 to
    February 2026; 14 = 6 + 8 for a system and a user message, 12 = 6 + 6 and 26 = 16 + 10 in three more
    recordings of 2025)."""
    image_rule = model.capabilities.get("image_tokens", vision.DEFAULT_RULE)
    return sum(_content_tokens(message.get("content"), image_rule, count_tokens_o200k) for message in messages)


CL100K_LAST_ID = 100257

# What a tool message's answer to a call costs beside its content, whatever the call's id: a call and its answer
# cost 21 tokens more than the messages before them in four gpt-4o recordings of January 2026, each with its own
# id (pydantic-ai's cassettes), 6 more than the cookbook's count of their text without the id.
TOOL_RESULT_TOKENS = 6


def count_function_tokens(functions, function_start, framing=0, undescribed=(0, 0)):
    """Count what the definitions of functions (tools or legacy functions) add to a chat prompt; framing: what the
    model's prompt adds once for them beyond the definitions (the gpt-5.6 models': one function `f` without
    parameters, beside the prompt "ping" of 7 tokens, counts 111 in chat and 107 in the Responses API, captured on
    gpt-5.6-terra in September 2026).

    The API writes them into the prompt; OpenAI's cookbook counts them as function_start tokens a function
    (7 for gpt-4o models, 10 for gpt-4 and gpt-3.5-turbo), its `name:description`, 3 to open its properties,
    3 and `key:type:description` for each property, 3 less for an enum and 3 and the text for each of its
    values, and 12 to close the list. Descriptions lose a final full stop. undescribed: what a parameter
    without a description costs less, and a function with any such (UNDESCRIBED_PARAMETER_SAVING).
    """
    total = 0
    for function in functions:
        # An empty description is left out with its colon (recorded on gpt-4o-mini, July 2026: 53 prompt tokens
        # where `name:` would give 54); one not sent keeps it (the gpt-5.6 captures were fitted with it).
        described = function.get("description")
        # A camelCase name is as many tokens as its words (getCurrentWeather: get|Current|Weather, recorded on
        # gpt-4.1 in January 2026), where the estimate reads it as one word.
        name = _CAMEL.sub(r"\1 \2", str(function.get("name")))
        total += function_start + (count_tokens(name) if described == "" else _line_tokens(name, described)) \
            + _comment_breaks(described)
        parameters = function.get("parameters")
        properties = parameters.get("properties") if isinstance(parameters, dict) else None
        if not isinstance(properties, dict) or not properties:
            continue
        properties = {key: _resolved(spec, parameters) if isinstance(spec, dict) else spec
                      for key, spec in properties.items()}
        required = parameters.get("required") if isinstance(parameters.get("required"), list) else ()
        total += 3 + _title_tokens(parameters) + sum(
            3 + _property_tokens(key, spec, root=parameters, optional=key not in required)
            for key, spec in properties.items())
        bare = sum(isinstance(spec, dict) and _description_of(spec) is None for spec in properties.values())
        total -= undescribed[0] * bare + undescribed[1] if bare else 0
    return total + 12 + framing if functions else 0


# What a function's parameter without a description costs the GPT-6 models less than the cookbook counts it, and
# a function with any such (capability undescribed_parameter_saving): with the real tokenizer, rig's cassettes of
# gpt-6-sol, -luna and gpt-6.1-sol (October 2026) came to it exactly on seven requests (two functions of one
# integer each, 6 over before, three times; one of two integers, 5; an extraction of three strings, 7; two
# functions of two integers in chat, 10; four functions of four such parameters beside a nested object's, 11)
# and within 1 on four (chat's two of one integer, 5 over, three times; two functions of four parameters, 11).
# gpt-5.4's chat, and its -mini's and -nano's, count them so too (and frame them in 85): their requests in rig's
# cassettes of 2026 came 81 over the same requests' on GPT-6 in the Responses API (the three models' alike), gpt-5.4's
# 13 of 18 exactly with the real tokenizer, where 84 and the cookbook's count made them 9 over to 1 under.
# A parameter of a referenced ($ref) type is counted as the definition it names, written where it is used, as the
# namespace writes one (_resolved): gpt-6-sol's store_profile (rig's cassettes, October 2026), a `$ref` to an enum
# and one to an object of two undescribed properties beside two plain ones, came 12 under its 185 input tokens with
# the real tokenizer where its $defs were not written, 1 over so.
UNDESCRIBED_PARAMETER_SAVING = (2, 1)


# What the tools' section of the prompt costs beside the functions' text: its `# Tools` and `## functions` headings
# (and, with no system or developer message to append them to, a system message of their own: 4 more), the
# namespace's first line and its closing `} // namespace functions`. Fitted with the real o200k tokenizer to the
# namespace text of nine recordings of 2025-2026 (pydantic-ai's cassettes, openai-dotnet's session records and rig's
# cassettes, gpt-4o, gpt-4o-mini and gpt-4.1-mini): 15 in all without a system message and 11 with one, in chat and
# in the Responses API alike.
NAMESPACE_TOKENS, NAMESPACE_SYSTEM_SAVING = 15, 4


def count_namespace_tokens(functions, count=count_tokens_o200k, system=False, framing=0, responses=False):
    """Count what function definitions add to a prompt as the API writes them, a TypeScript namespace:

        namespace functions {

        // Get the weather
        type get_weather = (_: {
        // The city, e.g. Paris
        city: string,
        unit?: "celsius" | "fahrenheit",
        }) => any;

        } // namespace functions

    under `# Tools` and `## functions` headings, in the system message (system: the prompt has one to append them
    to; else they make one). The structure's tokens are counted as o200k writes them, where a comment's `//` joins
    the line break before it and a final full stop (or ?, !, a bracket) the break after it; the text of names,
    keys, descriptions and enum values by count (fauxpen's estimate, o200k's by default); framing: what the model
    adds once beyond (as count_function_tokens); responses: the Responses API's (RESPONSES_SYSTEM_SAVING)."""
    total = NAMESPACE_TOKENS - (NAMESPACE_SYSTEM_SAVING if system else 0) + framing
    described = taking = empty = False
    for function in functions:
        total += _comment_tokens(function.get("description"), count) + count_name_tokens(str(function.get("name")))
        parameters = function.get("parameters")
        properties = parameters.get("properties") if isinstance(parameters, dict) else None
        if not isinstance(properties, dict) or not properties or function.get("type") == "custom":
            total += 6  # `type`, ` =`, ` ()`, ` =>`, ` any` and `;` with the blank line after it
            if parameters == {} and function.get("type") != "custom":
                total += EMPTY_SCHEMA_TOKENS
                empty = True
            continue
        # `type`, ` =`, ` (_`, `:`, ` {`, the properties, `})`, ` =>`, ` any`, `;` (line breaks joining them), and
        # the schema's own title (its text and NAMESPACE_TITLE_TOKENS)
        total += 9 + _title_tokens(parameters, NAMESPACE_TITLE_TOKENS) \
            + _object_tokens(parameters, count, 0, parameters)
        taking = True
        described = described or any(isinstance(spec, dict) and _comment_of(spec) for spec in properties.values())
    return (total + (DESCRIBED_TOKENS if described or not taking else 0)
            - (RESPONSES_SYSTEM_SAVING if responses and system and not empty else 0))


# One token more, once, where a parameter is described or no function takes parameters: the recordings' namespaces
# cost 9 beyond their text with the real tokenizer in eleven such requests (gpt-4o-mini, gpt-4o and gpt-4.1, 2024 to
# 2026), 8 in the four of functions taking parameters none described (gpt-4o, gpt-4.1-mini, gpt-4o-mini). What the
# API writes for it is not known.
DESCRIBED_TOKENS = 1

# A function whose parameters are an empty schema, `{}` (no type, no properties), takes one argument of any type:
# `(_: any)` where `()` is written for an object of no properties, 3 tokens more. A gpt-4o-mini function sent with
# `parameters: {}` cost 43 input tokens in the Responses API (openai-dotnet's session records, 2025-2026), 4 over the
# real tokenizer's count of `()` (39) and exactly this with the token once of functions taking none. `(_: object)`
# and `(_: {\n})` cost the same: what the API writes is not known beyond its count.
EMPTY_SCHEMA_TOKENS = 3

# In the Responses API functions cost 2 tokens fewer, once, than in chat when a system or developer message takes
# them: gpt-4.1-nano's strict `current_date` (and `current_month`), of no parameters, came 2 under chat's count with
# the real tokenizer in three creates of October 2025 (59, 81, 125) and an input_tokens of June 2026 (42), where
# chat's same two functions came to it exactly (78, August 2026; ellmer's cassettes); gpt-4o's `weather` of a
# described location beside a developer message 58 (fantasy's cassettes, June 2026), 60 by chat's count; the OpenAI
# Agents SDK's titled tools beside instructions (72 and 72, openllmetry's, 2025) 2 under chat's count of their
# titles, exact so. Without a system message they do not: gpt-4o's `get_user_country` beside a json_schema format
# came a token over chat's count (73, pydantic-ai's cassettes), gpt-4.1-mini's get_weather to it (51); functions
# sent with `parameters: {}` are not counted so (43 above). What the API writes for them is not known beyond the
# count.
RESPONSES_SYSTEM_SAVING = 2


def _comment_tokens(description, count):
    """Count a description written as `// ` comment lines: each line's text and its line break (a final mark or two
    with it, _FINAL_MARKS), and the `//` of each line after the first (the first joins the break before it; so does
    the next line's after a single final mark of _SLASH_JOINING_END in o200k, whose `.\n//` is one token, where
    `?\n`, `".\n` or `).\n` is not followed so, and cl100k writes `.\n` and `//` apart). A line's indentation costs
    nothing, nor does a blank line (its `//` joins the next): MCP tools' docstrings, indented, split by a blank line
    and opening with sentences, came to four gpt-4o recordings of late 2025 (llama-stack's: 490, 507, 156 and 195
    prompt tokens) so, each exact with the real tokenizer (its names too), where the lines as sent made two of them
    9 and 31 over and the `//` after a full stop counted apart 5, 5, 1 and 1."""
    if not isinstance(description, str) or not description.strip():
        return 0
    lines = [line for line in map(str.strip, description.split("\n")) if line]
    return sum(count(" " + _FINAL_MARKS.sub("", line)) + 1 for line in lines) + sum(
        count is count_tokens or not _SLASH_JOINING_END.search(line) for line in lines[:-1])


# A line's final mark or two (a full stop, `?`, `)`, `:`, a closing quote, `".`, `').`) and its line break are one o200k
# token, as its pre-tokenizer keeps marks with the line breaks after them: a gpt-5.4 tool whose parameter's
# description ends `or "image".` (brainlid/langchain's openai_phase fixture, September 2026: 175 input tokens) and a
# gpt-5.4-nano one ending `for example 'Paris'.` (logfire's cassettes, September 2026: 88) came a token over each
# with the real tokenizer where only a final full stop joined it, exact so.
_FINAL_MARKS = re.compile(r"[^\w\s]{1,2}$")
# A line's one final mark that o200k writes in one token with the break and the next line's `//` (its vocabulary's
# `.\n//`, `!\n//`, `)\n//`, `:\n//`, `,\n//`, `;\n//`, `"\n//`, `*\n//`; not `?` nor two marks).
_SLASH_JOINING_END = re.compile(r"(?:^|[\w\s])[.!):,;\"*]$")


def _object_tokens(schema, count, depth, root=None, memo=None):
    """Count an object's property lines: `key: type,` or `key?: type,` (`:` and `?:` a token each, `,` and the line
    break one), each after its description's comment lines; a nested object's are not indented (a gpt-4o tool
    holding an itinerary object that holds a lodging object counted 177 input tokens, September 2026, as its
    namespace does unindented with the real tokenizer, within 1; indented by four spaces a line, 8 more).
    memo: the counts of the objects already counted at a depth in this walk (see _memoized)."""
    memo = {} if memo is None else memo
    return _memoized(memo, "object", schema, depth, lambda: _object_lines(schema, count, depth, root, memo))


def _memoized(memo, kind, schema, depth, work):
    """Return work()'s count of schema at depth, worked out once a walk: a schema that refers to itself several
    times (a node of five children of its own type) is written out to its depth limit as a tree, five to the
    eighth times, which took a worker 10 to 16 s to walk; it is the same count each time at the same depth. The
    memo keeps each schema beside its count, so that its id names no other object while the walk lasts."""
    key = (kind, id(schema), depth)
    found = memo.get(key)
    if found is None:
        found = memo[key] = (schema, work())
    return found[1]


def _object_lines(schema, count, depth, root, memo):
    """_object_tokens' count, worked out; a line ending in a bare value (LOOSE_BREAK_TOKENS) costs the comment line
    after it a token more in o200k."""
    total, loose = 0, False
    required = schema.get("required") if isinstance(schema.get("required"), list) else ()
    for key, spec in schema["properties"].items():
        spec = _typed_union(_resolved(spec if isinstance(spec, dict) else {}, root))
        described = _description_of(spec)
        title = _title_tokens(spec, NAMESPACE_TITLE_TOKENS) if described else 0
        listed = _listed_items(spec, root)
        branches = _commented_branches(spec, root) if listed is None else None
        text = _comment_of(spec)
        if listed is not None or branches:  # the property's own keywords a comment line, after its description
            text = "\n".join(line for line in (text, _keywords_text(spec)) if isinstance(line, str) and line.strip())
        comment = _comment_tokens(text, count)
        examples = _examples_tokens(spec, count)
        if loose and (title or comment or examples) and count is not count_tokens:
            total += LOOSE_BREAK_TOKENS
        total += title + comment + count_name_tokens(str(key)) + 2 + examples + NULLABLE_TOKENS * _nullable(spec)
        if listed is not None:  # ` Array`, `<` and its line break, the items' type and comment; `>` joins `,\n`
            total += ARRAY_OPEN_TOKENS + _type_tokens(listed, count, depth + 1, root, memo) \
                + _default_tokens(listed, count)
            loose = True
        elif branches:  # `key?:` apart from its line break (`:\n`), then ` | type` and its comment or break a branch
            total += (key not in required) + sum(
                1 + _type_tokens(branch, count, depth + 1, root, memo)
                + (_default_tokens(branch, count) if _keyword_items(branch) else 1) for branch in branches)
            loose = False
        else:
            total += _type_tokens(spec, count, depth, root, memo) + _default_tokens(spec, count)
            keywords = _keyword_items(spec)
            loose = bool(keywords) and keywords[-1][2] is None
    return total


# An array whose items carry keywords is written `Array<`, the items' type and their comment on a line of its own,
# then `>`, and its own keywords (`minItems`, `maxItems`) a comment line above it, after its description, as
# ChatGPT's public rendering of an app's tools (2026) writes subagent_result's `turn_ids`:
#     // Turn IDs returned by subagent_run calls. Use to retrieve the exact submitted turns concurrently.
#     // minItems: 1, maxItems: 3
#     turn_ids: Array<
#     string // maxLength: 128
#     >,
# (` Array` and `<\n` a token each, `>,\n` one, `>|,\n//` two before a comment line), which comes to its text
# exactly with the real tokenizer, 8 under as `string[]` with no comment of its items. An array of objects keeps the
# `{ ... }[]` the recordings were fitted to (the rendering's `Array<{ ... }>` not recorded against the API).
ARRAY_OPEN_TOKENS = 2


def _commented_branches(spec, root):
    """Return the branches of a union property (anyOf or oneOf, no type of its own) one of which has keywords,
    written a line each after `key?:` as OpenAI's renderer writes them (a public dump of ChatGPT's web tool's
    prompt, 2026: `// default: null`, `recency?:`, ` | integer // minimum: 0`, ` | null`, `,`, the property's
    default a comment line above it, as harmony writes a oneOf), else None. With the real tokenizer a function holding
    that property and its neighbours as dumped comes to their text exactly so, 8 under as `integer | null, // default:
    null`; a union without keywords stays on its line (`domains?: string[] | null, // default: null`)."""
    union = spec.get("anyOf", spec.get("oneOf")) if "type" not in spec else None
    if not isinstance(union, list):
        return None
    branches = [_resolved(branch, root) if isinstance(branch, dict) else {} for branch in union]
    return branches if any(_keyword_items(branch) for branch in branches) else None


# What a property's schema keeps for itself when its list of types is written as a union (_typed_union); the rest
# (its keywords, an array's items) goes to each branch of a type but null.
_UNION_OWN = ("description", "title", "default", "examples", "nullable")


def _typed_union(spec):
    """Return a property of a list of types (`"type": ["integer", "null"]`) one of which has keywords as the union
    of those types, a branch each (`anyOf`), its keywords on the branches but null, as the renderer writes it
    (_commented_branches: `times?:`, ` | integer // minimum: 0`, ` | null`, `,`); else the property. rig's
    repeat_text, whose optional `times` is schemars' Option<u32> (`["integer", "null"]`, format uint32, minimum 0),
    came to 125 input tokens on gpt-5.4 and gpt-6-sol in the Responses API and 206 prompt tokens on gpt-5.4 in chat
    (September and October 2026), each 9 over the request without the two keywords: written so (uint32 not written,
    UNWRITTEN_FORMATS), the real tokenizer's count of the line is exactly 9 more, where `times?: integer | null, //
    format: "uint32", minimum: 0` (what fauxpen counted, 3 over each) is 12 and `// minimum: 0` on the line 6. One
    request fits both the format left out and the branches, a union as the web tool's dump writes pydantic's anyOf;
    symfony/ai's gpt-5-mini search (145, September 2026), whose `departureDate` is `["string", "null"]` of format
    date-time in an anyOf's object, comes 2 over so with the real tokenizer (1 under on its line), as its shipping
    order does (189), whose one `format: "date-time"` is on a line of a single type."""
    kinds = spec.get("type")
    if not isinstance(kinds, list) or len(kinds) < 2 or any(key in spec for key in ("anyOf", "oneOf", "enum")):
        return spec
    rest = {key: value for key, value in spec.items() if key not in _UNION_OWN and key != "type"}
    branches = [{**rest, "type": kind} if kind != "null" else {"type": "null"} for kind in kinds]
    if not any(_keyword_items(branch) for branch in branches):
        return spec
    return {**{key: value for key, value in spec.items() if key in _UNION_OWN}, "anyOf": branches}


def _listed_items(spec, root):
    """Return the items of an array property that carry keywords of their own (written `Array<` ... `>`), else
    None; an array of objects or of arrays is not."""
    items = spec.get("items") if spec.get("type") == "array" else None
    if not isinstance(items, dict):
        return None
    items = _resolved(items, root)
    return items if _keyword_items(items) and items.get("type") != "array" and _nested_object(items) is None \
        else None


def _keywords_text(spec):
    """A property's default and keywords as its comment writes them: `minItems: 1, maxItems: 3`."""
    return ", ".join(f"{key}: " + (value if quoted is None else f"{quoted}{value}{quoted}")
                     for key, value, quoted in _keyword_items(spec))


# A property's comment of keywords ending in a bare value (a number, `false`, an enum's default: `maxLength: 64`)
# leaves its line break apart from the `//` of a comment line after it, where o200k writes `,\n//`, `"\n//` and
# `/\n//` in one token each (`64|\n|//`): a token more. The shell tools of ChatGPT's public rendering of an app's
# tools (2026) come to its text with the real tokenizer so, their keywords' comments above, where a next
# property's description after `maxLength: 64` or `maximum: 270000` made shell_poll 4 under.
LOOSE_BREAK_TOKENS = 1


# What OpenAPI's `nullable: true` costs: ` | null` after the property's type, unless its type has null already, as
# OpenAI's harmony renderer (openai/harmony) and ChatGPT's rendering of an app's tools write it.
NULLABLE_TOKENS = 2


def _nullable(spec):
    """Tell whether a property's `nullable: true` adds ` | null` to its type (one without null among its types)."""
    if spec.get("nullable") is not True:
        return False
    kind, branches = spec.get("type"), spec.get("anyOf", spec.get("oneOf"))
    return not ((isinstance(kind, list) and "null" in kind) or (isinstance(branches, list) and any(
        isinstance(branch, dict) and branch.get("type") == "null" for branch in branches)))


def _examples_tokens(spec, count):
    """Count a property's string examples, written after its description as OpenAI's harmony renderer writes them:
    `// Examples:` and a line `// - "text"` each (not a string: left out)."""
    examples = spec.get("examples")
    texts = [example for example in examples if isinstance(example, str)] if isinstance(examples, list) else []
    return _comment_tokens("\n".join(["Examples:"] + [f'- "{text}"' for text in texts]), count) if texts else 0


def _default_tokens(spec, count):
    """Count a property's default and its other keywords, written after its line's `,` as one comment, as OpenAI's
    renderer writes them (ChatGPT's rendering of an app's tools, 2026: `shell_id?: string, // default: "default",
    minLength: 3, maxLength: 64`; `wait_ms?: integer, // default: 3000, minimum: 0, maximum: 10000`; `url: string, //
    format: "uri"`; `task_slug: string, // minLength: 1, maxLength: 64, pattern: /^[a-z0-9]+$/`): ` //`, then each
    `key: value` (the key's tokens and `:`) after a `,`. A default string is quoted (` "`, the text, and `"` joining
    the `,` or line break after it), an enum's too, any other value as its compact JSON; a format quoted, a
    pattern between slashes (the last joining what follows), a number as JSON writes it (` ` and its digits, then the
    `,` or line break apart). gpt-4o's get_current_weather, whose `unit` defaults to "fahrenheit", came to 70 and 117
    prompt tokens in November 2024 (magentic's cassettes), 7 over its namespace without it, exactly this with the real
    tokenizer; rig's repeat_text, whose optional `times` is of format uint32 and minimum 0, 125 input tokens on
    gpt-5.4 in the Responses API (September 2026), 9 over its namespace without them: the minimum alone, on a union's
    branch (_typed_union)."""
    items = _keyword_items(spec)
    if not items:
        return 0
    total, joined = 1, False  # ` //`; joined: the last value's closing mark took the `,` or line break after it
    for index, (key, value, quoted) in enumerate(items):
        total += (not joined if index else 0) + count(" " + key) + 1  # the `,` before it, the key and `:`
        if quoted is None:  # an unquoted text: ` `-led, the `,` or line break after it apart
            total, joined = total + count(" " + value), False
        elif quoted == "/":  # ` /` joins the pattern's first marks (` /^[`), its closing `/` what follows
            total, joined = total + count(" /" + value) + 1, True
        else:  # ` "`, the text, the closing `"` joining what follows; `""` one token
            total, joined = total + (1 + count(value) if value else 0) + 1, True
    return total + (not joined)


# The keywords OpenAI's renderer writes in a property's comment after its default, in this order (ChatGPT's rendering
# of an app's tools: `// default: 3000, minimum: 0, maximum: 10000`, `// minLength: 1, maxLength: 64, pattern:
# /.../`), an array's counts alone of them (`// minItems: 1, maxItems: 3`).
KEYWORDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength",
            "pattern", "format")
ARRAY_KEYWORDS = ("minItems", "maxItems")
# The formats OpenAPI gives its number types (an integer's width, a number's precision), which the API does not
# write: rig's add tool, `a` and `b` of format int64 (schemars' i64), came to its input tokens on gpt-5.4 in the
# Responses API (84, 188 beside a final_result of another int64) and on the GPT-6 models as their namespace without
# them, where each written would cost 7 (September and October 2026); and its repeat_text's uint32 (schemars' u32,
# _typed_union); int8, int16, int32, the other unsigned widths, float and double by analogy.
UNWRITTEN_FORMATS = frozenset({"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float",
                               "double"})


def _keyword_items(spec):
    """A property's default and keywords as its comment writes them: (key, text, quoted), quoted None for a text
    written bare, else the marks around it (`"` or `/`)."""
    items = []
    if "default" in spec:
        value = spec["default"]
        # An enum's default string is quoted too, as any string is, where OpenAI's harmony renderer (openai/harmony,
        # src/encoding.rs) writes it bare: gpt-4o-mini's getCurrentWeather, an optional `unit` of celsius or
        # fahrenheit defaulting to celsius (AI SDK's zod schema), came to 85 prompt tokens in chat (June 2025, through
        # Liara's OpenAI-compatible gateway, recorded in its AI SDK docs), exact with the real tokenizer so, 1 under
        # bare; ChatGPT's rendering of an app's tools quotes its defaults.
        items.append(("default", value, '"') if isinstance(value, str) else ("default", _json_text(value), None))
    for key in ARRAY_KEYWORDS if spec.get("type") == "array" else KEYWORDS:
        value = spec.get(key)
        if key == "pattern" and isinstance(value, str):
            items.append((key, value, "/"))
        elif key == "format" and isinstance(value, str):
            if value not in UNWRITTEN_FORMATS:
                items.append((key, value, '"'))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            items.append((key, _json_text(value), None))
    return items


def _json_text(value):
    """A value as compact JSON, as the renderer writes a default or a bound (1.0 stays 1.0)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _resolved(spec, root, hops=8):
    """The schema a `$ref` names (from the parameters' root, `#/$defs/Recipe`), written out where it is used: a
    pydantic model's nested model, a `$ref` counted as one token, was 51 under its recording (the OpenAI Agents SDK,
    gpt-4o, Responses API, July 2025: 221 input tokens, its Recipe written out and titled 12 under, the rest a
    history call of a function the request does not list, 8 under in another recording of that kind)."""
    while hops and root is not None and isinstance(spec.get("$ref"), str):
        target = resolve_ref(root, spec["$ref"])
        spec, hops = (target if isinstance(target, dict) else {}), hops - 1
    return spec


def _comment_of(spec):
    """What the namespace comments a property with: its description, else its title. A property titled and not
    described (as pydantic's schemas are, and the OpenAI Agents SDK's tools) costs its title as a comment, and the
    parameters' own title (`get_weather_args`) its words and NAMESPACE_TITLE_TOKENS, its text alone beside the
    Responses API's saving (RESPONSES_SYSTEM_SAVING): two recordings of the Agents SDK beside instructions (gpt-4.1,
    August 2025, 72 input tokens; gpt-4o, October 2025, 72), each 6 and 8 over the namespace without them, come to
    exactly this with the real tokenizer. Where the API writes the schema's title is not known, only its cost."""
    described = _description_of(spec)
    title = spec.get("title")
    return described if described is not None or not isinstance(title, str) else title


# What a schema's `title` costs beside its text where the cookbook's count is the model's (the reasoning models): a
# comment line and an empty one (`// City` then `//`), at the head of the parameters and above each property:
# gpt-5.4-nano's Responses requests of tools titled as pydantic titles them came to 3 and 2 over the cookbook's count
# with them, 11 and 10 without (logfire's openai-agents cassettes, 2026; the namespace now counts them).
TITLE_TOKENS = 2
# In chat's namespace a title of its own line (the parameters', or a property's above its description) costs its
# words and 2, as a comment line and an empty one would: gpt-4o's strict functions titled by pydantic (`FuncModel`,
# `CapitalCity`, properties titled and not described) came to 71 and 70 prompt tokens in November 2024, 2 over their
# namespace with the title's text alone (magentic's cassettes), and a gpt-4.1-nano tool titled `GetWeatherArgs`, its
# described `city` `City`, to 91 in September 2026, 8 over it untitled (logfire's livekit cassette): each exact with
# the real tokenizer. So do the Responses API's functions in a message of their own (gpt-5 to 5.4): gpt-5.4-nano's
# tool titled `get_weather_args`, its described `city` `City` (74 input tokens, September 2026, logfire's
# openai-agents cassettes), rig's schemars add titled `BinOpArgs` on gpt-5.4 (84, September 2026) and SwiftAgent's
# function titled `Arguments` on gpt-5.2 (92, January 2026), each exact with the real tokenizer, where the
# parameters' title's text alone made rig's 2 under.
NAMESPACE_TITLE_TOKENS = 2


def _title_tokens(spec, extra=TITLE_TOKENS):
    """Count a schema's title where the prompt writes it (its words and extra), else 0."""
    title = spec.get("title") if isinstance(spec, dict) else None
    return count_name_tokens(title) + extra if isinstance(title, str) and title.strip() else 0


def _type_tokens(spec, count, depth, root=None, memo=None):
    """Count a property's TypeScript type, without the `,` and line break after it."""
    if depth > 8:
        return 1
    spec = _resolved(spec, root)
    values = spec.get("enum")
    if isinstance(values, list) and values:  # ` "a" | "b"`: each a ` "`, its text and `"`, the bars between
        return sum(count(str(value)) for value in values) + 3 * len(values) - 2
    kind = spec.get("type")
    if isinstance(kind, list) and kind:
        return 2 * len(kind) - 1  # ` string | null`
    branches = spec.get("anyOf", spec.get("oneOf"))
    if kind is None and isinstance(branches, list) and branches:
        # ` | ` between them; a plain array's `[]` before a bar a token of its own (`string|[]| ||null`), where it
        # joins the `,` at the line's end (a public dump of ChatGPT's web tool's prompt, 2026: `domains?: string[] |
        # null, // default: null`, a token under its text with the real tokenizer before)
        branches = [_resolved(branch, root) if isinstance(branch, dict) else {} for branch in branches]
        return sum(_type_tokens(branch, count, depth + 1, root, memo) for branch in branches) + len(branches) - 1 \
            + sum(_plain_array(branch, root) for branch in branches[:-1])
    if kind == "array":
        items = spec.get("items")
        if not isinstance(items, dict):
            return 2  # ` Array<any>`, its `>` joining the `,` and line break after it
        # `[]` joins the `,` and line break after it, but after an object's `}`
        return _type_tokens(items, count, depth, root, memo) + (_nested_object(_resolved(items, root)) is not None)
    if _nested_object(spec) is not None:
        return 1 + _object_tokens(spec, count, depth + 1, root, memo)  # ` {`, the properties; `}` joins the `,` after
    return 1  # string, number, boolean, null, object, any


def _plain_array(spec, root):
    """Tell whether a schema is an array whose type ends in `[]` after its items' type, not after an object's `}`."""
    items = spec.get("items") if spec.get("type") == "array" else None
    return isinstance(items, dict) and _nested_object(_resolved(items, root)) is None


def _nested_object(spec):
    """Return the properties of an object schema that has some, else None."""
    properties = spec.get("properties") if spec.get("type", "object") == "object" else None
    return properties if isinstance(properties, dict) and properties else None


def count_model_function_tokens(functions, model, messages, framing_key):
    """Count what function definitions add to a prompt for the model: as the API writes them
    (count_namespace_tokens) on the models that do not reason, whose recordings it fits (cl100k's with their text
    by its estimate and CL100K_NAMESPACE_TOKENS more); else as the cookbook counts them (count_function_tokens),
    with the model's framing_key capability (chat_tools_framing, responses_tools_framing) fitted over it. messages:
    the prompt's (whether one is a system or developer message)."""
    framing = model.capabilities.get(framing_key, 0)
    if framing_key == "responses_tools_framing" and model.supports("responses_tools_namespace"):
        # gpt-5.4 and its minis write a Responses request's functions as the namespace, in a message of their own
        # whether or not one is the system's: exact with the real tokenizer on five gpt-5.4 recordings (chatlas's
        # cassettes, July 2026: 36, 29, 29, 37 and 61 for one or two functions, beside a system message or not)
        # and on one of gpt-5.4-nano's, a token under the other (its titled tools, logfire's, September 2026),
        # where the cookbook's count with a framing of 3 came 1 under to 4 over. gpt-5.2 writes them so too: exact
        # with the real tokenizer on SwiftAgent's titled function (92, January 2026) and symfony/ai's three strict
        # functions (153, September 2026), where a framing of 2 made them 0 and 2 over (the title's text alone, 2
        # under, hid it) and the cookbook's count and 2 came 2 over and 5 under; gpt-5 and its minis so too: exact
        # on gpt-5's described function (63, fantasy's, June 2026) and gpt-5-mini's of no parameters (53), 2 over
        # and 2 under its nested objects and anyOf of objects (189 and 145, symfony/ai's, September 2026), where the
        # cookbook's count and 4 came 10 and 53 under.
        return count_namespace_tokens(functions, responses=True) + framing if functions else 0
    cl100k = model.max_token_id <= CL100K_LAST_ID
    if writes_to_functions(model) or (cl100k and not model.supports("reasoning")):
        system = any(isinstance(message, dict) and message.get("role") in ("system", "developer")
                     for message in messages or ())
        return count_namespace_tokens(functions, count_tokens if cl100k else count_tokens_o200k, system, framing,
                                      framing_key == "responses_tools_framing") + \
            (CL100K_NAMESPACE_TOKENS if cl100k else 0) if functions else 0
    return count_function_tokens(functions, model.function_tokens, framing,
                                 UNDESCRIBED_PARAMETER_SAVING if model.supports("undescribed_parameter_saving")
                                 else (0, 0))


# What cl100k's writing of the namespace's structure costs beyond o200k's (count_namespace_tokens): gpt-4's and
# gpt-3.5-turbo's recorded prompts came 2 over its count with the real cl100k tokenizer (gpt-4-0613's
# get_current_weather, 82 in August 2025; gpt-3.5-turbo's calculator beside a system message, 84 in August 2024:
# openllmetry-js's recordings) and 3 over on the cookbook's weather tool (105 on gpt-4 and gpt-3.5-turbo, 2024),
# where the cookbook's formula came 1, 6 and 4 over.
CL100K_NAMESPACE_TOKENS = 2


def count_choice_tokens(choice, legacy):
    """What tool_choice (choice as tooluse.function_choice reads it) or a legacy function_call adds to a prompt on a
    model that does not reason: a function forced by name is restated, 7 tokens and its name's as the tokenizer
    writes it (count_name_tokens: get_weather_at_location 4; 4 and the name's for function_call), and `none` is 1
    in chat; auto, required and an allowed_tools mode add nothing. Measured against the API for gpt-3.5 and gpt-4
    by openai-messages-token-helper (2024) and openai-chat-tokens (function_call, 2023), and recorded on gpt-4o-mini
    in chat (openai-dotnet's session records, September 2025: auto 58, none 59, get_number_for_word forced 69, 7 and
    4) and in the Responses API, which counts a forced function alike (openai-dotnet's: get_weather_at_location
    auto 74, forced 85 on the same request, in August 2025 and again in August-September 2026, strict or not).
    Reasoning models count none of it (none and required on gpt-5-mini, pydantic-ai's captures of January 2026);
    `none` in the Responses API is not recorded and counted as nothing there (schemas.responses.input_tokens)."""
    if isinstance(choice, dict):
        return (4 if legacy else 7) + count_name_tokens(str(choice.get("name")))
    return 1 if choice == "none" else 0


# How deep a `$ref` is written out where it is used, as the namespace's count does (_type_tokens): a recursive
# schema (a tree's node of two children of its own type) would otherwise be written 2 ** 33 times, hanging the worker.
REF_DEPTH = 8


def _property_tokens(key, spec, depth=0, root=None, memo=None, optional=True):
    """Count a property's `key:type:description` line, its enum and the properties of an object it holds (a `$ref`
    as the definition it names in root, the parameters, to REF_DEPTH); optional: the key is not required."""
    spec = _resolved(spec, root if depth <= REF_DEPTH else None) if isinstance(spec, dict) else {}
    described = _description_of(spec)
    return (_line_tokens(key, _type_of(spec), described) + _comment_breaks(described) + _enum_tokens(spec)
            + _nested_tokens(spec, depth, root, memo) + _title_tokens(spec) + _keyword_tokens(spec, root, optional))


def _keyword_tokens(spec, root=None, optional=True):
    """What a property's default, keywords, examples and `nullable` add where the cookbook's count is the model's: as
    the namespace writes them (_default_tokens; an array's items' keywords as `Array<` and their line,
    ARRAY_OPEN_TOKENS; a union's branches' keywords as their comments). rig's repeat_text (`times` of format uint32
    and minimum 0) counted 125 input tokens on gpt-6-sol as on gpt-5.4 in the Responses API (September and October
    2026), the same request as gpt-5.4's namespace, and 206 prompt tokens on gpt-5.4 in chat: the cookbook's count
    was 9 under without them, 3 over with them on the line, exact with them on a union's lines (_typed_union) and
    what those lines cost beyond one (_union_lines_tokens)."""
    spec = _typed_union(spec)
    listed = _listed_items(spec, root)
    branches = _commented_branches(spec, root) or ()
    return (_default_tokens(spec, count_tokens) + _examples_tokens(spec, count_tokens)
            + NULLABLE_TOKENS * _nullable(spec)
            + (ARRAY_OPEN_TOKENS + _default_tokens(listed, count_tokens) if listed is not None else 0)
            + sum(_default_tokens(branch, count_tokens) for branch in branches)
            + (_union_lines_tokens(branches, optional) if branches else 0))


# What a union written a branch a line costs beyond the same union on its line, as the namespace counts it
# (_object_lines): `?:` apart from the line break after it where the key is optional, the break before each ` |`
# but the first's, which `:\n` holds, less the bars' own, and a branch of no comment its line break. An anyOf whose
# branch has keywords is counted so too (written so, _commented_branches), not recorded on a model of the cookbook's.
def _union_lines_tokens(branches, optional):
    """Count what a union's branches cost a branch a line beyond their types on one line."""
    return optional + 1 + sum(not _keyword_items(branch) for branch in branches)


def _comment_breaks(description):
    """What a description of several lines costs beyond its text: the prompt comments each line (`// `), a token
    each after the first (MCP tools' docstrings, written a line each, counted 27 more than their text on gpt-4o
    over 26 line breaks, in two recordings of late 2025)."""
    return description.rstrip().count("\n") if isinstance(description, str) else 0


# What an enum costs beyond the cookbook's count of its values: the 2026 recordings of a tool with one (a weather
# tool's unit, celsius or fahrenheit) count 2 more than the cookbook with the real tokenizer on gpt-4.1 (January,
# langchaingo's, with and without a second tool) and 4 more on gpt-4o (May, braintrust's, the enum described).
# The cookbook's own runs (2024) counted what it says.
ENUM_TOKENS = 2


def _type_of(spec, depth=0):
    """A property's type as the prompt writes it: its `type`, or the union of its anyOf (oneOf) branches' types,
    nested unions flattened (`string | null`: a nullable property as zod and pydantic write it; a branch without a
    type is `any`). The cookbook has only `type`: a union counted no type at all, 44 tokens short on a tool of six
    of them (gpt-4o-mini, August 2026, mastra's recordings)."""
    kind = spec.get("type")
    if isinstance(kind, list):
        return " | ".join(str(item) for item in kind)
    if kind is not None or depth > 8:
        return kind
    branches = spec.get("anyOf", spec.get("oneOf"))
    if not isinstance(branches, list):
        return None
    return " | ".join(str(_type_of(branch, depth + 1) or "any") if isinstance(branch, dict) else "any"
                      for branch in branches) or None


def _description_of(spec):
    """A property's description, or the first its union's branches have (as the prompt comments it)."""
    if spec.get("description") is not None:
        return spec["description"]
    branches = spec.get("anyOf", spec.get("oneOf"))
    return next((branch["description"] for branch in branches if isinstance(branch, dict)
                 and isinstance(branch.get("description"), str)), None) if isinstance(branches, list) else None


# What an object nested in a function's parameters costs beside its properties' `key:type:description` lines: the
# cookbook counts none of it, where the API writes it out. Fitted to one recording (gpt-4o, Responses API,
# September 2026: a tool with an itinerary object holding a lodging object counted 177 input tokens, about 20 more
# than its top-level properties alone).
NESTED_OBJECT_TOKENS = 2


def _nested_tokens(spec, depth=0, root=None, memo=None):
    """Count the properties of an object a parameter holds (or the objects of an array's items), at any depth, each
    schema once a walk at a depth (memo, see _memoized)."""
    memo = {} if memo is None else memo
    return _memoized(memo, "nested", spec, depth, lambda: _nested_lines(spec, depth, root, memo))


def _nested_lines(spec, depth, root, memo):
    """_nested_tokens' count, worked out."""
    if depth > 32:  # a schema nested deeper than any function needs: counted no further
        return 0
    items = spec.get("items")
    if "properties" not in spec and isinstance(items, dict):
        spec = _resolved(items, root if depth <= REF_DEPTH else None)
    properties = spec.get("properties")
    if not isinstance(properties, dict) or not properties:
        return 0
    required = spec.get("required") if isinstance(spec.get("required"), list) else ()
    return NESTED_OBJECT_TOKENS + sum(_property_tokens(key, inner, depth + 1, root, memo, key not in required)
                                      for key, inner in properties.items())


def _enum_tokens(spec):
    """What a property's enum adds to its line, as the cookbook counts it (3 less, then 3 and the text of each
    value) and ENUM_TOKENS more; at any depth (a nested enum of four operations: a gpt-4o-mini tool recorded in
    July 2026 counted 97, 76 without it)."""
    values = spec.get("enum")
    if not isinstance(values, list):
        return 0
    return -3 + sum(3 + count_tokens(str(item)) for item in values) + ENUM_TOKENS


def count_format_tokens(response_format, framing, flat_framing=None):
    """Count what a json_schema response format adds to a prompt.

    A flat schema (an object whose properties hold no object, union or reference, nor an array but of plain items)
    costs, where flat_framing is given (chat; the Responses API's is 8 less), flat_framing, its name and its compact
    JSON whole, its description nothing: exact on three
    recordings (gpt-4o and gpt-4o-mini in January and September 2026, 39 for a two-string schema with a description
    and 29 for a one-string one, at 4; gpt-5-nano in September 2026, 68 for a described string and an enum, at 12).
    Any other costs framing (8 in chat, 1 in the Responses API), its name and description, and three quarters of
    its schema's compact JSON (fitted to gpt-4o recordings of January 2026: a flat two-string schema costing 39 in
    chat and 32 in the Responses API, and a nested anyOf one 108, where this counts 38, 31 and 117). Other formats
    cost nothing. The root's `$schema` is not counted (see below)."""
    if not isinstance(response_format, dict) or response_format.get("type") != "json_schema":
        return 0
    spec = response_format.get("json_schema")
    spec = spec if isinstance(spec, dict) else {}
    # A gpt-4o chat schema with a `$schema` cost about 36 tokens, what this counts without it (September 2026).
    schema = without_dialect(spec.get("schema"))
    text = json.dumps(schema, separators=(",", ":"), ensure_ascii=False)
    name = str(spec.get("name") or "")
    if flat_framing is not None and _flat(schema):
        return flat_framing + _identifier_tokens(name) + _identifier_tokens(text)
    return (framing + count_tokens(name) + count_tokens(str(spec.get("description") or ""))
            + (3 * count_tokens(text) + 2) // 4)


def without_dialect(schema):
    """Return a JSON Schema without its root's `$schema`, which the API drops: the Responses API echoes a format's
    schema without it (recorded twice in September 2026, `$defs` and `title` kept), and counts none of it."""
    if isinstance(schema, dict) and "$schema" in schema:
        return {key: value for key, value in schema.items() if key != "$schema"}
    return schema


_NESTING = ("properties", "items", "anyOf", "oneOf", "allOf", "$ref")
_CAMEL = re.compile(r"([a-z])([A-Z])")


def _identifier_tokens(text):
    """Count a text of identifiers (a schema's JSON, a name) with its camelCase words split, as the tokenizer splits
    them (additionalProperties is two tokens, which the estimate otherwise counts as one word)."""
    return count_tokens(_CAMEL.sub(r"\1 \2", text))


_SNAKE = re.compile(r"(?<=[A-Za-z0-9])_(?=[a-z])")


def count_name_tokens(name):
    """Count a function's name as a call writes it: each word of a snake_case or camelCase name a token or so, as
    the tokenizers write `_weather` in one token (get_weather is 2 in cl100k and o200k, 3 by the estimate, which
    splits a long word off a symbol)."""
    return count_tokens(_CAMEL.sub(r"\1 \2", _SNAKE.sub(" ", name)))


def count_called_name_tokens(name):
    """Count a function's name as a call and its answer write it, after `functions.` (` to=functions.NAME`, and a
    gpt-5.4 or GPT-6 output naming its function again): o200k joins the dot to the name's first word and writes
    the two as its vocabulary has them, mostly as the name alone (`.get|_weather`, `.lookup|_order`) but not always:
    `.p|ing`, `.e|quipment`, `.w|arehouse|_time`, a token more each. With o200k's count of the dotted name rig's
    gpt-6-sol call of ping (`{}`, an output of 6 tokens) adds its recorded 31 and a conversation of 21 items with a
    call of warehouse_time its 561 and 583 on gpt-6.1-sol (October 2026), where the name's own count made each 2
    under, and chatlas's equipment turn of gpt-5.4 its 32 (July 2026); chat's calls are counted so too
    (_tool_calls_tokens). The estimate, which has no vocabulary to tell which words keep the dot whole, reads the
    dot apart only before a digit or `_` (`._x`, as o200k writes it)."""
    return count_name_tokens("." + name) if name else 0


def _flat(schema):
    """Tell whether a schema is an object of plain properties: none an object, array, union or reference, but an
    array of plain items (activeagent's lists of strings: three gpt-4o formats of July 2026 in the Responses API, 48,
    49 and 49, each 48 with the real tokenizer this way, 46 counted as nested). An empty
    `$defs` defines nothing (RubyLLM::Schema sends one: a flat gpt-4.1-nano schema with it cost 66, 8 over the
    other formats' count, October 2025)."""
    properties = schema.get("properties") if isinstance(schema, dict) and not schema.get("$defs") else None
    return isinstance(properties, dict) and all(_plain(spec) or isinstance(spec, dict) and _plain(spec.get("items"))
                                                and _plain({k: v for k, v in spec.items() if k != "items"})
                                                for spec in properties.values())


def _plain(spec):
    """Tell whether a property's schema holds no object, array, union or reference."""
    return isinstance(spec, dict) and not any(key in spec for key in _NESTING)


def _line_tokens(*fields):
    """Count a definition's line (_line) as the cookbook's framing constants were fitted to it: each colon joining the
    word after it, as the estimate counted a colon before it split that word off (`:|Get`); the recordings of tools on
    the reasoning models (o3-mini's 78, gpt-5.4's 161, ...) are exact so, their constants fitted over that count."""
    return count_tokens(_line(*fields).replace(":", ","))


def _line(*fields):
    """Join a definition's fields with colons, as the cookbook writes them: `get_weather:Get the weather`. A final
    full stop goes, and the white space after it (a description ending ".\n" cost what one ending "." does, on
    gpt-4.1-nano in September 2026)."""
    *head, last = ["" if value is None else str(value) for value in fields]
    return ":".join(head + [last.rstrip().removesuffix(".")])
