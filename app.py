"""Serve fauxpen locally: `python app.py` listens on 0.0.0.0:8383 (PORT overrides)."""
import os
import signal
import sys

from fauxpen import create_app
from fauxpen.serving import RequestHandler

if __name__ == "__main__":
    # Stopped with SIGTERM (kill, a process manager) as with Ctrl-C: exit through Python, so that what is
    # registered to run at exit (removing the stored completions' file) runs.
    def stop(signum, frame):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not break off the clean-up
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    create_app().run(host=os.environ.get("HOST", "0.0.0.0"), port=int(os.environ.get("PORT", "8383")),
                     threaded=True, request_handler=RequestHandler)  # its refusals in the envelope
