"""Write the canned pictures fauxpen answers gpt-image-1 with in JPEG and WebP: plain grey, one a size.

    python tools/make_images.py    (needs ffmpeg: apt-get install ffmpeg)

PNG pictures are drawn by fauxpen itself (fauxpen/images.py); JPEG and WebP need an encoder, so they are data
of the package (fauxpen/data/images): the server does not need ffmpeg. fauxpen serves the WebP files as they
are; of the JPEGs it reads the 1024x1024 one, whose blocks are all alike, to write a JPEG of any size (the other
two are what it must write at their sizes, which the tests check).
"""
import subprocess
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "fauxpen" / "data" / "images"
SIZES = ("1024x1024", "1024x1536", "1536x1024")  # what gpt-image-1 draws
FORMATS = {"jpeg": ["-q:v", "5", "-f", "image2", "-c:v", "mjpeg"], "webp": ["-f", "webp", "-c:v", "libwebp"]}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        for name, options in FORMATS.items():
            path = OUT / f"grey-{size}.{name}"
            subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", f"color=c=0x808080:s={size}",
                            "-frames:v", "1", "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact",
                            *options, str(path)], check=True)
            print(path.name, path.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
