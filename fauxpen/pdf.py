"""The text of a PDF sent as a file part, as fauxpen counts its tokens: what its pages' content streams show.

OpenAI puts a PDF's extracted text (and pictures of its pages) in the model's context; what that costs beside the
text is in tokens.py (PDF_FILE_TOKENS). This reads the text with the standard library alone: the objects (those in
object streams too), FlateDecode streams (zlib), the pages in their tree's order, each page's content streams, and
the strings the text operators show, decoded through their font's ToUnicode map (or its single-byte encoding), a
line break where the text moves to another line. A PDF it cannot read (encrypted, scanned, broken, another filter)
yields the text it could read, maybe none: never an error. A client's bytes are untrusted: every scan is linear, and
what is inflated, unpacked, tokenized and mapped is bounded (the MAX_ constants), so that no body the server accepts
(32 MB) takes more than a second or two (its PDFs share one budget), or a gigabyte of memory.
"""
import base64
import binascii
import bisect
import itertools
import re
import zlib

import flask

from . import uploaded

MAX_STREAM_BYTES = 4 << 20  # what one stream may inflate to (a zip bomb is cut there)
MAX_TOTAL_BYTES = 8 << 20  # and all of them together (more than MAX_TOKENS tokens take)
MAX_PAGES = 2000
MAX_OBJECTS = 1 << 16  # the objects read (a long book has tens of thousands)
MAX_TOKENS = 1 << 19  # the content streams' tokens read in all (a page of text takes a few thousand)
MAX_CMAP_CODES = 1 << 18  # the codes all ToUnicode maps may map, their ranges' codes counted one by one
MAX_DEPTH = 256  # how deep a dictionary or an array may nest

_HEADER = re.compile(rb"(?<![0-9])(\d+)\s+\d+\s+obj\b")  # from a digit run's start: a long run is scanned once
_REF = re.compile(rb"(?<![0-9])(\d+)\s+\d+\s+R\b")
_STREAM = re.compile(rb"stream\r?\n")
# A string: ( ... ), a level of parentheses nested in it; one left open ends with the stream, so that no `(` is
# scanned to the end again (a stream of `(\` repeated took minutes), and possessive, so that re keeps no state per
# character (an open string of 4 MB took 780 MB). A string that closes reads as before, but one nesting two
# levels (read from its inner string before).
_TOKEN = re.compile(rb"""\((?:[^\\()]++|\\.|\((?:[^\\()]++|\\.)*+\)?)*+\)?|<[0-9A-Fa-f\s]*>|/[^\s/\[\]()<>{}%]*|\[|\]"""
                    rb"""|[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'"*]+|%[^\r\n]*""", re.S)
_INLINE_END = re.compile(rb"\sEI(?![^\s/\[\]()<>{}%])")  # an inline image's data ends at its EI
_OPERAND = frozenset(b"(</+-.0123456789")  # the first bytes of a string, a name or a number
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def file_data_text(file_data):
    """Return the text of the PDF a file part's file_data holds (a base64 data URL, or bare base64), or None when it
    holds no PDF."""
    if not isinstance(file_data, str):
        return None
    if file_data.startswith("data:application/pdf;base64,"):
        return _cached_text(file_data[file_data.index(",") + 1:])
    return _cached_text(file_data) if file_data.startswith("JVBER") else None  # %PDF- in base64


def file_text(file):
    """Return the text of the PDF a chat file part's file object holds (file_data) or names (file_id: a PDF
    uploaded to /v1/files, read as the same bytes sent inline are), or None when it holds or names no PDF."""
    if file.get("file_data") is not None:
        return file_data_text(file["file_data"])
    return stored_pdf_text(file.get("file_id"))


def stored_pdf_text(file_id):
    """Return the text of the stored PDF file_id names, or None for an id the store does not have or a file of
    another type."""
    return uploaded_pdf_text(uploaded.stored_file(file_id))


def uploaded_pdf_text(found):
    """Return the text of an uploaded file, found as uploaded.stored_file returns it, if it is a PDF, else None."""
    if found is None or uploaded.mime_type(found[0].get("filename")) != uploaded.PDF:
        return None
    return _cached(("file", found[0]["id"], len(found[1])), lambda: found[1])


_CACHE = {}  # the texts of the last few payloads read whole (so the same in any request)


def _cached_text(payload):
    def decoded():
        try:
            return base64.b64decode(payload, validate=False)
        except (binascii.Error, ValueError):
            return b""
    return _cached(payload, decoded)


def _cached(key, data):
    """Return the text of the PDF data() gives, remembered by key once read whole."""
    if key in _CACHE:
        return _CACHE[key]
    left = _budget()
    found = text(data())
    if min(left.bytes, left.tokens + 1, left.codes + 1, left.objects) > 0:  # no budget ran out: read whole
        try:
            while len(_CACHE) >= 4:
                _CACHE.pop(next(iter(_CACHE)), None)
        except (RuntimeError, StopIteration):  # another thread's
            pass
        _CACHE[key] = found
    return found


class Budget:
    """What the PDFs of one request may still cost to read, all of them together: a request of many PDFs costs no
    more than one of a single PDF."""

    def __init__(self):
        self.bytes, self.tokens, self.codes, self.objects = MAX_TOTAL_BYTES, MAX_TOKENS, MAX_CMAP_CODES, MAX_OBJECTS


def _budget():
    if not flask.has_request_context():
        return Budget()
    if "pdf_budget" not in flask.g:
        flask.g.pdf_budget = Budget()
    return flask.g.pdf_budget


def text(data):
    """Return the text of a PDF's pages, one line a line of text; "" for what cannot be read."""
    try:
        return _Reader(data).text()
    except Exception:  # a PDF fauxpen cannot read costs no text, never a failed request
        return ""


class _Reader:
    def __init__(self, data):
        self.left = _budget()
        self.cmaps, self.font_sets, self.entries = {}, {}, {}
        self.objects = {}
        self.streams = {}
        # Each object runs to its endobj, and no further than the next object's header: a file of headers without
        # ends reads in linear time.
        ends = [match.start() for match in re.finditer(rb"\bendobj", data)]
        headers = list(itertools.islice(_HEADER.finditer(data), max(self.left.objects, 0)))
        self.left.objects -= len(headers)
        for index, match in enumerate(headers):
            end = bisect.bisect_left(ends, match.end())
            stop = headers[index + 1].start() if index + 1 < len(headers) else len(data)
            if end < len(ends) and ends[end] <= stop:
                self.objects[int(match.group(1))] = data[match.end():ends[end]]
        for number, body in list(self.objects.items()):
            if b"/ObjStm" in body and re.search(rb"/Type\s*/ObjStm\b", self._dictionary(body)):
                self._unpack(number, body)
        self.fonts = {}  # a font resource's name: (its ToUnicode map, its code length, its single-byte encoding)
        for body in list(self.objects.values()):  # every font named anywhere: a page may inherit its resources
            if b"/Font" not in body:
                continue
            head = self._dictionary(body)
            for found in re.finditer(rb"/Font\s*(?:<<|(?<![0-9])\d+\s+\d+\s+R)", head):
                if found.group(0).endswith(b"<<"):
                    end = head.find(b">>", found.end())
                    if end < 0:  # nor any later one: each would scan to the end
                        break
                    self.fonts.update(self._fonts(head[found.end() - 2:end + 2]))
                else:
                    self.fonts.update(self._fonts(self.resolve(found.group(0)[5:].strip())))

    def _dictionary(self, body):
        found = _STREAM.search(body)
        return body[:found.start()] if found else body

    def stream(self, number):
        """Return an object's stream, inflated, or None."""
        if number in self.streams:
            return self.streams[number]
        body, data = self.objects.get(number), None
        found = _STREAM.search(body) if body is not None else None
        if found:
            raw = body[found.end():]
            raw = raw[:raw.rfind(b"endstream")] if b"endstream" in raw else raw
            head = body[:found.start()]
            if self.left.bytes <= 0:  # zlib's max_length 0 is no limit at all
                data = None
            elif b"/FlateDecode" in head or b"/Fl " in head or b"/Fl]" in head:
                inflater = zlib.decompressobj()
                try:
                    data = inflater.decompress(raw, min(MAX_STREAM_BYTES, self.left.bytes))
                except zlib.error:
                    data = None
            elif b"/Filter" not in head:
                data = raw
            if data is not None:
                self.left.bytes -= len(data)
        self.streams[number] = data
        return data

    def _unpack(self, number, body):
        """Add the objects an object stream holds."""
        data = self.stream(number)
        head = self._dictionary(body)
        first = re.search(rb"/First\s+(\d+)", head)
        if data is None or not first:
            return
        first = int(first.group(1))
        numbers = [int(n) for n in re.findall(rb"\d+", data[:first])]
        pairs, left = list(zip(numbers[::2], numbers[1::2])), len(data)
        for index, (inner, offset) in enumerate(pairs):
            end = pairs[index + 1][1] if index + 1 < len(pairs) else len(data) - first
            left -= max(end - offset, 0)
            if left < 0:  # objects that overlap: no more than the stream's bytes are copied out of it
                break
            self.objects.setdefault(inner, data[first + offset:first + end])

    def resolve(self, value):
        """Return the object a reference names, or the value itself."""
        ref = re.fullmatch(rb"\s*(\d+)\s+\d+\s+R\s*", value)
        return self.objects.get(int(ref.group(1)), b"") if ref else value

    def entry(self, body, key):
        """Return a dictionary entry's value (a reference resolved): a dictionary, an array or a token."""
        if (body, key) not in self.entries:  # pages share their resources: each read once
            self.entries[body, key] = self._entry(body, key)
        return self.entries[body, key]

    def _entry(self, body, key):
        found = re.search(rb"/" + key + rb"(?![A-Za-z0-9])\s*", body)
        if not found:
            return None
        rest = body[found.end():]
        if rest.startswith(b"<<"):
            return _balanced(rest, b"<<", b">>")
        if rest.startswith(b"["):
            return _balanced(rest, b"[", b"]")
        ref = re.match(rb"\d+\s+\d+\s+R\b", rest)
        if ref:
            return self.resolve(ref.group(0))
        token = re.match(rb"/?[^\s/\[\]<>()]+", rest)
        return token.group(0) if token else None

    def pages(self):
        """Return the page objects, in the page tree's order (or the file's, without a readable tree)."""
        root = None
        for body in self.objects.values():
            if re.search(rb"/Type\s*/Catalog\b", body):
                root = self.entry(body, b"Pages")
                break
        found, seen = [], set()

        def walk(node, depth):
            for ref in _REF.finditer(self.entry(node, b"Kids") or b""):
                number = int(ref.group(1))
                if number in seen or len(found) >= MAX_PAGES or depth > 32:
                    continue
                seen.add(number)
                kid = self.objects.get(number, b"")
                if re.search(rb"/Type\s*/Pages\b", kid):
                    walk(kid, depth + 1)
                else:
                    found.append(kid)
        if root:
            walk(root, 0)
        if not found:
            found = [body for body in self.objects.values() if re.search(rb"/Type\s*/Page(?![a-z])", body)]
        return found[:MAX_PAGES]

    def text(self):
        lines = []
        for page in self.pages():
            resources = self.entry(page, b"Resources") or b""
            fonts = self._fonts(self.entry(resources, b"Font") or b"")  # the page's own, then any named
            contents = re.search(rb"/Contents\s*(\[[^\]]*\]|\d+\s+\d+\s+R)", page)
            numbers = [int(ref.group(1)) for ref in _REF.finditer(contents.group(1))] if contents else []
            if len(numbers) == 1 and self.objects.get(numbers[0], b"").lstrip().startswith(b"["):
                numbers = [int(ref.group(1)) for ref in _REF.finditer(self.objects[numbers[0]])]  # an array's
            content = b"\n".join(self.stream(n) or b"" for n in numbers)
            lines.append(self._show(content, fonts).strip())
        return "\n".join(line for line in lines if line)

    def _fonts(self, fonts):
        """Return a font resource dictionary's fonts {name: (ToUnicode map, code length, single-byte encoding)},
        each dictionary read once."""
        if fonts not in self.font_sets:
            self.font_sets[fonts] = self._read_fonts(fonts)
        return self.font_sets[fonts]

    def _read_fonts(self, fonts):
        found = {}
        for name, number in re.findall(rb"/([^\s/\[\]()<>{}%]+)\s+(\d+)\s+\d+\s+R", fonts):
            font = self.objects.get(int(number), b"")
            cmap, width = {}, 1
            unicode_ref = re.search(rb"/ToUnicode\s+(\d+)\s+\d+\s+R", font)
            if unicode_ref:
                cmap, width = self._cmap(int(unicode_ref.group(1)))
            elif b"/Type0" in font or b"/Identity-H" in font:
                width = 2
            encoding = "mac_roman" if b"/MacRomanEncoding" in font else "cp1252"
            found[name] = (cmap, width, None if width == 2 and not cmap else encoding)
        return found

    def _cmap(self, number):
        """Return a ToUnicode map's codes and code length, each map read once, all within MAX_CMAP_CODES."""
        if number not in self.cmaps:
            self.cmaps[number] = _cmap(self.stream(number) or b"", self)
        return self.cmaps[number]

    def _show(self, content, fonts):
        """Return the text a content stream's text operators show."""
        out, operands, font = [], [], (None, 1, "cp1252")
        ctm_y, line_y, last_y = 0.0, 0.0, None

        def show(string):
            nonlocal last_y
            y = ctm_y + line_y
            if last_y is not None and abs(y - last_y) > 0.5 and out and not out[-1].endswith("\n"):
                out.append("\n")
            last_y = y
            out.append(_decode(string, font))

        array, skip = None, 0
        for found in _TOKEN.finditer(content):
            self.left.tokens -= 1
            if self.left.tokens < 0:
                break
            if found.start() < skip:  # an inline image's data
                continue
            token = found.group(0)
            first = token[0]
            if first in _OPERAND:
                (array if array is not None else operands).append(token)
            elif first == 91:  # [
                array = []
            elif first == 93:  # ]
                operands.append(array or [])
                array = None
            elif first != 37:  # not a % comment
                operator = token.decode("latin-1")
                if operator == "Tf" and len(operands) >= 2 and isinstance(operands[-2], bytes):
                    font = fonts.get(operands[-2][1:]) or self.fonts.get(operands[-2][1:], (None, 1, "cp1252"))
                elif operator == "Tj" and operands:
                    show(operands[-1])
                elif operator in ("'", '"') and operands:
                    line_y -= 1
                    show(operands[-1])
                elif operator == "TJ" and operands and isinstance(operands[-1], list):
                    for item in operands[-1]:
                        if item[:1] in b"(<":
                            show(item)
                        elif _number(item) < -200 and out and not out[-1].endswith((" ", "\n")):
                            out.append(" ")
                elif operator in ("Td", "TD") and len(operands) >= 2:
                    line_y += _number(operands[-1])
                elif operator == "Tm" and len(operands) >= 6:
                    line_y = _number(operands[-1])
                elif operator == "T*":
                    line_y -= 1
                elif operator == "cm" and len(operands) >= 6:
                    ctm_y = _number(operands[-1])
                elif operator == "BT":
                    line_y = 0.0
                elif operator == "ID":
                    end = _INLINE_END.search(content, found.end())
                    skip = end.end() if end else len(content)
                operands = []
        return "".join(out)


def _balanced(data, opening, closing):
    """Return data's leading balanced << >> or [ ] group (all of data when it does not close, or nests too deep)."""
    depth = 0
    for found in re.finditer(re.escape(opening) + b"|" + re.escape(closing), data):
        depth += 1 if found.group(0) == opening else -1
        if depth == 0:
            return data[:found.end()]
        if depth > MAX_DEPTH:
            break
    return data


def _number(token):
    try:
        return float(token)
    except (TypeError, ValueError):
        return 0.0


def _string_bytes(token):
    """Return a literal or hex string token's bytes."""
    if token[:1] == b"<":
        digits = re.sub(rb"\s", b"", token[1:-1])
        return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))
    body = token[1:-1] if token.endswith(b")") else token[1:]  # one left open, to the end
    return _ESCAPE.sub(_unescape, body) if b"\\" in body else body


_ESCAPE = re.compile(rb"\\(?:([0-7]{1,3})|(\r\n?|\n)|(.?))", re.S)  # an octal code, a line continued, or one byte


def _unescape(found):
    code, _, byte = found.groups()
    return bytes((int(code, 8) & 0xFF,)) if code else _ESCAPES.get(byte, byte) if byte is not None else b""


def _decode(token, font):
    cmap, width, encoding = font
    data = _string_bytes(token)
    if cmap:
        codes = [int.from_bytes(data[i:i + width], "big") for i in range(0, len(data) - width + 1, width)]
        return "".join(cmap.get(code, "") for code in codes)
    return data.decode(encoding, "replace") if encoding else ""


def _blocks(data, begin, end):
    """Return what each begin ... end of data holds (as re.findall(begin + b"(.*?)" + end) but in linear time)."""
    out, index = [], data.find(begin)
    while index >= 0:
        stop = data.find(end, index + len(begin))
        if stop < 0:  # nor any later one
            break
        out.append(data[index + len(begin):stop])
        index = data.find(begin, stop + len(end))
    return out


def _cmap(data, reader):
    """Return a ToUnicode CMap's codes as characters, and its code length in bytes; the reader's codes budget
    spent."""
    space = re.search(rb"begincodespacerange\s*<([0-9A-Fa-f]+)>", data)
    width = max(len(space.group(1)) // 2, 1) if space else 1
    cmap = {}
    for block in _blocks(data, b"beginbfchar", b"endbfchar"):
        for source, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            cmap[int(source, 16)] = _utf16(target)
    for block in _blocks(data, b"beginbfrange", b"endbfrange"):
        for low, high, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])",
                                            block):
            low, high = int(low, 16), min(int(high, 16), int(low, 16) + 65535)
            reader.left.codes -= high - low + 1
            if reader.left.codes < 0:
                return cmap, width
            if target.startswith(b"["):
                for offset, each in enumerate(re.findall(rb"<([0-9A-Fa-f]*)>", target)):
                    cmap[low + offset] = _utf16(each)
            else:
                start = int(target[1:-1] or b"0", 16)
                for code in range(low, high + 1):
                    cmap[code] = _utf16(b"%04X" % (start + code - low))
    return cmap, width


def _utf16(hex_digits):
    try:
        return bytes.fromhex(hex_digits.decode("ascii")).decode("utf-16-be", "replace")
    except ValueError:
        return ""
