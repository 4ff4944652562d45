"""Interim token estimator (replaced by the calibrated word-based one)."""
import re

_PIECE = re.compile(r"""'(?:[sdmt]|ll|ve|re)|[^\r\n\w]?[^\W\d_]+|\d{1,3}| ?[^\s\w]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+""")


def split_tokens(text):
    """Split text into token-like pieces that join back to it."""
    return _PIECE.findall(text)


def count_tokens(text):
    """Estimate the tokens of text."""
    return len(split_tokens(text))


def count_chat_prompt_tokens(messages):
    """Estimate a chat prompt's tokens: 3 per message, its strings, 1 per name, 3 for priming."""
    total = 3
    for m in messages:
        total += 3
        for key, value in m.items():
            if isinstance(value, str):
                total += count_tokens(value) + (1 if key == "name" else 0)
            elif key == "content" and isinstance(value, list):
                total += count_tokens("\n".join(p.get("text", "") for p in value if isinstance(p, dict)))
    return total
