"""What a vector store holds and shows: its files as the clock turns them from in_progress to completed, its
file batches, its counts, and a search of its files' text.

A vector store is kept as one record of the server's store (views/vector_stores.py). Its files and batches are
shown by the clock, as batches and fine-tuning jobs are: a file added is `in_progress` (0 bytes used) until
FAUXPEN_VECTOR_STORE_SECONDS have passed and its text is cut into its chunking strategy's chunks (tokens as
fauxpen estimates them; once a file and strategy, a step at a time from when a store is given it, kept in the
server's store), then `completed`, using as many bytes as the file has (the API's newest recordings). Search
scores a completed file's chunks by the share of the query's words each holds: a stand-in for the API's
embeddings, deterministic and good enough to test retrieval plumbing with. The words each chunk holds are kept as
its chunks are cut (postings), so that a search reads its query's words' chunks, not every chunk's text.
"""
import heapq
import itertools
import re
from array import array

from . import ids
from .tokens import split_tokens, token_offsets

DAY = 24 * 3600
DEFAULT_CHUNKING = {"type": "static", "static": {"max_chunk_size_tokens": 800, "chunk_overlap_tokens": 400}}
# The extensions file search reads (the API's documented list); others are refused when added.
SUPPORTED_EXTENSIONS = frozenset(("c", "cpp", "cs", "css", "doc", "docx", "go", "html", "java", "js", "json", "md",
                                  "pdf", "php", "pptx", "py", "rb", "sh", "tex", "ts", "txt"))
COUNTS = ("in_progress", "completed", "failed", "cancelled")
_WORD = re.compile(r"\w+")


def store_id(created):
    """`vs_` and 32 hex digits: the time, 4 more, `8191`, 16 more (recorded)."""
    return ids.time_id("vs_", created, "8191")


def batch_id():
    """`vsfb_ibj_` and 32 hex digits, as the API's newest recorded batch ids."""
    return "vsfb_ibj_" + ids.random_hex(16)


def unsupported_extension(filename):
    """Return the extension of a file file search does not read (`.csv`), or None."""
    stem, dot, extension = filename.rpartition(".")
    if not dot or not stem:
        return None  # no extension: taken as text
    return None if extension.lower() in SUPPORTED_EXTENSIONS else "." + extension


def resolved_chunking(strategy):
    """The chunking a file shows: the static strategy asked for, or the API's default for auto or none."""
    if strategy and strategy.get("type") == "static":
        static = strategy["static"]
        return {"type": "static", "static": {"max_chunk_size_tokens": static["max_chunk_size_tokens"],
                                             "chunk_overlap_tokens": static["chunk_overlap_tokens"]}}
    return DEFAULT_CHUNKING


def file_status(kept, seconds, now, uncut=frozenset()):
    """Return a kept file's status at now: cancelled (its batch cancelled before it was done), completed or
    in_progress (until seconds have passed and its chunks are cut: it is not in uncut, the ids of files whose
    chunks are being cut). now None is the answer to the request that added the file: in_progress, as recorded,
    however quick processing is."""
    done = kept["created_at"] + seconds
    cancelled = kept.get("cancelled_at")
    if kept.get("cancelled") or cancelled is not None and cancelled < done:
        return "cancelled"
    return "completed" if now is not None and now >= done and kept["id"] not in uncut else "in_progress"


def file_object(record, kept, now, uncut=frozenset()):
    """A vector store file as the API shows it (recorded key order)."""
    status = file_status(kept, record["seconds"], now, uncut)
    return {"id": kept["id"], "object": "vector_store.file",
            "usage_bytes": kept["bytes"] if status == "completed" else 0, "created_at": kept["created_at"],
            "vector_store_id": record["id"], "status": status, "last_error": None,
            "chunking_strategy": kept["chunking_strategy"], "attributes": kept["attributes"]}


def file_counts(statuses):
    counts = {name: 0 for name in COUNTS}
    for status in statuses:
        counts[status] += 1
    counts["total"] = len(statuses)
    return counts


def expires_at(record):
    after = record["expires_after"]
    return None if after is None else record["last_active_at"] + after["days"] * DAY


def store_object(record, now, uncut=frozenset()):
    """A vector store as the API shows it (recorded key order): in_progress while a file is."""
    statuses = [file_status(kept, record["seconds"], now, uncut) for kept in record["files"]]
    used = sum(kept["bytes"] for kept, status in zip(record["files"], statuses) if status == "completed")
    ends = expires_at(record)
    status = "expired" if ends is not None and now is not None and now >= ends else (
        "in_progress" if "in_progress" in statuses else "completed")
    return {"id": record["id"], "object": "vector_store", "created_at": record["created_at"], "name": record["name"],
            "description": record["description"], "usage_bytes": used, "file_counts": file_counts(statuses),
            "status": status, "expires_after": record["expires_after"], "expires_at": ends,
            "last_active_at": record["last_active_at"], "metadata": record["metadata"]}


def batch_object(record, batch, now, uncut=frozenset()):
    """A file batch as the API shows it (recorded key order): in_progress until each of its files is done."""
    statuses = [file_status(kept, record["seconds"], now, uncut) for kept in record["files"]
                if kept.get("batch_id") == batch["id"]]
    if batch.get("cancelled_at") is not None:
        status = "cancelled"
    else:
        status = "in_progress" if "in_progress" in statuses else "completed"
    return {"id": batch["id"], "object": "vector_store.file_batch", "created_at": batch["created_at"],
            "status": status, "vector_store_id": record["id"], "file_counts": file_counts(statuses)}


def chunks(text, chunking):
    """Cut text into chunks of the strategy's size in tokens, each overlapping the one before."""
    static = chunking["static"]
    size, overlap = static["max_chunk_size_tokens"], static["chunk_overlap_tokens"]
    pieces = split_tokens(text)
    if not pieces:
        return []
    step = max(size - overlap, 1)
    return ["".join(pieces[start:start + size]) for start in range(0, max(len(pieces) - overlap, 1), step)]


def iter_chunks(text, chunking):
    """Yield chunks(text, chunking) one by one: each the text between the token its chunk begins at and the one
    after it ends (token_offsets), so that neither the pieces nor the chunks are all held (a search of a 31 MB file
    held its 7 million pieces, and all its chunks, at once), nor each piece made (1.8 s a megabyte, cut so)."""
    static = chunking["static"]
    size, overlap = static["max_chunk_size_tokens"], static["chunk_overlap_tokens"]
    step = max(size - overlap, 1)
    at = {}  # where the tokens a chunk begins or ends at, that none has been cut at yet, begin
    for index, offset in token_offsets(text, heapq.merge(itertools.count(0, step), itertools.count(size, step))):
        at[index] = offset
        begins = index - size  # the token of the chunk this one ends (overlap is at most half the size: whole)
        if begins >= 0 and begins % step == 0 and begins in at:
            yield text[at.pop(begins):offset]
        if index % step:
            del at[index]
    count = index  # the last: the text's tokens, and where it ends
    if count:
        for begins in range(0, max(count - overlap, 1), step):
            if begins in at:  # a chunk that ends with the text
                yield text[at[begins]:]


def cut_window(state, window, chunking, last):
    """Cut the chunks of a text that end in window, a part of it read after the parts state has seen: iter_chunks'
    chunks of the whole text, window after window, with no more of it held than a window and a chunk or two.

    Each window but the last (last: the text's end) ends before a space that begins an ASCII letter's word (`
    a`): split_tokens ends a piece there, and cuts the text after it into the pieces and tokens it cuts the whole
    into (tokens._piece_blocks cuts its blocks there for that reason; no expression that costs a piece looks back
    past that space). state: "tokens", the text's tokens before window; "carry", its text from where the first
    chunk begun and not yet ended begins; "begins", {a token index (a string) a chunk begins at: where in carry}.
    Return the chunks and the state after window (None after the last)."""
    static = chunking["static"]
    size, overlap = static["max_chunk_size_tokens"], static["chunk_overlap_tokens"]
    step = max(size - overlap, 1)
    first, carry = state["tokens"], state["carry"]
    text, base = carry + window, len(carry)
    at = {int(index): offset for index, offset in state["begins"].items()}
    starts, ends = -(-first // step) * step, size + -(-max(first - size, 0) // step) * step  # the next of each
    wanted = (index - first for index in heapq.merge(itertools.count(starts, step), itertools.count(ends, step)))
    cut = []
    for index, offset in token_offsets(window, wanted):
        index, offset = first + index, base + offset
        if not last and offset == len(text):
            break  # where the first token of the next window begins: the tokens of this one are all counted
        at[index] = offset
        begins = index - size
        if begins >= 0 and begins % step == 0 and begins in at:
            cut.append(text[at.pop(begins):offset])
        if index % step:
            del at[index]
    if last:
        if index:
            cut += [text[at[begins]:] for begins in range(0, max(index - overlap, 1), step) if begins in at]
        return cut, None
    kept = min(at.values(), default=len(text))
    return cut, {"tokens": index, "carry": text[kept:],
                 "begins": {str(begins): offset - kept for begins, offset in at.items()}}


def chunking_key(chunking):
    """The name a file's chunks of a chunking are kept under: its size and overlap, as `800/400`."""
    static = chunking["static"]
    return f"{static['max_chunk_size_tokens']}/{static['chunk_overlap_tokens']}"


def words(text):
    return set(_WORD.findall(text.lower()))


def score(query_words, chunk):
    """The share of the query's words a chunk holds, 0 to 1."""
    if not query_words:
        return 0.0
    return round(len(query_words & words(chunk)) / len(query_words), 4)


def postings(chunks, first=0):
    """The words of chunks (numbered from first) and the chunks holding each, as store.chunk_postings keeps them:
    {word: the bytes of an array("I") of their numbers}, with '' holding every one."""
    index = {"": array("I", range(first, first + len(chunks)))}
    for n, chunk in enumerate(chunks, first):
        for word in words(chunk):
            (index.get(word) or index.setdefault(word, array("I"))).append(n)
    return {word: ns.tobytes() for word, ns in index.items()}


POSTING_SIZE = array("I").itemsize


def scored_chunks(query_words, count, found, threshold, limit):
    """Yield (score, n) of a file's chunks (count of them) whose score (score(query_words, chunk)) is at least
    threshold, from found, the postings store.chunk_postings read of query_words: each chunk holding one (in no
    order), then the first limit of those holding none of them, or too few to score above 0 (as score rounds),
    in order, when 0 meets threshold; the others could not be among a search's best limit."""
    held = {}
    for pages in found.values():
        for page in pages:
            for n in array("I", page):
                held[n] = held.get(n, 0) + 1
    zero = []
    for n, shared in held.items():
        share = round(shared / len(query_words), 4)
        if share:
            if share >= threshold:
                yield share, n
        else:
            zero.append(n)
    if 0.0 >= threshold and limit > 0:
        zero.sort()
        none = (n for n in range(count) if n not in held)
        yield from ((0.0, n) for n in itertools.islice(heapq.merge(zero, none), limit))


_COMPARISONS = {"eq": lambda a, b: a == b, "ne": lambda a, b: a != b, "gt": lambda a, b: a > b,
                "gte": lambda a, b: a >= b, "lt": lambda a, b: a < b, "lte": lambda a, b: a <= b,
                "in": lambda a, b: a in b, "nin": lambda a, b: a not in b}


def matches(attributes, condition):
    """Tell whether a file's attributes meet a search filter: a comparison or an and/or of filters."""
    if condition is None:
        return True
    kind = condition["type"]
    if kind in ("and", "or"):
        results = (matches(attributes, inner) for inner in condition["filters"])
        return all(results) if kind == "and" else any(results)
    if condition["key"] not in attributes:
        return False
    value, wanted = attributes[condition["key"]], condition["value"]
    try:
        return bool(_COMPARISONS[kind](value, wanted))
    except TypeError:  # a number against a string, say: no match, as a typed comparison would find
        return False
