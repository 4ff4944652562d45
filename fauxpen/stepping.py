"""Work that grows with a client's data (a batch's lines, an eval run's items), done a bounded step at a time: the
first step in the call that makes it, the rest by a thread of the worker, which rests between steps as long as
each took (the work takes at most half of the worker). A step is claimed for LEASE seconds in the kept record's
`pending`; a worker that took none for LEASE seconds is taken to have stopped, and another takes the work over.
"""
import logging
import threading
import time

LEASE = 60
log = logging.getLogger("fauxpen")


def claim(pending, now, lease=LEASE):
    """Claim a kept record's pending step for lease seconds: a copy of pending, or False while another holds it."""
    if pending["claimed_until"] > now:
        return False
    pending.update(claimed_until=now + lease, beat=now)
    return dict(pending)


def stalled(pending, now, lease=LEASE):
    """Tell whether no worker has stepped this pending work for lease seconds (its worker stopped)."""
    return pending["beat"] < now - lease


class Runner:
    """A thread of this process taking one step (step(app, path, key), which returns whether more are left) of each
    of its jobs in turn, resting between steps as long as each took, until none is left."""

    def __init__(self, name, step):
        self.name, self.step = name, step
        self.jobs, self.lock, self.thread = set(), threading.Lock(), None

    def later(self, app, path, key):
        """Have the thread step this work to its end."""
        with self.lock:
            self.jobs.add((app, path, key))
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name=self.name, daemon=True)
                self.thread.start()

    def _run(self):
        while True:
            with self.lock:
                if not self.jobs:
                    self.thread = None
                    return
                jobs = list(self.jobs)
            for job in jobs:
                started = time.perf_counter()
                try:
                    more = self.step(*job)
                except Exception:  # a store removed under a server that exits, say
                    log.warning("%s: %s not stepped", self.name, job[2], exc_info=True)
                    more = False
                if not more:
                    with self.lock:
                        self.jobs.discard(job)
                time.sleep(max(time.perf_counter() - started, 0.01))
