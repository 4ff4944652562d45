"""Tests for what a PDF costs a prompt: its text as fauxpen reads it (fauxpen.pdf) and the file's framing."""
import base64
import io
import time
import tracemalloc
import zlib

import pytest

from fauxpen import pdf, tokens

# W3C's dummy.pdf (OpenOffice, 2007), as pydantic-ai's cassettes send it: its page's content stream and its font's
# ToUnicode map, which the glyph codes of "Dummy PDF file" need.
DUMMY_CONTENT = (b"0 w\nq 0 0.1 595.3 841.9 re W* n\nq 0 0 0 rg\nBT\n56.8 758.1 Td /F1 16.1 Tf <01020303> Tj\n"
                 b"50.1 0 Td <04> Tj\n9 0 Td <05> Tj\n4.4 0 Td <060107> Tj\n32.2 0 Td <050809> Tj\n"
                 b"14.3 0 Td <0A0B> Tj\nET\nQ\nQ ")
DUMMY_CMAP = (b"1 begincodespacerange\n<00> <FF>\nendcodespacerange\n11 beginbfchar\n<01> <0044>\n<02> <0075>\n"
              b"<03> <006D>\n<04> <0079>\n<05> <0020>\n<06> <0050>\n<07> <0046>\n<08> <0066>\n<09> <0069>\n"
              b"<0A> <006C>\n<0B> <0065>\nendbfchar\n")
# Two lines of ruby_llm's sample.pdf (Pages, 2008): literal strings in TJ arrays, MacRoman, each line a new Tm.
SAMPLE_CONTENT = (b"q 1 0 0 -1 0 792 cm BT 36 0 0 -36 72 106 Tm /F1 1 Tf (Sample PDF) Tj ET Q q 1 0 0 -1 0 792 cm "
                  b"BT 18 0 0 -18 72 132 Tm /F2 1 Tf (This is a simple PDF \\336le. Fun fun fun.) Tj ET Q "
                  b"q 1 0 0 -1 0 792 cm BT 12 0 0 -12 72 163 Tm /F2 1 Tf [ (Lor) 17 (em) -91 ( ) -35 (ipsum) ] TJ "
                  b"ET Q")
# Hadley Wickham's apples.pdf (Pages, 2025), as chatlas's and ellmer's cassettes send it: a title set in pieces on
# one line, and a font whose one glyph maps to a line break.
APPLES_CONTENT = (b"q 1 0 0 1 72 690.38 cm BT 30 0 0 30 0 0 Tm /TT1 1 Tf (Apples) Tj ET Q /Span << /ActualText ( ) >> "
                  b"BDC q 1 0 0 1 72 690.38 cm BT 30 0 0 30 98.28 0 Tm /TT1 1 Tf ( ) Tj ET Q EMC q 1 0 0 1 72 690.38"
                  b" cm BT 30 0 0 30 106.62 0 Tm /TT1 1 Tf [ (ar) 18 (e) ] TJ ET Q q 1 0 0 1 72 690.38 cm BT "
                  b"30 0 0 30 160.53 0 Tm /TT1 1 Tf ( tasty ) Tj ET Q q 1 0 0 1 72 673.65 cm BT 11 0 0 11 0 0 Tm "
                  b"/TT2 1 Tf (by Hadley Wickham) Tj /TT3 1 Tf (!) Tj ET Q")
LINE_BREAK_CMAP = b"1 begincodespacerange\n<00><FF>\nendcodespacerange\n1 beginbfrange\n<21><21><000a>\nendbfrange\n"


def build(pages, fonts=None, object_stream=False):
    """Return a PDF of the pages' content streams (FlateDecode), its fonts {name: (dictionary entries, ToUnicode
    map or None)}; its fonts in an object stream if asked."""
    fonts = fonts or {"F1": (b"/Subtype /Type1 /BaseFont /Helvetica", None)}
    objects, packed, number, names = {}, {}, 3, []
    for name, (entries, cmap) in fonts.items():
        font = number
        number += 1
        body = b"<< /Type /Font " + entries
        if cmap is not None:
            data = zlib.compress(cmap)
            objects[number] = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(data), data)
            body += b" /ToUnicode %d 0 R" % number
            number += 1
        (packed if object_stream else objects)[font] = body + b" >>"
        names.append(b"/%s %d 0 R" % (name.encode(), font))
    kids = []
    for content in pages:
        data = zlib.compress(content)
        objects[number] = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(data), data)
        objects[number + 1] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << "
                               + b" ".join(names) + b" >> >> /Contents %d 0 R >>" % number)
        kids.append(b"%d 0 R" % (number + 1))
        number += 2
    if packed:
        header = b" ".join(b"%d %d" % (n, sum(len(b) + 1 for b in list(packed.values())[:i]))
                           for i, n in enumerate(packed))
        data = zlib.compress(header + b"\n" + b"\n".join(packed.values()))
        objects[number] = (b"<< /Type /ObjStm /N %d /First %d /Length %d /Filter /FlateDecode >>\nstream\n%s\n"
                           b"endstream" % (len(packed), len(header) + 1, len(data), data))
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[2] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(kids)
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    for n in sorted(objects):
        out += b"%d 0 obj\n%s\nendobj\n" % (n, objects[n])
    return bytes(out + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")


def data_url(data):
    return "data:application/pdf;base64," + base64.b64encode(data).decode()


DUMMY = build([DUMMY_CONTENT], {"F1": (b"/Subtype /TrueType /BaseFont /BAAAAA+Arial-BoldMT", DUMMY_CMAP)})


def test_the_text_is_read_through_the_fonts_unicode_maps_and_encodings():
    assert pdf.text(DUMMY) == "Dummy PDF file"
    assert pdf.text(build([SAMPLE_CONTENT], {"F1": (b"/Encoding /MacRomanEncoding", None),
                                             "F2": (b"/Encoding /MacRomanEncoding", None)})) == (
        "Sample PDF\nThis is a simple PDF \ufb01le. Fun fun fun.\nLorem ipsum")
    # Pieces set on one line are joined; a move to another line (here through cm) or a mapped line break ends one.
    assert pdf.text(build([APPLES_CONTENT], {"TT1": (b"", None), "TT2": (b"", None),
                                             "TT3": (b"", LINE_BREAK_CMAP)})) == (
        "Apples are tasty \nby Hadley Wickham")


def test_pages_are_read_in_the_page_trees_order_and_object_streams_are_unpacked():
    first, second = b"BT /F1 12 Tf 72 700 Td (First page) Tj ET", b"BT /F1 12 Tf 72 700 Td (Second page) Tj ET"
    fonts = {"F1": (b"/Subtype /TrueType", DUMMY_CMAP.replace(b"<01> <0044>", b"<46> <0046>"))}
    assert pdf.text(build([first, second])) == "First page\nSecond page"
    assert pdf.text(build([DUMMY_CONTENT], {"F1": (b"/Subtype /TrueType", DUMMY_CMAP)}, object_stream=True)) == (
        "Dummy PDF file")
    assert pdf.text(build([b"BT /F1 1 Tf <01> Tj ET"], fonts, object_stream=True)) == ""  # no mapping for 01


@pytest.mark.parametrize("data", [
    b"", b"not a pdf at all", b"%PDF-1.4\n%%EOF\n", DUMMY[:len(DUMMY) // 2],
    DUMMY.replace(b"FlateDecode", b"DCTDecode"),
    DUMMY.replace(b"stream\nx", b"stream\ny"),  # a stream zlib cannot inflate
    b"%PDF-1.4\n1 0 obj << /Type /Pages /Kids [1 0 R] >> endobj\n2 0 obj << /Type /Catalog /Pages 1 0 R >> endobj",
    b"%PDF-1.4\n1 0 obj << /Length 5 >>\nstream\nBT (unclosed ET\nendstream endobj", bytes(range(256)) * 64,
    b"%PDF-1.4\n" + b"1 0 obj << /Type /Page >>\n" * 20000 + b"endobj",  # headers without ends: read in linear time
    b"%PDF-1.4\n" + b"BT (" * 20000])
def test_a_pdf_fauxpen_cannot_read_has_no_text_and_raises_nothing(data):
    assert pdf.text(data) == ""
    assert pdf.file_data_text(data_url(data)) == ""


def test_only_pdf_data_is_read():
    assert pdf.file_data_text(data_url(DUMMY)) == "Dummy PDF file"
    assert pdf.file_data_text(base64.b64encode(DUMMY).decode()) == "Dummy PDF file"  # bare base64
    assert pdf.file_data_text("data:application/pdf;base64,!!!") == ""
    assert pdf.file_data_text(None) is None and pdf.file_data_text("data:text/plain;base64,aGk=") is None


def chat_prompt(client, model, text, *files):
    content = [{"type": "text", "text": text}] + [{"type": "file", "file": file} for file in files]
    body = {"model": model, "messages": [{"role": "user", "content": content}]}
    response = client.post("/v1/chat/completions", json=body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["usage"]["prompt_tokens"]


def test_a_pdf_in_chat_costs_its_text_and_the_files_framing(client):
    # pydantic-ai's cassettes (gpt-4o, April 2025 and January 2026): dummy.pdf inline with this question came to
    # 235 prompt tokens; by file id with another, 234 (November 2025), where fauxpen does not see the text (3).
    question = "What is the main content on this document?"
    assert chat_prompt(client, "gpt-4o", question, {"filename": "filename.pdf", "file_data": data_url(DUMMY)}) == 235
    alone = client.post("/v1/chat/completions", json={"model": "gpt-4o", "messages": [
        {"role": "user", "content": [{"type": "text", "text": "Give me a short description of this image"}]}]})
    by_id = chat_prompt(client, "gpt-4o", "Give me a short description of this image",
                        {"file_id": "file-2bkCwDLR2p8cDXfT9he8tV"})
    assert by_id - alone.get_json()["usage"]["prompt_tokens"] == tokens.PDF_FILES_TOKENS + tokens.PDF_FILE_TOKENS
    assert 234 - by_id == 3
    # A second file costs its text and 19 (ruby_llm's cassettes: two copies of one PDF, gpt-4.1-nano, August 2025).
    file = {"filename": "sample.pdf", "file_data": data_url(DUMMY)}
    one = chat_prompt(client, "gpt-4.1-nano", "Compare these documents", file)
    assert chat_prompt(client, "gpt-4.1-nano", "Compare these documents", file, file) - one == (
        tokens.count_tokens_o200k("Dummy PDF file") + tokens.PDF_FILE_TOKENS)
    # A PDF fauxpen cannot read costs the framing alone, and never fails the request.
    broken = {"filename": "a.pdf", "file_data": "data:application/pdf;base64," + base64.b64encode(b"%PDF-1.7\n"
                                                                                              b"\x00" * 99).decode()}
    assert chat_prompt(client, "gpt-4o", question, broken) == 235 - 3


def test_a_pdf_in_the_responses_api_costs_its_text_and_four(client):
    # pydantic-ai's cassettes: dummy.pdf inline with "What is in the document?" came to 20 input tokens on gpt-4o
    # (January 2026); by web address with another question, 23 on gpt-4o and gpt-4.1-nano (December 2025 and
    # January 2026), where fauxpen does not see the text (3).
    def counted(model, question, file):
        body = {"model": model, "input": [{"role": "user", "content": [
            {"type": "input_text", "text": question}, {"type": "input_file", **file}]}]}
        return client.post("/v1/responses", json=body).get_json()["usage"]["input_tokens"]
    inline = {"filename": "filename.pdf", "file_data": data_url(DUMMY)}
    assert counted("gpt-4o", "What is in the document?", inline) == 20
    url = {"file_url": "https://www.w3.org/WAI/ER/tests/xhtml/testfiles/resources/pdf/dummy.pdf"}
    for model in ("gpt-4o", "gpt-4.1-nano"):
        assert 23 - counted(model, "What is the main content on this document?", url) == 3



def test_an_uploaded_pdf_costs_by_id_what_it_costs_inline(sdk):
    # pydantic-ai's cassettes (gpt-4o): dummy.pdf cost the same inline (April 2025, January 2026) and by file id
    # (November 2025), as a one-line PDF did gpt-4o-mini (openai-dotnet's, September 2025 and February 2026).
    openai = pytest.importorskip("openai")
    question = "What is the main content on this document?"
    uploaded = sdk.files.create(file=("dummy.pdf", DUMMY, "application/pdf"), purpose="user_data")

    def chat(file):
        return sdk.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": [
            {"type": "text", "text": question}, {"type": "file", "file": file}]}]).usage.prompt_tokens

    def respond(file):
        return sdk.responses.create(model="gpt-4o", input=[{"role": "user", "content": [
            {"type": "input_text", "text": question}, {"type": "input_file", **file}]}]).usage.input_tokens
    inline = {"filename": "dummy.pdf", "file_data": data_url(DUMMY)}
    assert chat({"file_id": uploaded.id}) == chat(inline) == 235
    assert respond({"file_id": uploaded.id}) == respond(inline) == 23  # by analogy with chat (see tokens.py)
    # A file the API would read by id under another purpose (llmrb/llm's cassette: an `assistants` PDF read by the
    # Responses API, gpt-4.1, July 2025) costs the same.
    assistants = sdk.files.create(file=("dummy.pdf", DUMMY, "application/pdf"), purpose="assistants")
    assert chat({"file_id": assistants.id}) == 235 and respond({"file_id": assistants.id}) == 23
    # Chat reads PDFs alone, judged by the file's name: a PDF uploaded as bytes without a name (the SDK names it
    # `upload`) is refused as recorded (openai-python issue 2472, July 2025; google/adk-python's issue 4125,
    # gpt-4o-mini, January 2026).
    nameless = sdk.files.create(file=DUMMY, purpose="user_data")
    with pytest.raises(openai.BadRequestError) as refused:
        chat({"file_id": nameless.id})
    assert refused.value.status_code == 400
    assert refused.value.body == {"message": "Invalid file data: 'file_id'. Expected a file with an application/pdf "
                                  "MIME type, but got unsupported MIME type 'None'.", "type": "invalid_request_error",
                                  "param": "file_id", "code": "invalid_value"}


def test_an_uploaded_text_file_is_refused_in_chat_and_read_by_the_responses_api(client):
    made = client.post("/v1/files", data={"purpose": "user_data", "file": (io.BytesIO(b"Travis likes pizza."),
                                                                          "notes.txt")}).get_json()
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": [
        {"type": "text", "text": "Summarize"}, {"type": "file", "file": {"file_id": made["id"]}}]}]}
    refused = client.post("/v1/chat/completions", json=body)
    assert refused.status_code == 400
    assert refused.get_json()["error"]["message"].endswith("but got unsupported MIME type 'text/plain'.")
    # The Responses API reads it as the same text sent inline (a text/ data URL: ellmer's cassettes, August 2026).

    def counted(file):
        content = [{"type": "input_text", "text": "Summarize"}, {"type": "input_file", **file}]
        body = {"model": "gpt-4o", "input": [{"role": "user", "content": content}]}
        return client.post("/v1/responses/input_tokens", json=body).get_json()["input_tokens"]
    inline = {"filename": "notes.txt", "file_data": "data:text/plain;base64,VHJhdmlzIGxpa2VzIHBpenphLg=="}
    assert counted({"file_id": made["id"]}) == counted(inline)
    # An id fauxpen does not have is taken, its text unseen: the framing alone, as before.
    body["messages"][0]["content"][1]["file"]["file_id"] = "file-2bkCwDLR2p8cDXfT9he8tV"
    assert client.post("/v1/chat/completions", json=body).status_code == 200


# A client's PDF is untrusted: whatever it holds, reading it takes bounded time and memory (each attack below took
# seconds to minutes, or gigabytes, before its bound).
def doc(*objects, contents=b"9 0 R", fonts=b"", pages=1):
    """A PDF of numbered object bodies {number: body} and pages showing the contents, with the fonts."""
    out = bytearray(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n")
    kids = b" ".join(b"%d 0 R" % (1000 + n) for n in range(pages))
    out += b"2 0 obj << /Type /Pages /Kids [%s] >> endobj\n" % kids
    for n in range(pages):
        out += b"%d 0 obj << /Type /Page /Parent 2 0 R /Resources << /Font << %s >> >> /Contents %s >> endobj\n" % (
            1000 + n, fonts, contents)
    for number, body in objects:
        out += b"%d 0 obj %s endobj\n" % (number, body)
    return bytes(out)


def flate(data, entries=b""):
    data = zlib.compress(data, 9)
    return b"<< /Length %d /Filter /FlateDecode%s >>\nstream\n%s\nendstream" % (len(data), entries, data)


def quickly(data, expected):
    started = time.perf_counter()
    assert pdf.text(data) == expected
    assert time.perf_counter() - started < 5  # minutes before the bounds; well under a second on a quiet machine


def test_a_zip_bomb_past_the_budget_is_not_inflated(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_TOTAL_BYTES", 1000)
    bomb = zlib.compressobj(9)
    bomb = bomb.compress(b"\0" * (64 << 20)) + bomb.flush()
    data = doc((9, flate(b"BT (a) Tj ET" + b" " * 2000)), (8, b"<< /Filter /FlateDecode >>\nstream\n" + bomb +
                                                          b"\nendstream"), contents=b"[9 0 R 8 0 R]")
    reader = pdf._Reader(data)
    assert reader.stream(9) == b"BT (a) Tj ET" + b" " * 988 and reader.stream(8) is None  # max_length 0: no limit
    quickly(data, "a")


def test_cmaps_ranges_and_unclosed_blocks_are_bounded():
    full = b"<0000> <FFFF> <0041>\n"
    cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n%d beginbfrange\n%s endbfrange"
    font = b"<< /Type /Font /ToUnicode 6 0 R >>"
    quickly(doc((9, flate(b"BT /F1 1 Tf <00000001> Tj ET")), (5, font), (6, flate(cmap % (2000, full * 2000))),
                fonts=b"/F1 5 0 R"), "AB")  # 131 million codes: the map is read to MAX_CMAP_CODES
    fonts = b" ".join(b"/F%d %d 0 R" % (n, 5000 + n) for n in range(200))  # one map, many fonts, many pages
    quickly(doc((9, flate(b"BT /F1 1 Tf <00000001> Tj ET")), (6, flate(cmap % (1, full))),
                *[(5000 + n, font) for n in range(200)], fonts=fonts, pages=100), "AB\n" * 99 + "AB")
    for unclosed in (b"beginbfchar <01> <0041> " * 100000, b"beginbfrange " * 200000):  # each scanned to the end
        quickly(doc((9, flate(b"BT /F1 1 Tf <01> Tj ET")), (5, font), (6, flate(unclosed)), fonts=b"/F1 5 0 R"),
                "\x01")  # no map read: the font's single-byte encoding
    # A range's surrogates and odd targets decode as replacement characters, never an error.
    odd = b"1 beginbfrange\n<01> <02> <D800>\nendbfrange 1 beginbfchar <03> <DC00D800> endbfchar"
    quickly(doc((9, flate(b"BT /F1 1 Tf <010203> Tj ET")), (5, font), (6, flate(odd)), fonts=b"/F1 5 0 R"),
            "\ufffd\ufffd\ufffd\ufffd")


def test_overlapping_object_streams_copy_no_more_than_their_bytes():
    body = b" " * (1 << 20)
    header = b" ".join(b"%d %d" % (100 + n, 0 if n % 2 else len(body) - 1) for n in range(2000))
    data = doc((9, flate(b"BT (x) Tj ET")), (50, flate(header + b"\n" + body,
                                                       b" /Type /ObjStm /N 2000 /First %d" % (len(header) + 1))),
               (60, flate(b"60 0\n<< /Type /ObjStm /N 1 /First 5 >>\nstream\n", b" /Type /ObjStm /N 1 /First 5")))
    reader = pdf._Reader(data)
    assert sum(map(len, reader.objects.values())) < len(header) + len(body) + len(data)  # not 1,000 megabytes
    quickly(data, "x")


def test_unclosed_dictionaries_long_digit_runs_and_many_objects_are_read_in_bounded_time():
    quickly(doc((9, flate(b"BT (x) Tj ET")), (7, b"/Font <<" * 500000)), "x")  # each << scanned to the end
    shared = b"<< /Type /Page /Resources 7 0 R /Contents 9 0 R >>"  # a page's unclosed resources, read once
    quickly(b"%PDF-1.7\n7 0 obj << /Font " + b"<" * (4 << 20) + b" endobj\n9 0 obj " + flate(b"BT (x) Tj ET") +
            b" endobj\n" + b"".join(b"%d 0 obj %s endobj\n" % (10 + n, shared) for n in range(2000)) +
            b"2 0 obj << /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (10 + n) for n in range(2000)) + b"] >> endobj",
            "x\n" * 1999 + "x")
    quickly(doc((10, b"<< /Type /Page /Contents 9 0 R /Resources " + b"<< <<>>" * (2 << 20))), "")  # nested deep
    quickly(b"%PDF-1.7\n" + b"1" * (20 << 20), "")  # a digit run: each of its digits began a scan to its end
    quickly(b"%PDF-1.7\n" + b"1 0 obj endobj " * (1 << 20), "")  # more objects than MAX_OBJECTS
    assert len(pdf._Reader(b"1 0 obj endobj " * 100000).objects) == 1


def test_strings_left_open_are_read_once_to_the_streams_end():
    # Each `(` of a stream of `(\\` repeated was scanned to the stream's end again (a 400-byte PDF took 15 s, 600
    # bytes 4 minutes), and an open string of escapes cost re 780 MB of state: the string now ends with the stream.
    quickly(doc((9, flate(b"BT (x) Tj " + b"(\\" * (2 << 20)))), "x")
    tracemalloc.start()
    try:
        quickly(doc((9, flate(b"BT (x) Tj (" + b"\\101" * (1 << 20)))), "x")
        assert tracemalloc.get_traced_memory()[1] < 64 << 20
    finally:
        tracemalloc.stop()
    assert pdf._string_bytes(b"(a\\(b\\101") == b"a(bA"  # to the end, not its last byte dropped
    # A string that closes reads as before: escapes, a level of nested parentheses, a line continued.
    assert pdf._string_bytes(b"(a (b) \\) \\\\ \\n\\\n\\7\\0101)") == b"a (b) ) \\ \n\x07\x081"
    assert pdf.text(doc((9, flate(b"BT (one (two) three) Tj ET")))) == "one (two) three"


def test_a_content_streams_tokens_are_read_up_to_max_tokens(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_TOKENS", 1000)
    content = b"BT " + b"(a) Tj " * 2000 + b"ET"
    assert pdf.text(doc((9, flate(content)))) == "a" * 499  # BT, then 499 strings and their operators
    # An inline image's data is skipped, whatever it looks like (to its EI, or the stream's end).
    quickly(doc((9, flate(b"BT (x) Tj BI /W 9 /H 9 ID (a)Tj Td '\" (a)Tj\nEI (y) Tj ID " + b"(a)Tj " * 99999))), "xy")


@pytest.mark.parametrize("payload", ["JVBERi0", "JVBERi0xLjQK=", "JVBER!!!i0xLjQK", "JVBERi0xLjQK" + "=" * 9, "===="])
def test_invalid_base64_has_no_text_and_never_fails_the_request(client, payload):
    assert pdf.file_data_text("data:application/pdf;base64," + payload) in ("", "%PDF-1.4")
    file = {"filename": "a.pdf", "file_data": "data:application/pdf;base64," + payload}
    assert chat_prompt(client, "gpt-4o", "What is the main content on this document?", file) == 235 - 3


def test_each_page_reads_its_own_fonts_whose_names_other_pages_share():
    maps = [b"1 beginbfchar <01> <%s> endbfchar" % code for code in (b"0041", b"0042")]
    data = (b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [10 0 R 11 0 R]"
            b" >> endobj\n9 0 obj " + flate(b"BT /F1 1 Tf <01> Tj ET") + b" endobj\n" +
            b"".join(b"%d 0 obj << /Type /Page /Resources << /Font << /F1 %d 0 R >> >> /Contents 9 0 R >> endobj\n"
                     b"%d 0 obj << /Type /Font /ToUnicode %d 0 R >> endobj\n%d 0 obj %s endobj\n"
                     % (10 + n, 20 + n, 20 + n, 30 + n, 30 + n, flate(maps[n])) for n in range(2)))
    assert pdf.text(data) == "A\nB"


def test_the_pdfs_of_one_request_share_one_budget(client, monkeypatch):
    monkeypatch.setattr(pdf, "MAX_TOKENS", 1000)
    files = [{"filename": "a.pdf", "file_data": data_url(doc((9, flate(b"BT " + b"(a) Tj " * 400 + b"ET %d" % n))))}
             for n in range(3)]
    alone = chat_prompt(client, "gpt-4o", "Read", *files[:1])
    pdf._CACHE.clear()
    # Three files of 400 strings (803 tokens each): the first read whole, the second to the budget's 197th token
    # (98 strings), the third not at all.
    assert chat_prompt(client, "gpt-4o", "Read", *files) - alone == (
        tokens.count_tokens("a" * 98) + 2 * tokens.PDF_FILE_TOKENS)
    assert pdf.file_data_text(files[2]["file_data"]) == "a" * 400  # outside a request: a budget of its own
