"""The fine-tuning job request (POST /v1/fine_tuning/jobs): its types, then the checks of the model and files.

Recorded refusals: a model that cannot be fine-tuned (`Model x is not available for fine-tuning or does not
exist.`, code model_not_available) and a training or validation file that is not a fine-tune file of the
organization's (`invalid training_file: x`). The rest follow the API's usual wording (guessed).
"""
from marshmallow import EXCLUDE, Schema, ValidationError, pre_load

from ..errors import InvalidRequestError, missing_parameter
from ..validation import load, ordered
from . import fields as f
from .chat import Metadata

MAX_SUFFIX = 64
METHODS = ("supervised", "dpo", "reinforcement")


class AutoOr(f.Strict):
    """`"auto"`, or a value the inner field takes."""

    def __init__(self, inner, **kwargs):
        super().__init__(**kwargs)
        self.inner = inner

    def _deserialize(self, value, attr, data, **kwargs):
        if value == "auto":
            return value
        if isinstance(value, str):
            raise ValidationError(f.Problem(f"Invalid value: '{f.literal(value)}'. Supported values are: 'auto'.",
                                            code="invalid_value"))
        return self.inner._deserialize(value, attr, data, **kwargs)


class Hyperparameters(f.Body):
    n_epochs = AutoOr(f.Integer(minimum=1, maximum=50), allow_none=True)
    batch_size = AutoOr(f.Integer(minimum=1, maximum=256), allow_none=True)
    learning_rate_multiplier = AutoOr(f.Decimal(minimum=0), allow_none=True)
    beta = AutoOr(f.Decimal(minimum=0, maximum=2), allow_none=True)  # dpo only


class MethodHyperparameters(f.Body):
    hyperparameters = f.NestedObject(Hyperparameters, allow_none=True)


class ReinforcementHyperparameters(f.Body):
    """The SDK's ReinforcementHyperparameters; the bounds of the RFT-only ones are guesses (at least 1, above 0)."""
    n_epochs = AutoOr(f.Integer(minimum=1, maximum=50), allow_none=True)
    batch_size = AutoOr(f.Integer(minimum=1, maximum=256), allow_none=True)
    learning_rate_multiplier = AutoOr(f.Decimal(minimum=0), allow_none=True)
    compute_multiplier = AutoOr(f.Decimal(minimum=0), allow_none=True)
    eval_interval = AutoOr(f.Integer(minimum=1), allow_none=True)
    eval_samples = AutoOr(f.Integer(minimum=1), allow_none=True)
    reasoning_effort = f.Enum(["default", "low", "medium", "high"], allow_none=True)


class Reinforcement(f.Body):
    """method.reinforcement: the grader (checked by reinforcement_grader) and hyperparameters; response_format as
    OpenAI's RFT guide sends it (not in the SDK's types)."""
    grader = f.Strict(allow_none=True)
    hyperparameters = f.NestedObject(ReinforcementHyperparameters, allow_none=True)
    response_format = f.Object(allow_none=True)


class Method(Schema):
    class Meta:
        unknown = EXCLUDE

    type = f.Enum(METHODS, required=True)
    supervised = f.NestedObject(MethodHyperparameters, allow_none=True)
    dpo = f.NestedObject(MethodHyperparameters, allow_none=True)
    reinforcement = f.NestedObject(Reinforcement, allow_none=True)

    @pre_load
    def reject_unknown(self, data, **kwargs):
        """Refuse unknown keys, and the settings of a method but the job's (dpo's under supervised, say)."""
        data = f.reject_unknown_parameters(self, data)
        kind = data.get("type") if isinstance(data, dict) else None
        for other in METHODS:
            if kind in METHODS and other != kind and data.get(other) is not None:
                raise ValidationError({other: [f.Problem(f"Unknown parameter: 'method.{other}'.",
                                                         code="unknown_parameter", param=f"method.{other}")]})
        return data


class Wandb(f.Body):
    """A Weights and Biases integration's settings, as the SDK types them (openai 3.63): its project required."""

    project = f.String(required=True)
    entity = f.String(allow_none=True)
    name = f.String(allow_none=True)
    tags = f.Array(f.String(), allow_empty=True)


class Integration(f.Body):
    """An integration (the SDK's: wandb alone, with its settings required), checked where one without its settings
    or its project was taken and echoed as sent, which the SDK's FineTuningJob does not take; the wordings are the
    API's usual (guessed)."""

    type = f.Enum(["wandb"], required=True)
    wandb = f.NestedObject(Wandb, required=True)


class FineTuningRequest(f.Body):
    """POST /v1/fine_tuning/jobs."""

    model = f.String(required=True)
    training_file = f.String(required=True)
    validation_file = f.String(allow_none=True)
    hyperparameters = f.NestedObject(Hyperparameters, allow_none=True)
    method = f.NestedObject(Method, allow_none=True)
    suffix = f.String(allow_none=True)
    seed = f.Integer(minimum=0, maximum=2147483647, allow_none=True)
    integrations = f.Array(f.NestedObject(Integration), allow_empty=True, allow_none=True)
    metadata = Metadata(allow_none=True)


fine_tuning_request = FineTuningRequest()


def model_tunable(model, req):
    """model is the registry Model the request names, or None. Reinforcement fine-tuning is for the reasoning models
    that take it (o4-mini); a model that cannot take the method asked gets the recorded refusal (a guess for RFT)."""
    if (req.get("method") or {}).get("type") == "reinforcement":
        tunable = model is not None and model.supports("reinforcement_fine_tuning")
    else:
        tunable = model is not None and (model.supports("fine_tuning") or model.id.startswith("ft:"))
    if not tunable:
        return InvalidRequestError(f"Model {req['model']} is not available for fine-tuning or does not exist.",
                                   code="model_not_available")


def files_usable(model, req):
    """Each file named must be a fine-tune file the store keeps (req["files"], looked up by the view)."""
    for name in ("training_file", "validation_file"):
        if req.get(name) is not None and req["files"].get(name) is None:
            return InvalidRequestError(f"invalid {name}: {req[name]}", param=name)


def beta_for_dpo(model, req):
    """beta is a setting of DPO alone."""
    method = req.get("method") or {}
    kind = method.get("type", "supervised")
    settings = [req.get("hyperparameters") or {}, ((method.get(kind) or {}).get("hyperparameters") or {})]
    if kind != "dpo" and any(hyper.get("beta") is not None for hyper in settings):
        return InvalidRequestError("Unknown parameter: 'hyperparameters.beta'.", param="hyperparameters.beta",
                                   code="unknown_parameter")


def reinforcement_grader(model, req):
    """A reinforcement job needs its settings and a grader, checked as the graders endpoints check one."""
    method = req.get("method") or {}
    if method.get("type") != "reinforcement":
        return None
    settings = method.get("reinforcement")
    if settings is None:
        return missing_parameter("method.reinforcement")
    if settings.get("grader") is None:
        return missing_parameter("method.reinforcement.grader")
    check_grader(settings["grader"], "method.reinforcement.grader")


def suffix_length(model, req):
    suffix = req.get("suffix")
    if suffix is not None and len(suffix) > MAX_SUFFIX:
        return InvalidRequestError(f"Invalid 'suffix': string too long. Expected a string with maximum length "
                                   f"{MAX_SUFFIX}, but got a string with length {len(suffix)} instead.",
                                   param="suffix", code="string_above_max_length")


# The files before the model: `{"model": "foobar", "training_file": "foobar"}` gets `invalid training_file: foobar`
# (a live CLI test, dsw7/GPTifier, 2024-2025).
FINE_TUNING_RULES = ordered(files_usable, model_tunable, beta_for_dpo, reinforcement_grader, suffix_length)


def load_fine_tuning_request(body):
    """Load a fine-tuning job request body, raising the one OpenAI error of an invalid request."""
    return load(fine_tuning_request, body)


class PermissionRequest(f.Body):
    """POST /v1/fine_tuning/checkpoints/{checkpoint}/permissions: the projects to share a checkpoint with."""

    project_ids = f.Array(f.String(allow_empty=False), required=True)


# What each kind of grader needs (the SDK's required fields but the name, which the API makes up: recorded), and
# the values of its enumerations. A label model's labels and passing labels are required as its input is (the
# SDK's LabelModelGrader, openai 3.63, answer and param alike): an eval took a criterion without them and echoed it
# without them, which the SDK's types of the eval do not take (their order among the others is a guess).
GRADER_FIELDS = {"string_check": ("input", "reference", "operation"),
                 "text_similarity": ("input", "reference", "evaluation_metric"),
                 "python": ("source",), "score_model": ("input", "model"),
                 "label_model": ("input", "model", "labels", "passing_labels"),
                 "multi": ("graders", "calculate_output")}
# The graders each place takes, as the SDK types them: the graders endpoints and a reinforcement job take no label
# model grader, and a multi grader's parts are neither multi graders nor each other's (evals: their own list).
GRADERS = ("string_check", "text_similarity", "python", "score_model", "multi")
MULTI_PARTS = ("string_check", "text_similarity", "python", "score_model", "label_model")
GRADER_VALUES = {"operation": ("eq", "ne", "like", "ilike"),
                 "evaluation_metric": ("cosine", "fuzzy_match", "bleu", "gleu", "meteor", "rouge_1", "rouge_2",
                                       "rouge_3", "rouge_4", "rouge_5", "rouge_l")}
GRADER_TYPES = {"reference": str, "operation": str, "evaluation_metric": str, "source": str, "model": str,
                "graders": dict, "calculate_output": str, "name": str, "labels": list, "passing_labels": list}
_TYPE_NAMES = {str: "a string", dict: "an object", list: "an array"}


def check_grader(grader, param="grader", kinds=GRADERS):
    """Refuse a grader that is not one of kinds, or not well formed, in the API's usual words (no refusal was
    recorded)."""
    if not isinstance(grader, dict):
        raise InvalidRequestError(f.invalid_type("an object", grader).format(param=param), param=param,
                                  code="invalid_type")
    kind = grader.get("type")
    if kind is None:
        raise missing_parameter(f"{param}.type")
    if not isinstance(kind, str):
        raise InvalidRequestError(f.invalid_type("a string", kind).format(param=f"{param}.type"),
                                  param=f"{param}.type", code="invalid_type")
    if kind not in kinds:
        raise InvalidRequestError(f"Invalid value: '{kind}'. Supported values are: "
                                  f"{f.supported_values(kinds)}.", param=f"{param}.type", code="invalid_value")
    for key in GRADER_FIELDS[kind] + ("name",):
        value, where = grader.get(key), f"{param}.{key}"
        if value is None:
            if key == "name":
                continue
            raise missing_parameter(where)
        expected = (list if kind.endswith("_model") else str) if key == "input" else GRADER_TYPES[key]
        if not isinstance(value, expected):
            raise InvalidRequestError(f.invalid_type(_TYPE_NAMES[expected], value).format(param=where), param=where,
                                      code="invalid_type")
        if key in GRADER_VALUES and value not in GRADER_VALUES[key]:
            raise InvalidRequestError(f"Invalid value: '{value}'. Supported values are: "
                                      f"{f.supported_values(GRADER_VALUES[key])}.", param=where,
                                      code="invalid_value")
    if kind.endswith("_model") and not all(isinstance(message, dict) for message in grader["input"]):
        raise InvalidRequestError(f"Invalid type for '{param}.input': expected an array of messages.",
                                  param=f"{param}.input", code="invalid_type")
    for name, sub in (grader["graders"].items() if kind == "multi" else ()):
        check_grader(sub, f"{param}.graders.{name}", MULTI_PARTS)
