"""Write the canned audio fauxpen answers with: half a second of silence in each format the API speaks.

    python tools/make_silence.py    (needs ffmpeg: apt-get install ffmpeg)

The real API speaks 24 kHz mono; its `pcm16` is raw signed 16-bit little-endian samples, `opus` is Ogg Opus
and `aac` is ADTS. The files are data of the package (fauxpen/data/audio): the server does not need ffmpeg.
`speech.mp3` is the speech endpoint's MP3 as its encoder writes it: LAME 3.100 frames at a constant 128 kbit/s
(MPEG-2 layer III, 24 kHz mono, the original bit set), with no ID3 tag and no Info frame before them (rig's
cassettes of /v1/audio/speech, tts-1 and gpt-4o-mini-tts, September 2026: their silent frames are
`fff3c4c4 0000000348 00000000 LAME3.100` then zeros to the frame's end; ffmpeg's LAME fills the rest of the frame
with `U` and its name again, which api_fill zeroes, so that each of this file's frames is the recorded one).
"""
import subprocess
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "fauxpen" / "data" / "audio"
# format (the file's name after `silence.`, or a whole name with a dot) -> the ffmpeg output options that write it
FORMATS = {
    "wav": ["-c:a", "pcm_s16le", "-f", "wav"],
    "pcm16": ["-c:a", "pcm_s16le", "-f", "s16le"],
    "mp3": ["-c:a", "libmp3lame", "-b:a", "32k", "-f", "mp3"],
    "speech.mp3": ["-c:a", "libmp3lame", "-b:a", "128k", "-write_xing", "0", "-id3v2_version", "0", "-f", "mp3"],
    "opus": ["-c:a", "libopus", "-b:a", "24k", "-f", "ogg"],
    "aac": ["-c:a", "aac", "-b:a", "32k", "-f", "adts"],
    "flac": ["-c:a", "flac", "-f", "flac"],
}


def file_name(name):
    """The file a format's silence is written to: silence.<format>, or the name itself when it has a dot."""
    return name if "." in name else f"silence.{name}"


MP3_FRAME = 384  # bytes of an MPEG-2 layer III frame at 128 kbit/s and 24 kHz, without padding
LAME_NAME = b"LAME3.100"


def api_fill(raw):
    """Zero what follows the encoder's name in each frame of a silent MP3, as the API's silent frames have it."""
    frames = [raw[start:start + MP3_FRAME] for start in range(0, len(raw), MP3_FRAME)]
    out = []
    for frame in frames:
        end = frame.find(LAME_NAME) + len(LAME_NAME) if LAME_NAME in frame else len(frame)
        out.append(frame[:end] + bytes(len(frame) - end))
    return b"".join(out)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, options in FORMATS.items():
        subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "anullsrc=r=24000:cl=mono",
                        "-t", "0.5", "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:a", "+bitexact",
                        *options, str(OUT / file_name(name))], check=True)
        if name == "speech.mp3":
            path = OUT / file_name(name)
            path.write_bytes(api_fill(path.read_bytes()))
        print(name, (OUT / file_name(name)).stat().st_size, "bytes")


if __name__ == "__main__":
    main()
