"""Write the canned audio fauxpen answers with: half a second of silence in each format the API speaks.

    python tools/make_silence.py    (needs ffmpeg: apt-get install ffmpeg)

The real API speaks 24 kHz mono; its `pcm16` is raw signed 16-bit little-endian samples, `opus` is Ogg Opus
and `aac` is ADTS. The files are data of the package (fauxpen/data/audio): the server does not need ffmpeg.
"""
import subprocess
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "fauxpen" / "data" / "audio"
# format -> the ffmpeg output options that write it
FORMATS = {
    "wav": ["-c:a", "pcm_s16le", "-f", "wav"],
    "pcm16": ["-c:a", "pcm_s16le", "-f", "s16le"],
    "mp3": ["-c:a", "libmp3lame", "-b:a", "32k", "-f", "mp3"],
    "opus": ["-c:a", "libopus", "-b:a", "24k", "-f", "ogg"],
    "aac": ["-c:a", "aac", "-b:a", "32k", "-f", "adts"],
    "flac": ["-c:a", "flac", "-f", "flac"],
}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, options in FORMATS.items():
        subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "anullsrc=r=24000:cl=mono",
                        "-t", "0.5", "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:a", "+bitexact",
                        *options, str(OUT / f"silence.{name}")], check=True)
        print(name, (OUT / f"silence.{name}").stat().st_size, "bytes")


if __name__ == "__main__":
    main()
