"""The openai SDK's embeddings calls against fauxpen served by gunicorn."""
import asyncio
import math
from array import array

import pytest

openai = pytest.importorskip("openai")


def norm(vector):
    return math.sqrt(math.fsum(x * x for x in vector))


def test_default_encoding_is_base64_and_decodes(sdk):
    response = sdk.embeddings.create(model="text-embedding-ada-002", input="hello")
    assert response.model == "text-embedding-ada-002-v2"
    vector = response.data[0].embedding
    assert len(vector) == 1536 and all(isinstance(x, float) for x in vector)
    assert norm(vector) == pytest.approx(1, abs=1e-6)
    assert response.usage.prompt_tokens == response.usage.total_tokens == 1


def test_float_and_base64_give_the_same_vector(sdk):
    decoded = sdk.embeddings.create(model="text-embedding-3-small", input="hello").data[0].embedding
    floats = sdk.embeddings.create(model="text-embedding-3-small", input="hello",
                                   encoding_format="float").data[0].embedding
    assert array("f", decoded) == array("f", floats)


def test_batch_keeps_order(sdk):
    texts = ["one", "two", "three"]
    batch = sdk.embeddings.create(model="text-embedding-3-small", input=texts)
    assert [item.index for item in batch.data] == [0, 1, 2]
    singles = [sdk.embeddings.create(model="text-embedding-3-small", input=t).data[0].embedding for t in texts]
    assert [item.embedding for item in batch.data] == singles


def test_a_batch_written_in_many_chunks_reads_whole(sdk):
    texts = [f"input number {i}" for i in range(400)]  # about 3 MB of base64, in a dozen chunks
    batch = sdk.embeddings.create(model="text-embedding-3-small", input=texts)
    assert [item.index for item in batch.data] == list(range(400))
    assert all(len(item.embedding) == 1536 for item in batch.data)
    assert batch.data[123].embedding == sdk.embeddings.create(model="text-embedding-3-small",
                                                              input=texts[123]).data[0].embedding


def test_dimensions_shorten(sdk):
    response = sdk.embeddings.create(model="text-embedding-3-large", input="hi", dimensions=256)
    vector = response.data[0].embedding
    assert len(vector) == 256
    assert norm(vector) == pytest.approx(1, abs=1e-6)


def test_same_input_same_vector_across_calls_and_processes(sdk, client):
    first = sdk.embeddings.create(model="text-embedding-3-large", input="hi").data[0].embedding
    second = sdk.embeddings.create(model="text-embedding-3-large", input="hi").data[0].embedding
    assert first == second
    in_process = client.post("/v1/embeddings", json={"model": "text-embedding-3-large", "input": "hi"})
    assert array("f", first) == array("f", in_process.get_json()["data"][0]["embedding"])


def test_token_id_input(sdk):
    response = sdk.embeddings.create(model="text-embedding-3-small", input=[[15339, 1917], [15339]])
    assert len(response.data) == 2 and response.usage.prompt_tokens == 3


def test_async_create(async_sdk):
    async def run():
        async with async_sdk as client:
            return await client.embeddings.create(model="text-embedding-3-small", input=["a", "b"])
    response = asyncio.run(run())
    assert len(response.data) == 2 and len(response.data[1].embedding) == 1536


@pytest.mark.parametrize(("kwargs", "error", "message"), (
    ({"model": "text-embedding-ada-002", "dimensions": 256}, openai.BadRequestError,
     "This model does not support specifying dimensions."),
    ({"model": "gpt-4o"}, openai.PermissionDeniedError, "You are not allowed to generate embeddings from this model"),
    ({"model": "foo"}, openai.NotFoundError, "The model `foo` does not exist or you do not have access to it."),
))
def test_errors_raise_the_sdk_exceptions(sdk, kwargs, error, message):
    with pytest.raises(error) as caught:
        sdk.embeddings.create(input="hello", **kwargs)
    assert caught.value.body["message"] == message
