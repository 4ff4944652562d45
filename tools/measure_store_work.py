"""Measure the store work of vector stores and file copies, in process (dev only): run from the repository's root,
`python tools/measure_store_work.py [MB]`.

- A text file of some 5 MB given to a vector store: the create call's time, how long until the store is completed
  (its chunks cut by the worker's thread, polled every 50 ms), the longest poll, and three searches.
- A file of MB megabytes (100 by default) copied into a batch's parts (store.copy_to_parts), into a container's
  file (store.container_file_of) and from those parts into a file (store.save_file_of_parts), while another thread
  writes a small record every 5 ms: each copy's time, and the longest one of those writes waited.
"""
import io
import os
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.getcwd())

from fauxpen import create_app, store  # noqa: E402  (the repository's, from its root)


def vector_store_search():
    text = "".join(f"Line {n}: the quick brown fox{' jumps' * (n % 3)} over the lazy dog, caf\u00e9 \u65e5\u672c.\n"
                   for n in range(70_000)).encode()
    client = create_app({"TESTING": True, "FAUXPEN_STORE_PATH": tempfile.mkdtemp() + "/store.sqlite",
                         "FAUXPEN_VECTOR_STORE_SECONDS": 0}).test_client()
    file_id = client.post("/v1/files", data={"purpose": "assistants",
                                             "file": (io.BytesIO(text), "big.txt")}).get_json()["id"]
    started = time.perf_counter()
    made = client.post("/v1/vector_stores", json={"file_ids": [file_id]}).get_json()
    print(f"{len(text) / 1e6:.1f} MB text: create {time.perf_counter() - started:.3f} s")
    started, polls, longest = time.perf_counter(), 0, 0
    while True:
        poll = time.perf_counter()
        status = client.get(f"/v1/vector_stores/{made['id']}").get_json()["status"]
        longest, polls = max(longest, time.perf_counter() - poll), polls + 1
        if status == "completed":
            break
        time.sleep(0.05)
    print(f"completed after {time.perf_counter() - started:.2f} s ({polls} polls, the longest {longest:.3f} s)")
    for n in range(3):
        started = time.perf_counter()
        found = client.post(f"/v1/vector_stores/{made['id']}/search", json={"query": "fox jumps"}).get_json()
        print(f"search {n}: {time.perf_counter() - started:.3f} s, {len(found['data'])} results")


def copies(megabytes):
    path = tempfile.mkdtemp() + "/store.sqlite"
    store.save_file(path, {"id": "file-a"}, os.urandom(1 << 20) * megabytes)

    def measure(name, work):
        stop, waits = threading.Event(), []

        def writer():
            n = 0
            while not stop.is_set():
                started = time.perf_counter()
                store.save_record(path, "batches", f"b{n % 10}", {"n": n})
                waits.append(time.perf_counter() - started)
                n += 1
                time.sleep(0.005)
        thread = threading.Thread(target=writer)
        thread.start()
        try:
            time.sleep(0.05)
            started = time.perf_counter()
            work()
            took = time.perf_counter() - started
        finally:
            stop.set()
            thread.join()
        print(f"{name}: {took:.2f} s; {len(waits)} writes, the longest waited {max(waits) * 1000:.0f} ms")
    measure(f"copy_to_parts ({megabytes} MB)", lambda: store.copy_to_parts(path, "file-a", "batch_x:input"))
    measure("container_file_of", lambda: store.container_file_of(path, {"id": "cfile_1", "container_id": "cntr_1"},
                                                                 "file-a"))
    measure("save_file_of_parts", lambda: store.save_file_of_parts(path, {"id": "file-c"}, "batch_x:input"))


if __name__ == "__main__":
    vector_store_search()
    copies(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
