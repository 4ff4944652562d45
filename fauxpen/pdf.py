"""The text of a PDF sent as a file part, as fauxpen counts its tokens: what its pages' content streams show.

OpenAI puts a PDF's extracted text (and pictures of its pages) in the model's context; what that costs beside the
text is in tokens.py (PDF_FILE_TOKENS). This reads the text with the standard library alone: the objects (those in
object streams too), FlateDecode streams (zlib), the pages in their tree's order, each page's content streams, and
the strings the text operators show, decoded through their font's ToUnicode map (or its single-byte encoding), a
line break where the text moves to another line. A PDF it cannot read (encrypted, scanned, broken, another filter)
yields the text it could read, maybe none: never an error.
"""
import base64
import binascii
import bisect
import functools
import re
import zlib

MAX_STREAM_BYTES = 8 << 20  # what one stream may inflate to (a zip bomb is cut there)
MAX_TOTAL_BYTES = 16 << 20  # and all of them together
MAX_PAGES = 2000

_HEADER = re.compile(rb"(\d+)\s+\d+\s+obj\b")
_REF = re.compile(rb"(\d+)\s+\d+\s+R\b")
_STREAM = re.compile(rb"stream\r?\n")
_TOKEN = re.compile(rb"""\((?:\\.|[^\\()]|\((?:\\.|[^\\()])*\))*\)|<[0-9A-Fa-f\s]*>|/[^\s/\[\]()<>{}%]*|\[|\]"""
                    rb"""|[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'"*]+|%[^\r\n]*""", re.S)
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


@functools.lru_cache(maxsize=4)
def _cached_text(payload):
    try:
        data = base64.b64decode(payload, validate=False)
    except (binascii.Error, ValueError):
        return ""
    return text(data)


def text(data):
    """Return the text of a PDF's pages, one line a line of text; "" for what cannot be read."""
    try:
        return _Reader(data).text()
    except Exception:  # a PDF fauxpen cannot read costs no text, never a failed request
        return ""


class _Reader:
    def __init__(self, data):
        self.budget = MAX_TOTAL_BYTES
        self.objects = {}
        self.streams = {}
        # Each object runs to its endobj, and no further than the next object's header: a file of headers without
        # ends reads in linear time.
        ends = [match.start() for match in re.finditer(rb"\bendobj", data)]
        headers = list(_HEADER.finditer(data))
        for index, match in enumerate(headers):
            end = bisect.bisect_left(ends, match.end())
            stop = headers[index + 1].start() if index + 1 < len(headers) else len(data)
            if end < len(ends) and ends[end] <= stop:
                self.objects[int(match.group(1))] = data[match.end():ends[end]]
        for number, body in list(self.objects.items()):
            if re.search(rb"/Type\s*/ObjStm\b", self._dictionary(body)):
                self._unpack(number, body)
        self.fonts = {}  # a font resource's name: (its ToUnicode map, its code length, its single-byte encoding)
        for body in list(self.objects.values()):  # every font named anywhere: a page may inherit its resources
            for fonts in re.findall(rb"/Font\s*(<<.*?>>|\d+\s+\d+\s+R)", self._dictionary(body), re.S):
                self._learn_fonts(self.resolve(fonts))

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
            if b"/FlateDecode" in head or b"/Fl " in head or b"/Fl]" in head:
                inflater = zlib.decompressobj()
                try:
                    data = inflater.decompress(raw, min(MAX_STREAM_BYTES, max(self.budget, 0)))
                except zlib.error:
                    data = None
            elif b"/Filter" not in head:
                data = raw
            if data is not None:
                self.budget -= len(data)
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
        pairs = list(zip(numbers[::2], numbers[1::2]))
        for index, (inner, offset) in enumerate(pairs):
            end = pairs[index + 1][1] if index + 1 < len(pairs) else len(data) - first
            self.objects.setdefault(inner, data[first + offset:first + end])

    def resolve(self, value):
        """Return the object a reference names, or the value itself."""
        ref = re.fullmatch(rb"\s*(\d+)\s+\d+\s+R\s*", value)
        return self.objects.get(int(ref.group(1)), b"") if ref else value

    def entry(self, body, key):
        """Return a dictionary entry's value (a reference resolved): a dictionary, an array or a token."""
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
            self._learn_fonts(self.entry(resources, b"Font") or b"")
            contents = re.search(rb"/Contents\s*(\[[^\]]*\]|\d+\s+\d+\s+R)", page)
            numbers = [int(ref.group(1)) for ref in _REF.finditer(contents.group(1))] if contents else []
            if len(numbers) == 1 and self.objects.get(numbers[0], b"").lstrip().startswith(b"["):
                numbers = [int(ref.group(1)) for ref in _REF.finditer(self.objects[numbers[0]])]  # an array's
            content = b"\n".join(self.stream(n) or b"" for n in numbers)
            lines.append(self._show(content).strip())
        return "\n".join(line for line in lines if line)

    def _learn_fonts(self, fonts):
        for name, number in re.findall(rb"/([^\s/\[\]()<>{}%]+)\s+(\d+)\s+\d+\s+R", fonts):
            font = self.objects.get(int(number), b"")
            cmap, width = {}, 1
            unicode_ref = re.search(rb"/ToUnicode\s+(\d+)\s+\d+\s+R", font)
            if unicode_ref:
                cmap, width = _cmap(self.stream(int(unicode_ref.group(1))) or b"")
            elif b"/Type0" in font or b"/Identity-H" in font:
                width = 2
            encoding = "mac_roman" if b"/MacRomanEncoding" in font else "cp1252"
            self.fonts[name] = (cmap, width, None if width == 2 and not cmap else encoding)

    def _show(self, content):
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

        array = None
        for token in _TOKEN.findall(content):
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
                    font = self.fonts.get(operands[-2][1:], (None, 1, "cp1252"))
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
                operands = []
        return "".join(out)


def _balanced(data, opening, closing):
    """Return data's leading balanced << >> or [ ] group."""
    depth, index = 0, 0
    while index < len(data):
        if data.startswith(opening, index):
            depth += 1
            index += len(opening)
        elif data.startswith(closing, index):
            depth -= 1
            index += len(closing)
            if depth == 0:
                return data[:index]
        else:
            index += 1
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
    body, out, index = token[1:-1], bytearray(), 0
    if b"\\" not in body:
        return body
    while index < len(body):
        byte = body[index:index + 1]
        if byte != b"\\":
            out += byte
            index += 1
            continue
        nxt = body[index + 1:index + 2]
        octal = re.match(rb"[0-7]{1,3}", body[index + 1:index + 4])
        if octal:
            out.append(int(octal.group(0), 8) & 0xFF)
            index += 1 + len(octal.group(0))
            continue
        if nxt in (b"\r", b"\n"):  # a line continued
            index += 2 + (body[index + 1:index + 3] == b"\r\n")
            continue
        out += _ESCAPES.get(nxt, nxt)
        index += 2
    return bytes(out)


def _decode(token, font):
    cmap, width, encoding = font
    data = _string_bytes(token)
    if cmap:
        codes = [int.from_bytes(data[i:i + width], "big") for i in range(0, len(data) - width + 1, width)]
        return "".join(cmap.get(code, "") for code in codes)
    return data.decode(encoding, "replace") if encoding else ""


def _cmap(data):
    """Return a ToUnicode CMap's codes as characters, and its code length in bytes."""
    space = re.search(rb"begincodespacerange\s*<([0-9A-Fa-f]+)>", data)
    width = max(len(space.group(1)) // 2, 1) if space else 1
    cmap = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for source, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            cmap[int(source, 16)] = _utf16(target)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])",
                                            block):
            low, high = int(low, 16), min(int(high, 16), int(low, 16) + 65535)
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
