"""The Vector Stores API: /v1/vector_stores (create, list), /v1/vector_stores/{id} (get, modify, delete, search),
its files (add, list, get, update attributes, remove, content) and its file batches (create, get, cancel, files).

Stores are kept in the server's store and shown by the clock (vector_store.py); a file's text is cut into its
chunks a step at a time (stepping.py): the first in the call that gives a store the file, the rest by a thread of
the worker, and the file is in progress until they are all cut (a search cut a 5 MB file's in 2.6 s). The
endpoint writes JSON indented by two spaces with no newline at the end, refusals included, and sends no
x-ratelimit-* headers; it takes requests with or without `OpenAI-Beta: assistants=v2` (recordings of 2025). Shapes
and ids follow those recordings; the refusals recorded are an unsupported file type, an id of the wrong form and a
file the store does not have. The other wordings are the API's usual ones (guessed).
"""
import heapq
import re
import time

from flask import Blueprint, current_app, request

from .. import context, stepping, store, vector_store as vs, wire
from ..errors import InvalidRequestError, NotFoundError
from ..schemas import vector_stores as schemas
from ..validation import load
from . import checked_id, indented, indented_refusals, without_ratelimit_headers
from .stored import after, changed_record, forgotten_record, kept_record, query_int, query_order, store_path

bp = Blueprint("vector_stores", __name__)

TABLE, CUTTINGS = "vector_stores", "file_cuttings"
# The bytes of a file's text a step cuts into chunks (and the little more to a place where a window may end): 0.25
# MB, some 40-60 ms of CPU.
STEP_BYTES = 1 << 18
FIRST_STEPS_BYTES = 4 * STEP_BYTES  # of the first steps of the files a call gives a store, at most (and a step)
WINDOW_END = re.compile(rb" [A-Za-z]")  # where a window of a text may end (vector_store.cut_window): not in a
# character, since a byte under 0x80 is always one of its own
DEFAULT_LIMIT, MAX_LIMIT = 20, 100
FILE_SEARCH_DOCS = "https://platform.openai.com/docs/assistants/tools/file-search/supported-files"


indented_refusals(bp)
without_ratelimit_headers(bp)


class StoreNotFoundError(NotFoundError):
    def __init__(self, store_ref):
        super().__init__(f"No vector store found with id '{store_ref}'.")


def kept(store_ref):
    """Return a kept vector store's record, or raise the API's refusal of its id."""
    return kept_record(TABLE, checked_id(store_ref, "vector_store_id", "vs_"), StoreNotFoundError)


def change(store_ref, how):
    """Change a kept vector store in one transaction (how: a function of its record, returning the answer)."""
    return changed_record(TABLE, checked_id(store_ref, "vector_store_id", "vs_"), how, StoreNotFoundError)


def listed(items, filterable=False):
    """One page of a list, newest first by default: limit (20, at most 100), order, after, before, and for files
    filter (a status). items: objects with an id and created_at, oldest first."""
    args = request.args
    limit, order = query_int(args, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT), query_order(args, "desc")
    wanted = args.get("filter")
    if filterable and wanted is not None:
        if wanted not in vs.COUNTS:
            raise InvalidRequestError(f"Invalid value: '{wanted}'. Supported values are: "
                                      "'in_progress', 'completed', 'failed', and 'cancelled'.", param="filter",
                                      code="invalid_value")
        items = [item for item in items if item["status"] == wanted]
    if order == "desc":
        items = items[::-1]
    items = after(items, args.get("after"))
    before = args.get("before")
    position = next((i for i, item in enumerate(items) if item["id"] == before), None) if before else None
    if position is not None:  # the page just before it; more when there are more before that
        shown, more = items[max(position - limit, 0):position], position > limit
    else:
        shown, more = items[:limit], len(items) > limit
    return indented({"object": "list", "data": shown, "first_id": shown[0]["id"] if shown else None,
                     "last_id": shown[-1]["id"] if shown else None, "has_more": more})


def new_files(file_ids, requests, attributes, chunking, param, batch=None):
    """Return the kept entries of files to add: each must be in the Files API, of a type file search reads."""
    now = int(time.time())
    made = []
    wanted = [{"file_id": file_id} for file_id in file_ids] if file_ids is not None else requests
    for one in wanted:
        found = store.get_file(store_path(), one["file_id"])
        if found is None:
            raise NotFoundError(f"No file found with id '{one['file_id']}'.", param=param)  # guessed wording
        extension = vs.unsupported_extension(found["filename"])
        if extension:
            raise InvalidRequestError(f"Files with extensions [{extension}] are not supported for retrieval. See "
                                      f"{FILE_SEARCH_DOCS}", param=param, code="unsupported_file")
        own_chunking, own_attributes = one.get("chunking_strategy"), one.get("attributes")
        made.append({"id": found["id"], "created_at": now, "bytes": found["bytes"], "batch_id": batch,
                     "chunking_strategy": vs.resolved_chunking(chunking if own_chunking is None else own_chunking),
                     "attributes": (attributes if own_attributes is None else own_attributes) or {}})
    return list({entry["id"]: entry for entry in made}.values())  # a file named twice is added once, as last named


def add(record, files):
    """Add files to a store's record, in place of the same files added before."""
    added = {kept_file["id"] for kept_file in files}
    record["files"] = [kept_file for kept_file in record["files"] if kept_file["id"] not in added] + files


@bp.post("/vector_stores")
def create_store():
    req = load(schemas.store_request, wire.json_body())
    now = int(time.time())
    record = {"id": vs.store_id(now), "created_at": now, "name": req.get("name"),
              "description": req.get("description"), "expires_after": req.get("expires_after"),
              "last_active_at": now, "metadata": req.get("metadata") or {},
              "seconds": context.config()["FAUXPEN_VECTOR_STORE_SECONDS"], "files": [], "batches": []}
    add(record, new_files(req.get("file_ids") or [], None, None, req.get("chunking_strategy"), "file_ids"))
    store.save_record(store_path(), TABLE, record["id"], record)
    start_cutting(record["files"])
    return indented(vs.store_object(record, None))


@bp.get("/vector_stores")
def list_stores():
    now = int(time.time())
    return listed([vs.store_object(record, now, uncut(record))
                   for record in store.record_listing(store_path(), TABLE)])


@bp.get("/vector_stores/<store_ref>")
def retrieve_store(store_ref):
    record = kept(store_ref)
    return indented(vs.store_object(record, int(time.time()), uncut(record)))


@bp.post("/vector_stores/<store_ref>")
def modify_store(store_ref):
    req = load(schemas.store_update, wire.json_body())

    def modify(record):
        for name in ("name", "expires_after"):
            if name in req:
                record[name] = req[name]
        if "metadata" in req:
            record["metadata"] = req["metadata"] or {}
        return record
    record = change(store_ref, modify)
    return indented(vs.store_object(record, int(time.time()), uncut(record)))


@bp.delete("/vector_stores/<store_ref>")
def delete_store(store_ref):
    """Forget a store; one another request deleted first is not there to delete."""
    forgotten_record(TABLE, checked_id(store_ref, "vector_store_id", "vs_"), StoreNotFoundError)
    return indented({"id": store_ref, "object": "vector_store.deleted", "deleted": True})


@bp.post("/vector_stores/<store_ref>/search")
def search_store(store_ref):
    """Rank the chunks of the store's processed files (filtered by their attributes) against the query."""
    req = load(schemas.search_request, wire.json_body())
    queries = [req["query"]] if isinstance(req["query"], str) else req["query"]
    found = ranked(touched(store_ref), queries, req.get("filters"),
                   (req.get("ranking_options") or {}).get("score_threshold", 0), req.get("max_num_results", 10))
    data = [{"file_id": chunk["file_id"], "filename": chunk["filename"], "score": chunk["score"],
             "attributes": chunk["attributes"], "content": [{"type": "text", "text": chunk["text"]}]}
            for chunk in found[:req.get("max_num_results", 10)]]
    return indented({"object": "vector_store.search_results.page", "search_query": queries, "data": data,
                     "has_more": False, "next_page": None})


def touched(store_ref):
    """Return a kept store's record, marked active now (a search is a use: it moves expires_at on)."""
    return change(store_ref, touch)


def touch(record):
    record["last_active_at"] = int(time.time())
    return record


def ranked(record, queries, filters, threshold, limit):
    """Return the limit best chunks of a store's processed files whose attributes meet filters, scored against the
    queries, best first (equal scores in the files' order): dicts of file_id, filename, score, attributes, text.
    Only the best limit are held as the chunks are scored (a search of a 31 MB file held them all); the chunks are
    those file_chunks keeps, scored from the postings of the query's words (scored_chunks: 0.34 s -> 3 ms a search
    of a 5 MB file) or, for a file whose postings were not kept, each read and scored."""
    now, cutting, path = int(time.time()), uncut(record), store_path()
    query_words = vs.words(" ".join(queries))
    best = []  # a heap of (score, -file's place, -chunk's place, file's place, text if read): the worst on top
    files = []
    for kept_file in record["files"]:
        if vs.file_status(kept_file, record["seconds"], now, cutting) != "completed":
            continue
        if not vs.matches(kept_file["attributes"], filters):
            continue
        found = store.get_file(path, kept_file["id"])
        if found is None:  # deleted from the Files API since
            continue
        place, key = len(files), vs.chunking_key(kept_file["chunking_strategy"])
        files.append((kept_file, found["filename"], key))
        read = store.chunk_postings(path, kept_file["id"], key, query_words, vs.POSTING_SIZE)
        if read:
            scored = ((score, n, None) for score, n in vs.scored_chunks(query_words, *read, threshold, limit))
        else:  # postings not kept: each chunk read and scored
            scored = ((score, n, chunk) for n, chunk in enumerate(file_chunks(kept_file["id"],
                                                                               kept_file["chunking_strategy"]))
                      if (score := vs.score(query_words, chunk)) >= threshold)
        for score, n, text in scored:
            kept = (score, -place, -n, place, text)
            (heapq.heappush if len(best) < limit else heapq.heappushpop)(best, kept)
    best.sort(key=lambda kept: kept[:3], reverse=True)
    texts, wanted = {}, {}
    for _, _, n, place, text in best:
        if text is None:
            wanted.setdefault(place, []).append(-n)
    for place, numbers in wanted.items():
        kept_file, _, key = files[place]
        texts.update(((place, n), text) for n, text in store.chunk_texts(path, kept_file["id"], key, numbers).items())
    return [{"file_id": files[place][0]["id"], "filename": files[place][1], "score": score,
             "attributes": files[place][0]["attributes"], "text": texts[place, -n] if text is None else text}
            for score, _, n, place, text in best]


def file_chunks(file_id, chunking):
    """Yield a file's kept chunks of a chunking (a completed file's are all kept: cutting_step), read a page at a
    time; where every search cut every file again (6.4 s a search of a 6.8 MB file), then the first search cut it
    (2.6 s a 5 MB file's). A file deleted since has none."""
    path, key = store_path(), vs.chunking_key(chunking)
    if store.chunked(path, file_id, key):
        yield from store.file_chunks(path, file_id, key)


def cutting_id(file_id, chunking):
    """The id of the record of a file's cutting into chunks of a chunking: `file-abc/800/400`."""
    return f"{file_id}/{vs.chunking_key(chunking)}"


def start_cutting(files):
    """Have the chunks of files just given to a store cut (each once a file and chunking, for every store), the
    first step of each in this call while the call has cut less than FIRST_STEPS_BYTES, and the rest by this
    worker's thread; one whose chunks are kept, or being cut, needs none."""
    path, app, left = store_path(), current_app._get_current_object(), FIRST_STEPS_BYTES
    for kept_file in files:
        chunking = kept_file["chunking_strategy"]
        if store.chunked(path, kept_file["id"], vs.chunking_key(chunking)):
            continue
        key = cutting_id(kept_file["id"], chunking)
        if store.add_record(path, CUTTINGS, key, {"file_id": kept_file["id"], "chunking": chunking, "byte": 0,
                                                  "count": 0, "tokens": 0, "carry": "", "begins": {},
                                                  "claimed_until": 0, "beat": time.time()}):
            if left <= 0 or cutting_step(app, path, key, first=True):
                cut_later(app, path, key)
            left -= min(kept_file["bytes"], STEP_BYTES)


def cutting_step(app, path, key, first=False):
    """Cut the chunks of a file's next STEP_BYTES (to where a window may end) and keep them; after its last, mark
    them all kept. Return whether bytes are left (another worker's step running: True). first: the step of the
    call that gives a store the file, which leaves a longer window to the thread."""
    now = time.time()
    _, claimed = store.update_record(path, CUTTINGS, key, lambda cutting: stepping.claim(cutting, now))
    if not claimed:
        return claimed is False
    file_id, chunking, start = claimed["file_id"], claimed["chunking"], claimed["byte"]
    window, last = read_window(path, file_id, start, 4 * STEP_BYTES if first else None)
    if window is None:  # the file deleted since, or a first window too long
        if last:
            store.update_record(path, CUTTINGS, key, lambda cutting: cutting.update(claimed_until=0))
            return True
        store.delete_record(path, CUTTINGS, key)
        return False
    chunks, state = vs.cut_window(claimed, window.decode("utf-8", "replace"), chunking, last)
    store.save_chunks(path, file_id, vs.chunking_key(chunking), chunks, claimed["count"], vs.postings)
    if last:
        store.chunks_cut(path, key, file_id, vs.chunking_key(chunking), claimed["count"] + len(chunks))
        return False

    def record(cutting):
        if cutting["byte"] != start:
            return False  # a step another worker ran again after this one's lease ran out: its own now
        cutting.update(state, byte=start + len(window), count=cutting["count"] + len(chunks), claimed_until=0,
                       beat=time.time())
        return True
    return store.update_record(path, CUTTINGS, key, record)[1] is True


def read_window(path, file_id, start, most=None):
    """Return the bytes of a file from start to the first place after STEP_BYTES where a window may end, or to its
    end, and whether they are its last; (None, False) if the file is gone, (None, True) if the window would be
    longer than most bytes. A text with no such place (Chinese or Japanese, with no word of Latin letters after a
    space) is cut in one window however long: a step of the thread, not of a request, that can take long."""
    window = store.blob_piece(path, "files", file_id, start, STEP_BYTES + 4096)
    if window is None:
        return None, False
    while not (found := WINDOW_END.search(window, STEP_BYTES)):
        if most is not None and len(window) > most:
            return None, True
        more = store.blob_piece(path, "files", file_id, start + len(window), 1 << 16)
        if not more:
            return window, True
        window += more
    return window[:found.start()], False


# This process's thread cutting files into chunks, started by the first file it cuts.
_runner = stepping.Runner("fauxpen-chunks", cutting_step)


def cut_later(app, path, key):
    _runner.later(app, path, key)


def uncut(record):
    """Return the ids of a store's files whose chunks are being cut (in progress until they are all kept), and
    have this worker go on with a cutting no worker has stepped for LEASE seconds (its worker stopped)."""
    if not record["files"]:
        return frozenset()
    path, now = store_path(), time.time()
    keys = {cutting_id(kept_file["id"], kept_file["chunking_strategy"]): kept_file["id"]
            for kept_file in record["files"]}
    found = store.records_of(path, CUTTINGS, list(keys))
    for key, cutting in found.items():
        if stepping.stalled(cutting, now):
            cut_later(current_app._get_current_object(), path, key)
    return frozenset(keys[key] for key in found)


def file_search(store_ids, queries, filters, threshold, limit):
    """Search vector stores for the Responses API's file_search tool: the best chunks of them all, each with its
    store's id; an id fauxpen does not have is a 404."""
    found = []
    for store_id in store_ids:
        there, record = store.update_record(store_path(), TABLE, store_id, touch)
        if not there:
            raise NotFoundError(f"Vector store with id '{store_id}' not found.")  # reported, paraphrased
        found += [{**chunk, "vector_store_id": store_id}
                  for chunk in ranked(record, queries, filters, threshold, limit)]  # each store's best: enough
    found.sort(key=lambda result: -result["score"])
    return found[:limit]


# The store's files.

def member(record, kind, ref):
    """Return the file or the batch (kind) of a store's record with id ref, or raise the API's 404."""
    found = next((item for item in record["files" if kind == "file" else "batches"] if item["id"] == ref), None)
    if found is None:
        raise NotFoundError(f"No {kind} found with id '{ref}' in vector store '{record['id']}'.")
    return found


def _file(record, file_ref):
    return member(record, "file", file_ref)


@bp.post("/vector_stores/<store_ref>/files")
def add_file(store_ref):
    req = load(schemas.file_request, wire.json_body())
    kept(store_ref)
    files = new_files(None, [req], None, None, "file_id")

    def attach(record):
        add(record, files)
        return vs.file_object(record, files[0], None)
    answer = change(store_ref, attach)
    start_cutting(files)
    return indented(answer)


@bp.get("/vector_stores/<store_ref>/files")
def list_files(store_ref):
    record, now = kept(store_ref), int(time.time())
    cutting = uncut(record)
    return listed([vs.file_object(record, kept_file, now, cutting) for kept_file in record["files"]],
                  filterable=True)


@bp.get("/vector_stores/<store_ref>/files/<file_ref>")
def retrieve_file(store_ref, file_ref):
    record = kept(store_ref)
    return indented(vs.file_object(record, _file(record, file_ref), int(time.time()), uncut(record)))


@bp.post("/vector_stores/<store_ref>/files/<file_ref>")
def update_file(store_ref, file_ref):
    """Replace a file's attributes (null clears them)."""
    attributes = load(schemas.file_update, wire.json_body())["attributes"] or {}

    def update(record):
        kept_file = _file(record, file_ref)
        kept_file["attributes"] = attributes
        return record, kept_file
    record, kept_file = change(store_ref, update)
    return indented(vs.file_object(record, kept_file, int(time.time()), uncut(record)))


@bp.delete("/vector_stores/<store_ref>/files/<file_ref>")
def remove_file(store_ref, file_ref):
    """Take a file out of the store; the file itself stays in the Files API."""
    def remove(record):
        record["files"].remove(_file(record, file_ref))
    change(store_ref, remove)
    return indented({"id": file_ref, "object": "vector_store.file.deleted", "deleted": True})


@bp.get("/vector_stores/<store_ref>/files/<file_ref>/content")
def file_content(store_ref, file_ref):
    """A processed file's text, as one page."""
    record = kept(store_ref)
    _file(record, file_ref)
    found = store.get_file(store_path(), file_ref, content=True)
    text = found[1].decode("utf-8", "replace") if found else ""
    return indented({"object": "vector_store.file_content.page", "data": [{"type": "text", "text": text}],
                     "has_more": False, "next_page": None})


# The store's file batches.

def _batch(record, batch_ref):
    return member(record, "file batch", checked_id(batch_ref, "batch_id", "vsfb_"))


@bp.post("/vector_stores/<store_ref>/file_batches")
def create_batch(store_ref):
    req = load(schemas.batch_request, wire.json_body())
    kept(store_ref)
    batch = {"id": vs.batch_id(), "created_at": int(time.time()), "cancelled_at": None}
    param = "file_ids" if req.get("file_ids") is not None else "files"
    files = new_files(req.get("file_ids"), req.get("files"), req.get("attributes"), req.get("chunking_strategy"),
                      param, batch["id"])

    def attach(record):
        add(record, files)
        record["batches"].append(batch)
        return vs.batch_object(record, batch, None)
    answer = change(store_ref, attach)
    start_cutting(files)
    return indented(answer)


@bp.get("/vector_stores/<store_ref>/file_batches/<batch_ref>")
def retrieve_batch(store_ref, batch_ref):
    record = kept(store_ref)
    return indented(vs.batch_object(record, _batch(record, batch_ref), int(time.time()), uncut(record)))


@bp.post("/vector_stores/<store_ref>/file_batches/<batch_ref>/cancel")
def cancel_batch(store_ref, batch_ref):
    """Stop a batch's files that are still in progress; one already done is answered as it is."""
    now = int(time.time())
    cutting = uncut(kept(store_ref))  # read before the change: no read of the store inside its transaction

    def cancel(record):
        batch = _batch(record, batch_ref)
        if vs.batch_object(record, batch, now, cutting)["status"] == "in_progress":
            batch["cancelled_at"] = now
            for kept_file in record["files"]:
                if kept_file.get("batch_id") == batch["id"]:
                    if vs.file_status(kept_file, record["seconds"], now, cutting) == "in_progress":
                        kept_file["cancelled"] = True  # its time past, its chunks still being cut
                    kept_file["cancelled_at"] = now
        return vs.batch_object(record, batch, now, cutting)
    return indented(change(store_ref, cancel))


@bp.get("/vector_stores/<store_ref>/file_batches/<batch_ref>/files")
def list_batch_files(store_ref, batch_ref):
    record, now = kept(store_ref), int(time.time())
    batch, cutting = _batch(record, batch_ref), uncut(record)
    return listed([vs.file_object(record, kept_file, now, cutting) for kept_file in record["files"]
                   if kept_file.get("batch_id") == batch["id"]], filterable=True)
