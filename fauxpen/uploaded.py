"""Files uploaded to /v1/files as the model endpoints read them when a request names one by its id.

The API takes a file for the type its name's extension has, not for its bytes: chat refused a PDF uploaded under a
name without an extension for its type 'None' (openai-python issue 2472, July 2025; google/adk-python's issue
4125, January 2026).
"""
import base64
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


def stored_file(file_id):
    """Return the (file object, bytes) of the uploaded file file_id names, or None (an id the store does not have,
    or no request to find the store by)."""
    if not isinstance(file_id, str) or not flask.has_request_context():
        return None
    from . import store
    from .views.stored import store_path  # the views import the token counting that imports this: not at load
    return store.get_file(store_path(), file_id, content=True)


def picture_url(file_id):
    """Return the uploaded picture file_id names as a base64 data URL (its type by its name, else a PNG's: the
    picture's own bytes tell its size), or None for an id the store does not have."""
    found = stored_file(file_id)
    if found is None:
        return None
    mime = mime_type(found[0].get("filename"))
    return f"data:{mime if (mime or '').startswith('image/') else 'image/png'};base64," + \
        base64.b64encode(found[1]).decode()
