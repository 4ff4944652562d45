"""Tests for what an image costs a prompt (fauxpen.vision), and the prompt counts it makes."""
import base64
import io
import json
import struct
import zlib

import pytest

from fauxpen import vision

# A 1 x 1 PNG, as clients send it in tests (quiltt/activeagent and openinference cassettes, 2025-2026).
DOT = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJ"
       "RU5ErkJggg==")


def data_url(mime, picture):
    return f"data:{mime};base64," + base64.b64encode(picture).decode()


def png(width, height):
    """Return a PNG of the size with no pixels: its signature, header chunk and end chunk, which is all that is
    read (its size from the first, and that it ends from the last)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + header
            + struct.pack(">I", zlib.crc32(b"IHDR" + header)) + bytes(4) + b"IEND\xaeB`\x82")


def jpeg(width, height):
    """Return a JPEG's markers up to its start of frame, an APP0 segment before it, and its end of image."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    frame = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + frame + b"\xff\xd9"


@pytest.mark.parametrize("picture, size", [
    (png(640, 480), (640, 480)),
    (b"GIF89a" + struct.pack("<HH", 300, 200) + b"\x00" * 8, (300, 200)),
    (jpeg(1800, 2400), (1800, 2400)),
    (b"RIFF\x00\x00\x00\x00WEBPVP8X" + b"\x00" * 8 + (799).to_bytes(3, "little") + (599).to_bytes(3, "little"),
     (800, 600)),
    (b"RIFF\x00\x00\x00\x00WEBPVP8L\x00\x00\x00\x00\x2f" + ((99) | (49 << 14)).to_bytes(4, "little"), (100, 50)),
    # a lossy WebP: its frame tag, start code, then 14-bit width and height (a 2-bit scale above each)
    (b"RIFF\x00\x00\x00\x00WEBPVP8 \x00\x00\x00\x00\x00\x00\x00\x9d\x01\x2a"
     + struct.pack("<HH", 1024 | 0x4000, 768), (1024, 768)),
    # a JPEG's fill bytes before a marker are stepped over (ITU T.81 B.1.1.2)
    (jpeg(1800, 2400)[:2] + b"\xff\xff" + jpeg(1800, 2400)[2:], (1800, 2400)),
])
def test_the_size_is_read_from_the_picture_a_data_url_holds(picture, size):
    mime = {b"\x89P": "image/png", b"GI": "image/gif", b"\xff\xd8": "image/jpeg", b"RI": "image/webp"}[picture[:2]]
    assert vision.image_size(data_url(mime, picture)) == size


@pytest.mark.parametrize("url", ["data:image/png;base64,!!!", "data:image/png,raw", data_url("image/png", b"\x89PNG"),
                                 data_url("image/jpeg", b"\xff\xd8\xff\xe0\x00"), data_url("image/bmp", b"BM....")])
def test_a_picture_whose_size_cannot_be_read_is_taken_for_the_unseen_size(url):
    assert vision.image_size(url) is None
    assert vision.image_tokens(url, "high") == vision.image_tokens("https://example.com/cat.png", "high") == 765


@pytest.mark.parametrize("size, detail, rule, tokens", [
    ((1, 1), None, (85, 170), 255),  # auto detail is high: one square
    ((1, 1), "low", (85, 170), 85),
    ((1024, 1024), "high", (85, 170), 765),  # the vision guide's examples
    ((2048, 4096), "high", (85, 170), 1105),
    ((4096, 8192), "auto", (85, 170), 1105),
    ((1, 1), None, (70, 140), 210),  # GPT-5
    ((1, 1), None, (2833, 5667), 8500),  # gpt-4o-mini
    ((1024, 1024), "low", 1.0, 1024),  # patches, whatever the detail
    ((1800, 2400), None, 1.0, 1452),  # the guide's example scaled to fit 1,536 patches
    ((1800, 2400), None, 1.62, 2352),
    ((1, 1), None, 2.46, 2),
])
def test_an_image_costs_what_the_models_rule_makes_of_its_size(size, detail, rule, tokens):
    assert vision.image_tokens(data_url("image/png", png(*size)), detail, rule) == tokens


def test_no_picture_costs_more_patches_than_the_cap():
    for size in ((5000, 5000), (20000, 30), (30, 20000), (4097, 3001)):
        assert vision.image_tokens(data_url("image/png", png(*size)), None, 1.0) <= vision.MAX_PATCHES


def test_a_picture_with_a_side_of_no_pixels_is_priced_not_a_server_error(client):
    """A GIF whose header says 65535 x 0 (fauxpen divided by its area, a 500, where patches are counted): a broken
    GIF passes, as the README says, and 0 pixels are covered by one patch as 1 is."""
    url = data_url("image/gif", b"GIF89a" + struct.pack("<HH", 65535, 0) + b"\x00" * 8)
    assert vision.image_tokens(url, None, 1.0) == vision.image_tokens(
        data_url("image/gif", b"GIF89a" + struct.pack("<HH", 65535, 1) + b"\x00" * 8), None, 1.0)
    response = client.post("/v1/chat/completions", json={"model": "gpt-4.1-mini", "messages": [
        {"role": "user", "content": [{"type": "image_url", "image_url": {"url": url}}]}]})
    assert response.status_code == 200


@pytest.mark.parametrize("model, expected", [("gpt-4o-mini", 8512), ("gpt-5", 221), ("gpt-4.1", 267)])
def test_chat_prompt_tokens_price_an_image_by_the_model(client, model, expected):
    """Recorded (openinference, quiltt/activeagent, Oct 2025-Feb 2026): "What's in this image?" and a 1 x 1 PNG.
    The text is 6 tokens in o200k (What's one), as the estimate counts it."""
    content = [{"type": "text", "text": "What's in this image?"}, {"type": "image_url", "image_url": {"url": DOT}}]
    response = client.post("/v1/chat/completions", json={"model": model, "messages": [
        {"role": "user", "content": content}]})
    assert response.status_code == 200
    assert response.get_json()["usage"]["prompt_tokens"] == expected


def test_responses_input_tokens_price_an_image_and_its_detail(client):
    """Recorded on gpt-4.1 (October 2025): 267 input tokens; low detail leaves only the base."""
    def tokens(**detail):
        content = [{"type": "input_text", "text": "What's in this image?"},
                   {"type": "input_image", "image_url": DOT, **detail}]
        response = client.post("/v1/responses", json={"model": "gpt-4.1", "input": [
            {"role": "user", "content": content}]})
        assert response.status_code == 200
        return response.get_json()["usage"]["input_tokens"]

    assert tokens() == tokens(detail="auto") == tokens(detail="high") == 267
    assert tokens(detail="low") == 267 - 170



def test_a_picture_uploaded_to_the_files_api_costs_by_id_what_it_costs_inline(client):
    """A stored picture's own size, as the same bytes sent inline (by analogy with PDFs, whose cost by id and inline
    are recorded the same); an id fauxpen does not have is taken for 1024 x 1024, a text file for what it is not."""
    def tokens(**source):
        content = [{"type": "input_text", "text": "What's in this image?"}, {"type": "input_image", **source}]
        response = client.post("/v1/responses", json={"model": "gpt-4.1", "input": [
            {"role": "user", "content": content}]})
        assert response.status_code == 200
        return response.get_json()["usage"]["input_tokens"]

    def upload(name, data):
        return client.post("/v1/files", data={"purpose": "vision", "file": (io.BytesIO(data), name)}).get_json()["id"]
    banner = png(1960, 1000)
    assert tokens(file_id=upload("banner.png", banner)) == tokens(image_url=data_url("image/png", banner)) == 1117
    photo = jpeg(1800, 2400)
    assert tokens(file_id=upload("photo", photo)) == tokens(image_url=data_url("image/jpeg", photo))
    unseen = tokens(image_url="https://upload.wikimedia.org/a.png")
    assert tokens(file_id="file-2bkCwDLR2p8cDXfT9he8tV") == tokens(file_id=upload("a.txt", b"text")) == unseen != 1117

@pytest.mark.parametrize("url", ["https://example.com/test-image.jpg", "http://cdn.example.org/a.png",
                                 "https://photos.test/a.png", "https://localhost:8000/a.png", "http://127.0.0.1/a.png",
                                 "http://10.1.2.3/cat.jpg", "https://[::1]/a.png", "https://site.invalid/a.png"])
def test_a_picture_on_a_host_the_api_cannot_reach_fails_to_download(client, url):
    """Recorded on gpt-4o-mini (openinference's cassettes, 2025-2026): chat's words, code invalid_image_url. The
    Responses API names param url, as public clients quote it (2026)."""
    content = [{"type": "text", "text": "What's in this image?"}, {"type": "image_url", "image_url": {"url": url}}]
    response = client.post("/v1/chat/completions", json={"model": "gpt-4o-mini", "messages": [
        {"role": "user", "content": content}]})
    assert response.status_code == 400
    assert response.get_json()["error"] == {"message": f"Error while downloading {url}.",
                                            "type": "invalid_request_error", "param": None,
                                            "code": "invalid_image_url"}
    response = client.post("/v1/responses", json={"model": "gpt-4o-mini", "input": [
        {"role": "user", "content": [{"type": "input_image", "image_url": url}]}]})
    assert response.status_code == 400
    assert response.get_json()["error"] == {"message": f"Error while downloading {url}.",
                                            "type": "invalid_request_error", "param": "url", "code": "invalid_value"}


@pytest.mark.parametrize("url", ["/foobar.exe", "cat.png", "ftp://files.example/cat.png"])
def test_a_vision_model_fails_to_download_what_is_no_web_address(client, url):
    """llmrb/llm's cassette, gpt-4.1, July 2025: `/foobar.exe` failed to download, param null, code
    invalid_image_url; a model without vision asks for a data URL instead (the conformance grid's gpt-4)."""
    content = [{"type": "image_url", "image_url": {"url": url}}]
    response = client.post("/v1/chat/completions", json={"model": "gpt-4.1", "messages": [
        {"role": "user", "content": content}]})
    assert response.status_code == 400
    assert response.get_json()["error"] == {
        "message": f"Failed to download image from {url}. Image URL is invalid.", "type": "invalid_request_error",
        "param": None, "code": "invalid_image_url"}
    response = client.post("/v1/chat/completions", json={"model": "gpt-4", "messages": [
        {"role": "user", "content": content}]})
    assert response.status_code == 400
    assert response.get_json()["error"]["message"].endswith("but got a value without the 'data:' prefix.")


@pytest.mark.parametrize("url", ["https://upload.wikimedia.org/a.png", "https://examples.com/a.png",
                                 "https://example.company.io/a.png", "http://8.8.8.8/a.png", DOT])
def test_a_picture_anywhere_else_is_taken(client, url):
    content = [{"type": "image_url", "image_url": {"url": url}}]
    response = client.post("/v1/chat/completions", json={"model": "gpt-4o-mini", "messages": [
        {"role": "user", "content": content}]})
    assert response.status_code == 200


def test_a_request_with_pictures_carries_their_rate_limit_headers(client):
    """Recorded on gpt-4o (June and July 2025): three x-ratelimit-*-input-images headers beside the six others,
    250000, 249999 and 0s for one picture; a request without pictures has none. Each before its kind's of requests,
    as ruby_llm's cassettes of gpt-4.1-nano and gpt-5-nano (2025-2026) write the nine."""
    content = [{"type": "image_url", "image_url": {"url": DOT}}, {"type": "image_url", "image_url": {"url": DOT}},
               {"type": "text", "text": "describe this image in detail"}]
    for stream in (False, True):
        response = client.post("/v1/chat/completions", json={"model": "gpt-4o", "stream": stream, "messages": [
            {"role": "user", "content": content}]})
        names = [name.lower() for name, _ in response.headers if name.lower().startswith("x-ratelimit-")]
        assert names == sorted(names) == [f"x-ratelimit-{kind}-{what}" for kind in ("limit", "remaining", "reset")
                                          for what in ("input-images", "requests", "tokens")]
        assert response.headers["x-ratelimit-remaining-input-images"] == "249998"
        assert response.headers["x-ratelimit-reset-input-images"] == "0s"
    response = client.post("/v1/chat/completions", json={"model": "gpt-4o", "messages": [
        {"role": "user", "content": "hi"}]})
    assert "x-ratelimit-limit-input-images" not in response.headers
    assert "x-ratelimit-limit-requests" in response.headers


def test_a_refused_request_with_a_picture_carries_its_rate_limit_headers(client):
    # braintrust-sdk-python's cassettes (gpt-4o-mini, April 2026, twice): a picture whose bytes are no image is
    # refused with the input-images headers beside the six others (49999 of 50000 left), and 773 tokens taken.
    content = [{"image_url": {"url": "data:image/png;base64,SU5WQUxJRF9QTkdfREFUQV9OT1RfQV9SRUFMX0lNQUdF"},
                "type": "image_url"}, {"text": "What's in this image?", "type": "text"}]
    response = client.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": content}],
                                                         "model": "gpt-4o-mini", "max_completion_tokens": 100})
    assert response.status_code == 400
    assert response.headers["x-ratelimit-remaining-input-images"] == "249999"
    assert int(response.headers["x-ratelimit-limit-tokens"]) - int(
        response.headers["x-ratelimit-remaining-tokens"]) == 773


def test_the_image_reset_is_a_minute_shared_out_over_the_limit():
    from fauxpen.wire import image_ratelimit_headers
    # The 429 of July 2025 on a limit of 50,000: 1ms for one picture.
    assert image_ratelimit_headers(50000, 1) == [("x-ratelimit-limit-input-images", "50000"),
                                                 ("x-ratelimit-remaining-input-images", "49999"),
                                                 ("x-ratelimit-reset-input-images", "1ms")]


def test_a_patch_models_image_costs_its_share_rounded_up_and_its_framing(client):
    """ruby_llm's cassettes: a 128 x 128 PNG cost gpt-4.1-nano 56 and 53 beside two questions (August 2025, February
    2026) and gpt-5-nano 39 (February 2026); a community table (2025) of a 128 x 64 one beside five words: 33 on
    gpt-4.1-nano, 26 on gpt-4.1-mini and o4-mini; and one's measure (2026) of gpt-5-mini's share: 1.2 a patch, rounded
    up (77 for 256 x 256, 1,104 for 1280 x 720, 1,844 for 2048 x 768)."""
    def prompt(model, text, size=None):
        content = [{"type": "text", "text": text}]
        if size:
            content.append({"type": "image_url", "image_url": {"url": data_url("image/png", png(*size))}})
        response = client.post("/v1/chat/completions", json={"model": model, "messages": [
            {"role": "user", "content": content}]})
        return response.get_json()["usage"]["prompt_tokens"]

    assert prompt("gpt-4.1-nano", "What do you see in this image?", (128, 128)) == 56
    assert prompt("gpt-4.1-nano", "What do you see?", (128, 128)) == 53
    assert prompt("gpt-5-nano", "What do you see in this image?", (128, 128)) == 39
    for model, tokens in (("gpt-4.1-nano", 33), ("gpt-4.1-mini", 26), ("o4-mini", 26)):
        assert prompt(model, "repeat word from attached image", (128, 64)) == tokens
    for size, share in (((256, 256), 77), ((1280, 720), 1104), ((2048, 768), 1844)):
        assert prompt("gpt-5-mini", "Describe", size) - prompt("gpt-5-mini", "Describe") == share


def test_a_gpt_6_model_counts_a_picture_a_token_a_patch(client):
    """rig's cassettes of gpt-6-sol (October 2026): the 64 x 64 red PNG of an image question, with the conversation
    before it, cost 52 prompt tokens in chat (and 73 with one more turn), the picture 4 of them, where GPT-5's rule
    (70 and 140 a square) made it 210."""
    picture = data_url("image/png", png(64, 64))
    messages = [{"role": "system", "content": [{"type": "text", "text": "You are a concise assistant."}]},
                {"role": "user", "content": "Say hello in one short sentence."},
                {"role": "assistant", "content": [{"type": "text", "text": "Hello!"}]},
                {"role": "user", "content": [
                    {"type": "image_url", "image_url": {"detail": "auto", "url": picture}},
                    {"type": "text", "text": "What single colour fills this image? Answer with one lowercase word."}]}]
    response = client.post("/v1/chat/completions", json={"model": "gpt-6-sol", "max_completion_tokens": 2048,
                                                         "messages": messages})
    assert response.get_json()["usage"]["prompt_tokens"] == 52


def test_a_chat_prompt_with_a_picture_counts_no_cache_writes(client):
    """rig's cassettes of gpt-6-sol (October 2026): the image question's answers, streamed and not, gave
    prompt_tokens_details without cache_write_tokens, where the session's text-only answers had it."""
    picture = [{"type": "image_url", "image_url": {"url": data_url("image/png", png(64, 64))}},
               {"type": "text", "text": "What single colour fills this image?"}]

    def details(content, stream=False):
        body = {"model": "gpt-6-sol", "messages": [{"role": "user", "content": content}]}
        if stream:
            body.update(stream=True, stream_options={"include_usage": True})
            response = client.post("/v1/chat/completions", json=body)
            chunks = [json.loads(line[6:]) for line in response.get_data(as_text=True).splitlines()
                      if line.startswith("data: {")]
            return chunks[-1]["usage"]["prompt_tokens_details"]
        return client.post("/v1/chat/completions", json=body).get_json()["usage"]["prompt_tokens_details"]

    assert details(picture) == details(picture, stream=True) == {"cached_tokens": 0, "audio_tokens": 0}
    assert details("Say ok.") == {"cached_tokens": 0, "cache_write_tokens": 0, "audio_tokens": 0}


def test_a_whole_picture_is_taken_with_bytes_past_its_end(client):
    # A PNG cut short is refused (clients' fixtures of October 2026); one with bytes after its IEND chunk is read as
    # decoders read it, to its end (a guess: no such request recorded).
    question = [{"type": "text", "text": "What is this?"}]
    for url in (DOT, data_url("image/png", base64.b64decode(DOT.split(",")[1]) + b"\x00" * 3)):
        answered = client.post("/v1/chat/completions", json={"model": "gpt-4o", "messages": [
            {"role": "user", "content": [*question, {"type": "image_url", "image_url": {"url": url}}]}]})
        assert answered.status_code == 200
