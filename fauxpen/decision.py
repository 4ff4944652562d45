"""Decisions' answers: one for each question, in its order, each a distribution drawn from the request's own text, so
that the same request is answered alike; and their usage, input tokens alone (nothing is generated).

The shapes and key order are the SDK's and the API's specification (`model`, `answers`, `usage`; an answer's type and
name first); the numbers are canned (fauxpen does not judge), to two decimals as recorded (October 2026). A choice's
`confidence` and a score's are their likeliest probability's excess over an even share, as a fraction of the most it
could be: the four recorded (0.98, 0.84, 0.86 and 0.85) are exactly that of their probabilities.
"""
import zlib

from . import tokens, vision


def _bytes(text):
    """Return the UTF-8 bytes a draw is seeded with: a lone surrogate a request sent (JSON's "\\ud800") included."""
    return text.encode("utf-8", "surrogatepass")


def _weights(seed, count):
    """Return count positive weights drawn from seed, the first far the heaviest when count is small."""
    return [1 + (zlib.crc32(_bytes(f"{seed}:{index}")) % 1000) / (100 if index else 10) for index in range(count)]


def _distribution(seed, count):
    """count probabilities in hundredths that sum to 1, the largest remainders rounded up (the API gives every
    number of an answer to two decimals, its probabilities summing to 1: recorded, October 2026)."""
    weights = _weights(seed, count)
    total = sum(weights)
    exact = [weight * 100 / total for weight in weights]
    cents = [int(value) for value in exact]
    for index in sorted(range(count), key=lambda i: cents[i] - exact[i])[:100 - sum(cents)]:
        cents[index] += 1
    return [cent / 100 for cent in cents]


def _peak(probabilities):
    """How peaked a distribution is: its likeliest probability less an even share, over 1 less that share (0.92 of
    two 0.84, 0.9 of three 0.85, as recorded)."""
    if len(probabilities) < 2:
        return 1.0
    share = 1 / len(probabilities)
    return round((max(probabilities) - share) / (1 - share), 2)


def answer(question, seed):
    """Return the answer to one question (as validated), seed being the request's input text."""
    seed = f"{seed}\x00{question.get('name')}\x00{question['instructions']}"
    head = {"type": question["type"], "name": question.get("name")}
    if question["type"] == "predicate":
        return {**head, "probability": round(0.5 + (zlib.crc32(_bytes(seed)) % 40) / 100, 2)}
    if question["type"] == "choice":
        values = [option["value"] for option in question["choices"]]
        probabilities = _distribution(seed, len(values))
        best = max(range(len(values)), key=probabilities.__getitem__)
        return {**head, "choice": values[best],
                "probabilities": [{"value": value, "probability": p} for value, p in zip(values, probabilities)],
                "confidence": _peak(probabilities)}
    labels = [level["label"] for level in question["levels"]]
    probabilities = _distribution(seed, len(labels))
    return {**head, "score": round(sum(index * p for index, p in enumerate(probabilities)), 2),
            "probabilities": [{"value": index, "label": label, "probability": p}
                              for index, (label, p) in enumerate(zip(labels, probabilities))],
            "confidence": _peak(probabilities)}


def _texts(value):
    """Yield the texts of an input or of a question's instructions: a string, or parts and items holding them."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                for key in ("text", "content", "output", "arguments", "input", "refusal", "name"):
                    yield from _texts(item.get(key))
                if item.get("type") == "input_json" and "data" in item:
                    yield str(item["data"])


def _images(value):
    """Yield the (url, detail) of the pictures in an input or instructions."""
    if isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                if item.get("type") == "input_image":
                    yield item.get("image_url"), item.get("detail")
                for key in ("content", "output"):
                    yield from _images(item.get(key))


def input_text(req):
    """The request's input as one text: what its answers are drawn from."""
    return "\n".join(_texts(req["input"]))


def question_texts(question):
    """A question's own texts, each counted alone: its instructions, then each choice's value and description or
    level's label and description (the API's own framing of each is OPTION_FRAMING)."""
    yield "\n".join(_texts(question["instructions"]))
    for option in question.get("choices") or question.get("levels") or ():
        yield str(option["value"] if "value" in option else option["label"])
        if option.get("description"):
            yield option["description"]


# What a request, each kind of question and each choice or level cost beside their text: the API's own instructions.
# Fitted to four answers of October 2026 (a tracing library's cassette: 373 for a predicate, two choices and three
# levels; LiteLLM's translation test, captured live: 373 for a predicate, two described choices and two levels; a
# client's fixtures of the live API: 350 for two predicates, 251 for three choices, two described, and three levels),
# exact on all four: 28 a request, 133 a predicate, 155 a choice and a score together (how that splits not known,
# halved here) and 5 a choice or a level. The two with a predicate, a choice and a score part by a level and two
# descriptions, 5 tokens more for the level than for both descriptions (6 with the real tokenizer's counts of the
# texts, which the estimate's come 0-2 under; the fit there is 21, 136, 153 and 6); that a choice costs what a level
# does and a description nothing beyond its text are guesses.
DECISION_FRAMING = 28
QUESTION_FRAMING = {"predicate": 133, "choice": 77, "score": 78}
OPTION_FRAMING = 5


def input_tokens(model, req):
    """The tokens a request counts: its framing, its input once, each question's texts and framing, its pictures as
    the model prices them (the count's rule is not known; that the input is counted once is what clients' fixtures
    show)."""
    rule = model.capabilities.get("image_tokens", vision.DEFAULT_RULE)
    count = DECISION_FRAMING + tokens.count_tokens_o200k(input_text(req))
    count += sum(vision.image_tokens(url, detail, rule) for url, detail in _images(req["input"]))
    for question in req["questions"]:
        options = question.get("choices") or question.get("levels") or ()
        count += QUESTION_FRAMING[question["type"]] + OPTION_FRAMING * len(options)
        count += sum(tokens.count_tokens_o200k(text) for text in question_texts(question))
        count += sum(vision.image_tokens(url, detail, rule) for url, detail in _images(question["instructions"]))
    return count


def decision(model, req, counted):
    """The whole answer: model, answers in question order, usage (output tokens are always 0)."""
    seed = input_text(req)
    return {"model": model.id, "answers": [answer(question, seed) for question in req["questions"]],
            "usage": {"input_tokens": counted, "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
                      "output_tokens": 0, "output_tokens_details": {"reasoning_tokens": 0}, "total_tokens": counted}}
