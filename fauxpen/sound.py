"""How long a sound plays, and what hearing it costs a prompt."""
import base64
import binascii
import io
import math
import wave

BYTES_PER_SECOND = 16_000  # 128 kbit/s, for files whose length is not read from a header
# Audio tokens a second of sound costs: the gpt-4o transcribe models (a capture: 17 for 1.7 s) and the audio chat
# models (2 for 0.2 s of WAV, recorded on gpt-4o-audio-preview in February 2026).
AUDIO_TOKENS_PER_SECOND = 10
# The text tokens an input_audio part costs beside its sound: the same recording counted 19 text tokens where its
# text and message come to 14.
INPUT_AUDIO_TEXT_TOKENS = 5


def duration(audio):
    """Return how long audio plays, in seconds: from a WAV header, else estimated from its size."""
    if audio[:4] == b"RIFF":
        try:
            with wave.open(io.BytesIO(audio)) as wav:
                frame = wav.getsampwidth() * wav.getnchannels()
                # No longer than the bytes there are can play, whatever the header claims.
                return min(wav.getnframes(), (len(audio) - 44) // frame) / wav.getframerate()  # 44: the header
        except Exception:  # a header wave cannot read (it raises more than wave.Error): size it as any file
            pass
    return len(audio) / BYTES_PER_SECOND


def silent(audio):
    """Tell whether audio is a WAV whose samples are all silence (8-bit samples at their middle, 128; wider ones at
    zero); fauxpen hears nothing else, and tells no other file silent."""
    if audio[:4] != b"RIFF":
        return False
    try:
        with wave.open(io.BytesIO(audio)) as wav:
            zero = b"\x80" if wav.getsampwidth() == 1 else b"\x00"
            return not wav.readframes(wav.getnframes()).strip(zero)
    except Exception:  # a header wave cannot read: not known to be silence
        return False


def heard_tokens(input_audio):
    """Return the audio tokens of an input_audio part's sound (its base64 `data`): 10 a second, begun seconds'
    tenths counted whole."""
    data = input_audio.get("data") if isinstance(input_audio, dict) else None
    if not isinstance(data, str):
        return 0
    try:
        audio = base64.b64decode(data)
    except (binascii.Error, ValueError):
        return 0
    return math.ceil(round(duration(audio) * AUDIO_TOKENS_PER_SECOND, 6))
