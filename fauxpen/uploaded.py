"""Files uploaded to /v1/files as the model endpoints read them when a request names one by its id.

The API takes a file for the type its name's extension has, not for its bytes: chat refused a PDF uploaded under a
name without an extension for its type 'None' (openai-python issue 2472, July 2025; google/adk-python's issue
4125, January 2026).
"""
import base64
import codecs
import functools
import mimetypes

import flask

PDF = "application/pdf"


@functools.cache
def _types():
    """Python's own table of types, not the system's files: the same types on any machine. Made on first use: it
    takes 0.4 MB, which a worker that is never asked for an uploaded file by its id does not need."""
    return mimetypes.MimeTypes()


def mime_type(filename):
    """Return the MIME type a stored file is taken for, its name's (None for a name whose extension has none)."""
    return _types().guess_type(filename)[0] if isinstance(filename, str) else None


def stored_file(file_id, content=True):
    """Return the (file object, bytes) of the uploaded file file_id names (its object alone, without content), or
    None (an id the store does not have, or no request to find the store by)."""
    if not isinstance(file_id, str) or not flask.has_request_context():
        return None
    from . import store
    from .views.stored import store_path  # the views import the token counting that imports this: not at load
    return store.get_file(store_path(), file_id, content=content)


def text_pieces(file_id):
    """Yield an uploaded file's text (UTF-8, errors replaced) as its bytes are read, a chunk at a time (the store's
    content_chunks), in pieces cut after their last line feed (a piece without one is cut where its bytes end): the
    pieces join to the text decoded at once, and a large file is never held whole."""
    from . import store
    from .views.stored import store_path
    decoder, rest = codecs.getincrementaldecoder("utf-8")("replace"), ""
    for chunk in store.content_chunks(store_path(), "files", file_id):
        text = rest + decoder.decode(chunk)
        cut = text.rfind("\n") + 1 or len(text)
        rest = text[cut:]
        if cut:
            yield text[:cut]
    rest += decoder.decode(b"", final=True)
    if rest:
        yield rest


def mentions(file_id, word):
    """Tell whether an uploaded file's text holds word (lowercase), in any case, read a chunk at a time."""
    before = ""
    for piece in text_pieces(file_id):
        text = before + piece.lower()
        if word in text:
            return True
        before = text[-len(word) + 1:]
    return False


# What cutting a text in two may add to the estimate of its tokens (a piece cut in two counts one more; some
# patterns read the character before): 2 at most in 4,000 random texts cut anywhere, 1 cut at a line feed.
CUT_TOKENS = 16


def read_text(file_id, count=None, limit=None):
    """Return (an uploaded file's text, None); or, given count (the model's estimate) and limit (its window), (None,
    the tokens counted so far) as soon as the pieces read are past limit alone, however the rest would count: the
    rest is not read (a 30 MB file was read, decoded and counted whole to tell that). The pieces are counted once
    there are two (a file of one is only read); cutting a text may add to its count: CUT_TOKENS a piece allow it."""
    pieces, counted = [], 0
    for piece in text_pieces(file_id):
        pieces.append(piece)
        if count is None or limit is None or len(pieces) < 2:
            continue
        counted += count(pieces[-2]) if len(pieces) == 2 else 0
        counted += count(piece)
        if counted > limit + CUT_TOKENS * len(pieces):
            return None, counted
    return "".join(pieces), None


def picture_url(file_id):
    """Return the uploaded picture file_id names as a base64 data URL (its type by its name, else a PNG's: the
    picture's own bytes tell its size), or None for an id the store does not have."""
    found = stored_file(file_id)
    if found is None:
        return None
    mime = mime_type(found[0].get("filename"))
    return f"data:{mime if (mime or '').startswith('image/') else 'image/png'};base64," + \
        base64.b64encode(found[1]).decode()
