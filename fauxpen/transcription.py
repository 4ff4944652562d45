"""Transcripts of uploaded audio: a canned text, timed by the file's length, in each of the API's formats.

fauxpen hears nothing: every file says TRANSCRIPT (but a silent WAV, which gpt-transcribe hears as no text). How
long the file plays is read from a WAV header or an MP3's frames (sound.mpeg_duration), and estimated from the size
of anything else (128 kbit/s). The real API writes these answers as compact JSON with no newline at the end, or as
text; durations are float32 values widened to doubles (1.7000000476837158), but diarized_json's, the seconds as read
(6.4625, recorded in 2026).
"""
import json
import math
import re
import struct
import zlib

from . import tokens
from .completion import chosen_logprob
from .sound import AUDIO_TOKENS_PER_SECOND

TRANSCRIPT = "Hello, world! This is a test."
TIMESTAMP_TOKEN = 50364  # whisper's <|0.00|>; one more for each 0.02 s

# The languages whisper knows: code (ISO-639-1, and haw, yue) -> the name verbose_json gives.
LANGUAGES = {code: name.replace("_", " ") for code, name in (pair.split(":") for pair in (
    "en:english zh:chinese de:german es:spanish ru:russian ko:korean fr:french ja:japanese pt:portuguese "
    "tr:turkish pl:polish ca:catalan nl:dutch ar:arabic sv:swedish it:italian id:indonesian hi:hindi fi:finnish "
    "vi:vietnamese he:hebrew uk:ukrainian el:greek ms:malay cs:czech ro:romanian da:danish hu:hungarian ta:tamil "
    "no:norwegian th:thai ur:urdu hr:croatian bg:bulgarian lt:lithuanian la:latin mi:maori ml:malayalam cy:welsh "
    "sk:slovak te:telugu fa:persian lv:latvian bn:bengali sr:serbian az:azerbaijani sl:slovenian kn:kannada "
    "et:estonian mk:macedonian br:breton eu:basque is:icelandic hy:armenian ne:nepali mn:mongolian bs:bosnian "
    "kk:kazakh sq:albanian sw:swahili gl:galician mr:marathi pa:punjabi si:sinhala km:khmer sn:shona yo:yoruba "
    "so:somali af:afrikaans oc:occitan ka:georgian be:belarusian tg:tajik sd:sindhi gu:gujarati am:amharic "
    "yi:yiddish lo:lao uz:uzbek fo:faroese ht:haitian_creole ps:pashto tk:turkmen nn:nynorsk mt:maltese "
    "sa:sanskrit lb:luxembourgish my:myanmar bo:tibetan tl:tagalog mg:malagasy as:assamese tt:tatar "
    "haw:hawaiian ln:lingala ha:hausa ba:bashkir jw:javanese su:sundanese yue:cantonese").split())}


def float32(value):
    """Return value as a float32 widened back to a double, as the API writes durations and times."""
    return struct.unpack("f", struct.pack("f", value))[0]


def compact(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode()


class Transcript:
    """The canned transcript of one file, timed by its length, in every response format."""

    def __init__(self, seconds, language=None, prompt_tokens=0, temperature=0.0, task="transcribe", text=TRANSCRIPT):
        self.seconds = seconds
        self.task = task  # or "translate": into English, without usage or words (recorded)
        self.code = language or "en"
        self.language = LANGUAGES.get(self.code, "english")
        self.text = text  # or "" for silence, as gpt-transcribe hears it (recorded)
        self.prompt_tokens = prompt_tokens
        self.temperature = temperature
        self.end = round(max(seconds, 0.02) / 0.02) * 0.02  # whisper times in steps of 0.02 s

    def duration_usage(self):
        return {"type": "duration", "seconds": math.ceil(self.seconds)}

    def token_usage(self, output_tokens):
        """The usage of the gpt-4o transcribe models, keys in the captured order."""
        audio = round(self.seconds * AUDIO_TOKENS_PER_SECOND)
        inputs = audio + self.prompt_tokens
        return {"type": "tokens", "total_tokens": inputs + output_tokens, "input_tokens": inputs,
                "input_token_details": {"text_tokens": self.prompt_tokens, "audio_tokens": audio},
                "output_tokens": output_tokens}

    def languages(self):
        """gpt-transcribe's `languages`: the language the text is in (the one asked for, else English, as the canned
        text is), none for silence (recorded in September 2026)."""
        return [{"code": self.code}] if self.text else []

    def json(self, usage, logprobs=None, languages=None):
        """The json answer, keys in the SDK's order (Transcription): text, languages, logprobs, usage."""
        answer = {"text": self.text}
        if languages is not None:
            answer["languages"] = languages
        if logprobs is not None:
            answer["logprobs"] = logprobs
        if usage:
            answer["usage"] = usage
        return compact(answer)

    def logprobs(self):
        """The text's tokens as `include[]=logprobs` lists them: token, logprob, bytes (the API reference's
        order), split as fauxpen splits any text into the tokens usage counts."""
        pieces = tokens.split_tokens(self.text)
        return [{"token": piece, "logprob": chosen_logprob(piece, position), "bytes": raw}
                for position, (piece, raw) in enumerate(tokens.byte_tokens(pieces))]

    def plain(self):
        return (self.text + "\n").encode()

    def srt(self):
        return f"1\n{_clock(0, ',')} --> {_clock(self.end, ',')}\n{self.text}\n\n\n".encode()

    def vtt(self):
        return f"WEBVTT\n\n{_clock(0, '.')} --> {_clock(self.end, '.')}\n{self.text}\n\n".encode()

    def verbose_json(self, granularities):
        """verbose_json: segments unless only words are asked for, words when they are (captured shapes)."""
        answer = {"task": self.task, "language": self.language, "duration": float32(self.seconds), "text": self.text}
        if self.task == "translate":  # segments, whatever it was asked for
            return compact({**answer, "segments": [self._segment()]})
        if "segment" in granularities or "word" not in granularities:
            answer["segments"] = [self._segment()]
        if "word" in granularities:
            answer["words"] = self._words()
        answer["usage"] = self.duration_usage()
        return compact(answer)

    def _segment(self):
        text = " " + self.text
        encoded = text.encode()
        # No vocabulary here: one made-up token id a word, between the segment's timestamp tokens.
        words = [zlib.crc32(word.encode()) % 50000 + 256 for word in text.split()]
        return {"id": 0, "seek": 0, "start": 0.0, "end": float32(self.end), "text": text,
                "tokens": [TIMESTAMP_TOKEN, *words, TIMESTAMP_TOKEN + round(self.end / 0.02)],
                "temperature": float32(self.temperature), "avg_logprob": -0.2857142857142857,
                "compression_ratio": float32(len(encoded) / len(zlib.compress(encoded))),
                "no_speech_prob": 0.0021363429259508848}

    def _words(self):
        words = [word.strip(".,!?;:") for word in self.text.split()]
        step = self.seconds / len(words)
        return [{"word": word, "start": float32(index * step), "end": float32((index + 1) * step)}
                for index, word in enumerate(words)]

    def _sentences(self):
        """The text's sentences, each with the offset of its first character."""
        return [(match.start(), match.group()) for match in re.finditer(r"[^\s.!?][^.!?]*[.!?]*", self.text)]

    def diarized_segments(self, names=()):
        """diarized_json's segments: a sentence each, with the space before it, timed by its share of the words on
        the 0.05 s grid every recorded segment's times are on, and said by a speaker: the known speakers' names in
        turn, then A, B, ... (the SDK's docstring). Keys and ids (seg_0, seg_1, ...) as openai-dotnet recorded them
        in 2026; the times' rule, and gapless segments, are guesses."""
        sentences = [text for _, text in self._sentences()]
        words = [len(text.split()) for text in sentences]
        labels = list(names) + [chr(ord("A") + index) for index in range(len(sentences))]
        segments, said, start = [], 0, 0.0
        for index, (text, count) in enumerate(zip(sentences, words)):
            said += count
            end = math.floor(round(self.seconds * said / sum(words) * 20, 6)) / 20
            segments.append({"type": "transcript.text.segment", "text": " " + text, "speaker": labels[index],
                             "start": start, "end": end, "id": f"seg_{index}"})
            start = end
        return segments

    def diarized_json(self, usage, names=()):
        """diarized_json: the whole text, the task, the file's duration as read, the speakers' segments and the
        usage, in the order openai-dotnet recorded late in 2026 (earlier 2026 recordings had no task or duration)."""
        return compact({"text": self.text, "task": "transcribe", "duration": self.seconds,
                        "segments": self.diarized_segments(names), "usage": usage})

    def delta_segments(self):
        """The index of the sentence (diarized segment) each stream delta belongs to."""
        starts = [start for start, _ in self._sentences()]
        owners, offset = [], 0
        for delta in self.deltas():
            first = offset + len(delta) - len(delta.lstrip())
            owners.append(sum(1 for start in starts if start <= first) - 1)
            offset += len(delta)
        return owners

    def deltas(self):
        """The text in the pieces a stream sends: a token each, split as usage counts them (the space before a word
        with it, a full stop apart), as a gpt-4o-transcribe stream of September 2026 sends them (ruby_llm's
        cassettes: "Ruby", " is", ..., " happiness", "."); none for silence. A token that holds no whole
        character sends nothing of its own."""
        return [piece for piece in tokens.split_tokens(self.text) if piece]

    def delta_logprobs(self):
        """The logprobs of each delta: the entries of the tokens that end within it (a token across a delta's end
        goes with the delta it ends in)."""
        entries = iter(self.logprobs())
        out, read, written = [], 0, 0
        for delta in self.deltas():
            written += len(delta.encode())
            mine = []
            while read < written:
                entry = next(entries, None)
                if entry is None:
                    break
                read += len(entry["bytes"])
                mine.append(entry)
            out.append(mine)
        return out


def _clock(seconds, separator):
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"
