"""POST /v1/images/generations: each model's answer and refusals, and the blobs its URLs point at."""
import base64
import datetime
import io
import json
import re
import struct
import urllib.parse
import urllib.request

import pytest


def generate(client, **body):
    body.setdefault("prompt", "A grey square")
    return client.post("/v1/images/generations", json=body)


def png_size(data):
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">II", data[16:24])


def error(response):
    return json.loads(response.get_data())["error"]


def test_dalle2_by_default_answers_a_url_indented_without_a_final_newline(client):
    response = generate(client)
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/json"
    assert response.is_streamed and "Content-Length" not in response.headers
    text = response.get_data(as_text=True)
    assert text.startswith('{\n  "created": ') and text.endswith("\n  ]\n}")
    body = json.loads(text)
    assert list(body) == ["created", "data"]
    [item] = body["data"]
    assert list(item) == ["url"]  # dall-e-2 revises no prompt
    assert not [name for name in response.headers.keys() if name.startswith("x-ratelimit")]


def test_blob_url_has_the_recorded_shape_and_serves_the_picture(client):
    body = generate(client, model="dall-e-3", size="1792x1024").get_json()
    url = body["data"][0]["url"]
    parts = urllib.parse.urlsplit(url)
    assert re.fullmatch(r"/private/org-\w{24}/user-\w{24}/img-\w{24}\.png", parts.path)
    query = parts.query.split("&")
    assert [pair.split("=")[0] for pair in query] == ["st", "se", "sp", "sv", "sr", "rscd", "rsct", "skoid",
                                                      "sktid", "skt", "ske", "sks", "skv", "sig"]
    params = dict(urllib.parse.parse_qsl(parts.query))
    created = body["created"]
    assert params["st"] == time_text(created - 3600) and params["se"] == time_text(created + 3600)
    assert len(base64.b64decode(params["sig"])) == 32
    picture = client.get(parts.path + "?" + parts.query)
    assert picture.status_code == 200 and picture.headers["Content-Type"] == "image/png"
    assert png_size(picture.get_data()) == (1792, 1024)
    assert client.get("/private/org-x/user-y/img-nothing.png").status_code == 404


def time_text(seconds):
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_dalle3_revises_the_prompt_and_writes_keys_in_alphabetical_order(client):
    [item] = generate(client, model="dall-e-3", response_format="b64_json").get_json()["data"]
    assert list(item) == ["b64_json", "revised_prompt"] and item["revised_prompt"] == "A grey square"
    assert png_size(base64.b64decode(item["b64_json"])) == (1024, 1024)
    [item] = generate(client, model="dall-e-3").get_json()["data"]
    assert list(item) == ["revised_prompt", "url"]


def test_gpt_image_answers_what_it_drew_and_its_usage(client):
    body = generate(client, model="gpt-image-1", n=2, size="1536x1024").get_json()
    assert list(body) == ["created", "background", "data", "output_format", "quality", "size", "usage"]
    assert (body["background"], body["output_format"], body["quality"], body["size"]) == (
        "opaque", "png", "medium", "1536x1024")  # auto resolved, as recorded
    assert len(body["data"]) == 2 and list(body["data"][0]) == ["b64_json"]
    assert png_size(base64.b64decode(body["data"][0]["b64_json"])) == (1536, 1024)
    usage = body["usage"]
    assert list(usage) == ["input_tokens", "input_tokens_details", "output_tokens", "total_tokens"]
    assert usage["output_tokens"] == 2 * 1568 and usage["total_tokens"] == usage["input_tokens"] + 3136
    assert usage["input_tokens_details"] == {"image_tokens": 0, "text_tokens": usage["input_tokens"]}


@pytest.mark.parametrize("size, tokens", [
    ("1024x1024", (272, 1056, 4160)), ("1024x1536", (408, 1584, 6240)), ("1536x1024", (400, 1568, 6208))])
def test_gpt_image_output_tokens_follow_openais_table(client, size, tokens):
    """The table of the image generation guide: landscape is not portrait's count."""
    counted = tuple(generate(client, model="gpt-image-1", size=size, quality=quality).get_json()["usage"]
                    ["output_tokens"] for quality in ("low", "medium", "high"))
    assert counted == tokens


@pytest.mark.parametrize("output_format, magic", [("jpeg", b"\xff\xd8\xff"), ("webp", b"RIFF")])
def test_gpt_image_other_formats(client, output_format, magic):
    body = generate(client, model="gpt-image-1", output_format=output_format, quality="low").get_json()
    assert base64.b64decode(body["data"][0]["b64_json"]).startswith(magic)
    assert body["usage"]["output_tokens"] == 272


def test_gpt_image_stream(client):
    response = generate(client, model="gpt-image-1", stream=True, partial_images=2)
    assert response.headers["Content-Type"].startswith("text/event-stream")
    blocks = [block.split("\n") for block in response.get_data(as_text=True).split("\n\n") if block]
    names = [lines[0].removeprefix("event: ") for lines in blocks]
    assert names == ["image_generation.partial_image"] * 2 + ["image_generation.completed"]
    events = [json.loads(lines[1].removeprefix("data: ")) for lines in blocks]
    assert [e["partial_image_index"] for e in events[:2]] == [0, 1]
    assert events[-1]["usage"]["output_tokens"] == 1056


# The models an unknown one's refusal names: recorded to chatgpt-image-latest (Dec 2025), then the gpt-image-2 names.
NAMED_MODELS = ("'gpt-image-1', 'gpt-image-1-mini', 'gpt-image-1.5', 'chatgpt-image-latest', 'gpt-image-2', "
                "'gpt-image-2.5-flare', 'gpt-image-2.5-sunburst', 'dall-e-2', and 'dall-e-3'")


@pytest.mark.parametrize("body, status, expected", [
    ({"model": "dall-e-3", "n": 2}, 400, ("You must provide n=1 for this model.", None, None)),
    ({"model": "dall-e-2", "quality": "hd"}, 400, ("Unknown parameter: 'quality'.", "quality", "unknown_parameter")),
    ({"model": "dall-e-2", "style": "vivid"}, 400, ("Unknown parameter: 'style'.", "style", "unknown_parameter")),
    ({"model": "gpt-image-1", "response_format": "url"}, 400,
     ("Unknown parameter: 'response_format'.", "response_format", "unknown_parameter")),
    ({"model": "gpt-image-1", "quality": "hd"}, 400,
     ("Invalid value: 'hd'. Supported values are: 'low', 'medium', 'high', and 'auto'.", "quality", "invalid_value")),
    ({"model": "dall-e-3", "size": "512x512"}, 400,
     ("Invalid value: '512x512'. Supported values are: '1024x1024', '1024x1792', and '1792x1024'.", "size",
      "invalid_value")),
    ({"model": "gpt-4o"}, 400, (f"Invalid value: 'gpt-4o'. Supported values are: {NAMED_MODELS}.", "model",
                                "invalid_value")),
    ({"model": "gpt-image-1", "prompt": "x" * 32001}, 400,
     ("Invalid 'prompt': string too long. Expected a string with maximum length 32000, but got a string with "
      "length 32001 instead.", "prompt", "string_above_max_length")),
    ({"model": "dall-e-2", "prompt": "it's" * 300}, 400, (repr("it's" * 300) + " is too long - 'prompt'", None, None)),
    ({"bogus": True}, 400, ("Unknown parameter: 'bogus'.", "bogus", "unknown_parameter")),
])
def test_refusals_indented_as_the_api_writes_them(client, body, status, expected):
    response = generate(client, **body)
    assert response.status_code == status
    text = response.get_data(as_text=True)
    assert text.startswith('{\n  "error": {\n    "message": ') and text.endswith("\n  }\n}")
    found = error(response)
    assert list(found) == ["message", "type", "param", "code"]
    assert (found["message"], found["param"], found["code"]) == expected


def test_blobs_need_no_key_when_keys_are_set(app):
    app.config["FAUXPEN_API_KEYS"] = ["sk-right"]
    client = app.test_client()
    body = client.post("/v1/images/generations", json={"prompt": "x"},
                       headers={"Authorization": "Bearer sk-right"}).get_json()
    path = urllib.parse.urlsplit(body["data"][0]["url"])
    assert client.get(path.path + "?" + path.query).status_code == 200
    assert client.post("/v1/images/generations", json={"prompt": "x"}).status_code == 401


def test_sdk_generates_and_downloads(sdk):
    result = sdk.images.generate(model="dall-e-3", prompt="A grey square", size="1024x1792")
    assert result.data[0].revised_prompt == "A grey square"
    with urllib.request.urlopen(result.data[0].url) as blob:
        assert png_size(blob.read()) == (1024, 1792)
    drawn = sdk.images.generate(model="gpt-image-1", prompt="A grey square", quality="high")
    assert drawn.usage.output_tokens == 4160 and drawn.quality == "high"
    assert base64.b64decode(drawn.data[0].b64_json).startswith(b"\x89PNG")


def test_lone_surrogates_are_written_back_escaped(client):
    response = generate(client, model="dall-e-3", prompt="a \ud800 cat")
    assert response.status_code == 200 and b"\\ud800" in response.get_data()
    refused = generate(client, model="dall-e-2", size="\ud800")
    assert refused.status_code == 400 and b"\\ud800" in refused.get_data()


@pytest.mark.parametrize("body, param, code", [
    ({"background": "transparent", "output_format": "jpeg"}, "background", "invalid_value"),
    ({"output_compression": 10}, "output_compression", "invalid_png_output_compression"),
])
def test_gpt_image_combinations_it_cannot_draw(client, body, param, code):
    found = error(generate(client, model="gpt-image-1", **body))
    assert (found["param"], found["code"]) == (param, code)
    assert generate(client, model="gpt-image-1", output_format="webp", output_compression=10,
                    background="transparent").status_code == 200


def rgba_png(width, height, mode=6):
    """A PNG header of a given size and colour type (6: RGBA, 2: RGB); fauxpen reads no further."""
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">IIBB", width, height, 8, mode) + \
        b"\x00\x00\x00" + b"\x00" * 4


def edit(client, path="/v1/images/edits", files=(("image", "a.png", rgba_png(256, 256), "image/png"),), **form):
    data = dict(form)
    for field, name, content, kind in files:
        data.setdefault(field, []).append((io.BytesIO(content), name, kind))
    return client.post(path, data=data, content_type="multipart/form-data")


def test_dalle2_edit_and_variation_answer_with_the_legacy_final_newline(client):
    response = edit(client, prompt="Add a hat", n="2", size="256x256")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert text.endswith("\n  ]\n}\n")
    body = json.loads(text)
    assert len(body["data"]) == 2 and list(body["data"][0]) == ["url"]
    variation = edit(client, path="/v1/images/variations", response_format="b64_json")
    assert list(variation.get_json()["data"][0]) == ["b64_json"]


def test_gpt_image_edit_counts_its_pictures(client):
    files = [("image[]", "a.png", rgba_png(64, 32, 2), "image/png"),
             ("image[]", "b.jpg", b"\xff\xd8\xff\xe0", "image/jpeg")]
    body = edit(client, files=files, model="gpt-image-1", prompt="Combine", quality="low",
                input_fidelity="high").get_json()
    assert body["usage"]["input_tokens_details"]["image_tokens"] == 2 * 194
    assert body["usage"]["output_tokens"] == 272


@pytest.mark.parametrize("files, form, expected", [
    ((), {"prompt": "x"}, ("'image' is a required property", None, None)),
    ((("image", "a.jpg", b"\xff\xd8\xff", "image/jpeg"),), {"prompt": "x"},
     ("Uploaded image must be a PNG and less than 4 MB.", None, "invalid_image_format")),
    ((("image", "a.png", rgba_png(256, 128), "image/png"),), {"prompt": "x"},
     ("Invalid input image - expected an image with equal width and height, got 256x128 instead.", None, None)),
    ((("image", "a.png", rgba_png(256, 256, 2), "image/png"),), {"prompt": "x"},
     ("Invalid input image - format must be in ['RGBA', 'LA', 'L'], got RGB.", None, None)),
    ((("image[]", "a.png", rgba_png(256, 256), "image/png"),), {"prompt": "x"},
     ("Invalid type for 'image': expected a file, but got an array instead.", "image", "invalid_type")),
    ((("image[]", "a.svg", b"<svg/>", "image/svg+xml"),), {"prompt": "x", "model": "gpt-image-1"},
     ("Invalid file 'image[0]': unsupported mimetype ('image/svg+xml'). Supported file formats are 'image/jpeg', "
      "'image/png', and 'image/webp'.", "image[0]", "unsupported_file_mimetype")),
    ((("image[]", "a.png", b"RIFF....WAVE", "image/png"),), {"prompt": "x", "model": "gpt-image-1"},
     ("Invalid image file or mode for image 0, please check the your image file.", None, "invalid_image_file")),
    ((("image", "a.png", rgba_png(256, 256), "image/png"),), {"prompt": "x", "model": "dall-e-3"},
     ("Invalid model dall-e-3. The model argument should be left blank.", None, None)),
])
def test_edit_refusals_as_recorded(client, files, form, expected):
    response = edit(client, files=files, **form)
    assert response.status_code == 400
    found = error(response)
    assert (found["message"], found["param"], found["code"]) == expected


def test_sdk_edits(sdk, tmp_path):
    path = tmp_path / "in.png"
    path.write_bytes(rgba_png(512, 512))
    with path.open("rb") as image:
        result = sdk.images.edit(image=image, prompt="Add a moon", size="512x512")
    with urllib.request.urlopen(result.data[0].url) as blob:
        assert png_size(blob.read()) == (512, 512)
    with path.open("rb") as image:
        variation = sdk.images.create_variation(image=image, n=2)
    assert len(variation.data) == 2


def test_an_empty_model_name_is_refused_as_any_unknown_name(client):
    """"" was refused as `Invalid model . The model argument ...` (recorded) when every unknown name was."""
    assert error(generate(client, model=""))["message"] == f"Invalid value: ''. Supported values are: {NAMED_MODELS}."
    assert generate(client, model=None).status_code == 200  # null: the default, dall-e-2


def test_an_unknown_model_is_refused_with_the_list_of_image_models(client):
    """The invalid_value form of the captures since mid-2025 (the recorded list of Dec 2025, then gpt-image-2's)."""
    expected = {"message": f"Invalid value: 'bad model'. Supported values are: {NAMED_MODELS}.",
                "type": "invalid_request_error", "param": "model", "code": "invalid_value"}
    assert error(generate(client, model="bad model")) == expected
    files = [("image[]", "a.png", rgba_png(64, 32, 2), "image/png")]
    assert error(edit(client, files=files, model="bad model", prompt="x")) == expected
    variation = error(edit(client, path="/v1/images/variations", model="bad model"))  # variations: as captured
    assert variation["message"] == "Invalid model bad model. The model argument should be left blank."


@pytest.mark.parametrize("files, form", [
    ((("image", "a.png", rgba_png(256, 256), "image/png"),), {"prompt": "x", "n": "--5"}),
    ((("image", "a.png", b"\x89PNG", "image/png"),), {"prompt": "x"}),
    ([("image[]", f"{i}.png", rgba_png(8, 8), "image/png") for i in range(17)],
     {"prompt": "x", "model": "gpt-image-1"}),
])
def test_edit_bodies_that_were_500s(client, files, form):
    assert edit(client, files=files, **form).status_code == 400


@pytest.mark.parametrize("model", ["gpt-image-1-mini", "gpt-image-1.5", "chatgpt-image-latest"])
def test_the_newer_gpt_image_models_draw_as_gpt_image_1(client, model):
    body = generate(client, model=model, size="1024x1536", quality="low").get_json()
    assert list(body) == ["created", "background", "data", "output_format", "quality", "size", "usage"]
    assert png_size(base64.b64decode(body["data"][0]["b64_json"])) == (1024, 1536)
    assert generate(client, model=model, size="256x256").get_json()["error"]["param"] == "size"
    files = [("image[]", "a.png", rgba_png(64, 32, 2), "image/png")]
    edited = edit(client, files=files, model=model, prompt="Add a hat", input_fidelity="high")
    if model == "gpt-image-1-mini":  # mini does not take input_fidelity
        assert edited.get_json()["error"]["message"] == "Unknown parameter: 'input_fidelity'."
    else:
        assert edited.status_code == 200


GPT_IMAGE_2 = {"gpt-image-2": 1776399795, "gpt-image-2-2026-04-21": 1776399994,
               "gpt-image-2.5-flare": 1788563147, "gpt-image-2.5-flare-2026-09-08": 1788851006,
               "gpt-image-2.5-sunburst": 1788563162, "gpt-image-2.5-sunburst-2026-09-08": 1788851010}


def picture_size(data):
    """The width and height a PNG, a JPEG (its SOF0) or a lossless WebP (VP8L) says."""
    if data.startswith(b"\x89PNG"):
        return png_size(data)
    if data.startswith(b"\xff\xd8"):
        at = 2
        while data[at + 1] != 0xC0:
            at += 2 + int.from_bytes(data[at + 2:at + 4], "big")
        height, width = struct.unpack(">HH", data[at + 5:at + 9])
        return width, height
    assert data[:4] == b"RIFF" and data[8:16] == b"WEBPVP8L" and data[20] == 0x2F
    bits = int.from_bytes(data[21:25], "little")
    return (bits & 0x3FFF) + 1, (bits >> 14 & 0x3FFF) + 1


def test_the_gpt_image_2_models_are_listed(client):
    listed = {entry["id"]: entry for entry in client.get("/v1/models").get_json()["data"]}
    for name, created in GPT_IMAGE_2.items():
        assert listed[name] == {"id": name, "object": "model", "created": created, "owned_by": "system"}


@pytest.mark.parametrize("model", list(GPT_IMAGE_2))
def test_the_gpt_image_2_models_draw_any_size_within_their_limits(client, model):
    body = generate(client, model=model, size="1536x864", quality="low").get_json()
    assert list(body) == ["created", "background", "data", "output_format", "quality", "size", "usage"]
    assert (body["size"], body["quality"], body["background"]) == ("1536x864", "low", "opaque")
    assert png_size(base64.b64decode(body["data"][0]["b64_json"])) == (1536, 864)
    drawn = generate(client, model=model).get_json()  # auto: 1024x1024, medium, as gpt-image-1 resolves it
    assert (drawn["size"], drawn["quality"]) == ("1024x1024", "medium")
    files = [("image[]", "a.png", rgba_png(64, 32, 2), "image/png")]
    edited = edit(client, files=files, model=model, prompt="Add a hat", size="2048x1152")
    assert edited.status_code == 200 and edited.get_json()["size"] == "2048x1152"
    refused = edit(client, files=files, model=model, prompt="Add a hat", input_fidelity="high")
    assert error(refused)["message"] == "Unknown parameter: 'input_fidelity'."  # as gpt-image-1-mini
    assert edit(client, path="/v1/images/variations", files=(("image", "a.png", rgba_png(256, 256), "image/png"),),
                model=model).status_code == 400  # variations: dall-e-2 only


@pytest.mark.parametrize("size", ["1008x656", "3840x2160", "2160x3840", "768x2304", "2880x2880"])
@pytest.mark.parametrize("output_format", ["png", "jpeg", "webp"])
def test_pictures_of_a_free_size_are_that_size_in_every_format(client, size, output_format):
    body = generate(client, model="gpt-image-2.5-flare", size=size, output_format=output_format).get_json()
    assert picture_size(base64.b64decode(body["data"][0]["b64_json"])) == tuple(map(int, size.split("x")))


def test_the_grey_jpeg_of_any_size_is_the_stored_one_at_the_stored_sizes():
    from importlib import resources

    from fauxpen import images
    for size in ("1024x1024", "1024x1536", "1536x1024"):
        assert images.jpeg(size) == resources.files("fauxpen").joinpath(f"data/images/grey-{size}.jpeg").read_bytes()
    odd = images.jpeg("1008x656")  # 63x41 units of 12 bits: the scan ends on half a byte, padded with 1 bits
    header = len(images.jpeg("1024x1024")) - 64 * 64 * 12 // 8 - 2
    assert odd.endswith(b"\x00\x0f\xff\xd9") and len(odd) == header + 63 * 41 * 12 // 8 + 1 + 2


@pytest.mark.parametrize("size, message", [
    ("1792x936", "Invalid size '1792x936'. Width and height must both be divisible by 16."),
    ("512x512", "Invalid size '512x512'. Requested resolution is below the current minimum pixel budget."),
    ("768x768", "Invalid size '768x768'. Requested resolution is below the current minimum pixel budget."),
    ("bogus", "Invalid size 'bogus'. Expected WIDTHxHEIGHT, for example '1824x1024'."),
    ("0x0", "Invalid size '0x0'. Expected WIDTHxHEIGHT, for example '1824x1024'."),
    ("3840x1024", "Invalid size '3840x1024'. The aspect ratio must be between 1:3 and 3:1."),
    ("3840x2176", "Invalid size '3840x2176'. Requested resolution is above the current maximum pixel budget."),
    ("4000x1600", "Invalid size '4000x1600'. Width and height must be at most 3840 pixels."),
    ("1024x1024x1024", "Invalid size '1024x1024x1024'. Expected WIDTHxHEIGHT, for example '1824x1024'."),
])
def test_a_free_size_out_of_limits_is_refused_by_the_image_model(client, size, message):
    response = generate(client, model="gpt-image-2", size=size)
    assert response.status_code == 400
    assert error(response) == {"message": message, "type": "image_generation_user_error", "param": "size",
                               "code": "invalid_value"}


def test_gpt_image_2_draws_no_transparent_background_but_2_5_does(client):
    found = error(generate(client, model="gpt-image-2-2026-04-21", background="transparent"))
    assert (found["param"], found["code"]) == ("background", "invalid_value")
    body = generate(client, model="gpt-image-2.5-sunburst", background="transparent", output_format="webp").get_json()
    assert body["background"] == "transparent"


def test_only_gpt_image_2_5_takes_xhigh_and_max(client):
    assert error(generate(client, model="gpt-image-2", quality="xhigh"))["message"] == (
        "Invalid value: 'xhigh'. Supported values are: 'low', 'medium', 'high', and 'auto'.")
    assert error(generate(client, model="gpt-image-2.5-flare", quality="ultra"))["message"] == (
        "Invalid value: 'ultra'. Supported values are: 'low', 'medium', 'high', 'xhigh', 'max', and 'auto'.")
    for quality in ("xhigh", "max"):
        assert generate(client, model="gpt-image-2.5-flare", quality=quality).get_json()["quality"] == quality


@pytest.mark.parametrize("size, quality, tokens", [
    ("1024x1024", "low", 196),  # the 2.5 answer the research quotes
    ("976x704", "low", 129),  # a community post: 129-130
    ("1024x1024", "medium", 1756), ("1024x1024", "high", 7024), ("1536x1024", "high", 5488),  # the formula's
])
def test_gpt_image_2_counts_tokens_by_the_calculators_formula(client, size, quality, tokens):
    body = generate(client, model="gpt-image-2.5-sunburst", size=size, quality=quality, n=2).get_json()
    assert body["usage"]["output_tokens"] == 2 * tokens


def test_gpt_image_2_counts_6_prompt_tokens_over_the_prompts(client):
    from fauxpen.tokens import count_tokens
    usage = generate(client, model="gpt-image-2", prompt="An isolated stop sign.").get_json()["usage"]
    text = count_tokens("An isolated stop sign.") + 6
    assert usage["input_tokens_details"] == {"image_tokens": 0, "text_tokens": text}
    older = generate(client, model="gpt-image-1", prompt="An isolated stop sign.").get_json()["usage"]
    assert older["input_tokens"] == 22  # recorded


def test_gpt_image_2_details_its_output_tokens_as_a_2_5_answer_does(client):
    usage = generate(client, model="gpt-image-2.5-sunburst", quality="low").get_json()["usage"]
    assert list(usage) == ["input_tokens", "input_tokens_details", "output_tokens", "output_tokens_details",
                           "total_tokens"]
    assert usage["output_tokens_details"] == {"image_tokens": 196, "text_tokens": 0}
    assert usage["total_tokens"] == usage["input_tokens"] + 196
    events = generate(client, model="gpt-image-2", stream=True).get_data(as_text=True)
    assert '"output_tokens_details":{"image_tokens":1756,"text_tokens":0}' in events
    for model in ("gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "chatgpt-image-latest"):  # as recorded
        assert "output_tokens_details" not in generate(client, model=model).get_json()["usage"]
