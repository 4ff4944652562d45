"""Moderation results: every input passes, with the small scores the real model gives harmless text.

The real endpoint writes its JSON unlike the others: indented by two spaces, with no newline at the end, and
its numbers as Rust's serde_json prints them (`0.00007916296072837432`, `6.962256250138369e-7`, where Python
writes `7.916296072837432e-05` and `6.962256250138369e-07`). Scores are deterministic: the same input gets the same
scores, as the real model gives between its updates.
"""
import hashlib

from .errors import InvalidRequestError
from .jsontext import rust_json

DEFAULT_MODEL = "omni-moderation-latest"  # what the moderations endpoint uses when the request names none


def model_refusal(name, param="model"):
    """The API's 400 for a retired text-moderation model, as recorded on 2026-08-31 (cykod/ALLM's
    error_400_bad_model.json, text-moderation-latest; a JS client quotes it for text-moderation-007), given to any
    model that is not a moderation model (param: where the request names it; another than `model` a guess)."""
    return InvalidRequestError(f"Invalid value for '{param}' = {name}. Please check the OpenAI documentation and try "
                               "again.", param=param)


# The categories in the order the real API writes them, each with the score it gave harmless text
# ("This is a safe message", omni-moderation-latest, 2026) and whether images are scored for it.
CATEGORIES = (
    ("harassment", 0.000010071400221737608, False),
    ("harassment/threatening", 3.0718185454758057e-6, False),
    ("sexual", 0.00005527786369235996, True),
    ("hate", 6.605214485464791e-6, False),
    ("hate/threatening", 2.948016613843445e-7, False),
    ("illicit", 0.000012533751425646102, False),
    ("illicit/violent", 5.920916517463734e-6, False),
    ("self-harm/intent", 6.10885510164857e-6, True),
    ("self-harm/instructions", 3.5913010679499402e-6, True),
    ("self-harm", 0.000017265154827585877, True),
    ("sexual/minors", 4.331903899346328e-6, False),
    ("violence", 0.00048644850322948033, True),
    ("violence/graphic", 2.355261854303796e-6, True),
)


def result(texts, images):
    """Return one result for the texts and image URLs moderated together: not flagged, scores near harmless.

    A category images are not scored for has score 0 and no input types when there is no text (as the real
    API answers an image on its own).
    """
    digest = hashlib.blake2b("\x00".join(texts).encode("utf-8", "surrogatepass") + b"\x01" +
                             "\x00".join(images).encode("utf-8", "surrogatepass"),
                             digest_size=2 * len(CATEGORIES)).digest()
    categories, scores, applied = {}, {}, {}
    for index, (name, harmless, for_images) in enumerate(CATEGORIES):
        types = (["text"] if texts else []) + (["image"] if images and for_images else [])
        categories[name] = False
        # Between half and twice the harmless score, the same for the same input.
        spread = int.from_bytes(digest[2 * index:2 * index + 2], "little") / 0xFFFF
        scores[name] = harmless * (0.5 + 1.5 * spread) if types else 0.0
        applied[name] = types
    return {"flagged": False, "categories": categories, "category_scores": scores,
            "category_applied_input_types": applied}


def moderation_json(moderation_id, model, results):
    """Return the answer's JSON bytes as the real API writes them: indented by 2, no newline at the end."""
    return rust_json({"id": moderation_id, "model": model, "results": results})


def result_object(model, texts):
    """Return the moderation_result of texts moderated together by model (never flagged), keys in the order chat
    writes them (recorded July 2026; the Responses API writes them type first, the rest alphabetical)."""
    scored = result([text for text in texts if text], [])
    return {"type": "moderation_result", "model": model, "flagged": scored["flagged"],
            "categories": scored["categories"], "category_scores": scored["category_scores"],
            "category_applied_input_types": scored["category_applied_input_types"]}


def results(model, groups):
    """Return a chat completion's moderation of one side (its input, or its output): a result for each group of
    texts, in the recorded layout (July 2026)."""
    return {"type": "moderation_results", "model": model, "results": [result_object(model, texts) for texts in groups]}
