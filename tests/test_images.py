"""POST /v1/images/generations and /v1/images/edits: each model's answer and refusals."""
import base64
import io
import json
import struct
import uuid

import pytest

from fauxpen import images


def generate(client, **body):
    body.setdefault("prompt", "A grey square")
    body.setdefault("model", "gpt-image-1-mini")
    return client.post("/v1/images/generations", json=body)


def png_size(data):
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">II", data[16:24])


def error(response):
    return json.loads(response.get_data())["error"]


def test_answers_are_indented_without_a_final_newline_nor_rate_limit_headers(client):
    response = generate(client)
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/json"
    assert response.is_streamed and "Content-Length" not in response.headers
    text = response.get_data(as_text=True)
    assert text.startswith('{\n  "created": ') and text.endswith("\n  }\n}")
    assert not [name for name in response.headers.keys() if name.startswith("x-ratelimit")]


def test_answers_and_refusals_expose_cf_ray_once_and_name_the_version_first(client):
    # openllmetry-js's recordings (a generation's 200 and an edit's 400, August 2025): openai-version,
    # openai-organization, openai-project, x-request-id and openai-processing-ms in that order. They exposed no
    # headers in 2025 (openai-dotnet's session records, September 2025), and X-Request-ID, CF-Ray in September 2026
    # (braintrust-sdk's cassettes: generations and edits, streamed or not), where chat's name CF-Ray twice.
    project = {"Authorization": "Bearer sk-proj-abc"}
    for response in (client.post("/v1/images/generations", json={"model": "gpt-image-1-mini", "prompt": "x"},
                                 headers=project),
                     client.post("/v1/images/generations", json={"model": "dall-e-2", "prompt": "x"},
                                 headers=project),
                     client.post("/v1/images/edits",
                                 data={"model": "gpt-image-1-mini", "prompt": "x", "image[0]": "102"},
                                 content_type="multipart/form-data", headers=project)):
        names = [name.lower() for name in response.headers.keys()]
        assert response.headers["access-control-expose-headers"] == "X-Request-ID, CF-Ray"
        assert [name for name in names if name.startswith(("openai-", "x-request-id"))] == [
            "openai-version", "openai-organization", "openai-project", "x-request-id", "openai-processing-ms"]


def test_gpt_image_answers_what_it_drew_and_its_usage(client):
    body = generate(client, model="gpt-image-1-mini", n=2, size="1536x1024").get_json()
    assert list(body) == ["created", "background", "data", "output_format", "quality", "size", "usage"]
    assert (body["background"], body["output_format"], body["quality"], body["size"]) == (
        "opaque", "png", "medium", "1536x1024")  # auto resolved, as recorded
    assert len(body["data"]) == 2 and list(body["data"][0]) == ["b64_json", "generation_id"]  # as of Sep 2026
    assert png_size(base64.b64decode(body["data"][0]["b64_json"])) == (1536, 1024)
    usage = body["usage"]
    assert list(usage) == ["input_tokens", "input_tokens_details", "output_tokens", "output_tokens_details",
                           "total_tokens"]
    assert usage["output_tokens"] == 2 * 1568 and usage["total_tokens"] == usage["input_tokens"] + 3136
    assert usage["input_tokens_details"] == {"image_tokens": 0, "text_tokens": usage["input_tokens"]}
    older = generate(client, model="gpt-image-1.5", n=2, size="1536x1024").get_json()  # 2025's shape, kept
    assert list(older["data"][0]) == ["b64_json"] and "output_tokens_details" not in older["usage"]


@pytest.mark.parametrize("size, tokens", [
    ("1024x1024", (272, 1056, 4160)), ("1024x1536", (408, 1584, 6240)), ("1536x1024", (400, 1568, 6208))])
def test_gpt_image_output_tokens_follow_openais_table(client, size, tokens):
    """The table of the image generation guide: landscape is not portrait's count."""
    counted = tuple(generate(client, model="gpt-image-1-mini", size=size, quality=quality).get_json()["usage"]
                    ["output_tokens"] for quality in ("low", "medium", "high"))
    assert counted == tokens


@pytest.mark.parametrize("output_format, magic", [("jpeg", b"\xff\xd8\xff"), ("webp", b"RIFF")])
def test_gpt_image_other_formats(client, output_format, magic):
    body = generate(client, model="gpt-image-1-mini", output_format=output_format, quality="low").get_json()
    assert base64.b64decode(body["data"][0]["b64_json"]).startswith(magic)
    assert body["usage"]["output_tokens"] == 272


def test_gpt_image_stream(client):
    response = generate(client, model="gpt-image-1-mini", stream=True, partial_images=2)
    assert response.headers["Content-Type"].startswith("text/event-stream")
    blocks = [block.split("\n") for block in response.get_data(as_text=True).split("\n\n") if block]
    names = [lines[0].removeprefix("event: ") for lines in blocks]
    assert names == ["image_generation.partial_image"] * 2 + ["image_generation.completed"]
    events = [json.loads(lines[1].removeprefix("data: ")) for lines in blocks]
    assert [e["partial_image_index"] for e in events[:2]] == [0, 1]
    # Recorded (2026): created_at and the type first, the rest in alphabetical order, numbered across the stream;
    # each partial picture costs 100 output tokens more (1,056 + 2 x 100 at medium).
    assert list(events[0]) == ["created_at", "type", "b64_json", "background", "output_format",
                               "partial_image_index", "quality", "sequence_number", "size"]
    assert list(events[-1]) == ["created_at", "type", "b64_json", "background", "output_format", "quality",
                                "sequence_number", "size", "usage"]
    assert [e["sequence_number"] for e in events] == [0, 1, 2]
    usage = events[-1]["usage"]
    assert (usage["output_tokens"], usage["total_tokens"]) == (1256, 1256 + usage["input_tokens"])
    once = generate(client, model="gpt-image-1-mini", stream=True).get_data(as_text=True)
    assert '"sequence_number":0' in once and '"output_tokens":1056' in once


def test_an_edit_streams_image_edit_events_and_a_stream_is_one_picture(client):
    files = [("image[]", "a.png", rgba_png(64, 32, 2), "image/png")]
    text = edit(client, files=files, model="gpt-image-1-mini", prompt="a hat", stream="true",
                partial_images="1").get_data(as_text=True)
    names = [block.split("\n")[0] for block in text.split("\n\n") if block]
    assert names == ["event: image_edit.partial_image", "event: image_edit.completed"]
    assert '"type":"image_edit.completed"' in text and "image_generation" not in text
    refused = generate(client, model="gpt-image-1-mini", stream=True, n=2)
    assert (refused.status_code, error(refused)["message"]) == (400, "Streaming is only supported with n=1.")


def test_retired_and_unknown_models_do_not_exist(client):
    """dall-e-2 and dall-e-3 are gone (May 2026): refused as any other name, by the image model (measured
    2026-08-29), on generations and edits alike."""
    files = [("image[]", "a.png", rgba_png(64, 32, 2), "image/png")]
    for name in ("dall-e-2", "dall-e-3", "image-2", "foo-model", "", "gpt-4o"):
        expected = {"message": f"The model '{name}' does not exist.", "type": "image_generation_user_error",
                    "param": "model", "code": "invalid_value"}
        assert error(generate(client, model=name)) == expected
        assert error(edit(client, files=files, model=name, prompt="x")) == expected


def test_the_model_is_required(client):
    response = client.post("/v1/images/generations", json={"prompt": "A grey square"})
    assert response.status_code == 400
    assert error(response) == {"message": "Missing required parameter: 'model'.", "type": "invalid_request_error",
                               "param": "model", "code": "missing_required_parameter"}
    edited = edit(client, prompt="Add a hat")
    assert error(edited)["code"] == "missing_required_parameter" and error(edited)["param"] == "model"
    for value, name in ((None, "null"), (123, "an integer"), (1.5, "a decimal number"), (True, "a boolean"),
                        ({}, "an object"), ([], "an array")):
        assert error(generate(client, model=value)) == {
            "message": f"Invalid type for 'model': expected a string, but got {name} instead.",
            "type": "invalid_request_error", "param": "model", "code": "invalid_type"}


def test_dall_e_is_no_longer_listed(client):
    listed = {entry["id"] for entry in client.get("/v1/models").get_json()["data"]}
    assert {"gpt-image-1-mini", "gpt-image-1.5", "chatgpt-image-latest", "gpt-image-2",
            "gpt-image-2-2026-04-21"} <= listed
    assert not {"dall-e-2", "dall-e-3"} & listed
    assert client.get("/v1/models/dall-e-3").status_code == 404


def test_gpt_image_1_is_shut_down_as_dall_e_was(client):
    """gpt-image-1 "was shut down on October 23, 2026" (ImageModel's note, openai 3.63): refused, unlisted and unknown
    to the Responses API as dall-e is since its retirement (measured 2026-08-29), its family drawn on by the others."""
    files = [("image[]", "a.png", rgba_png(64, 32, 2), "image/png")]
    expected = {"message": "The model 'gpt-image-1' does not exist.", "type": "image_generation_user_error",
                "param": "model", "code": "invalid_value"}
    assert error(generate(client, model="gpt-image-1")) == expected
    assert error(edit(client, files=files, model="gpt-image-1", prompt="x")) == expected
    assert "gpt-image-1" not in {entry["id"] for entry in client.get("/v1/models").get_json()["data"]}
    assert client.get("/v1/models/gpt-image-1").status_code == 404
    answered = client.post("/v1/responses", json={"model": "gpt-image-1", "input": "hi"})
    assert (answered.status_code, answered.get_json()["error"]["message"]) == (
        400, "The requested model 'gpt-image-1' does not exist.")
    assert generate(client, model="gpt-image-1-mini", size="1536x1024").status_code == 200  # its sizes, as before


@pytest.mark.parametrize("method", ["post", "get"])
def test_variations_are_answered_as_any_url_fauxpen_does_not_serve(client, method):
    """The API answers 404 for /v1/images/variations, whatever the model (measured): fauxpen as for /v1/nope."""
    files = {"image": (io.BytesIO(rgba_png(256, 256)), "a.png", "image/png")}
    kwargs = ({"data": {**files, "model": "gpt-image-1-mini"}, "content_type": "multipart/form-data"}
              if method == "post" else {})
    response = getattr(client, method)("/v1/images/variations", **kwargs)
    unknown = getattr(client, method)("/v1/nope")
    assert response.status_code == unknown.status_code == 404
    assert response.headers["Content-Type"] == unknown.headers["Content-Type"]
    assert error(response) == {**error(unknown), "message": f"Invalid URL ({method.upper()} /v1/images/variations)"}
    blob = client.get("/private/org-x/user-y/img-aaaaaaaaaaaaaaaaaaaaaaaC.png")  # dall-e's URLs: gone with it
    assert blob.status_code == 404 and error(blob)["message"].startswith("Invalid URL (GET /private/")


@pytest.mark.parametrize("body, expected", [
    ({"model": "gpt-image-2", "response_format": "url"},
     ("Unknown parameter: 'response_format'.", "response_format", "unknown_parameter")),
    ({"model": "gpt-image-2", "response_format": None},
     ("Unknown parameter: 'response_format'.", "response_format", "unknown_parameter")),
    ({"model": "chatgpt-image-latest", "response_format": "b64_json"},
     ("Unknown parameter: 'response_format'.", "response_format", "unknown_parameter")),
    ({"model": "gpt-image-2-2026-04-21", "response_format": "url"},
     ("Unknown parameter: 'response_format'.", "response_format", "unknown_parameter")),
    ({"model": "gpt-image-2", "style": "vivid"}, ("Unknown parameter: 'style'.", "style", "unknown_parameter")),
    ({"model": "gpt-image-2", "input_fidelity": "high"},
     ("Unknown parameter: 'input_fidelity'.", "input_fidelity", "unknown_parameter")),
    ({"model": "gpt-image-1-mini", "input_fidelity": "high"},
     ("Unknown parameter: 'input_fidelity'.", "input_fidelity", "unknown_parameter")),
    ({"model": "gpt-image-2", "mask": "x"}, ("Unknown parameter: 'mask'.", "mask", "unknown_parameter")),
    ({"model": "gpt-image-2", "images": []}, ("Unknown parameter: 'images'.", "images", "unknown_parameter")),
    ({"bogus": True}, ("Unknown parameter: 'bogus'.", "bogus", "unknown_parameter")),
    ({"model": "gpt-image-2", "n": 0}, ("Invalid 'n': integer below minimum value. Expected a value >= 1, but got 0 "
                                        "instead.", "n", "integer_below_min_value")),
    ({"model": "gpt-image-2", "n": 11}, ("Invalid 'n': integer above maximum value. Expected a value <= 10, but got "
                                         "11 instead.", "n", "integer_above_max_value")),
    ({"n": 1.5}, ("Invalid type for 'n': expected an integer, but got a decimal number instead.", "n", "invalid_type")),
    ({"n": "2"}, ("Invalid type for 'n': expected an integer, but got a string instead.", "n", "invalid_type")),
    ({"n": True}, ("Invalid type for 'n': expected an integer, but got a boolean instead.", "n", "invalid_type")),
    ({"output_compression": 101}, ("Invalid 'output_compression': integer above maximum value. Expected a value "
                                   "<= 100, but got 101 instead.", "output_compression", "integer_above_max_value")),
    ({"output_compression": -1}, ("Invalid 'output_compression': integer below minimum value. Expected a value "
                                  ">= 0, but got -1 instead.", "output_compression", "integer_below_min_value")),
    ({"output_compression": "50"}, ("Invalid type for 'output_compression': expected an integer, but got a string "
                                    "instead.", "output_compression", "invalid_type")),
    ({"partial_images": 4}, ("Invalid 'partial_images': integer above maximum value. Expected a value <= 3, but got 4 "
                             "instead.", "partial_images", "integer_above_max_value")),
    ({"partial_images": -1}, ("Invalid 'partial_images': integer below minimum value. Expected a value >= 0, but got "
                              "-1 instead.", "partial_images", "integer_below_min_value")),
    ({"model": "gpt-image-2", "quality": "ultra"},
     ("Invalid value: 'ultra'. Supported values are: 'low', 'medium', 'high', and 'auto'.", "quality",
      "invalid_value")),
    ({"model": "gpt-image-2", "quality": ""},
     ("Invalid value: ''. Supported values are: 'low', 'medium', 'high', and 'auto'.", "quality", "invalid_value")),
    ({"quality": "hd"},
     ("Invalid value: 'hd'. Supported values are: 'low', 'medium', 'high', and 'auto'.", "quality", "invalid_value")),
    ({"model": "gpt-image-2", "quality": 1},
     ("Invalid type for 'quality': expected one of 'low', 'medium', 'high', or 'auto', but got an integer instead.",
      "quality", "invalid_type")),
    ({"model": "gpt-image-2", "quality": True},
     ("Invalid type for 'quality': expected one of 'low', 'medium', 'high', or 'auto', but got a boolean instead.",
      "quality", "invalid_type")),
    ({"output_format": "gif"},
     ("Invalid value: 'gif'. Supported values are: 'png', 'webp', and 'jpeg'.", "output_format", "invalid_value")),
    ({"moderation": "bogus"},
     ("Invalid value: 'bogus'. Supported values are: 'auto' and 'low'.", "moderation", "invalid_value")),
    ({"background": "bogus"}, ("Invalid value: 'bogus'. Supported values are: 'transparent', 'opaque', and 'auto'.",
                               "background", "invalid_value")),
    ({"model": "gpt-image-2", "size": 123},
     ("Invalid type for 'size': expected a string, but got an integer instead.", "size", "invalid_type")),
    ({"model": "gpt-image-2", "stream": "yes"},
     ("Invalid type for 'stream': expected a boolean, but got a string instead.", "stream", "invalid_type")),
    ({"size": "512x512"}, ("Invalid value: '512x512'. Supported values are: '1024x1024', '1024x1536', '1536x1024', "
                           "and 'auto'.", "size", "invalid_value")),
    ({"prompt": "x" * 32001}, ("Invalid 'prompt': string too long. Expected a string with maximum length 32000, but "
                               "got a string with length 32001 instead.", "prompt", "string_above_max_length")),
    ({"model": "gpt-image-2", "prompt": None},
     ("Invalid type for 'prompt': expected a string, but got null instead.", "prompt", "invalid_type")),
    ({"model": "gpt-image-2", "prompt": 123},
     ("Invalid type for 'prompt': expected a string, but got an integer instead.", "prompt", "invalid_type")),
    ({"model": "gpt-image-2", "prompt": ""}, ("Invalid 'prompt': empty string. Expected a string with minimum length "
                                              "1, but got an empty string instead.", "prompt", "empty_string")),
])
def test_refusals_indented_as_the_api_writes_them(client, body, expected):
    """The wordings measured on the direct API on 2026-08-29/30 (gpt-image-2), for the gpt-image-1 family too."""
    response = generate(client, **body)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert text.startswith('{\n  "error": {\n    "message": ') and text.endswith("\n  }\n}")
    found = error(response)
    assert list(found) == ["message", "type", "param", "code"] and found["type"] == "invalid_request_error"
    assert (found["message"], found["param"], found["code"]) == expected


@pytest.mark.parametrize("body, param", [
    ({"prompt": "  "}, None),  # a prompt of spaces is drawn (measured)
    ({"user": 123, "n": None, "quality": None, "size": None, "stream": None, "output_compression": None,
      "partial_images": None}, None),  # null: left out; user is not checked (measured)
    ({"bogus": 1, "prompt": ""}, "bogus"),  # an unknown key before the prompt
    ({"style": "vivid", "model": "nope"}, "model"),  # the model first
    ({"prompt": None, "n": 0}, "prompt"),  # the prompt before n
    ({"n": 0, "quality": "ultra", "output_compression": 101, "size": "9x9"}, "n"),  # n before the rest
    ({"quality": "ultra", "output_compression": 101, "size": "9x9"}, "quality"),  # then as measured on edits
    ({"output_compression": 101, "size": "9x9"}, "output_compression"),
])
def test_refusals_come_in_the_measured_order(client, body, param):
    body = {"model": "gpt-image-2", "prompt": "A grey square", **body}
    response = client.post("/v1/images/generations", json=body)
    assert (response.status_code, param and error(response)["param"]) == ((400, param) if param else (200, None))


def test_sdk_generates(sdk):
    drawn = sdk.images.generate(model="gpt-image-1-mini", prompt="A grey square", quality="high")
    assert drawn.usage.output_tokens == 4160 and drawn.quality == "high"
    assert base64.b64decode(drawn.data[0].b64_json).startswith(b"\x89PNG")
    drawn = sdk.images.generate(model="gpt-image-2", prompt="A grey square", size="2048x1152", quality="low")
    assert png_size(base64.b64decode(drawn.data[0].b64_json)) == (2048, 1152)


def test_lone_surrogates_are_written_back_escaped(client):
    response = generate(client, prompt="a \ud800 cat")
    assert response.status_code == 200
    refused = generate(client, size="\ud800")
    assert refused.status_code == 400 and b"\\ud800" in refused.get_data()
    assert b"\\ud800" in generate(client, model="\ud800").get_data()


@pytest.mark.parametrize("body, param, code", [
    ({"background": "transparent", "output_format": "jpeg"}, "background", "invalid_value"),
    ({"output_compression": 10}, "output_compression", "invalid_png_output_compression"),
])
def test_gpt_image_combinations_it_cannot_draw(client, body, param, code):
    found = error(generate(client, model="gpt-image-1-mini", **body))
    assert (found["param"], found["code"]) == (param, code)
    assert generate(client, model="gpt-image-1-mini", output_format="webp", output_compression=10,
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


def test_gpt_image_edit_counts_its_pictures(client):
    files = [("image[]", "a.png", rgba_png(64, 32, 2), "image/png"),
             ("image[]", "b.jpg", b"\xff\xd8\xff\xe0", "image/jpeg")]
    response = edit(client, files=files, model="gpt-image-1.5", prompt="Combine", quality="low", input_fidelity="high")
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and text.endswith("\n  }\n}")  # no final newline, as generations
    body = json.loads(text)
    assert body["usage"]["input_tokens_details"]["image_tokens"] == 2 * 194
    assert body["usage"]["output_tokens"] == 272


@pytest.mark.parametrize("width, height, tokens", [
    (128, 128, 194), (1960, 1000, 323),  # gpt-image-1's edits (ruby_llm's cassettes, 2025): 1003 x 512 is 2 squares
    (1024, 1025, 194), (1023, 1024, 194), (512, 513, 323),  # measured (OpenAI's forum, 2025)
    (4000, 1000, 65 + 129 * 4), (3000, 3000, 194)])
def test_an_edit_counts_its_pictures_by_their_512_pixel_squares(client, width, height, tokens):
    """A picture counts 65 and 129 a 512-pixel square, scaled down to a shortest side of 512 (rounded down)."""
    files = [("image[]", "a.png", rgba_png(width, height), "image/png")]
    body = edit(client, files=files, model="gpt-image-1-mini", prompt="turn the logo to green").get_json()
    assert body["usage"]["input_tokens_details"]["image_tokens"] == tokens
    picture = "data:image/png;base64," + base64.b64encode(rgba_png(width, height)).decode()
    body = client.post("/v1/images/edits", json={"model": "gpt-image-1-mini", "prompt": "x",
                                                 "images": [{"image_url": picture}]}).get_json()
    assert body["usage"]["input_tokens_details"]["image_tokens"] == tokens


@pytest.mark.parametrize("files, form, expected", [
    ((), {"prompt": "x"}, ("Missing required parameter: 'image'.", "image", "missing_required_parameter")),
    ((("image[]", "a.svg", b"<svg/>", "image/svg+xml"),), {"prompt": "x"},
     ("Invalid file 'image[0]': unsupported mimetype ('image/svg+xml'). Supported file formats are 'image/jpeg', "
      "'image/png', and 'image/webp'.", "image[0]", "unsupported_file_mimetype")),
    ((("image[]", "a.png", b"RIFF....WAVE", "image/png"),), {"prompt": "x"},
     ("Invalid image file or mode for image 0, please check the your image file.", None, "invalid_image_file")),
    ((("images", "a.png", rgba_png(64, 64), "image/png"),), {"prompt": "x"},
     ("Unknown parameter: 'images'. For multipart/form-data use 'image' or 'image[]'.", "images", "invalid_value")),
    ((("image", "a.png", rgba_png(64, 64), "image/png"),), {"prompt": "x", "style": "vivid"},
     ("Unknown parameter: 'style'.", "style", "unknown_parameter")),
    ((("image", "a.png", rgba_png(64, 64), "image/png"),), {"prompt": "x", "response_format": "url"},
     ("Unknown parameter: 'response_format'.", "response_format", "unknown_parameter")),
    ((("image", "a.png", rgba_png(64, 64), "image/png"),), {"prompt": "x", "n": "abc"},
     ("Invalid type for 'n': expected an integer, but got a string value that could not be converted into an "
      "integer.", "n", "invalid_type")),
    ((("image", "a.png", rgba_png(64, 64), "image/png"),), {"prompt": "x", "n": "2.5"},
     ("Invalid type for 'n': expected an integer, but got a string value that could not be converted into an "
      "integer.", "n", "invalid_type")),
    ((("image", "a.png", rgba_png(64, 64), "image/png"),), {"prompt": "x", "quality": ""},
     ("Invalid value: ''. Supported values are: 'low', 'medium', 'high', and 'auto'.", "quality", "invalid_value")),
    ((("image", "a.png", rgba_png(64, 64), "image/png"),), {"prompt": "x", "quality": "ultra",
                                                            "output_compression": "101"}, (
     "Invalid value: 'ultra'. Supported values are: 'low', 'medium', 'high', and 'auto'.", "quality",
     "invalid_value")),
    ((("image", "a.png", rgba_png(64, 64), "image/png"), ("mask", "m.png", rgba_png(64, 64), "image/png")),
     {"prompt": "x", "output_compression": "101", "size": "bogus"}, (
     "Invalid 'output_compression': integer above maximum value. Expected a value <= 100, but got 101 instead.",
     "output_compression", "integer_above_max_value")),
])
def test_multipart_edit_refusals_as_measured(client, files, form, expected):
    response = edit(client, files=files, **{"model": "gpt-image-2", **form})
    assert response.status_code == 400
    found = error(response)
    assert (found["message"], found["param"], found["code"]) == expected


def test_sdk_edits(sdk, tmp_path):
    path = tmp_path / "in.png"
    path.write_bytes(rgba_png(512, 512))
    with path.open("rb") as image:
        result = sdk.images.edit(image=image, model="gpt-image-1.5", prompt="Add a moon", size="1024x1536")
    assert png_size(base64.b64decode(result.data[0].b64_json)) == (1024, 1536)
    assert result.usage.input_tokens_details.image_tokens == 194


def json_edit(client, **body):
    return client.post("/v1/images/edits", json={"model": "gpt-image-2", "prompt": "Add a hat", **body})


def test_a_json_edit_names_its_pictures_by_url(client):
    picture = {"image_url": "data:image/png;base64,iVBORw0KGgo="}
    body = json_edit(client, images=[picture, {"file_id": "file-abc"}], mask={"image_url": "https://x/m.png"},
                     input_fidelity="high", quality="low").get_json()
    # Pictures fauxpen does not read count as 1024 x 1024: 1,024 patches each on gpt-image-2.
    assert body["usage"]["input_tokens_details"]["image_tokens"] == 2 * 1024 and body["quality"] == "low"
    assert json_edit(client, images=[picture], mask=None).status_code == 200  # a null mask is none (measured)


ONE_PIXEL_PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAA"
                                 "AABJRU5ErkJggg==")


def stream_usage(response):
    return json.loads(response.get_data(as_text=True).rstrip().splitlines()[-1][6:])["usage"]


def test_gpt_image_2_usage_as_recorded(client):
    # braintrust-sdk's cassettes (September 2026), gpt-image-2 at low 1024x1024: a 1 x 1 PNG edited counts 1 image
    # token, and a stream with one partial picture 273 output tokens where an unstreamed answer counts 196.
    def edit(prompt, **form):
        data = {"model": "gpt-image-2", "prompt": prompt, "size": "1024x1024", "quality": "low",
                "image": (io.BytesIO(ONE_PIXEL_PNG), "input.png", "image/png"), **form}
        return client.post("/v1/images/edits", data=data, content_type="multipart/form-data")

    assert edit("Make a plain blue square on white.").get_json()["usage"] == {
        "input_tokens": 15, "input_tokens_details": {"image_tokens": 1, "text_tokens": 14}, "output_tokens": 196,
        "output_tokens_details": {"image_tokens": 196, "text_tokens": 0}, "total_tokens": 211}
    assert stream_usage(edit("A plain green square on white.", stream="true", partial_images="1")) == {
        "input_tokens": 14, "input_tokens_details": {"image_tokens": 1, "text_tokens": 13}, "output_tokens": 273,
        "output_tokens_details": {"image_tokens": 273, "text_tokens": 0}, "total_tokens": 287}
    # n 2: the input counted for each picture (26 for a 13-token prompt; the output 391, a token under 2 x 196).
    two = generate(client, model="gpt-image-2", prompt="A plain red square on white.", quality="low",
                   size="1024x1024", n=2).get_json()["usage"]
    assert (two["input_tokens"], two["input_tokens_details"]) == (26, {"image_tokens": 0, "text_tokens": 26})
    assert edit("Make a plain blue square on white.", n="2").get_json()["usage"]["input_tokens_details"] == {
        "image_tokens": 2, "text_tokens": 28}
    streamed = generate(client, model="gpt-image-2", prompt="A plain green square on white.", quality="low",
                        size="1024x1024", stream=True, partial_images=1)
    assert stream_usage(streamed) == {
        "input_tokens": 13, "input_tokens_details": {"image_tokens": 0, "text_tokens": 13}, "output_tokens": 273,
        "output_tokens_details": {"image_tokens": 273, "text_tokens": 0}, "total_tokens": 286}


@pytest.mark.parametrize(("width", "height", "tokens"), [
    (1, 1, 1),  # recorded (above)
    (512, 512, 1024), (1024, 1024, 1024),  # magnified twice, then as it is: 32 x 32 patches
    (100, 50, 28),  # 200 x 100 (7 x 4 patches)
    (3000, 500, 1452),  # the canvas widened to 3000 x 1000: 94 x 32 patches, scaled down to the budget
])
def test_gpt_image_2_counts_an_edits_pictures_in_patches(width, height, tokens):
    # A third party's measurement (OpenAI's forum, June 2026): 32-pixel patches of the picture magnified up to twice
    # toward a longest side of 1024, its aspect held within 1:3 and 3:1, at most 1,536 patches.
    assert images.input_picture_tokens((width, height), "gpt-image-2") == tokens
    assert images.input_picture_tokens((width, height), "gpt-image-1") == images.input_picture_tokens((width, height))


@pytest.mark.parametrize("body, expected", [
    ({"image": "x"}, ("Unknown parameter: 'image'. For application/json on /v1/images/edits, use 'images' (array).",
                      "image", "invalid_value")),
    ({}, ("Missing required parameter: 'images'.", "images", "missing_required_parameter")),
    ({"images": {}}, ("Invalid type for 'images': expected an array, but got an object instead.", "images",
                      "invalid_type")),
    ({"images": None}, ("Invalid type for 'images': expected an array, but got null instead.", "images",
                        "invalid_type")),
    ({"images": ["str"]}, ("Invalid type for 'images[0]': expected an object, but got a string instead.",
                           "images[0]", "invalid_type")),
    ({"images": []}, ("Invalid 'images': empty array. Expected an array with minimum length 1, but got an empty "
                      "array instead.", "images", "empty_array")),
    ({"images": [{"image_url": "https://example.com/x.png"}], "n": 0}, ("Invalid 'n': integer below minimum value. Expected a value >= 1, "
                                                "but got 0 instead.", "n", "integer_below_min_value")),
    ({"images": [], "prompt": None}, ("Invalid type for 'prompt': expected a string, but got null instead.",
                                      "prompt", "invalid_type")),  # the prompt before the pictures
])
def test_json_edit_refusals(client, body, expected):
    found = error(json_edit(client, **body))
    assert (found["message"], found["param"], found["code"]) == expected


@pytest.mark.parametrize("files, form", [
    ((("image", "a.png", rgba_png(256, 256), "image/png"),), {"prompt": "x", "n": "--5"}),
    ((("image", "a.png", b"\x89PNG", "image/png"),), {"prompt": "x", "size": "1x1"}),
    ([("image[]", f"{i}.png", rgba_png(8, 8), "image/png") for i in range(17)], {"prompt": "x"}),
])
def test_edit_bodies_that_were_500s(client, files, form):
    assert edit(client, files=files, model="gpt-image-1-mini", **form).status_code == 400


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
        assert listed[name] == {"id": name, "object": "model", "created": created, "owned_by": "system",
                                 "shutdown_date": None}


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
    # input_fidelity: an edit's (measured for gpt-image-2's JSON edits), unknown to generations (measured)
    assert edit(client, files=files, model=model, prompt="Add a hat", input_fidelity="high").status_code == 200
    refused = generate(client, model=model, input_fidelity="high")
    assert error(refused)["message"] == "Unknown parameter: 'input_fidelity'."


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
    ("4000x1600", "Invalid size '4000x1600'. The longest edge must be less than or equal to 3840."),
    ("4096x4096", "Invalid size '4096x4096'. The longest edge must be less than or equal to 3840."),  # reported
    ("9x9", "Invalid size '9x9'. Width and height must both be divisible by 16."),
    ("1024x1024x1024", "Invalid size '1024x1024x1024'. Expected WIDTHxHEIGHT, for example '1824x1024'."),
])
def test_a_free_size_out_of_limits_is_refused_by_the_image_model(client, size, message):
    response = generate(client, model="gpt-image-2", size=size)
    assert response.status_code == 400
    assert error(response) == {"message": message, "type": "image_generation_user_error", "param": "size",
                               "code": "invalid_value"}


@pytest.mark.parametrize("model", ["gpt-image-2-2026-04-21", "gpt-image-2", "gpt-image-2.5-sunburst"])
def test_gpt_image_2_and_2_5_draw_a_transparent_background(client, model):
    # gpt-image-2's in preview since August 2026 (the SDK's reference, OpenAI's changelog of 2026-08-20).
    body = generate(client, model=model, background="transparent", output_format="webp").get_json()
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
    older = generate(client, model="gpt-image-1.5", prompt="An isolated stop sign.").get_json()["usage"]
    assert older["input_tokens"] == 22  # gpt-image-1's count of 2025 (recorded), kept for 1.5
    assert generate(client, model="gpt-image-1-mini", prompt="An isolated stop sign.").get_json()["usage"] \
        ["input_tokens_details"]["text_tokens"] == text  # gpt-image-1's in September 2026 (rig's cassettes)


def test_gpt_image_2_details_its_output_tokens_as_a_2_5_answer_does(client):
    usage = generate(client, model="gpt-image-2.5-sunburst", quality="low").get_json()["usage"]
    assert list(usage) == ["input_tokens", "input_tokens_details", "output_tokens", "output_tokens_details",
                           "total_tokens"]
    assert usage["output_tokens_details"] == {"image_tokens": 196, "text_tokens": 0}
    assert usage["total_tokens"] == usage["input_tokens"] + 196
    events = generate(client, model="gpt-image-2", stream=True).get_data(as_text=True)
    assert '"output_tokens_details":{"image_tokens":1756,"text_tokens":0}' in events
    for model in ("gpt-image-1.5", "chatgpt-image-latest"):  # gpt-image-1's of 2025 (its and mini's: see below)
        assert "output_tokens_details" not in generate(client, model=model).get_json()["usage"]


def test_multipart_numbers_and_booleans_are_read_from_their_text(client):
    # A form sends every field as text: n="2" draws two pictures and stream="true" streams (as the SDK sends them).
    body = json.loads(edit(client, model="gpt-image-1-mini", prompt="a cat", n="2").get_data())
    assert len(body["data"]) == 2
    streamed = edit(client, model="gpt-image-2", prompt="a cat", stream="true")
    assert streamed.headers["Content-Type"].startswith("text/event-stream")
    assert b"image_edit.completed" in streamed.get_data()


@pytest.mark.parametrize("url, problem", [
    ("cat.png", "Expected a valid URL, but got a value with an invalid format."),
    ("data:application/octet-stream;base64,AAAA", "Expected a base64-encoded data URL with an image MIME type (e.g. "
     "'data:image/png;base64,...'), but got unsupported MIME type 'application/octet-stream'."),
    ("data:image/png;base64,@@@", "Expected a base64-encoded data URL with an image MIME type (e.g. "
     "'data:image/png;base64,...'), but got an invalid base64-encoded value."),
    ("data:image/png;base64,", "Expected a base64-encoded data URL with an image MIME type (e.g. "
     "'data:image/png;base64,...'), but got empty base64-encoded bytes."),
    ("data:image/png,AAAA", "Expected a base64-encoded data URL with an image MIME type (e.g. "
     "'data:image/png;base64,...'), but got a value without the ';base64' separator."),
])
def test_a_json_edit_checks_its_image_urls(client, url, problem):
    for body, param in (({"images": [{"image_url": url}]}, "images[0].image_url"),
                        ({"images": [{"image_url": "https://example.com/a.png"}], "mask": {"image_url": url}},
                         "mask.image_url")):
        response = client.post("/v1/images/edits", json={"model": "gpt-image-1-mini", "prompt": "a hat", **body})
        assert error(response) == {"message": f"Invalid '{param}'. {problem}", "type": "invalid_request_error",
                                   "param": param, "code": "invalid_value"}


def test_a_json_edit_picture_that_is_no_picture_is_refused_as_an_upload_is(client):
    not_png = "data:image/png;base64," + base64.b64encode(b"plain text, not a picture").decode()
    png = "data:image/png;base64," + base64.b64encode(rgba_png(8, 8, 2)).decode()
    response = client.post("/v1/images/edits", json={"model": "gpt-image-1-mini", "prompt": "a hat",
                                                     "images": [{"image_url": png}, {"image_url": not_png}]})
    assert error(response) == {"message": "Invalid image file or mode for image 1, please check the your image file.",
                               "type": "invalid_request_error", "param": None, "code": "invalid_image_file"}
    taken = client.post("/v1/images/edits", json={"model": "gpt-image-1-mini", "prompt": "a hat",
                                                  "images": [{"image_url": png}, {"file_id": "file-abc"}]})
    assert taken.status_code == 200


def test_a_safety_identifier_is_taken(client):
    # The SDK's types (late 2026) send it on generations and edits; a string, like chat's.
    assert generate(client, safety_identifier="user-hash").status_code == 200
    assert error(generate(client, safety_identifier=5))["message"] == (
        "Invalid type for 'safety_identifier': expected a string, but got an integer instead.")


@pytest.mark.parametrize("sent, named", [
    ({"safety_identifier": "sid-1"}, "sid-1"),
    ({"safety_identifier": "sid-1", "user": "u-1"}, "sid-1"),
    ({"user": "u-1"}, "u-1"),
    ({"safety_identifier": "", "user": "u-1"}, "u-1"),
    ({"safety_identifier": None, "user": "u-1"}, "u-1"),
])
def test_the_answer_names_the_effective_safety_identifier(client, sent, named):
    """The SDK's ImagesResponse.safety_identifier: the request's non-empty safety_identifier, else its user; in
    the answer's alphabetical place after `created`, and in a stream's completed event (not its partials)."""
    body = generate(client, **sent).get_json()
    assert body["safety_identifier"] == named
    assert list(body) == ["created", "background", "data", "output_format", "quality", "safety_identifier", "size",
                          "usage"]
    form = {key: value for key, value in sent.items() if value is not None}
    assert edit(client, model="gpt-image-1-mini", prompt="a hat", **form).get_json()["safety_identifier"] == named
    streamed = generate(client, stream=True, partial_images=1, **sent).get_data(as_text=True)
    partial, completed = [json.loads(line[6:]) for line in streamed.splitlines() if line.startswith("data: ")]
    assert "safety_identifier" not in partial and completed["safety_identifier"] == named
    assert list(completed) == ["created_at", "type", *sorted(set(completed) - {"created_at", "type"})]
    streamed = edit(client, model="gpt-image-1-mini", prompt="a hat", stream="true", **form).get_data(as_text=True)
    [completed] = [json.loads(line[6:]) for line in streamed.splitlines() if line.startswith("data: ")]
    assert completed["type"] == "image_edit.completed" and completed["safety_identifier"] == named


def test_no_identifier_leaves_the_key_out_as_recorded(client):
    for sent in ({}, {"safety_identifier": "", "user": ""}, {"user": 5}):
        assert "safety_identifier" not in generate(client, **sent).get_json()


def test_the_sdk_reads_the_safety_identifier(sdk):
    drawn = sdk.images.generate(model="gpt-image-1-mini", prompt="A grey square", user="u-1")
    assert drawn.safety_identifier == "u-1"
    stream = sdk.images.generate(model="gpt-image-1-mini", prompt="A grey square", stream=True,
                                 safety_identifier="sid-1")
    assert [event.safety_identifier for event in stream if event.type == "image_generation.completed"] == ["sid-1"]


def test_a_mask_needs_an_alpha_channel_and_the_pictures_size(client):
    # Reported: an image_generation_user_error coded invalid_mask_image_format; alpha is checked before the size.
    def refused(picture, mask, kind="image/png"):
        files = [("image[]", "a.png", picture, "image/png"), ("mask", "m.png", mask, kind)]
        return error(edit(client, files=files, model="gpt-image-1-mini", prompt="a hat"))

    expected = {"type": "image_generation_user_error", "param": None, "code": "invalid_mask_image_format"}
    assert refused(rgba_png(256, 256), rgba_png(128, 256)) == {
        "message": "Invalid mask image format - mask size does not match image size", **expected}
    for mask in (rgba_png(256, 256, 2), rgba_png(128, 256, 2)):  # RGB: no alpha, whatever its size
        assert refused(rgba_png(256, 256), mask) == {
            "message": "Invalid mask image format - mask image missing alpha channel", **expected}
    from fauxpen import images
    assert refused(rgba_png(64, 64), images.picture("64x64", "jpeg"), "image/jpeg")["message"].endswith(
        "missing alpha channel")
    # A JPEG picture's size is read from its frame header; a fitting mask passes.
    files = [("image[]", "a.jpg", images.picture("1024x1536", "jpeg"), "image/jpeg"),
             ("mask", "m.png", rgba_png(1024, 1536), "image/png")]
    assert edit(client, files=files, model="gpt-image-1-mini", prompt="a hat").status_code == 200
    # JSON: a data URL mask is read as an upload is.
    def url(data):
        return {"image_url": "data:image/png;base64," + base64.b64encode(data).decode()}
    response = client.post("/v1/images/edits", json={"model": "gpt-image-1-mini", "prompt": "a hat",
                                                     "images": [url(rgba_png(64, 64))], "mask": url(rgba_png(32, 64))})
    assert error(response)["message"] == "Invalid mask image format - mask size does not match image size"


GPT_IMAGE_2_6 = {"gpt-image-2.6-flare": 1793484417, "gpt-image-2.6-sunburst": 1793484432}


def images_response(body):
    """An answer read by the SDK's own ImagesResponse model (every key it does not type is an extra)."""
    from openai.types import ImagesResponse
    answer = ImagesResponse.model_validate(body)
    assert not answer.model_extra, answer.model_extra
    return answer


def test_the_gpt_image_2_6_models_are_listed(client):
    listed = {entry["id"]: entry for entry in client.get("/v1/models").get_json()["data"]}
    for name, created in GPT_IMAGE_2_6.items():
        assert listed[name] == {"id": name, "object": "model", "created": created, "owned_by": "system",
                                "shutdown_date": None}
        assert client.get(f"/v1/models/{name}").get_json()["id"] == name


@pytest.mark.parametrize("model", list(GPT_IMAGE_2_6))
def test_the_gpt_image_2_6_models_draw_and_edit_as_2_5_does(client, model):
    """The SDK's ImageModel lists them (Nov 2026); drawn as gpt-image-2.5: free sizes, xhigh and max, its usage."""
    body = generate(client, model=model, size="1536x864", quality="xhigh").get_json()
    answer = images_response(body)
    assert (answer.size, answer.quality, answer.background) == ("1536x864", "xhigh", "opaque")
    assert png_size(base64.b64decode(answer.data[0].b64_json)) == (1536, 864)
    assert body["usage"] == generate(client, model="gpt-image-2.5-flare", size="1536x864",
                                     quality="xhigh").get_json()["usage"]
    assert body["usage"]["output_tokens_details"]["image_tokens"] == body["usage"]["output_tokens"]
    files = [("image[]", "a.png", rgba_png(64, 32, 2), "image/png")]
    edited = edit(client, files=files, model=model, prompt="Add a hat", background="transparent")
    assert edited.status_code == 200
    assert images_response(edited.get_json()).usage.input_tokens_details.image_tokens == 194


def test_the_sdk_generates_with_gpt_image_2_6(sdk):
    drawn = sdk.images.generate(model="gpt-image-2.6-sunburst", prompt="A grey square", quality="max")
    assert drawn.quality == "max" and drawn.usage.output_tokens_details.text_tokens == 0


def gif_frames(data):
    """The frames of a GIF, as (width, height, delay in hundredths, pixels decoded from its LZW codes)."""
    assert data[:6] == b"GIF89a"
    at, frames, delay = 13 + 3 * (2 << (data[10] & 7)), [], None
    while data[at] != 0x3B:
        if data[at] == 0x21:  # an extension: a graphic control's delay
            if data[at + 1] == 0xF9:
                delay = struct.unpack("<H", data[at + 4:at + 6])[0]
            at += 2
            while data[at]:
                at += data[at] + 1
            at += 1
            continue
        assert data[at] == 0x2C
        width, height = struct.unpack("<HH", data[at + 5:at + 9])
        minimum, at, codes = data[at + 10], at + 11, b""
        while data[at]:
            codes, at = codes + data[at + 1:at + 1 + data[at]], at + data[at] + 1
        at += 1
        frames.append((width, height, delay, lzw_decoded(codes, minimum)))
    return frames


def lzw_decoded(codes, minimum):
    """A GIF decoder's reading of LZW codes (a code wider once the table fills the width, as giflib reads them)."""
    bits, at, clear = int.from_bytes(codes, "little"), 0, 1 << minimum
    width, table, last, pixels = minimum + 1, [], None, []
    while True:
        code, at = bits >> at & (1 << width) - 1, at + width
        if code == clear:
            width, table, last = minimum + 1, [[i] for i in range(clear)] + [None, None], None
            continue
        if code == clear + 1:
            return pixels
        entry = table[code] if code < len(table) else last + last[:1]
        if last is not None and len(table) < 4096:
            table.append(last + entry[:1])
        pixels.extend(entry)
        last = entry
        if len(table) == 1 << width and width < 12:
            width += 1


@pytest.mark.parametrize("model", ["gpt-image-2.6-flare", "gpt-image-2.6-sunburst"])
def test_gpt_image_2_6_draws_gifs_and_svgs_as_the_sdk_types_them(client, model):
    """GPT Image 2.6 (released 2026-11-04) draws an animated GIF (frame_count 2 to 16, 9 by default, each
    frame_duration_ms, 200 by default, rounded to 10 ms) and an SVG (its author in `svg`), echoing the format, as
    the SDK's types say (openai 3.63). A GIF's frames may be smaller than a picture's pixel minimum."""
    body = generate(client, model=model, output_format="gif", frame_count=4, frame_duration_ms=154,
                    size="512x288").get_json()
    assert body["output_format"] == "gif" and body["size"] == "512x288" and body["usage"]["output_tokens"] > 0
    frames = gif_frames(base64.b64decode(body["data"][0]["b64_json"]))
    assert [frame[:3] for frame in frames] == [(512, 288, 15)] * 4
    assert all(len(frame[3]) == 512 * 288 and set(frame[3]) == {0} for frame in frames)
    drawn = gif_frames(base64.b64decode(generate(client, model=model, output_format="gif").get_json()["data"][0]
                                        ["b64_json"]))
    assert [frame[:3] for frame in drawn] == [(1024, 1024, 20)] * 9
    body = generate(client, model=model, output_format="svg",
                    svg={"model": "gpt-5.6-terra", "reasoning": {"effort": "low"}}).get_json()
    assert body["output_format"] == "svg"
    assert base64.b64decode(body["data"][0]["b64_json"]).startswith(b'<svg xmlns="http://www.w3.org/2000/svg" '
                                                                  b'width="1024" height="1024"')
    files = [("image[]", "a.png", rgba_png(64, 64), "image/png")]
    edited = edit(client, files=files, model=model, prompt="x", output_format="svg", **{
        "svg[model]": "gpt-5.6-terra", "svg[reasoning][effort]": "high"})  # the SDK's multipart fields
    assert edited.status_code == 200 and edited.get_json()["output_format"] == "svg"
    assert error(generate(client, model=model, frame_count=17))["message"] == (
        "Invalid 'frame_count': integer above maximum value. Expected a value <= 16, but got 17 instead.")
    assert error(generate(client, model=model, output_format="svg", svg={"reasoning": {"effort": "huge"}}))[
        "param"] == "svg.reasoning.effort"


def test_other_models_draw_no_gifs_nor_svgs(client):
    """GIF and SVG output "require a model that supports the selected format" (the SDK's docstring): the other
    models refuse them as a format they do not take, and their settings as parameters they do not know (guesses)."""
    assert error(generate(client, model="gpt-image-2.5-flare", output_format="gif"))["message"] == (
        "Invalid value: 'gif'. Supported values are: 'png', 'webp', and 'jpeg'.")
    assert error(generate(client, model="gpt-image-2", frame_count=3))["message"] == (
        "Unknown parameter: 'frame_count'.")


@pytest.mark.parametrize(("fmt", "body", "expected"), [
    ("gif", {"stream": True}, ("Streaming is not supported with output_format 'gif'.", "stream", None)),
    ("svg", {"stream": True, "n": 2}, ("Streaming is not supported with output_format 'svg'.", "stream", None)),
    ("svg", {"n": 2}, ("SVG output is only supported with n=1.", "n", None)),
    ("gif", {"partial_images": 2}, ("Partial images are not supported with output_format 'gif'.", "partial_images",
                                    None)),
    ("svg", {"output_compression": 50}, ("output_compression less than 100 is not supported for svg output_format.",
                                         "output_compression", "invalid_value")),
])
def test_gifs_and_svgs_are_not_streamed_nor_drawn_as_their_docstrings_rule_out(client, fmt, body, expected):
    """GIF and SVG output do "not support streaming, partial images, masks [GIF], or custom output compression" and
    SVG "requires n=1" (the SDK's docstrings, openai 3.63): refused (wordings guessed), where a stream of one sent
    events whose output_format the SDK's ImageGenStreamEvent does not type; partial_images 0, a compression of 100
    and a GIF of n 2 are what they are drawn with by default, and taken."""
    refused = error(generate(client, model="gpt-image-2.6-flare", output_format=fmt, **body))
    assert (refused["message"], refused["param"], refused["code"]) == expected
    files = [("image[]", "a.png", rgba_png(64, 64), "image/png")]
    form = {key: str(value).lower() for key, value in body.items()}
    assert error(edit(client, files=files, model="gpt-image-2.6-flare", prompt="x", output_format=fmt, **form))[
        "message"] == expected[0]
    taken = generate(client, model="gpt-image-2.6-flare", output_format=fmt, partial_images=0, output_compression=100)
    assert taken.status_code == 200 and taken.get_json()["output_format"] == fmt
    assert len(generate(client, model="gpt-image-2.6-flare", output_format="gif", n=2).get_json()["data"]) == 2


def test_a_gif_edit_takes_no_mask(client):
    files = [("image[]", "a.png", rgba_png(64, 64), "image/png"), ("mask", "m.png", rgba_png(64, 64), "image/png")]
    refused = error(edit(client, files=files, model="gpt-image-2.6-flare", prompt="x", output_format="gif"))
    assert (refused["message"], refused["param"]) == ("Masks are not supported with output_format 'gif'.", "mask")
    assert edit(client, files=files, model="gpt-image-2.6-flare", prompt="x", output_format="svg").status_code == 200


def test_the_sdk_reads_a_gif(sdk):
    drawn = sdk.images.generate(model="gpt-image-2.6-flare", prompt="A bouncing ball", output_format="gif",
                                frame_count=3, size="768x768")
    assert drawn.output_format == "gif" and base64.b64decode(drawn.data[0].b64_json)[:6] == b"GIF89a"


@pytest.mark.parametrize("model", ["gpt-image-2.6-flare", "gpt-image-2.5-sunburst", "gpt-image-1-mini"])
def test_complexity_is_taken_as_the_sdk_types_it(client, model):
    """low, medium or high on generations and edits (the docstring refuses it on no model); not echoed."""
    for complexity in ("low", "medium", "high", None):
        body = generate(client, model=model, complexity=complexity).get_json()
        assert "complexity" not in body and images_response(body).usage.output_tokens > 0
    files = [("image[]", "a.png", rgba_png(64, 32, 2), "image/png")]
    assert edit(client, files=files, model=model, prompt="Add a hat", complexity="high").status_code == 200
    assert json_edit(client, model=model, images=[{"image_url": "https://example.com/a.png"}],
                     complexity="medium").status_code == 200


def test_a_complexity_outside_the_sdks_values_is_refused(client):
    expected = ("Invalid value: 'xhigh'. Supported values are: 'low', 'medium', and 'high'.", "complexity",
                "invalid_value")
    found = error(generate(client, model="gpt-image-2.6-sunburst", complexity="xhigh"))
    assert (found["message"], found["param"], found["code"]) == expected
    files = [("image[]", "a.png", rgba_png(64, 32, 2), "image/png")]
    found = error(edit(client, files=files, model="gpt-image-2.6-flare", prompt="x", complexity="xhigh"))
    assert (found["message"], found["param"], found["code"]) == expected
    found = error(generate(client, model="gpt-image-2.6-flare", complexity=3))
    assert (found["param"], found["code"]) == ("complexity", "invalid_type")


def test_the_sdk_sends_complexity(sdk):
    drawn = sdk.images.generate(model="gpt-image-2.6-flare", prompt="A grey square", complexity="low")
    assert drawn.data[0].b64_json


@pytest.mark.parametrize("model", ["gpt-image-2.5-flare", "gpt-image-2.5-sunburst-2026-09-08", "gpt-image-2.6-flare"])
def test_a_markup_is_taken_on_gpt_image_2_5_and_2_6(client, model):
    """The SDK's docstring: a transparent PNG over the first picture, "Supports GPT Image 2.5" (2.6: its release)."""
    files = [("image[]", "a.png", rgba_png(256, 128), "image/png"), ("markup", "m.png", rgba_png(256, 128), "image/png")]
    response = edit(client, files=files, model=model, prompt="Add a hat here")
    assert response.status_code == 200, response.get_data(as_text=True)
    answer = images_response(response.get_json())
    assert answer.usage.input_tokens_details.image_tokens == 194  # the markup is no picture to edit
    def url(data):
        return {"image_url": "data:image/png;base64," + base64.b64encode(data).decode()}
    assert json_edit(client, model=model, images=[url(rgba_png(64, 64))], markup=url(rgba_png(64, 64))).status_code \
        == 200
    assert error(generate(client, model=model, markup="x"))["message"] == "Unknown parameter: 'markup'."


def test_a_markup_is_refused_where_the_docstring_rules_it_out(client):
    def refused(model="gpt-image-2.6-sunburst", markup=rgba_png(256, 128), kind="image/png", mask=None):
        files = [("image[]", "a.png", rgba_png(256, 128), "image/png"), ("markup", "m.png", markup, kind)]
        files += [("mask", "k.png", mask, "image/png")] if mask else []
        found = error(edit(client, files=files, model=model, prompt="Add a hat"))
        return found["message"], found["param"], found["code"]

    for model in ("gpt-image-2", "gpt-image-1.5"):
        assert refused(model) == ("Markup is not supported for this model.", "markup", "invalid_value")
    assert refused(mask=rgba_png(256, 128)) == ("'markup' cannot be combined with 'mask'.", "markup",
                                                "invalid_value")
    assert refused(markup=rgba_png(256, 128, 2)) == (
        "Invalid markup image format - markup image missing alpha channel", None, "invalid_markup_image_format")
    from fauxpen import images
    assert refused(markup=images.picture("256x128", "jpeg"), kind="image/jpeg")[0].endswith("missing alpha channel")
    assert refused(markup=rgba_png(128, 128)) == (
        "Invalid markup image format - markup size does not match image size", None, "invalid_markup_image_format")


def test_the_sdk_edits_with_a_markup(sdk, tmp_path):
    picture, markup = tmp_path / "in.png", tmp_path / "markup.png"
    picture.write_bytes(rgba_png(512, 512))
    markup.write_bytes(rgba_png(512, 512))
    with picture.open("rb") as image, markup.open("rb") as drawn:
        result = sdk.images.edit(image=image, markup=drawn, model="gpt-image-2.5-flare", prompt="x", complexity="high")
    assert png_size(base64.b64decode(result.data[0].b64_json)) == (1024, 1024)


@pytest.mark.parametrize("model", ["gpt-image-1-mini"])
def test_gpt_image_1_and_mini_answer_as_recorded_in_september_2026(client, model):
    # Four recordings of gpt-image-1-mini and one of gpt-image-1 (rig's cassettes, September 2026; gpt-image-1's
    # picture signed 2026-09-22): each picture with a generation_id (a UUID), the output tokens detailed, and 6
    # tokens beside the prompt's text (14 for "a plain red circle on a white background"), where gpt-image-1's 2025
    # recordings count 17 and detail nothing (gpt-image-1.5 and chatgpt-image-latest still answer so: not recorded).
    body = {"prompt": "a plain red circle on a white background", "quality": "low", "size": "1024x1024"}
    answer = client.post("/v1/images/generations", json={"model": model, **body}).get_json()
    [picture] = answer["data"]
    assert list(picture) == ["b64_json", "generation_id"] and str(uuid.UUID(picture["generation_id"])) == \
        picture["generation_id"]
    assert answer["usage"] == {"input_tokens": 14, "input_tokens_details": {"image_tokens": 0, "text_tokens": 14},
                               "output_tokens": 272, "output_tokens_details": {"image_tokens": 272, "text_tokens": 0},
                               "total_tokens": 286}
    two = client.post("/v1/images/generations", json={"model": model, "n": 2, **body}).get_json()
    assert len({p["generation_id"] for p in two["data"]}) == 2
    older = client.post("/v1/images/generations", json={"model": "gpt-image-1.5", **body}).get_json()
    assert list(older["data"][0]) == ["b64_json"] and older["usage"]["input_tokens"] == 25
    assert "output_tokens_details" not in older["usage"]


def test_gpt_image_2_5_names_each_picture_by_a_generation_id(client):
    # A client's answer of gpt-image-2.5-sunburst (2026-09-19, 720x1280 at high): the picture with a generation_id (a
    # UUID), as gpt-image-1-mini's and gpt-image-1's of September 2026; gpt-image-2's of 2026-09-07 had none
    # (braintrust-sdk's cassettes).
    for model in ("gpt-image-2.5-sunburst", "gpt-image-2.5-flare"):
        [picture] = generate(client, model=model, size="720x1280", quality="high").get_json()["data"]
        assert list(picture) == ["b64_json", "generation_id"]
        assert str(uuid.UUID(picture["generation_id"])) == picture["generation_id"]
    assert list(generate(client, model="gpt-image-2").get_json()["data"][0]) == ["b64_json"]


def test_an_image_field_sent_as_text_is_refused_as_a_string(client):
    # Recorded in September 2026 (litellm#39512, gpt-image-1 and gpt-image-2.5-sunburst): an `image[]` text field
    # beside the `image[]` files is read as a picture, and refused as the wrong type, named image[0] (the text
    # sent before the files, as httpx writes a form).
    files = [("image[]", "a.png", rgba_png(64, 64), "image/png"), ("image[]", "b.png", rgba_png(64, 64), "image/png")]
    for model in ("gpt-image-1-mini", "gpt-image-2.5-sunburst"):
        response = edit(client, files=files, model=model, prompt="a hat", **{"image[]": ["[<_io.BytesIO object>]"]})
        assert response.status_code == 400
        assert error(response) == {"message": "Invalid type for 'image[0]': expected a file, but got a string "
                                              "instead.", "type": "invalid_request_error", "param": "image[0]",
                                   "code": "invalid_type"}
        assert not response.get_data(as_text=True).endswith("\n")  # written as the answers are


def test_indexed_image_fields_are_the_pictures_in_their_order(client):
    # openllmetry-js's recordings (gpt-image-1, August 2025): openai-node 4 sent a string as fifteen text fields
    # image[0] to image[14], refused as the picture list's first item, not as unknown parameters.
    form = {f"image[{index}]": str(byte) for index, byte in enumerate(b"fake image data")}
    response = edit(client, files=(), model="gpt-image-1-mini", prompt="Add a red hat", n="1", size="1024x1024", **form)
    assert (response.status_code, error(response)) == (400, {
        "message": "Invalid type for 'image[0]': expected a file, but got a string instead.",
        "type": "invalid_request_error", "param": "image[0]", "code": "invalid_type"})
    # Indexed files are the pictures, in their indices' order (inferred): each counted as image input.
    files = [("image[1]", "b.png", rgba_png(128, 128), "image/png"), ("image[0]", "a.png", rgba_png(128, 128),
                                                                       "image/png")]
    usage = edit(client, files=files, model="gpt-image-1-mini", prompt="a hat").get_json()["usage"]
    assert usage["input_tokens_details"]["image_tokens"] == 2 * 194


def test_mask_brackets_are_another_spelling_of_mask(client):
    # Recorded (litellm#39512): a `mask` file and a `mask[]` field are two values of one parameter, refused before
    # the rest is read (its param and code a guess). A `mask[]` file alone is the mask (inferred).
    files = [("image", "a.png", rgba_png(64, 64), "image/png"), ("mask", "m.png", rgba_png(64, 64), "image/png")]
    twice = ("Invalid parameter: 'mask'. This parameter already has a different value in your parameters.", "mask",
             None)
    for extra_files, form in (([], {"mask[]": "<_io.BytesIO object>"}),
                              ([("mask[]", "n.png", rgba_png(64, 64), "image/png")], {}),
                              ([("mask", "n.png", rgba_png(64, 64), "image/png")], {})):
        response = edit(client, files=files + extra_files, model="gpt-image-1-mini", **form)  # no prompt: not reached
        refused = error(response)
        assert (response.status_code, refused["message"], refused["param"], refused["code"]) == (400, *twice)
    alone = [("image", "a.png", rgba_png(64, 64), "image/png"), ("mask[]", "m.png", rgba_png(64, 64, 2), "image/png")]
    assert error(edit(client, files=alone, model="gpt-image-1-mini", prompt="a hat"))["message"] == (
        "Invalid mask image format - mask image missing alpha channel")  # read, and checked, as the mask
    alone[1] = ("mask[]", "m.png", rgba_png(64, 64), "image/png")
    assert edit(client, files=alone, model="gpt-image-1-mini", prompt="a hat").status_code == 200
