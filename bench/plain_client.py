"""A plain TMAPI client, Python 3 stdlib only, as the yardstick for the product's CPU a request: N worker threads,
each with one keep-alive connection, page through category-items queries (20 items a page, as long as
has_next_page says so, up to max-pages), build the same CSV row of every item as bench/pipeline_reference.py and
write one CSV with BOM per job. No state store, no retries: the least a client doing this job must spend.

Usage: plain_client.py BASE_URL WORKERS MAX_PAGES OUT_DIR FIRST_CAT_ID:QUERIES [FIRST_CAT_ID:QUERIES ...]
The token comes from TMAPI_API_TOKEN. One line a job: requests, process CPU (utime + stime of /proc/self/stat), wall.
"""
import csv
import http.client
import json
import os
import queue
import sys
import threading
import time
from datetime import datetime, timezone
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pipeline_reference import COLUMNS, row  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_ms():
    fields = open("/proc/self/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000.0 / TICKS


def fetch_query(conn, token, cat_id, max_pages, fetched):
    rows, requests = [], 0
    for page in range(1, max_pages + 1):
        params = urlencode({"cat_id": cat_id, "page": page, "page_size": 20, "language": "en", "apiToken": token})
        conn.request("GET", "/1688/category/items/v2?" + params)
        answer = conn.getresponse()
        body = answer.read()
        requests += 1
        data = json.loads(body)
        if answer.status != 200 or data.get("code") != 200:
            raise RuntimeError("cat_id %s page %d: HTTP %d, code %s" % (cat_id, page, answer.status, data.get("code")))
        for item in data["data"]["items"]:
            r = row(item, fetched)
            r["query"] = str(cat_id)
            rows.append(r)
        if not data["data"].get("has_next_page"):
            break
    return rows, requests


def job(base, token, workers, max_pages, out, first, count):
    ids = queue.Queue()
    for cat_id in range(first, first + count):
        ids.put(cat_id)
    results, counts = {}, []
    fetched = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    def work():
        conn = http.client.HTTPConnection(base.hostname, base.port, timeout=60)
        made = 0
        try:
            while True:
                try:
                    cat_id = ids.get_nowait()
                except queue.Empty:
                    break
                results[cat_id], n = fetch_query(conn, token, cat_id, max_pages, fetched)
                made += n
        finally:
            conn.close()
            counts.append(made)

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with open(os.path.join(out, "job-%d.csv" % first), "w", encoding="utf-8", newline="") as f:
        f.write("\ufeff")
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        for cat_id in sorted(results):
            for r in results[cat_id]:
                writer.writerow({k: ("" if v is None else v) for k, v in r.items()})
    return sum(counts)


def main():
    base, workers, max_pages, out = urlsplit(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    token = os.environ["TMAPI_API_TOKEN"]
    os.makedirs(out, exist_ok=True)
    for n, spec in enumerate(sys.argv[5:], 1):
        first, count = (int(x) for x in spec.split(":"))
        cpu, wall = cpu_ms(), time.perf_counter()
        requests = job(base, token, workers, max_pages, out, first, count)
        cpu, wall = cpu_ms() - cpu, time.perf_counter() - wall
        print("job %d: requests %d, cpu_ms %.0f, wall_s %.2f" % (n, requests, cpu, wall), flush=True)


if __name__ == "__main__":
    main()
