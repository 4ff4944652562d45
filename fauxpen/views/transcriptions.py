"""POST /v1/audio/transcriptions and /translations: a multipart upload answered with the canned transcript, timed
by the file.

The checks run in the real API's order: the model first (read before the body is validated), then the
pydantic layer's fields (every failing one in one list), then the file's format, the response format the
model writes, and the language.
"""
import json

from flask import Blueprint, Response, request

from .. import context, registry
from ..errors import InvalidRequestError, InvalidURLError, MissingModelError
from ..jsontext import rust_json
from ..pydantic_style import scalar_errors, scalar_value
from ..schemas.fields import supported_values
from ..tokens import count_tokens
from ..sound import duration, silent
from ..transcription import LANGUAGES, TRANSCRIPT, Transcript, compact
from . import exposing_cf_ray_once, key_refusals_as_text

bp = Blueprint("transcriptions", __name__)
key_refusals_as_text(bp)
exposing_cf_ray_once(bp)

# The extensions the API takes, each with the container its files are (fauxpen tells MP3 from AAC frames not), in
# whisper-1's refusal's order.
CONTAINERS = {"flac": "flac", "m4a": "mp4", "mp3": "mp3", "mp4": "mp4", "mpeg": "mp3", "mpga": "mp3", "oga": "ogg",
              "ogg": "ogg", "wav": "wav", "webm": "webm"}
FILE_FORMATS = list(CONTAINERS)
RESPONSE_FORMATS = ("json", "text", "srt", "verbose_json", "vtt", "diarized_json")  # the SDK's AudioResponseFormat
# whisper-1's own list, in its refusal's order (recorded in September 2026): diarized_json is not one of them.
WHISPER_ENUM = ("json", "text", "vtt", "srt", "verbose_json")
WHISPER_FORMATS = RESPONSE_FORMATS[:5]
TEXT_RESPONSE_FORMATS = ("json", "text")  # all the gpt-4o transcribe models write
DIARIZED_FORMATS = ("json", "text", "diarized_json")  # gpt-4o-transcribe-diarize's (the SDK's docstring)
# Audio a diarization model takes without chunking_strategy (the SDK's docstring; one third party measured a 15 s
# clip taken and a 44 s one refused, another reports 29 s refused).
UNCHUNKED_SECONDS = 30
MAX_KNOWN_SPEAKERS = 4  # the SDK's docstring


class LanguageError(InvalidRequestError):
    """The refusal of a language whisper does not know (captured, with whisper-1's usage of 0 seconds, as every
    whisper-1 refusal past the model: its file format's and size's too, measured in September 2026)."""

    def __init__(self, language):
        super().__init__(f"Invalid language '{language}'. Language parameter must be specified in ISO-639-1 format.",
                         param="language", code="invalid_language_format")


# The largest request body the endpoint reads: 25 MiB (measured, September 2026).
MAX_CONTENT = 26214400


class ContentTooLargeError(InvalidRequestError):
    """A body past MAX_CONTENT: a 413 of type server_error, the bytes read named (measured on whisper-1)."""

    status = 413
    type = "server_error"

    def __init__(self, read):
        super().__init__(f"413: Maximum content size limit ({MAX_CONTENT}) exceeded ({read} bytes read)", param=None)


def transcription_model(form):
    """Return the transcription Model a form names, or raise the real API's error for the name it sent."""
    name = form.get("model")
    if not name:
        raise MissingModelError()
    model = registry.resolve(name)
    if model is None:
        raise registry.unknown_model(name)
    if model.kind != "transcription":
        raise InvalidURLError(request.method, request.path)  # the router does not take it (captured)
    return model


def container(data):
    """Return the container bytes start as (a value of CONTAINERS), or None for bytes that are not audio."""
    starts = {b"RIFF": "wav", b"fLaC": "flac", b"OggS": "ogg", b"\x1aE\xdf\xa3": "webm", b"ID3\x02": "mp3",
              b"ID3\x03": "mp3", b"ID3\x04": "mp3"}
    if data[:4] in starts:
        return starts[data[:4]]
    if data[4:8] == b"ftyp":
        return "mp4"
    if len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0:  # an MPEG frame's sync: MP3, or AAC (ADTS)
        return "mp3"
    return None


def sounds_like_audio(data):
    """Tell whether bytes start as one of the containers the API reads (WAV, FLAC, Ogg, WebM, MP4, MP3, AAC)."""
    return container(data) is not None


def check_file(model, extension, audio):
    """Refuse a file as the model refuses it. The API goes by the name's extension: the gpt-4o transcribe models and
    gpt-transcribe refuse one they do not take, naming it, and the gpt-4o models .oga too, which whisper-1 takes
    (recorded on gpt-transcribe in September 2026, reported in 2026). Then the content: the gpt-4o models refuse any
    that is not of its extension's container (an M4A named .wav, recorded in July 2026 and reported from 2025), and
    gpt-transcribe bytes that are no audio (recorded in September 2026). whisper-1 refuses both in the words recorded
    in August 2025 for an extension; that it takes audio of another container, as gpt-transcribe does, is a guess."""
    check = model.capabilities.get("file_check")  # "container" (the gpt-4o models), "decodable" (gpt-transcribe)
    if check is None:
        if extension not in FILE_FORMATS or not sounds_like_audio(audio):
            raise InvalidRequestError(f"Invalid file format. Supported formats: {FILE_FORMATS}")
        return
    if extension not in FILE_FORMATS or (check == "container" and extension == "oga"):
        raise InvalidRequestError(f"Unsupported file format {extension}", param="file", code="unsupported_value")
    if check == "container" and container(audio) != CONTAINERS[extension]:
        raise InvalidRequestError("This model does not support the format you provided.", param="messages",
                                  code="unsupported_format")
    if not sounds_like_audio(audio):
        raise InvalidRequestError("Audio file might be corrupted or unsupported", param="file", code="invalid_value")


GRANULARITIES = ("word", "segment")
INCLUDABLE = ("logprobs",)  # the SDK's TranscriptionInclude
# How pydantic reads a form field as a boolean.
TRUE, FALSE = ("1", "true", "t", "yes", "y", "on"), ("0", "false", "f", "no", "n", "off")


class PydanticError(InvalidRequestError):
    """A refusal of the request's own layer (its fields' types and values): no usage follows it, on whisper-1 either
    (an unknown response_format, recorded in September 2026)."""


def tokens_used(model):
    """Tell whether the model counts its usage in tokens (the gpt-4o transcribe models), not in seconds (whisper-1)."""
    return not model.supports("duration_usage")


def pydantic_errors(upload, form):
    """Return the errors of the pydantic layer, in its fields' order: no file, a temperature that is not a number
    from 0 to 1, a timestamp granularity but word and segment, a stream that is not a boolean."""
    errors = []
    if upload is None:
        errors.append({"type": "missing", "loc": ("body", "file"), "msg": "Field required", "input": None})
    if "temperature" in form:
        errors += [{key: value for key, value in error.items() if key != "input"}
                   for error in scalar_errors({"type": "float", "ge": 0, "le": 1}, form["temperature"],
                                              ("temperature",))]
    for index, value in enumerate(form.getlist("timestamp_granularities[]")):
        if value not in GRANULARITIES:
            expected = "'word' or 'segment'"
            errors.append({"type": "enum", "loc": ("body", "timestamp_granularities[]", index),
                           "msg": f"Input should be {expected}", "ctx": {"expected": expected}})
    for index, value in enumerate(form.getlist("include[]")):
        if value not in INCLUDABLE:  # worded as pydantic words the granularities' enum: a guess
            errors.append({"type": "enum", "loc": ("body", "include[]", index), "msg": "Input should be 'logprobs'",
                           "ctx": {"expected": "'logprobs'"}})
    if "stream" in form and form["stream"].strip().lower() not in TRUE + FALSE:
        errors.append({"type": "bool_parsing", "loc": ("body", "stream"),
                       "msg": "Input should be a valid boolean, unable to interpret input"})
    if chunking_strategy(form) is False:  # worded as pydantic words a literal (a guess)
        errors.append({"type": "literal_error", "loc": ("body", "chunking_strategy"), "msg": "Input should be 'auto'",
                       "ctx": {"expected": "'auto'"}})
    return errors


def chunking_strategy(form):
    """Return the chunking_strategy a form sends: None (not sent), "auto", a server_vad object (its fields as the SDK
    sends them, chunking_strategy[type]=server_vad ..., or as one JSON text, as go-openai sends it), or False for
    anything else. The object's numbers are not checked."""
    nested = {key[len("chunking_strategy["):-1]: value for key, value in form.items()
              if key.startswith("chunking_strategy[") and key.endswith("]")}
    if "chunking_strategy" not in form:
        return nested if nested.get("type") == "server_vad" else False if nested else None
    value = form["chunking_strategy"]
    if value == "auto":
        return value
    try:
        parsed = json.loads(value)
    except ValueError:
        return False
    return parsed if isinstance(parsed, dict) and parsed.get("type") == "server_vad" else False


@bp.post("/audio/transcriptions")
def create_transcription():
    """Answer with the canned transcript in the response format asked for, or streamed by the gpt-4o models."""
    return answer("transcribe")


@bp.post("/audio/translations")
def create_translation():
    """Answer with the canned transcript as whisper-1 translates into English: no usage, no words (recorded)."""
    return answer("translate")


def answer(task):
    """Answer a transcription or translation; past the model, refusals are written as the answers are, without
    a newline at the end (captured)."""
    form = request.form
    model = transcription_model(form)
    context.note("ratelimit", "requests")  # the request limits only (captured)
    try:
        if task == "translate" and not model.supports("duration_usage"):
            raise InvalidRequestError(f"Invalid value: '{form['model']}'. Supported values are: 'whisper-1'.",
                                      param="model", code="invalid_value")  # guessed: no capture
        if (request.content_length or 0) > MAX_CONTENT:  # whisper-1's 413 (measured, September 2026)
            raise ContentTooLargeError(request.content_length)
        return transcribe(form, model, task)
    except PydanticError as error:  # the request's layer: compact, without a usage (recorded on whisper-1)
        return Response(error.to_json(), error.status, error.headers, content_type=error.content_type)
    except InvalidRequestError as error:
        if model.supports("duration_usage"):  # whisper-1: compact, with a usage of 0 seconds
            return Response(error.to_json()[:-1] + b',"usage":{"type":"duration","seconds":0}}', error.status,
                            error.headers, content_type=error.content_type)
        # The gpt-4o models: indented by two, no newline (measured, September 2026).
        return Response(rust_json(error.to_dict()), error.status, error.headers, content_type=error.content_type)


def transcribe(form, model, task):
    """Check the request past its model and answer it."""
    upload = request.files.get("file")
    errors = pydantic_errors(upload, form)
    if errors:
        raise PydanticError(repr(errors))
    audio = upload.read()
    check_file(model, (upload.filename or "").rpartition(".")[2].lower(), audio)
    response_format = form.get("response_format", "json")
    known = RESPONSE_FORMATS if tokens_used(model) else WHISPER_ENUM
    if response_format not in known:
        expected = ", ".join(f"'{value}'" for value in known[:-1]) + f" or '{known[-1]}'"
        raise PydanticError(repr([{"type": "enum", "loc": ("body", "response_format"),
                                   "msg": f"Input should be {expected}", "ctx": {"expected": expected}}]))
    tokens = tokens_used(model)
    diarizing = model.supports("diarization")
    check_response_format(form, model, response_format, tokens, diarizing)
    seconds = duration(audio)
    names = form.getlist("known_speaker_names[]")
    if diarizing:
        check_diarization(form, seconds, names)
    language = (form.get("language") or None) if task == "transcribe" else None
    if language is not None and language not in LANGUAGES:
        raise LanguageError(language)
    most = model.capabilities.get("max_audio_seconds")
    if most is not None and seconds > most:  # reported (2025-2026); the seconds as a float (measured, Sept 2026)
        if model.capabilities.get("long_audio_refusal") == "input_too_large":  # gpt-4o-mini-transcribe's (measured)
            raise InvalidRequestError("Total number of tokens in instructions + audio is too large for this model",
                                      code="input_too_large")
        raise InvalidRequestError(f"audio duration {float(seconds)!r} seconds is longer than {most} seconds which is "
                                  "the maximum for this model", code="invalid_value")
    temperature = scalar_value("float", form["temperature"]) if "temperature" in form else 0.0
    # gpt-transcribe hears a silent WAV as no text (recorded in September 2026); the others say their canned text.
    heard = not (model.supports("hears_silence") and silent(audio))
    transcript = Transcript(seconds, language, count_tokens(form.get("prompt", "")) if tokens else 0,
                            temperature, task, TRANSCRIPT if heard else "")
    # Only the gpt-4o transcribe models and gpt-transcribe write logprobs, and only in json (and their stream), as the
    # SDK's TranscriptionCreateParams says; whisper-1 and the other formats take the field and leave them out (a
    # guess); gpt-transcribe leaves them out of silence's answer, key and all (recorded).
    logprobs = tokens and task == "transcribe" and heard and "logprobs" in form.getlist("include[]")
    # gpt-transcribe lists the languages it heard (recorded in September 2026; the SDK's Transcription and its
    # stream's done event, where it is a guess).
    languages = transcript.languages() if model.supports("languages") else None
    if tokens:
        if model.supports("languages"):  # gpt-transcribe counts seconds, as whisper-1 does (recorded four times)
            usage = transcript.duration_usage()
        else:
            # gpt-4o-mini-transcribe counts 2 tokens past its text's (8 -> 10, 9 -> 11, 10 -> 12 in four recordings
            # of 2025-2026, openai-dotnet and a third party's), gpt-4o-transcribe too (10 -> 12, ruby_llm's stream
            # of September 2026); the diarization model its text alone (its real counts follow no rule known).
            overhead = model.capabilities.get("transcript_overhead_tokens", 0)
            usage = transcript.token_usage(count_tokens(transcript.text) + overhead)
            context.note("tokens_used", usage["total_tokens"])
        if form.get("stream", "").strip().lower() in TRUE:
            segments = transcript.diarized_segments(names) if diarizing else None
            return Response(_events(transcript, usage, logprobs, segments, response_format == "diarized_json",
                                    languages), content_type="text/event-stream; charset=utf-8",
                            headers={"Cache-Control": "no-store"})
    else:
        usage = transcript.duration_usage() if task == "transcribe" else None
    if response_format == "diarized_json":
        return Response(transcript.diarized_json(usage, names), content_type="application/json")
    if response_format == "json":
        return Response(transcript.json(usage, transcript.logprobs() if logprobs else None, languages),
                        content_type="application/json")
    if response_format == "verbose_json":
        granularities = form.getlist("timestamp_granularities[]")
        return Response(transcript.verbose_json(granularities), content_type="application/json")
    body = {"text": transcript.plain, "srt": transcript.srt, "vtt": transcript.vtt}[response_format]()
    return Response(body, content_type="text/plain; charset=utf-8")


def check_response_format(form, model, response_format, tokens, diarizing):
    """Refuse a response format the model does not write, as the gpt-4o transcribe models' refusal is reported (the
    diarization model naming itself by its internal name, as reported twice in 2026); whisper-1 refuses
    diarized_json before, as a format it does not know (WHISPER_ENUM)."""
    formats = DIARIZED_FORMATS if diarizing else TEXT_RESPONSE_FORMATS if tokens else WHISPER_FORMATS
    if response_format in formats:
        return
    name = model.capabilities.get("internal_name", form["model"])
    supported = supported_values(TEXT_RESPONSE_FORMATS if tokens else formats, conjunction="or")
    raise InvalidRequestError(f"response_format '{response_format}' is not compatible with model '{name}'. Use "
                              f"{supported} instead.", param="response_format", code="unsupported_value")


def check_diarization(form, seconds, names):
    """Refuse what a diarization model does not take: a prompt and logprobs (reported wordings, 2026), known speakers
    that do not pair up with their references, more than four or a reference that is not a data URL (the SDK's
    docstring; the wordings are guesses), and audio over 30 s without chunking_strategy (reported, 2026). The
    params and codes of the reported refusals but chunking_strategy's are guesses."""
    if form.get("prompt"):
        raise InvalidRequestError("Prompt is not supported for diarization models", param="prompt",
                                  code="invalid_value")
    if "logprobs" in form.getlist("include[]"):
        raise InvalidRequestError("Logprobs are not supported for diarization models", param="include",
                                  code="invalid_value")
    references = form.getlist("known_speaker_references[]")
    if len(names) != len(references):
        raise InvalidRequestError("known_speaker_names and known_speaker_references must have the same length.",
                                  param="known_speaker_names", code="invalid_value")
    if len(names) > MAX_KNOWN_SPEAKERS:
        raise InvalidRequestError(f"At most {MAX_KNOWN_SPEAKERS} known speakers are supported.",
                                  param="known_speaker_names", code="invalid_value")
    for index, reference in enumerate(references):
        if not reference.startswith("data:"):
            raise InvalidRequestError(f"Invalid 'known_speaker_references[{index}]': expected a data URL.",
                                      param=f"known_speaker_references[{index}]", code="invalid_value")
    if chunking_strategy(form) is None and seconds > UNCHUNKED_SECONDS:
        raise InvalidRequestError("chunking_strategy is required for diarization models", param="chunking_strategy",
                                  code="invalid_value")


def _events(transcript, usage, logprobs=False, segments=None, segment_events=False, languages=None):
    """The stream of the gpt-4o transcribe models: the text a piece at a time, then all of it with the usage;
    with `include[]=logprobs`, each event's tokens' logprobs after its text (the API reference's example);
    gpt-transcribe's languages after the text, in the SDK's order (a guess), and no usage: the SDK types the done
    event's usage as tokens alone ("for models billed by token usage") and gpt-transcribe counts seconds (no
    stream of it was recorded; seconds there would break the SDK's type). The diarization model streams
    diarized_json as its segments, a transcript.text.segment event each, then the done event, and no deltas
    (openai-dotnet's recordings of 2026); its deltas in the other formats name their segment (segment_id, the
    SDK's types; a guess). Each event ends in CRLFs, as two streams of September 2026 show (gpt-4o-transcribe's and
    the diarization model's, ruby_llm's cassettes), [DONE] too: the audio service's, not chat's LFs."""
    def event(payload):
        return b"data: " + compact(payload) + b"\r\n\r\n"

    if segment_events:
        yield from (event(segment) for segment in segments)
    else:
        deltas = transcript.deltas()
        pieces = transcript.delta_logprobs() if logprobs else [None] * len(deltas)
        owners = transcript.delta_segments() if segments else [None] * len(deltas)
        for delta, entries, owner in zip(deltas, pieces, owners):
            payload = {"type": "transcript.text.delta", "delta": delta}
            if logprobs:
                payload["logprobs"] = entries
            if segments:
                payload["segment_id"] = segments[owner]["id"]
            yield event(payload)
    done = {"type": "transcript.text.done", "text": transcript.text}
    if languages is not None:
        done["languages"] = languages
    if logprobs:
        done["logprobs"] = transcript.logprobs()
    if usage["type"] == "tokens":
        done["usage"] = usage
    yield event(done) + b"data: [DONE]\r\n\r\n"
