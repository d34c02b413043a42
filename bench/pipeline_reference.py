"""Reference implementation of the same local pipeline, Python 3 stdlib only: parse the pages, build the §7 row
of every item (the same rules the bundle applies to the category-items shape), keep those at 5 CNY or less, write
the CSV with BOM. Prints items/s, best of N rounds."""
import csv
import io
import json
import re
import sys
import time
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation

COLUMNS = ["source", "query", "item_id", "title", "title_origin", "product_url", "image_url", "price", "sale_price",
           "origin_price", "currency", "moq", "sales", "sales_90d", "sales_30d", "repurchase_rate",
           "shop_repurchase_rate", "shop_name", "shop_url", "seller_login_id", "province", "city", "free_shipping",
           "ship_in_48h", "super_factory", "powerful_seller", "shop_years", "shop_score", "category_path",
           "category_name", "created_time", "fetched_at"]


def dec(v):
    if v is None or v == "":
        return None
    try:
        return Decimal(str(v).strip())
    except InvalidOperation:
        return None


def count(v):
    if v is None:
        return None
    m = re.match(r"^\s*(\d+)", str(v))
    return int(m.group(1)) if m else None


def percent(v):
    if v is None or v == "":
        return None
    d = dec(str(v).replace("%", ""))
    return None if d is None else d / 100


def text(v):
    s = "" if v is None else str(v)
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s


def flag(v):
    return "" if v is None else ("true" if v else "false")


def row(item, fetched):
    pi = item.get("price_info") or {}
    si = item.get("sale_info") or {}
    di = item.get("delivery_info") or {}
    shop = item.get("shop_info") or {}
    area = di.get("area_from") or []
    price = dec(pi.get("sale_price")) or dec(item.get("price")) or dec(pi.get("show_price"))
    img = str(item.get("img") or "")
    img = re.sub(r"^(https?:)?/+", "https://", img) if img else ""
    item_id = str(item.get("item_id"))
    return {
        "source": "category-items", "query": "1031922", "item_id": item_id, "title": text(item.get("title")),
        "title_origin": text(item.get("title_origin")),
        "product_url": item.get("product_url") or "https://detail.1688.com/offer/%s.html" % item_id, "image_url": img,
        "price": price, "sale_price": dec(pi.get("sale_price")), "origin_price": dec(pi.get("origin_price")),
        "currency": item.get("currency") or "CNY", "moq": count(item.get("moq") or item.get("quantity_begin")),
        "sales": count(si.get("sale_quantity_90days")), "sales_90d": count(si.get("sale_quantity_90days")),
        "sales_30d": count(si.get("sale_quantity_30days")), "repurchase_rate": percent(item.get("item_repurchase_rate")),
        "shop_repurchase_rate": percent(shop.get("shop_repurchase_rate")), "shop_name": text(shop.get("company_name")),
        "shop_url": shop.get("shop_url") or "", "seller_login_id": shop.get("login_id") or "",
        "province": area[0] if len(area) > 0 else "", "city": area[1] if len(area) > 1 else "",
        "free_shipping": flag(di.get("free_shipping")), "ship_in_48h": flag(item.get("ship_in_48h")),
        "super_factory": flag(shop.get("is_super_factory")), "powerful_seller": flag(shop.get("is_powerful_seller")),
        "shop_years": shop.get("shop_years"), "shop_score": dec((shop.get("score_info") or {}).get("composite_score")),
        "category_path": "/".join(item.get("category_path") or []), "category_name": text(item.get("category_name")),
        "created_time": "", "fetched_at": fetched,
    }


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "bench/out/pages.json"
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    raw = open(path, "rb").read()
    best, items, kept = 0.0, 0, 0
    for _ in range(rounds):
        start = time.perf_counter()
        pages = json.loads(raw)
        fetched = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        rows = [row(item, fetched) for page in pages for item in page["data"]["items"]]
        cheap = [r for r in rows if r["price"] is not None and r["price"] <= 5]
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        for r in cheap:
            writer.writerow({k: ("" if v is None else v) for k, v in r.items()})
        out.getvalue().encode("utf-8")
        items, kept = len(rows), len(cheap)
        best = max(best, items / (time.perf_counter() - start))
    print("python   %10s items/s (best of %d rounds, %d items, %d kept)" % ("{:,.0f}".format(best), rounds, items, kept))


if __name__ == "__main__":
    main()
