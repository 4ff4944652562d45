"""What the API keeps, in one SQLite file every worker of a server shares: stored chat completions (`store: true`)
and responses, files, the parts of uploads, the files of containers and the bundles of skills, and JSON records
of batches, fine-tuning jobs, conversations, vector stores, uploads, containers and skills.

The file is FAUXPEN_STORE_PATH. gunicorn.conf.py makes one for each gunicorn server as it starts (its workers
inherit the path) and removes it at exit; an app started without a path makes its own (`python app.py`), also
removed at exit. Each call opens its own connection: SQLite connections are not shared across threads, and
only requests that store or read something come here.
"""
import atexit
import contextlib
import hashlib
import itertools
import json
import os
import tempfile

SCHEMA = """CREATE TABLE IF NOT EXISTS completions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT UNIQUE NOT NULL,
    model TEXT NOT NULL,
    metadata TEXT NOT NULL,
    stored TEXT NOT NULL,
    messages TEXT NOT NULL
)"""

RESPONSES_SCHEMA = """CREATE TABLE IF NOT EXISTS responses (
    id TEXT PRIMARY KEY,
    stored TEXT NOT NULL,
    input_items TEXT NOT NULL,
    conversation TEXT NOT NULL
)"""

# Which stored response made each output item, so that an item sent back by its id alone (an item_reference, a
# reasoning item without its encrypted content) is found, with the items around it in that response's output.
RESPONSE_ITEMS_SCHEMA = """CREATE TABLE IF NOT EXISTS response_items (
    id TEXT PRIMARY KEY,
    response_id TEXT NOT NULL
)"""
RESPONSE_ITEMS_INDEX = "CREATE INDEX IF NOT EXISTS response_items_response ON response_items (response_id)"


FILES_SCHEMA = """CREATE TABLE IF NOT EXISTS files (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT UNIQUE NOT NULL,
    stored TEXT NOT NULL,
    content BLOB NOT NULL
)"""

# The parts of uploads (the Uploads API), until the upload is completed into a file; and the input and output of
# stepped work (a batch's, a fine-tuning job's, an eval run's), an input in parts of a chunk named by their offsets.
PARTS_SCHEMA = """CREATE TABLE IF NOT EXISTS upload_parts (
    id TEXT PRIMARY KEY,
    upload_id TEXT NOT NULL,
    content BLOB NOT NULL
)"""
PARTS_INDEX = "CREATE INDEX IF NOT EXISTS upload_parts_upload ON upload_parts (upload_id)"

# The files of containers (the Containers API): their objects and bytes, in the order they were added.
CONTAINER_FILES_SCHEMA = """CREATE TABLE IF NOT EXISTS container_files (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT UNIQUE NOT NULL,
    container_id TEXT NOT NULL,
    stored TEXT NOT NULL,
    content BLOB NOT NULL
)"""
CONTAINER_FILES_INDEX = "CREATE INDEX IF NOT EXISTS container_files_container ON container_files (container_id)"

# The zip bundles of skills' versions (the Skills API), by version id.
BUNDLES_SCHEMA = """CREATE TABLE IF NOT EXISTS skill_bundles (
    id TEXT PRIMARY KEY,
    skill_id TEXT NOT NULL,
    content BLOB NOT NULL
)"""

# Batches, fine-tuning jobs and their checkpoints' permissions, conversations, vector stores, uploads,
# containers, skills, evals and their runs (a run's data source apart), webhook endpoints, voice consents and voices,
# agent sessions, saved agents, and the reasoning items of unstored responses a model takes back by id: a JSON record
# each (RECORD_TABLES), in the order they were made.
RECORD_TABLES = ("batches", "fine_tuning_jobs", "checkpoint_permissions", "conversations", "vector_stores",
                 "uploads", "containers", "skills", "evals", "eval_runs", "webhook_endpoints", "voice_consents",
                 "voices", "unstored_reasoning", "eval_run_sources", "agent_sessions", "agents", "file_cuttings")
RECORD_SCHEMAS = tuple(f"""CREATE TABLE IF NOT EXISTS {table} (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT UNIQUE NOT NULL,
    stored TEXT NOT NULL
)""" for table in RECORD_TABLES)


# The output items of eval runs, one row each, so that a run is read without them and a page of them alone.
EVAL_OUTPUTS_SCHEMA = """CREATE TABLE IF NOT EXISTS eval_outputs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT UNIQUE NOT NULL,
    run_id TEXT NOT NULL,
    status TEXT NOT NULL,
    stored TEXT NOT NULL
)"""
EVAL_OUTPUTS_INDEX = "CREATE INDEX IF NOT EXISTS eval_outputs_run ON eval_outputs (run_id, seq)"


# The chunks a vector store's search reads of a file's text, cut once for a file and a chunking (its size and
# overlap, as `800/400`), a step at a time from when a store is given the file, and kept for every worker;
# file_chunkings names those whose chunks are all kept (a file_cuttings record, one under way).
CHUNKS_SCHEMA = """CREATE TABLE IF NOT EXISTS file_chunks (
    file_id TEXT NOT NULL,
    chunking TEXT NOT NULL,
    n INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (file_id, chunking, n)
)"""
CHUNKINGS_SCHEMA = """CREATE TABLE IF NOT EXISTS file_chunkings (
    file_id TEXT NOT NULL,
    chunking TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (file_id, chunking)
)"""
# The words of a file's chunks, each with the chunks that hold it (its postings: their numbers, an array of C
# unsigned ints' bytes), written with each page of chunks (first: the page's first chunk) so that a search reads the
# rows of its query's words rather than every chunk's text; the word '' lists every chunk of the page, so that a
# file's postings are known whole (cut before they were kept: none).
CHUNK_WORDS_SCHEMA = """CREATE TABLE IF NOT EXISTS chunk_words (
    file_id TEXT NOT NULL,
    chunking TEXT NOT NULL,
    word TEXT NOT NULL,
    first INTEGER NOT NULL,
    chunks BLOB NOT NULL,
    PRIMARY KEY (file_id, chunking, word, first)
) WITHOUT ROWID"""


# The custom_ids (the first 16 bytes of a SHA-256 of each) of a batch's lines while its input file is checked a
# step at a time, with the line each is first on: a line may repeat one many steps before it.
CUSTOM_IDS_SCHEMA = """CREATE TABLE IF NOT EXISTS batch_custom_ids (
    batch_id TEXT NOT NULL,
    custom_id BLOB NOT NULL,
    line INTEGER NOT NULL,
    PRIMARY KEY (batch_id, custom_id)
) WITHOUT ROWID"""

PROMPT_CACHE_SCHEMA = """CREATE TABLE IF NOT EXISTS prompt_cache (
    prefix TEXT PRIMARY KEY,
    expires REAL NOT NULL
)"""
PROMPT_CACHE_INDEX = "CREATE INDEX IF NOT EXISTS prompt_cache_expires ON prompt_cache (expires)"


def new_path():
    """Create an empty store file for a server, and return its path."""
    fd, path = tempfile.mkstemp(prefix="fauxpen-store-", suffix=".sqlite")
    os.close(fd)
    return path


def remove(path):
    """Remove a store file and SQLite's companions of it, if they are there."""
    for name in (path, path + "-journal", path + "-wal", path + "-shm"):
        try:
            os.remove(name)
        except OSError:
            pass


def own_path():
    """Return a store file for this process alone, removed when it exits."""
    path = new_path()
    atexit.register(remove, path)
    return path


def _connect(path):
    import sqlite3  # here, not at the top: a worker that never stores a completion does not load it (1 MB)

    # A store file removed under a running server (a /tmp cleaner's age limit, a hand) is made again, empty, with
    # its tables: SQLite's connect makes the file, and the tables known made would otherwise be missing from it,
    # every later request answered 500 (no such table) until the server restarts.
    if path in _made_tables and not os.path.exists(path):
        _made_tables.discard(path)
    conn = sqlite3.connect(path, timeout=10)
    conn.execute("PRAGMA synchronous = OFF")  # a scratch file for one server's life: no fsync per request
    if path not in _made_tables:  # once a path and process: seven statements a connection add up
        for schema in (SCHEMA, RESPONSES_SCHEMA, RESPONSE_ITEMS_SCHEMA, RESPONSE_ITEMS_INDEX, FILES_SCHEMA,
                       PARTS_SCHEMA, PARTS_INDEX, CONTAINER_FILES_SCHEMA, CONTAINER_FILES_INDEX, BUNDLES_SCHEMA,
                       PROMPT_CACHE_SCHEMA, PROMPT_CACHE_INDEX, EVAL_OUTPUTS_SCHEMA, EVAL_OUTPUTS_INDEX,
                       CHUNKS_SCHEMA, CHUNKINGS_SCHEMA, CHUNK_WORDS_SCHEMA, CUSTOM_IDS_SCHEMA,
                        *RECORD_SCHEMAS):
            conn.execute(schema)
        _made_tables.add(path)
    return conn


_made_tables = set()


def save(path, stored, messages):
    """Keep a stored completion object (with its metadata) and the messages of its request."""
    with _connect(path) as conn:
        conn.execute("INSERT OR REPLACE INTO completions (id, model, metadata, stored, messages) "
                     "VALUES (?, ?, ?, ?, ?)", (stored["id"], stored["model"], json.dumps(stored["metadata"]),
                                                json.dumps(stored), json.dumps(messages)))


def get(path, completion_id):
    """Return the stored completion object of completion_id, or None."""
    if not _storable(completion_id):
        return None
    with _connect(path) as conn:
        row = conn.execute("SELECT stored, metadata FROM completions WHERE id = ?", (completion_id,)).fetchone()
    return _object(row) if row else None


def _object(row):
    stored, metadata = row
    stored = json.loads(stored)
    stored["metadata"] = json.loads(metadata)
    return stored


def messages(path, completion_id):
    """Return the request messages stored with completion_id, or None when it is not stored."""
    if not _storable(completion_id):
        return None
    with _connect(path) as conn:
        row = conn.execute("SELECT messages FROM completions WHERE id = ?", (completion_id,)).fetchone()
    return json.loads(row[0]) if row else None


def listing(path, model=None, metadata=None):
    """Return every stored completion object, oldest first, of model and carrying metadata's pairs if given."""
    query, args = "SELECT stored, metadata FROM completions", ()
    if model is not None:
        query, args = query + " WHERE model = ?", (model,)
    with _connect(path) as conn:
        rows = conn.execute(query + " ORDER BY seq", args).fetchall()
    found = [_object(row) for row in rows]
    if metadata:
        found = [c for c in found if all(c["metadata"].get(k) == v for k, v in metadata.items())]
    return found


def update_metadata(path, completion_id, metadata):
    """Replace a stored completion's metadata; return the updated object, or None when it is not stored."""
    if not _storable(completion_id):
        return None
    with _connect(path) as conn:
        changed = conn.execute("UPDATE completions SET metadata = ? WHERE id = ?",
                               (json.dumps(metadata), completion_id)).rowcount
    return get(path, completion_id) if changed else None


def _delete(path, table, key):
    """Forget the row of table with id key; tell whether there was one."""
    if not _storable(key):
        return False
    with _connect(path) as conn:
        return conn.execute(f"DELETE FROM {table} WHERE id = ?", (key,)).rowcount > 0


def delete(path, completion_id):
    """Forget a stored completion; tell whether there was one."""
    return _delete(path, "completions", completion_id)


def save_response(path, response, input_items, conversation):
    """Keep a response object, its input items and the conversation it ends (for previous_response_id), and which
    response each of its output items is of."""
    with _connect(path) as conn:
        conn.execute("INSERT OR REPLACE INTO responses (id, stored, input_items, conversation) VALUES (?, ?, ?, ?)",
                     (response["id"], json.dumps(response), json.dumps(input_items), json.dumps(conversation)))
        conn.executemany("INSERT OR REPLACE INTO response_items (id, response_id) VALUES (?, ?)",
                         [(item["id"], response["id"]) for item in response["output"] if item.get("id")])


def get_response(path, response_id):
    """Return (response, input items, conversation) of a stored response, or None."""
    if not _storable(response_id):
        return None
    with _connect(path) as conn:
        row = conn.execute("SELECT stored, input_items, conversation FROM responses WHERE id = ?",
                           (response_id,)).fetchone()
    return tuple(json.loads(value) for value in row) if row else None


def responses_of_items(path, item_ids):
    """Return {item id: the stored response object whose output has it} for those of item_ids that are stored."""
    keys = [key for key in dict.fromkeys(item_ids) if _storable(key)]
    if not keys:
        return {}
    with _connect(path) as conn:  # the ids as one JSON array: no limit on how many a request sends
        rows = conn.execute("SELECT response_items.id, responses.id, responses.stored FROM response_items JOIN "
                            "responses ON responses.id = response_items.response_id WHERE response_items.id IN "
                            "(SELECT value FROM json_each(?))", (json.dumps(keys),)).fetchall()
    found, made = {}, {}  # one object for the items of one response
    for item_id, response_id, stored in rows:
        if response_id not in made:
            made[response_id] = json.loads(stored)
        found[item_id] = made[response_id]
    return found


def delete_response(path, response_id):
    """Forget a stored response and which items were its; tell whether there was one."""
    if _storable(response_id):
        with _connect(path) as conn:
            conn.execute("DELETE FROM response_items WHERE response_id = ?", (response_id,))
    return _delete(path, "responses", response_id)


def save_file(path, stored, content):
    """Keep an uploaded (or made) file: its object and its bytes."""
    with _connect(path) as conn:
        conn.execute("INSERT INTO files (id, stored, content) VALUES (?, ?, ?)",
                     (stored["id"], json.dumps(stored), content))


def _storable(key):
    """Tell whether a key can be looked up: SQLite takes UTF-8, which a lone surrogate is not."""
    try:
        key.encode()
        return True
    except UnicodeEncodeError:
        return False


def get_file(path, file_id, content=False):
    """Return a file's object (and its bytes, with content=True), or None."""
    if not _storable(file_id):
        return None
    with _connect(path) as conn:  # the bytes read only when asked for: a file's object alone does not read them
        row = conn.execute(f"SELECT stored{', content' if content else ''} FROM files WHERE id = ?",
                           (file_id,)).fetchone()
    if row is None:
        return None
    return (json.loads(row[0]), bytes(row[1])) if content else json.loads(row[0])


def file_listing(path):
    """Return every file object, oldest first."""
    with _connect(path) as conn:
        return [json.loads(row[0]) for row in conn.execute("SELECT stored FROM files ORDER BY seq")]


def delete_file(path, file_id):
    """Forget a file (and the chunks it was cut into, or is being cut into); tell whether there was one."""
    if _storable(file_id):
        with _connect(path) as conn:
            conn.execute("DELETE FROM file_chunkings WHERE file_id = ?", (file_id,))
            conn.execute("DELETE FROM file_chunks WHERE file_id = ?", (file_id,))
            conn.execute("DELETE FROM chunk_words WHERE file_id = ?", (file_id,))
            conn.execute("DELETE FROM file_cuttings WHERE substr(id, 1, ?) = ?", (len(file_id) + 1, file_id + "/"))
    return _delete(path, "files", file_id)


CHUNK_PAGE = 128  # the chunks written, or read, at a time: a large file's are never held all at once


def chunked(path, file_id, chunking):
    """Tell whether a file's chunks of a chunking are all kept."""
    with _connect(path) as conn:
        return conn.execute("SELECT 1 FROM file_chunkings WHERE file_id = ? AND chunking = ?",
                            (file_id, chunking)).fetchone() is not None


def save_chunks(path, file_id, chunking, chunks, first=0, postings=None):
    """Keep some of a file's chunks of a chunking (texts, in order, the first numbered first), CHUNK_PAGE at a time,
    each page in a transaction of its own, with its words' postings (postings(page, first): {word: bytes}, for
    chunk_words) if given. Chunking is deterministic: a worker cutting the same file at the same time (one taking
    over another's step) writes the same rows, which are taken once."""
    chunks = iter(chunks)
    while page := list(itertools.islice(chunks, CHUNK_PAGE)):
        index = postings(page, first) if postings else {}
        with contextlib.closing(_connect(path)) as conn, conn:
            conn.executemany("INSERT OR IGNORE INTO file_chunks (file_id, chunking, n, text) VALUES (?, ?, ?, ?)",
                             [(file_id, chunking, first + n, text) for n, text in enumerate(page)])
            conn.executemany("INSERT OR IGNORE INTO chunk_words (file_id, chunking, word, first, chunks) "
                             "VALUES (?, ?, ?, ?, ?)",
                             [(file_id, chunking, word, first, ns) for word, ns in index.items()])
        first += len(page)


def chunks_cut(path, cutting_id, file_id, chunking, count):
    """Mark a file's count chunks of a chunking all kept and forget the record of their cutting, in one transaction
    (the file is in progress until then); a file deleted meanwhile has its chunks forgotten instead."""
    with contextlib.closing(_connect(path)) as conn, conn:
        conn.execute("BEGIN IMMEDIATE")  # the write lock first: a read's lock is not then taken up to write
        if conn.execute("SELECT 1 FROM files WHERE id = ?", (file_id,)).fetchone():
            conn.execute("INSERT OR IGNORE INTO file_chunkings (file_id, chunking, count) VALUES (?, ?, ?)",
                         (file_id, chunking, count))
        else:
            conn.execute("DELETE FROM file_chunks WHERE file_id = ?", (file_id,))
            conn.execute("DELETE FROM chunk_words WHERE file_id = ?", (file_id,))
        conn.execute("DELETE FROM file_cuttings WHERE id = ?", (cutting_id,))


def file_chunks(path, file_id, chunking):
    """Yield a file's kept chunks of a chunking in order, CHUNK_PAGE read by each connection (none held open while
    a caller scores them)."""
    start = 0
    while True:
        with contextlib.closing(_connect(path)) as conn:
            page = [row[0] for row in conn.execute(
                "SELECT text FROM file_chunks WHERE file_id = ? AND chunking = ? AND n >= ? ORDER BY n LIMIT ?",
                (file_id, chunking, start, CHUNK_PAGE))]
        yield from page
        if len(page) < CHUNK_PAGE:
            return
        start += CHUNK_PAGE


def chunk_postings(path, file_id, chunking, words, itemsize):
    """Return a file's count of chunks of a chunking (all kept) and {word: [bytes of its postings, a page's each]}
    for those of words its chunks hold; None if its chunks are not all kept, or its postings not (cut before they
    were kept: itemsize, the bytes a posting takes, tells the '' rows' chunks from all)."""
    words = list(words)
    with contextlib.closing(_connect(path)) as conn:
        row = conn.execute("SELECT count FROM file_chunkings WHERE file_id = ? AND chunking = ?",
                           (file_id, chunking)).fetchone()
        if row is None:
            return None
        listed = conn.execute("SELECT TOTAL(LENGTH(chunks)) FROM chunk_words WHERE file_id = ? AND chunking = ? "
                              "AND word = ''", (file_id, chunking)).fetchone()[0]
        if listed != row[0] * itemsize:
            return None
        found = {}
        for start in range(0, len(words), 500):  # under SQLite's bound on a statement's variables
            some = words[start:start + 500]
            for word, ns in conn.execute(
                    f"SELECT word, chunks FROM chunk_words WHERE file_id = ? AND chunking = ? AND word IN "
                    f"({', '.join('?' * len(some))})", (file_id, chunking, *some)):
                found.setdefault(word, []).append(ns)
    return row[0], found


def chunk_texts(path, file_id, chunking, numbers):
    """Return {n: text} of a file's kept chunks of a chunking numbered numbers."""
    numbers, texts = sorted(numbers), {}
    with contextlib.closing(_connect(path)) as conn:
        for start in range(0, len(numbers), 500):
            some = numbers[start:start + 500]
            texts.update(conn.execute(f"SELECT n, text FROM file_chunks WHERE file_id = ? AND chunking = ? AND n IN "
                                      f"({', '.join('?' * len(some))})", (file_id, chunking, *some)))
    return texts


def save_record(path, table, record_id, record):
    """Keep a batch or a fine-tuning job (a JSON record) in table, replacing one of the same id in its place."""
    with _connect(path) as conn:
        conn.execute(f"INSERT INTO {table} (id, stored) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET stored = "
                     "excluded.stored", (record_id, json.dumps(record)))


def get_record(path, table, record_id):
    """Return a kept record of table, or None."""
    if not _storable(record_id):
        return None
    with _connect(path) as conn:
        row = conn.execute(f"SELECT stored FROM {table} WHERE id = ?", (record_id,)).fetchone()
    return json.loads(row[0]) if row else None


def update_record(path, table, record_id, change, delete_when=None):
    """Apply change (a function of the record, returning what to answer) to a kept record in one transaction, so
    that changes from other threads and workers are not lost; return (whether there was the record, change's
    answer). delete_when: a function of the changed record telling whether to forget it instead."""
    if not _storable(record_id):
        return False, None
    conn = _connect(path)
    try:
        conn.execute("BEGIN IMMEDIATE")  # the write lock first: no one else reads the record until this commits
        row = conn.execute(f"SELECT stored FROM {table} WHERE id = ?", (record_id,)).fetchone()
        if row is None:
            conn.rollback()
            return False, None
        record = json.loads(row[0])
        answer = change(record)
        if delete_when is not None and delete_when(record):
            conn.execute(f"DELETE FROM {table} WHERE id = ?", (record_id,))
        else:
            conn.execute(f"UPDATE {table} SET stored = ? WHERE id = ?", (json.dumps(record), record_id))
        conn.commit()
        return True, answer
    except BaseException:
        conn.rollback()
        raise
    finally:
        conn.close()


def add_record(path, table, record_id, record):
    """Keep a record in table unless one of its id is kept; tell whether it was added."""
    with _connect(path) as conn:
        return conn.execute(f"INSERT OR IGNORE INTO {table} (id, stored) VALUES (?, ?)",
                            (record_id, json.dumps(record))).rowcount > 0


def records_of(path, table, record_ids):
    """Return {id: record} of those of record_ids table keeps."""
    with _connect(path) as conn:  # the ids as one JSON array: no limit on how many
        return {row[0]: json.loads(row[1]) for row in conn.execute(
            f"SELECT id, stored FROM {table} WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(record_ids),))}


def blob_piece(path, table, key, start, length):
    """Return up to length bytes of table's row key from byte start, read by a connection of its own, or None if
    there is no such row."""
    if not _storable(key):
        return None
    with contextlib.closing(_connect(path)) as conn:
        blob = _blob(conn, table, key)
        if blob is None:
            return None
        with blob:
            blob.seek(min(start, len(blob)))
            return blob.read(length)


def record_listing(path, table):
    """Return every kept record of table, oldest first."""
    with _connect(path) as conn:
        return [json.loads(row[0]) for row in conn.execute(f"SELECT stored FROM {table} ORDER BY seq")]


def delete_record(path, table, record_id):
    """Forget a kept record of table; tell whether there was one."""
    return _delete(path, table, record_id)


def save_part(path, part_id, upload_id, content):
    """Keep the bytes of one part of an upload (or of a batch's input or output), replacing a part of that id."""
    with _connect(path) as conn:
        conn.execute("INSERT OR REPLACE INTO upload_parts (id, upload_id, content) VALUES (?, ?, ?)",
                     (part_id, upload_id, content))


CHUNK, READ_AHEAD = 1 << 20, 8  # what is read of a large kept blob at a time, and how many chunks a connection reads


def _blob(conn, table, key):
    """Open the content of table's row key for reading, or return None."""
    row = conn.execute(f"SELECT rowid FROM {table} WHERE id = ?", (key,)).fetchone()
    return None if row is None else conn.blobopen(table, "content", row[0], readonly=True)


def split_lines(chunks, start=0):
    """Yield (the offset after it, line) for each line, cut at line feeds, of bytes given a chunk at a time (a line
    may run over many), counting offsets from start."""
    pieces, offset = [], start
    for chunk in chunks:
        begin = 0
        while (end := chunk.find(b"\n", begin)) >= 0:
            line = b"".join(pieces) + chunk[begin:end] if pieces else chunk[begin:end]
            pieces, offset = [], offset + len(line) + 1
            yield offset, line
            begin = end + 1
        if begin < len(chunk):
            pieces.append(chunk[begin:])
    if pieces:
        line = b"".join(pieces)
        yield offset + len(line), line


def content_chunks(path, table, key, start=0, ahead=READ_AHEAD):
    """Yield the bytes of table's row key from byte start, a chunk at a time, ahead chunks read by each
    connection before they are yielded (for a reader that may stop early; blob_chunks reads a whole blob; each
    connection walks SQLite's pages to where it starts, so one a chunk would take time growing as the square of
    the length); stop early if the row is gone."""
    offset = start
    while _storable(key):
        with contextlib.closing(_connect(path)) as conn:
            blob = _blob(conn, table, key)
            if blob is None:
                return
            with blob:
                blob.seek(offset)
                chunks = []
                while len(chunks) < ahead and (chunk := blob.read(CHUNK)):
                    chunks.append(chunk)
        if not chunks:
            return
        for chunk in chunks:
            offset += len(chunk)
            yield chunk


def blob_chunks(path, table, key, spool=True):
    """Yield all the bytes of table's row key, a chunk at a time, read forward through one open blob by one
    connection: each read starts where the last ended, where content_chunks' connections each walk SQLite's pages
    from the blob's first to where they start (a 300 MB download read 5.9 GB in 1.7 s so, as the square of its
    length). Nothing is yielded if there is no such row.

    spool (a download, taken as slowly as its client takes it): a blob longer than READ_AHEAD chunks is read whole
    into an unnamed temporary file first, and yielded from that once the connection is closed, so that no lock is
    held while a client takes its time (a writer waits for a reader's lock, and gives up after 10 s); a shorter one
    is read into memory, as content_chunks reads it. Without spool (the server's own reading, as fast as it works:
    an upload's completion) the chunks are yielded as they are read, the connection open until the last.
    """
    if not _storable(key):
        return
    held = None
    with contextlib.closing(_connect(path)) as conn:
        blob = _blob(conn, table, key)
        if blob is None:
            return
        with blob:
            if not spool:
                while chunk := blob.read(CHUNK):
                    yield chunk
                return
            if len(blob) <= CHUNK * READ_AHEAD:
                held = list(iter(lambda: blob.read(CHUNK), b""))
            else:
                spooled = tempfile.TemporaryFile(prefix="fauxpen-download-")  # removed once closed
                try:
                    while chunk := blob.read(CHUNK):
                        spooled.write(chunk)
                except BaseException:
                    spooled.close()
                    raise
    if held is not None:
        yield from held
        return
    with spooled:
        spooled.seek(0)
        while chunk := spooled.read(CHUNK):
            yield chunk


def content_lines(path, table, key, start=0, ahead=READ_AHEAD):
    """Yield (the offset after it, line) for each line of the bytes of table's row key, from byte start, read a
    chunk at a time (ahead of them by a connection): a large file is never read whole."""
    return split_lines(content_chunks(path, table, key, start, ahead), start)


def part_sizes(path, upload_id):
    """Return {part id: its length} of an upload's parts, their bytes not read."""
    with _connect(path) as conn:
        return dict(conn.execute("SELECT id, length(content) FROM upload_parts WHERE upload_id = ?", (upload_id,)))


def copy_to_parts(path, file_id, upload_id):
    """Copy a file's bytes into parts of upload_id of at most CHUNK bytes each, named by the offsets they start at
    (part_chunks reads them from any offset), each written in a transaction of its own, READ_AHEAD read by a
    connection (content_chunks) that is closed before they are written; tell whether there was the file (to its
    end: a file deleted meanwhile leaves no parts).

    One transaction copied the whole file, reading and writing under the store's write lock: a writer of another
    worker waited for all of it (186 ms, a 100 MB file's copy taking 0.15 s), and would give up after 10 s (a file
    of some 5 GB). Now no lock is held longer than a part's write, or a connection's read: the longest wait 46 ms,
    the copy 0.53 s (each connection walks SQLite's pages to where it starts; a handle kept open would not, but an
    open reader holds off a writer's commit). In process, a loaded machine, 2026-12-05."""
    size, offset = length(path, "files", file_id), 0
    if size is None:
        return False
    for chunk in content_chunks(path, "files", file_id):
        save_part(path, _part_id(upload_id, offset), upload_id, chunk)
        offset += len(chunk)
    if offset < size:
        drop_parts(path, upload_id)
        return False
    return True


def length(path, table, key):
    """Return the length of the bytes of table's row key, or None if there is no such row."""
    if not _storable(key):
        return None
    with contextlib.closing(_connect(path)) as conn:
        row = conn.execute(f"SELECT length(content) FROM {table} WHERE id = ?", (key,)).fetchone()
    return row and row[0]


def save_parts(path, upload_id, content):
    """Keep bytes as parts of upload_id of at most CHUNK bytes each, named by the offsets they start at, as
    copy_to_parts does."""
    content = memoryview(content)
    with _connect(path) as conn:
        conn.executemany("INSERT OR REPLACE INTO upload_parts (id, upload_id, content) VALUES (?, ?, ?)",
                         ((_part_id(upload_id, start), upload_id, content[start:start + CHUNK])
                          for start in range(0, len(content), CHUNK)))


def _part_id(upload_id, offset):
    return f"{upload_id}:{offset:012d}"  # in the order of their offsets, as the ids of a batch's output parts


def part_chunks(path, upload_id, start=0):
    """Yield the bytes of parts kept by copy_to_parts or save_parts from byte start, a part at a time (the first
    from start), each read by a connection of its own (none held while a caller works on them); stop early if the
    parts are gone. A step of work through a large file reads what it needs and at most a part more, and its cost
    does not grow with where in the file it starts: SQLite finds an offset in a blob by walking the blob's pages
    from its first (0.5 ms a MB here: a step 100 MB into one blob took 50 ms to seek), and a part's pages are few."""
    offset = start
    while _storable(upload_id):
        with contextlib.closing(_connect(path)) as conn:
            # The part holding offset: the last whose id is not after offset's, found by the ids' index (`+` keeps
            # SQLite from choosing the index of upload ids, which would sort every part of the upload)
            row = conn.execute(
                "SELECT rowid, id, length(content) FROM upload_parts WHERE id BETWEEN ? AND ? AND +upload_id = ? "
                "ORDER BY id DESC LIMIT 1", (upload_id + ":", _part_id(upload_id, offset), upload_id)).fetchone()
            if row is None:
                return
            begin = int(row[1][len(upload_id) + 1:])
            if offset >= begin + row[2]:
                return
            with conn.blobopen("upload_parts", "content", row[0], readonly=True) as blob:
                blob.seek(offset - begin)
                chunk = blob.read()
        offset += len(chunk)
        yield chunk


def part_lines(path, upload_id, start=0):
    """Yield (the offset after it, line) for each line of parts kept by copy_to_parts or save_parts, from byte
    start, read a part at a time (part_chunks)."""
    return split_lines(part_chunks(path, upload_id, start), start)


def _copy_blobs(conn, sources, table, key):
    """Write the contents of sources ((table, id) pairs), one after the other, into table's row key, made as
    long as they are together (zeroblob), a chunk at a time."""
    row = conn.execute(f"SELECT rowid FROM {table} WHERE id = ?", (key,)).fetchone()
    with conn.blobopen(table, "content", row[0]) as out:
        for source_table, source_key in sources:
            with _blob(conn, source_table, source_key) as blob:
                while chunk := blob.read(CHUNK):
                    out.write(chunk)


def save_file_of(path, stored, sources):
    """Keep a file whose bytes are those of sources ((table, id) pairs) one after the other, copied a chunk at a
    time; stored["bytes"] is set to their length.

    The copy is one transaction, under the store's write lock (a 100 MB copy kept another thread's writer waiting
    183-240 ms; container_file_of's too). Written a chunk a transaction (the row hidden until its last), each
    transaction's blob handle walks SQLite's pages to where it writes, under the lock: the copy took 2.3-5.9 s and
    that writer waited up to 0.66-1.6 s (8 chunks a transaction: 1.65-2.35 s, 0.66-0.74 s), worse on both counts
    (tools/measure_store_work.py, 2026-12-05). A handle kept open between them would hold off other writers."""
    with _connect(path) as conn:
        stored["bytes"] = sum(conn.execute(f"SELECT length(content) FROM {table} WHERE id = ?", (key,)).fetchone()[0]
                              for table, key in sources)
        conn.execute("INSERT INTO files (id, stored, content) VALUES (?, ?, zeroblob(?))",
                     (stored["id"], json.dumps(stored), stored["bytes"]))
        _copy_blobs(conn, sources, "files", stored["id"])
    return stored


def save_file_of_parts(path, stored, upload_id):
    """Keep a file whose bytes are an upload's parts (of upload_id) in the order of their ids; return stored, or
    None (and keep nothing) if there are none."""
    part_ids = sorted(part_sizes(path, upload_id))
    return save_file_of(path, stored, [("upload_parts", part_id) for part_id in part_ids]) if part_ids else None


def parts(path, upload_id):
    """Return {part id: bytes} of an upload's parts."""
    with _connect(path) as conn:
        rows = conn.execute("SELECT id, content FROM upload_parts WHERE upload_id = ?", (upload_id,)).fetchall()
    return {part_id: bytes(content) for part_id, content in rows}


def drop_parts(path, upload_id):
    """Forget an upload's parts (once completed into a file, or cancelled)."""
    with _connect(path) as conn:
        conn.execute("DELETE FROM upload_parts WHERE upload_id = ?", (upload_id,))



def _custom_id_key(custom_id):
    return hashlib.sha256(custom_id.encode("utf-8", "surrogatepass")).digest()[:16]  # any length, lone surrogates


def custom_ids_before(path, batch_id, custom_ids, line):
    """Return those of custom_ids that a batch's lines before line hold (as keep_custom_ids kept them)."""
    keys = {_custom_id_key(custom_id): custom_id for custom_id in custom_ids}
    found, listed = set(), list(keys)
    with _connect(path) as conn:
        for start in range(0, len(listed), _LOOKUP_BATCH):  # SQLite's limit on a statement's parameters
            batch = listed[start:start + _LOOKUP_BATCH]
            found.update(keys[row[0]] for row in conn.execute(
                f"SELECT custom_id FROM batch_custom_ids WHERE batch_id = ? AND line < ? AND custom_id IN "
                f"({','.join('?' * len(batch))})", (batch_id, line, *batch)))
    return found


def keep_custom_ids(path, batch_id, custom_ids):
    """Keep the custom_ids of a batch's lines ((custom_id, line) pairs); one kept already keeps its line."""
    with _connect(path) as conn:
        conn.executemany("INSERT OR IGNORE INTO batch_custom_ids (batch_id, custom_id, line) VALUES (?, ?, ?)",
                         [(batch_id, _custom_id_key(custom_id), line) for custom_id, line in custom_ids])


def drop_custom_ids(path, batch_id):
    """Forget the custom_ids kept of a batch's lines (its input file checked, or the batch cancelled)."""
    with _connect(path) as conn:
        conn.execute("DELETE FROM batch_custom_ids WHERE batch_id = ?", (batch_id,))

def save_outputs(path, run_id, outputs):
    """Keep an eval run's output items (each with its id and status), in their order."""
    with _connect(path) as conn:
        conn.executemany("INSERT INTO eval_outputs (id, run_id, status, stored) VALUES (?, ?, ?, ?)",
                         ((item["id"], run_id, item["status"], json.dumps(item)) for item in outputs))


def output_page(path, run_id, status, after_id, descending, limit):
    """Return one page of a run's output items (of status, if given): at most limit of them, in order or
    newest first, after the one of after_id (from the first when it is not among them), and whether more follow."""
    where, values = "run_id = ?" + (" AND status = ?" if status else ""), [run_id] + ([status] if status else [])
    with _connect(path) as conn:
        found = conn.execute(f"SELECT seq FROM eval_outputs WHERE {where} AND id = ?", (*values, after_id)).fetchone() \
            if after_id and _storable(after_id) else None
        if found is not None:
            where, values = where + (" AND seq < ?" if descending else " AND seq > ?"), values + [found[0]]
        rows = conn.execute(f"SELECT stored FROM eval_outputs WHERE {where} ORDER BY seq "
                            f"{'DESC' if descending else 'ASC'} LIMIT ?", (*values, limit + 1)).fetchall()
    return [json.loads(row[0]) for row in rows[:limit]], len(rows) > limit


def output(path, run_id, item_id):
    """Return one of a run's output items, or None."""
    if not _storable(item_id):
        return None
    with _connect(path) as conn:
        row = conn.execute("SELECT stored FROM eval_outputs WHERE run_id = ? AND id = ?", (run_id, item_id)).fetchone()
    return json.loads(row[0]) if row else None


def drop_output_items(path, run_id, item_ids):
    """Forget some of a run's output items (a step run again by another worker)."""
    with _connect(path) as conn:
        conn.executemany("DELETE FROM eval_outputs WHERE run_id = ? AND id = ?", ((run_id, one) for one in item_ids))


def drop_outputs(path, run_id):
    """Forget a run's output items."""
    with _connect(path) as conn:
        conn.execute("DELETE FROM eval_outputs WHERE run_id = ?", (run_id,))


def save_container_file(path, stored, content):
    """Keep a file of a container: its object (with its container_id) and its bytes."""
    with _connect(path) as conn:
        conn.execute("INSERT INTO container_files (id, container_id, stored, content) VALUES (?, ?, ?, ?)",
                     (stored["id"], stored["container_id"], json.dumps(stored), content))


def container_file_of(path, stored, file_id):
    """Keep a container's file (its object) whose bytes are those of a file of /v1/files, copied a chunk at a time;
    stored["bytes"] is set to their length. Tell whether there was the file."""
    with _connect(path) as conn:
        found = conn.execute("SELECT length(content) FROM files WHERE id = ?", (file_id,)).fetchone()
        if found is None:
            return False
        stored["bytes"] = found[0]
        conn.execute("INSERT INTO container_files (id, container_id, stored, content) VALUES (?, ?, ?, zeroblob(?))",
                     (stored["id"], stored["container_id"], json.dumps(stored), found[0]))
        _copy_blobs(conn, [("files", file_id)], "container_files", stored["id"])
    return True


def container_file(path, container_id, file_id, content=False):
    """Return the object of a container's file (and its bytes, with content=True), or None."""
    if not _storable(file_id):
        return None
    with _connect(path) as conn:  # the bytes read only when asked for
        row = conn.execute(f"SELECT stored{', content' if content else ''} FROM container_files WHERE id = ? AND "
                           "container_id = ?", (file_id, container_id)).fetchone()
    if row is None:
        return None
    return (json.loads(row[0]), bytes(row[1])) if content else json.loads(row[0])


def container_files(path, container_id):
    """Return the objects of a container's files, oldest first."""
    with _connect(path) as conn:
        return [json.loads(row[0]) for row in conn.execute(
            "SELECT stored FROM container_files WHERE container_id = ? ORDER BY seq", (container_id,))]


def delete_container_file(path, container_id, file_id):
    """Forget a container's file; tell whether there was one."""
    if not _storable(file_id):
        return False
    with _connect(path) as conn:
        return conn.execute("DELETE FROM container_files WHERE id = ? AND container_id = ?",
                            (file_id, container_id)).rowcount > 0


def drop_container_files(path, container_id):
    """Forget every file of a container (deleted, or expired: its data is discarded)."""
    with _connect(path) as conn:
        conn.execute("DELETE FROM container_files WHERE container_id = ?", (container_id,))


def save_bundle(path, version_id, skill_id, content):
    """Keep the zip bundle of a skill's version."""
    with _connect(path) as conn:
        conn.execute("INSERT INTO skill_bundles (id, skill_id, content) VALUES (?, ?, ?)", (version_id, skill_id, content))


def bundle(path, version_id):
    """Return the zip bundle of a skill's version, or None."""
    with _connect(path) as conn:
        row = conn.execute("SELECT content FROM skill_bundles WHERE id = ?", (version_id,)).fetchone()
    return bytes(row[0]) if row else None


def drop_bundles(path, skill_id, version_id=None):
    """Forget the bundles of a skill (deleted), or of one of its versions."""
    with _connect(path) as conn:
        if version_id is None:
            conn.execute("DELETE FROM skill_bundles WHERE skill_id = ?", (skill_id,))
        else:
            conn.execute("DELETE FROM skill_bundles WHERE id = ?", (version_id,))


def cache_prompt(path, prefixes, now, expires):
    """Return the index of the longest of prefixes (hashes, shortest first) the prompt cache holds unexpired at
    now, or -1; then keep them all until expires, and forget the expired ones."""
    found = set()
    with _connect(path) as conn:
        for start in range(0, len(prefixes), _LOOKUP_BATCH):  # SQLite's limit on a statement's parameters
            batch = prefixes[start:start + _LOOKUP_BATCH]
            found.update(row[0] for row in conn.execute(
                f"SELECT prefix FROM prompt_cache WHERE prefix IN ({','.join('?' * len(batch))}) AND expires > ?",
                (*batch, now)))
        conn.execute("DELETE FROM prompt_cache WHERE expires <= ?", (now,))
        conn.executemany("INSERT INTO prompt_cache (prefix, expires) VALUES (?, ?) ON CONFLICT(prefix) DO UPDATE "
                         "SET expires = max(expires, excluded.expires)", [(prefix, expires) for prefix in prefixes])
    return max((index for index, prefix in enumerate(prefixes) if prefix in found), default=-1)


_LOOKUP_BATCH = 500
