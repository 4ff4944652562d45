"""Chat request checks that need other fields or the model's capabilities, in the real API's order.

These run after the schema has accepted every field's type and range. The real API reports the
first failing check of this list; the order was read off requests with several problems at once.
"""
from marshmallow import ValidationError

from . import moderation, registry
from .errors import InvalidRequestError, missing_parameter
from .schemas.tools import check_tool_rules
from .validation import applicable, first_error, given, ordered
from .schemas.fields import arguments_supplied, invalid_type, shown_value, supported_values
from .schemas.messages import (content_missing, content_parts, data_url_problem, image_data_problem,
                               not_downloadable, unreachable)


def _only_when_enabled(param, flag):
    return InvalidRequestError(f"The '{param}' parameter is only allowed when '{flag}' is enabled.", param=param)


def _only_with_tools(param):
    return InvalidRequestError(
        f"Invalid value for '{param}': '{param}' is only allowed when 'tools' are specified.", param=param)


@given("max_tokens", "max_completion_tokens")
def token_limit_pair(model, req):
    """Refuse max_tokens and max_completion_tokens together."""
    if req.get("max_tokens") is not None and req.get("max_completion_tokens") is not None:
        return InvalidRequestError("Setting 'max_tokens' and 'max_completion_tokens' at the same time is not "
                                   "supported.", param="max_tokens", code="invalid_parameter_combination")


def audio_required(model, req):
    """Refuse a request without audio to a model that only works with audio."""
    wanted = req.get("modalities")
    if model.supports("requires_audio"):
        audio_in = any(p.get("type") == "input_audio" for _, _, p in content_parts(req["messages"]))
        if not audio_in and "audio" not in (wanted or ()):
            return InvalidRequestError("This model requires that either input content or output modality contain "
                                       "audio.", param="model", code="invalid_value")


@given("modalities")
def audio_output(model, req):
    """Ask a spoken answer for its voice and format; a streamed one is raw pcm16.

    (Modalities checked that a model asked for audio can speak.)
    """
    if "audio" not in (req.get("modalities") or ()):
        return None
    audio = req.get("audio")
    if audio is None:
        return missing_parameter("audio")
    if req.get("stream") and audio["format"] != "pcm16":
        return InvalidRequestError(f"Unsupported value: 'audio.format' does not support '{audio['format']}' when "
                                   "stream=true. Supported values are: 'pcm16'.", param="audio.format",
                                   code="unsupported_value")


def content_kinds(model, req):
    """Refuse an image in a message that is not the user's (its wording quoted for system and tool messages, 2025-
    2026), and image and audio content parts the model cannot read."""
    if req.text_only:  # no part (a ChatRequest's own walk: schemas/chat.py's text_contents)
        return None
    for i, j, part in content_parts(req["messages"]):
        kind = part.get("type")
        if kind == "image_url" and req["messages"][i]["role"] != "user":
            return InvalidRequestError(f"Invalid 'messages[{i}]'. Image URLs are only allowed for messages with role "
                                       f"'user', but this message with role '{req['messages'][i]['role']}' contains "
                                       "an image URL.", param=f"messages[{i}]", code="invalid_value")
        if kind == "input_audio" and not model.supports("audio_input"):
            return InvalidRequestError(f"Invalid 'messages[{i}]'. Content blocks are expected to be either text or "
                                       "image_url type.", param=f"messages[{i}]", code="invalid_value")
        if kind == "image_url" and not model.supports("image_input"):
            problem = data_url_problem(part["image_url"]["url"])
            if problem:
                param = f"messages[{i}].content[{j}].image_url.url"
                return InvalidRequestError(problem.format(param=param), param=param, code=problem.code)
            return InvalidRequestError("Invalid content type. image_url is only supported by certain models.",
                                       param=f"messages.[{i}].content.[{j}].type")
        if kind == "image_url":
            url = part["image_url"]["url"]
            problem = image_data_problem(url)
            if problem:
                message, code = UNREADABLE_IMAGES[problem]
                return InvalidRequestError(message, param=None, code=code)
            if not_downloadable(url):  # llmrb/llm's cassette, gpt-4.1, July 2025
                return InvalidRequestError(f"Failed to download image from {url}. Image URL is invalid.", param=None,
                                           code="invalid_image_url")
            if unreachable(url):  # recorded for example.com on gpt-4o-mini, 2025-2026
                return InvalidRequestError(f"Error while downloading {url}.", param=None, code="invalid_image_url")


# A data URL's picture the models do not read or no picture at all (a BMP in clients' fixtures of October 2026
# recordings; bytes that are no picture, April 2026), or bytes that are not base64 (in the words the fixtures give a
# picture cut short, a guess): the refusal and its code.
UNREADABLE_IMAGES = {
    "unsupported": ("You uploaded an unsupported image. Please make sure your image has of one the following "
                    "formats: ['png', 'jpeg', 'gif', 'webp'].", "invalid_image_format"),
    "corrupt": ("You uploaded an unsupported image. Please make sure your image is valid.", "image_parse_error")}


@given("prediction")
def prediction(model, req):
    """Refuse predicted outputs on models without them."""
    if req.get("prediction") is not None and not model.supports("prediction"):
        return InvalidRequestError("Unsupported parameter: 'prediction' is not supported with this model.",
                                   param="prediction", code="unsupported_parameter")


@given("top_logprobs")
def top_logprobs(model, req):
    """Allow top_logprobs only with logprobs, and at most 20."""
    value = req.get("top_logprobs")
    if value is None:
        return None
    if not req.get("logprobs"):
        return _only_when_enabled("top_logprobs", "logprobs")
    most = model.capabilities.get("max_top_logprobs", 20)  # 5 on gpt-5.6 (measured, August 2026)
    if value > most and model.supports("strict_chat"):  # in its own words (measured on gpt-5.6-terra)
        return InvalidRequestError(f"Invalid value for 'top_logprobs': must be less than or equal to {most}.",
                                   param="top_logprobs")
    if value > most:
        return InvalidRequestError(f"Invalid 'top_logprobs': integer above maximum value. Expected a value <= {most}, "
                                   f"but got {value} instead.", param="top_logprobs", code="integer_above_max_value")


@given("n", "stop")
def gpt5_choices(model, req):
    """Refuse what a GPT-5 reasoning model does not take at any effort: stop, and more choices than its most (8 on
    gpt-5.6), as measured on gpt-5.6 in August 2026 (the refusal of stop in the API's words for a parameter; n's
    ceiling in its words for a bound). o3 and o4-mini refuse stop too (capability `refuses_stop`: reported in the
    same words in April and May 2025)."""
    gpt5 = "efforts" in model.capabilities
    if req.get("stop") is not None and (gpt5 or model.supports("refuses_stop")):
        return _unsupported_parameter("stop")
    if not gpt5:
        return None
    most, n = model.capabilities.get("max_n"), req.get("n")
    if most is not None and n is not None and n > most:
        return InvalidRequestError(f"Invalid 'n': integer above maximum value. Expected a value <= {most}, but got "
                                   f"{n} instead.", param="n", code="integer_above_max_value")


@given("stream_options")
def stream_options(model, req):
    """Allow stream_options only on a streamed request."""
    if req.get("stream_options") is not None and not req.get("stream"):
        return _only_when_enabled("stream_options", "stream")


def unrecognized_arguments(model, req):
    """Refuse the arguments the model does not take, all of them at once in alphabetical order, param and code
    null: those the API does not know and, on a model that does not reason, reasoning_effort (`Unrecognized request
    arguments supplied: chat_template_kwargs, reasoning_effort`, measured on gpt-4o-mini in September 2026 by a
    client's tests; `tool_choice, tools` from Azure's older deployments); then, on the search models, those they
    refuse whatever their value (capability incompatible_params: `Model incompatible request argument supplied:
    temperature`, several as `... arguments supplied: frequency_penalty, presence_penalty, temperature, top_p`,
    recorded of them in 2025 for temperature 0 and 0.7, top_p and the penalties, presence_penalty 0; a null is as
    if it were not sent, a guess). One check, so where reasoning_effort's refusal is:
    after the types' and the rules' before it here, before metadata's, logit_bias's and a response format's (the
    recordings, gpt-4 and gpt-4o). That it comes before the search models' own refusal is a guess."""
    names = req.unrecognized
    if "reasoning_effort" in req and not model.supports("reasoning"):
        names += ("reasoning_effort",)
    kind = "Unrecognized"
    if not names:
        refused = model.capabilities.get("incompatible_params")  # every model but the search ones: none
        names, kind = [name for name in refused or () if req.get(name) is not None], "Model incompatible"
    if names:
        return InvalidRequestError(arguments_supplied(names, kind))


@given("reasoning_effort")
def reasoning_effort(model, req):
    """Keep reasoning_effort to low, medium or high, or to the efforts of a GPT-5 model (none, minimal, xhigh...),
    refused in the words reported for those (a model that does not reason refuses it: unrecognized_arguments)."""
    if "reasoning_effort" not in req or not model.supports("reasoning"):
        return None
    if not model.supports("reasoning_effort"):
        return _unsupported_parameter("reasoning_effort")
    value = req["reasoning_effort"]
    if value is not None and not isinstance(value, str) and not model.supports("strict_chat"):
        return InvalidRequestError(invalid_type("a string", value).format(param="reasoning_effort"),
                                   param="reasoning_effort", code="invalid_type")
    efforts = model.capabilities.get("efforts")
    if efforts is not None and value not in efforts:
        return unsupported_value("reasoning_effort", value, efforts)
    if efforts is None and value is not None and value not in REASONING_EFFORTS:
        return InvalidRequestError(f"Invalid value: '{value}'. Supported values are: "
                                   f"{supported_values(REASONING_EFFORTS)}.", param="reasoning_effort",
                                   code="invalid_value")


def unsupported_value(param, value, supported):
    """The refusal of a value the model does not take, of the ones others do (reported wording):
    `Unsupported value: 'x' does not support 'y' with this model. Supported values are: ...`."""
    shown = f"'{value}'" if isinstance(value, str) else shown_value(value)  # true; {'k': 1} (captured)
    return InvalidRequestError(f"Unsupported value: '{param}' does not support {shown} with this model. Supported "
                               f"values are: {supported_values(supported)}.", param=param, code="unsupported_value")


def effort(model, req):
    """The reasoning effort a request runs at: the one it asks for (chat's or the Responses API's), else the
    model's default."""
    asked = req.get("reasoning_effort") or (req.get("reasoning") or {}).get("effort")
    return asked or model.capabilities.get("default_effort", "medium")


@given("verbosity")
def verbosity(model, req):
    """Keep verbosity to what the model takes: low, medium or high on GPT-5 models, medium elsewhere (reported)."""
    value = req.get("verbosity")
    supported = model.capabilities.get("verbosity", ["medium"])
    if value is not None and value not in supported:
        return unsupported_value("verbosity", value, supported)


REASONING_EFFORTS = ("low", "medium", "high")
# Sampling parameters a reasoning model refuses whatever their value (temperature is checked on its own).
_UNSAMPLED = ("top_p", "presence_penalty", "frequency_penalty", "logit_bias", "parallel_tool_calls")
# Of those, what a GPT-5 model takes when it does not reason (effort none): logit_bias it refuses all the same
# (measured on gpt-5.6, August 2026).
_SAMPLED_AT_NONE = ("top_p", "presence_penalty", "frequency_penalty")


def _unsupported_parameter(param, hint="", code="unsupported_parameter"):
    return InvalidRequestError(f"Unsupported parameter: '{param}' is not supported with this model.{hint}",
                               param=param, code=code)


class LogprobsNotAllowedError(InvalidRequestError):
    """A 403: the model does not give log probabilities."""

    status = 403

    def __init__(self):
        super().__init__("You are not allowed to request logprobs from this model")


@given("max_tokens", "temperature", "logprobs", *_UNSAMPLED)
def reasoning_params(model, req):
    """Refuse what a reasoning model does not take: max_tokens (for max_completion_tokens), sampling, logprobs.

    temperature passes at its default, 1; o3-mini words its refusal as an unsupported parameter, the others
    as an unsupported value.
    """
    if not model.supports("reasoning"):
        return None
    if req.get("max_tokens") is not None:
        return _unsupported_parameter("max_tokens", " Use 'max_completion_tokens' instead.")
    # A GPT-5 model that does not reason (effort none) samples as the others do (reported).
    sampling = "efforts" in model.capabilities and effort(model, req) == "none"
    temperature = req.get("temperature")
    if temperature is not None and temperature != 1 and not sampling:
        if model.supports("sampling_unsupported"):
            return _unsupported_parameter("temperature")
        return InvalidRequestError(f"Unsupported value: 'temperature' does not support {temperature} with this "
                                   "model. Only the default (1) value is supported.", param="temperature",
                                   code="unsupported_value")
    for param in _UNSAMPLED:
        if req.get(param) is None or (param in _SAMPLED_AT_NONE and sampling):
            continue
        if param == "parallel_tool_calls" and model.supports("parallel_tool_calls"):
            continue
        if param == "top_p" and req["top_p"] == 1 and model.supports("strict_chat"):
            continue  # its default, taken as temperature's is (measured on gpt-5.6-terra, August 2026)
        return _unsupported_parameter(param)
    if req.get("logprobs") and not sampling:
        return _unsupported_parameter("logprobs") if "efforts" in model.capabilities else LogprobsNotAllowedError()


def roles(model, req):
    """Refuse the roles a model does not take: system and developer on o1-mini; a legacy function message on the
    models that reason (reported of gpt-5 and o3-mini in 2025 and measured on gpt-5.6-terra in September 2026:
    `Unsupported value: 'messages[3].role' does not support 'function' with this model.`)."""
    refused = ("system", "developer") if model.supports("no_system_role") else ()
    if model.supports("reasoning"):
        refused += ("function",)
    for i, message in enumerate(req["messages"] if refused else ()):
        if message["role"] in refused:
            return InvalidRequestError(f"Unsupported value: 'messages[{i}].role' does not support "
                                       f"'{message['role']}' with this model.", param=f"messages[{i}].role",
                                       code="unsupported_value")


@given("tools", "functions")
def function_calling(model, req):
    """Refuse tools on a model that cannot call functions (o1-mini)."""
    if model.supports("no_tools") and (req.get("tools") or req.get("functions")):
        return InvalidRequestError("tools is not supported in this model. For a list of supported models, refer to "
                                   "https://platform.openai.com/docs/guides/function-calling#models-supporting-"
                                   "function-calling.")


@given("tools")
def custom_tools(model, req):
    """Take custom tools on the GPT-5 models that reason (reported: custom chat tools work on GPT-5 models and
    gpt-4o refuses them; the wording, the API's for a value a model does not take, is a guess)."""
    if "efforts" in model.capabilities:
        return None
    for i, tool in enumerate(req.get("tools") or ()):
        if tool["type"] == "custom":
            return unsupported_value(f"tools[{i}].type", "custom", ["function"])


@given("tools", "functions")
def tools_with_effort(model, req):
    """Refuse tools at a reasoning effort on the GPT-5 models that call them only without reasoning in chat
    (reported, param reasoning_effort, no code): gpt-5.4 and gpt-5.5 when the request sends an effort (March to
    June 2026), gpt-5.6 also at its default effort, so that only `none` passes (July to September 2026). The
    words are the API's since then for all of them (gpt-5.4-nano, September 2026; gpt-5.4 and gpt-5.5 were
    quoted ending "Please use /v1/responses instead." until June). The Responses API takes both together."""
    refused = model.capabilities.get("chat_tools_without_effort")
    if refused is None or not (req.get("tools") or req.get("functions")):
        return None
    sent = req.get("reasoning_effort")
    if (sent if refused == "sent" else effort(model, req)) in (None, "none"):
        return None
    name = f"Function tools with reasoning_effort are not supported for {req.get('model')} in /v1/chat/completions."
    return InvalidRequestError(name + " To use function tools, use /v1/responses or set reasoning_effort to 'none'.",
                               param="reasoning_effort")


@given("response_format")
def response_format(model, req):
    """Refuse response formats the model does not support."""
    kind = (req.get("response_format") or {}).get("type")
    if kind and kind not in model.capabilities.get("response_formats", ("text",)):
        if kind == "json_schema":  # refused by another check, which points to the guide and names no param
            return InvalidRequestError("Invalid parameter: 'response_format' of type 'json_schema' is not supported "
                                       "with this model. Learn more about supported models at the Structured "
                                       "Outputs guide: https://platform.openai.com/docs/guides/structured-outputs")
        return InvalidRequestError(f"Invalid parameter: 'response_format' of type '{kind}' is not supported with "
                                   "this model.", param="response_format")


@given("parallel_tool_calls", "tool_choice")
def tool_options(model, req):
    """Allow parallel_tool_calls and tool_choice only with tools."""
    if req.get("tools"):
        return None
    for param in ("parallel_tool_calls", "tool_choice"):
        if param == "parallel_tool_calls" and model.supports("strict_chat"):
            continue  # the GPT-5.6 family takes it alone (measured on gpt-5.6-terra)
        if req.get(param) is not None:
            return _only_with_tools(param)


@given("metadata")
def metadata(model, req):
    """Allow metadata only on stored completions (the GPT-5.6 family takes it on any, measured on gpt-5.6-terra)."""
    if req.get("metadata") is not None and not req.get("store") and not model.supports("strict_chat"):
        return _only_when_enabled("metadata", "store")


@given("logit_bias")
def logit_bias(model, req):
    """Take token ids the model's vocabulary has (reported wordings, 2023), each biased within [-100, 100]."""
    for key, value in (req.get("logit_bias") or {}).items():
        if not (key.isascii() and key.isdigit()):
            return InvalidRequestError(f"Invalid key in 'logit_bias': {key}. You should only be submitting "
                                       "non-negative integers.", param="logit_bias")
        digits = key.lstrip("0")  # (int() refuses a string of over 4,300 digits)
        if len(digits) > 9 or int(digits or "0") > model.max_token_id:
            return InvalidRequestError(f"Invalid key in 'logit_bias': {key}. Maximum value is "
                                       f"{model.max_token_id}.", param="logit_bias")
        number = value
        if isinstance(value, (int, float)) and not isinstance(value, bool) and -1e308 < value < 1e308:
            number = float(value)  # printed as the API prints it (5.0); an integer past a double's range as is
        if not isinstance(number, float) or not -100 <= number <= 100:
            # Any other value printed as the API prints values in its other messages: null and true in JSON's
            # words, not Python's None and True (the refusal of a null or boolean bias is not recorded).
            return InvalidRequestError(f"Logit bias value {shown_value(number)} is invalid or outside of range "
                                       "[-100, 100]", param="logit_bias")


def digits(number):
    """Return str(number), also past the 4,300 digits Python prints (a sum of max_tokens and the prompt's tokens)."""
    try:
        return str(number)
    except ValueError:
        high, low = divmod(number, 10 ** 100)
        return f"{digits(high)}{low:0100d}"


def context_length(model, req):
    """Keep the prompt and the requested completion within the model's context."""
    prompt, functions = req.prompt_tokens, req.function_tokens
    limit = req.get("max_completion_tokens") or req.get("max_tokens")
    window = model.context_length
    # With tools, the API counts their definitions apart and names them beside the messages.
    parts = f"{prompt - functions} in the messages, {functions} in the functions" if functions else None
    if model.input_limit is not None and prompt > model.input_limit:
        return InvalidRequestError(
            f"Input tokens exceed the configured limit of {model.input_limit} tokens. Your messages resulted in "
            f"{prompt} tokens. Please reduce the length of the messages.", param="messages",
            code="context_length_exceeded")
    if prompt > window:
        return InvalidRequestError(
            f"This model's maximum context length is {window} tokens. However, your messages resulted in {prompt} "
            + (f"tokens ({parts}). Please reduce the length of the messages or functions." if parts else
               "tokens. Please reduce the length of the messages."), param="messages", code="context_length_exceeded")
    if limit is not None and prompt + limit > window:
        return InvalidRequestError(
            f"This model's maximum context length is {window} tokens. However, you requested {digits(prompt + limit)} "
            + (f"tokens ({parts}, and {limit} in the completion). Please reduce the length of the messages, "
               "functions, or completion." if parts else
               f"tokens ({prompt} in the messages, {limit} in the completion). Please reduce the length of the "
               "messages or completion."), param="messages", code="context_length_exceeded")
    if limit is not None and limit > model.max_output_tokens:
        name = "max_completion_tokens" if req.get("max_completion_tokens") else "max_tokens"
        return InvalidRequestError(
            f"{name} is too large: {limit}. This model supports at most {model.max_output_tokens} completion "
            f"tokens, whereas you provided {limit}.", param=name, code="invalid_value")


def tools_agree(model, req):
    """Check the rules that tie tools, tool_choice, tool messages and response_format together."""
    try:
        check_tool_rules(req)
    except ValidationError as exc:
        return first_error(exc.messages)


@given(*reasoning_params.params)  # the o-series' refusals are chat's: every parameter reasoning_params checks
def responses_sampling(model, req):
    """The Responses API's refusal of sampling on a GPT-5 model that reasons: the parameter itself, top_p and the
    penalties at any value, with no code (measured on gpt-5.6, August 2026). An o-series model's temperature is
    refused in the same words (recorded on o1, o1-pro, o3, o3-mini and o4-mini, August 2026); its other refusals
    are chat's."""
    if not model.supports("reasoning"):  # gpt-4o, gpt-4.1 ...: sampling taken (recorded, 2025-2026)
        return None
    if "efforts" not in model.capabilities:
        temperature = req.get("temperature")  # an o-series model's: as a GPT-5 model's (recorded, August 2026)
        if temperature is not None and temperature != 1:
            return _unsupported_parameter("temperature", code=None)
        return reasoning_params(model, req)
    if effort(model, req) == "none":
        return None
    temperature = req.get("temperature")
    for param, refused in (("temperature", temperature is not None and temperature != 1),
                           ("top_p", req.get("top_p") is not None),
                           ("presence_penalty", req.get("presence_penalty") is not None),
                           ("frequency_penalty", req.get("frequency_penalty") is not None)):
        if refused:
            return _unsupported_parameter(param, code=None)


@given("moderation")
def moderation_model(model, req):
    """Refuse a moderation model that is not one as the moderations endpoint refuses a retired one (the param is
    a guess)."""
    name = (req.get("moderation") or {}).get("model")
    found = None if name is None else registry.resolve(name)
    if name is not None and (found is None or found.kind != "moderation"):
        return moderation.model_refusal(name, "moderation.model")


@given("web_search_options")
def web_search_options(model, req):
    """Refuse web_search_options on a model that does not search (recorded on gpt-4o, March 2026): all but chat's
    search models (chat_web_search), which take it (recorded on gpt-4o-search-preview, 2025-2026)."""
    if req.get("web_search_options") is not None and not model.supports("chat_web_search"):
        return InvalidRequestError("Web search options not supported with this model.", param="web_search_options")


@given("prompt_cache_options")
def prompt_cache_options(model, req):
    """Take prompt_cache_options on the models that cache by it (gpt-5.6 on), refuse it elsewhere (worded as
    the API refuses a parameter: a guess)."""
    if req.get("prompt_cache_options") is not None and not model.supports("prompt_cache_options"):
        return _unsupported_parameter("prompt_cache_options")


TIER_CAPABILITIES = {"flex": "flex_tier", "ultrafast": "ultrafast_tier"}  # the tiers some models alone serve


@given("service_tier")
def service_tier(model, req):
    """Refuse the flex tier on a model it does not serve (the models with flex_tier: OpenAI's guide names o3,
    o4-mini and the GPT-5 models; the GPT-6 ones by analogy): `Invalid service_tier argument` (quoted of gpt-4o and
    gpt-4.1 in chat and the Responses API, 2025-2026; gpt-4.1-nano was reported with a vaguer sentence). So too the
    Responses API's ultrafast tier outside the models with ultrafast_tier, those OpenAI's Ultrafast guide names in
    late 2026 (gpt-6-astra, gpt-6.1-sol and the 6.2 models; gpt-5.6-sol by preview access alone), in the words a
    client's code of October 2026 gives its refusal elsewhere."""
    capability = TIER_CAPABILITIES.get(req.get("service_tier"))
    if capability and not model.supports(capability):
        return InvalidRequestError("Invalid service_tier argument", param="service_tier")


def content_present(model, req):
    """Refuse a message without content on the GPT-5.6 family, in the words measured on gpt-5.6-terra, gpt-5.5
    and gpt-5.6-sol (August 2026), and an assistant message without content or anything for it on every model:
    after the schema and the capability checks, but before the tool rules (a tool message answering no call is
    refused for its content)."""
    if req.text_only:  # every content a string: none missing
        return None
    strict = model.supports("strict_chat")
    for index, message in enumerate(req["messages"]):
        # Other models' schemas refuse the others' missing content; an assistant message's is refused here, in the
        # same words, when nothing stands in for it (reported 2025-2026: an empty answer sent back as null).
        if (strict or message.get("role") == "assistant") and content_missing(message):
            return InvalidRequestError("Invalid value for 'content': expected a string, got null.",
                                       param=f"messages.[{index}].content")


CHAT_RULES = ordered(reasoning_params, gpt5_choices, token_limit_pair, audio_required, audio_output, roles,
                     content_kinds, prediction, top_logprobs, stream_options, unrecognized_arguments,
                     reasoning_effort, verbosity, response_format, function_calling, custom_tools, tool_options,
                     metadata, logit_bias, moderation_model, prompt_cache_options, service_tier, web_search_options,
                     context_length, content_present,
                     tools_agree, tools_with_effort)


def check(rules, model, req):
    """Raise the error of the first of rules (from ordered) that fails for req."""
    for rule in applicable(rules, req):
        error = rule(model, req)
        if error is not None:
            raise error
