"""How long a sound plays, and what hearing it costs a prompt."""
import base64
import binascii
import io
import math
import wave

BYTES_PER_SECOND = 16_000  # 128 kbit/s, for files whose length is not read from a header
# Audio tokens a second of sound costs: the gpt-4o transcribe models (a capture: 17 for 1.7 s) and the audio chat
# models (2 for 0.2 s of WAV, recorded on gpt-4o-audio-preview in February 2026; 11 for 1.139 s on
# gpt-4o-mini-audio-preview, ruby_llm's cassette of January 2026: a begun tenth is not counted).
AUDIO_TOKENS_PER_SECOND = 10
# The text tokens an input_audio part costs beside its sound: the same recording counted 19 text tokens where its
# text and message come to 14.
INPUT_AUDIO_TEXT_TOKENS = 5


def duration(audio):
    """Return how long audio plays, in seconds: from a WAV header, from an MP3's first frame (mpeg_duration), else
    estimated from its size."""
    if audio[:4] == b"RIFF":
        try:
            with wave.open(io.BytesIO(audio)) as wav:
                frame = wav.getsampwidth() * wav.getnchannels()
                # No longer than the bytes there are can play, whatever the header claims.
                return min(wav.getnframes(), (len(audio) - 44) // frame) / wav.getframerate()  # 44: the header
        except Exception:  # a header wave cannot read (it raises more than wave.Error): size it as any file
            pass
    seconds = mpeg_duration(audio)
    return len(audio) / BYTES_PER_SECOND if seconds is None else seconds


# MPEG audio frame headers: kbit/s by bitrate index (1-14) for MPEG-1 layers I, II, III and MPEG-2/2.5 layers I and
# II/III; samples a second by sample rate index (0-2) for MPEG-1, 2 and 2.5 (ISO 11172-3, 13818-3).
_KBITS = {(1, 1): (32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448),
          (1, 2): (32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
          (1, 3): (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
          (2, 1): (32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256),
          (2, 2): (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)}
_RATES = {1: (44100, 48000, 32000), 2: (22050, 24000, 16000), 2.5: (11025, 12000, 8000)}


def mpeg_duration(audio):
    """Return how long an MP3 (MPEG audio, after any ID3v2 tag) plays, in seconds, or None for other bytes: the
    frame count of a Xing or Info frame when the first frame is one, else its bytes at the first frame's bitrate
    (a constant bitrate). rig's cassettes (2026): whisper-1 heard a 32,976-byte MP3 as 5.49 s (usage 6 s, 54 audio
    tokens on the gpt-4o transcribe models), what it plays at 48 kbit/s; the flat 128 kbit/s estimate said 2.06 s."""
    start = 0
    if audio[:3] == b"ID3" and len(audio) >= 10:  # 10 bytes of header, then the tag's size in 7-bit bytes
        start = 10 + sum((byte & 0x7F) << 7 * (3 - index) for index, byte in enumerate(audio[6:10]))
    header = audio[start:start + 4]
    if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return None
    version = {3: 1, 2: 2, 0: 2.5}.get(header[1] >> 3 & 3)
    layer = {3: 1, 2: 2, 1: 3}.get(header[1] >> 1 & 3)
    bitrate_index, rate_index = header[2] >> 4, header[2] >> 2 & 3
    if version is None or layer is None or not 0 < bitrate_index < 15 or rate_index == 3:
        return None
    kbits = _KBITS[(1, layer) if version == 1 else (2, min(layer, 2))][bitrate_index - 1]
    rate = _RATES[version][rate_index]
    samples = 384 if layer == 1 else 1152 if layer == 2 or version == 1 else 576
    size = (12 if layer == 1 else samples // 8) * kbits * 1000 // rate  # bytes in a frame without padding
    first = audio[start:start + size + 1]
    for tag in (b"Xing", b"Info"):
        at = first.find(tag)
        if at != -1 and len(first) >= at + 12 and first[at + 7] & 1:  # its flags say a frame count follows
            return int.from_bytes(first[at + 8:at + 12], "big") * samples / rate
    return (len(audio) - start) * 8 / (kbits * 1000)


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
    """Return the audio tokens of an input_audio part's sound (its base64 `data`): 10 a second, its whole tenths."""
    data = input_audio.get("data") if isinstance(input_audio, dict) else None
    if not isinstance(data, str):
        return 0
    try:
        audio = base64.b64decode(data)
    except (binascii.Error, ValueError):
        return 0
    return math.floor(round(duration(audio) * AUDIO_TOKENS_PER_SECOND, 6))
