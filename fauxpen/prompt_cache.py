"""The prompt cache, as usage reports it: a prompt of 1,024 tokens or more is kept, and a later one that begins
with the same settings and messages reads them from it (`cached_tokens`); on the models that count it, a prompt
that found nothing writes itself (`cache_write_tokens`).

Recorded in 2025-2026 (a tracing library's cassettes): gpt-5.6-sol wrote 1,217 tokens of a 1,220-token prompt,
then read 1,216 of a 1,219-token one with the same system message and another question; gpt-4o read 1,390 of
1,515 on a repeat. The prefix is matched message by message, not token by token, and the prompt's last three
tokens are never cached (the two counts above); the models that do not count writes read whole blocks of 128
tokens (CACHE_BLOCK). Prefixes stay 10 minutes (`in_memory`) or a day (`24h`), in the
server's store, so every worker sees them.
"""
import hashlib
import json
import time

from . import store
from .tokens import count_model_prompt_tokens

MIN_TOKENS = 1024
UNCACHED_TAIL = 3  # the prompt's last tokens, never in the cache (1,217 of 1,220 written, recorded)
# The models that do not count cache writes read a prefix in blocks of 128 tokens, as OpenAI's guide says: gpt-4o-mini
# read 4,480 (35 blocks) of a 4,597-token prompt on a repeat, and of a 4,624-token one that went on from it, in chat
# and in the Responses API (recorded in September 2026). An older gpt-4o recording read 1,390 of 1,515 on a repeat,
# which neither rule gives.
CACHE_BLOCK = 128
LIFETIMES = {"24h": 86400}
DEFAULT_LIFETIME = 600


def prefixes(settings, messages):
    """Return the hash of each prefix of a prompt: its settings (model, tools, format) and its first k messages,
    for k from 1 to all of them."""
    digest = hashlib.sha1(json.dumps(settings, sort_keys=True, default=str).encode())
    hashes = []
    for message in messages:
        digest.update(json.dumps(message, sort_keys=True, default=str).encode())
        hashes.append(digest.hexdigest() + f"{len(hashes):x}")
    return hashes


def explicit(chat):
    """Tell whether a request caches explicitly (prompt_cache_options.mode): only up to the breakpoints it marks."""
    options = chat.get("prompt_cache_options")
    return isinstance(options, dict) and options.get("mode") == "explicit"


def marked(messages):
    """Tell whether a prompt marks a prefix to cache: a part with a prompt_cache_breakpoint. In explicit mode a prompt
    without one neither reads nor writes (gpt-6-sol, September 2026: 0 and 0 on the turns of a conversation whose
    twin, cached implicitly, wrote 1,428 tokens and then read them)."""
    return any(isinstance(part, dict) and "prompt_cache_breakpoint" in part for message in messages
               if isinstance(message.get("content"), list) for part in message["content"])


def use(path, model, chat, prompt_tokens):
    """Return (cached_tokens, written_tokens) of a chat request (or a Responses request read as one) whose prompt
    is prompt_tokens tokens, and keep its prefixes in the store at path. Only a model whose usage counts cache
    writes (cache_write_tokens) writes any: what the prompt holds past the longest prefix found, which is not read
    (gpt-5.6-luna read 5,382 tokens of a 5,395-token prompt with a new question and wrote 10, recorded in August
    2026: what is read and written comes to the prompt less its last three tokens)."""
    messages = chat["messages"]
    if prompt_tokens < MIN_TOKENS or not messages or (explicit(chat) and not marked(messages)):
        return 0, 0
    now = time.time()
    settings = {"model": model.id, "tools": chat.get("tools"), "format": chat.get("response_format")}
    lifetime = LIFETIMES.get(chat.get("prompt_cache_retention"), DEFAULT_LIFETIME)
    found = store.cache_prompt(path, prefixes(settings, messages), now, now + lifetime)
    written = prompt_tokens - UNCACHED_TAIL if model.supports("cache_write_tokens") else 0
    if found < 0:
        return 0, written
    rest = 0
    if found < len(messages) - 1:
        rest = count_model_prompt_tokens(messages, model) - count_model_prompt_tokens(messages[:found + 1], model)
    if model.supports("cache_write_tokens"):
        cached = prompt_tokens - rest - UNCACHED_TAIL
    else:  # the older models read whole blocks of the prefix
        cached = (prompt_tokens - rest) // CACHE_BLOCK * CACHE_BLOCK
    # What is past the prefix read is written, as a prompt that found nothing is.
    return (cached, written and written - cached) if cached >= MIN_TOKENS else (0, written)
