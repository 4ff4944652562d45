"""Serve fauxpen locally: `python app.py` listens on 0.0.0.0:8383 (PORT overrides)."""
import os

from fauxpen import create_app

if __name__ == "__main__":
    create_app().run(host=os.environ.get("HOST", "0.0.0.0"), port=int(os.environ.get("PORT", "8383")),
                     threaded=True)
