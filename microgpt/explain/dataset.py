"""Section 1, the dataset: what the model learns from, in a few numbers."""
from collections import Counter

MAX_QUERY = 40  # characters in a search
MAX_MATCHES = 12  # names listed as starting with the query
MAX_BUCKETS = 64  # length histogram: one bar per length up to this, then one "longer" bar
MAX_SHOWN = 64  # characters of a document quoted in a reply (a line can be 2 MiB long)


def length_histogram(docs, cap=MAX_BUCKETS):
    """[[length, count]] for every length from 1 to min(longest, cap), then [f"{cap + 1}+",
    count] when some documents are longer: at most cap + 1 buckets whatever the data."""
    counts = [0] * (cap + 2)  # index cap + 1 counts every longer document
    for d in docs:
        counts[min(len(d), cap + 1)] += 1
    longest = max(len(d) for d in docs)
    buckets = [[n, counts[n]] for n in range(1, min(longest, cap) + 1)]
    if longest > cap:
        buckets.append([f"{cap + 1}+", counts[cap + 1]])
    return buckets


def shorten(doc, limit=MAX_SHOWN):
    """A document as quoted in a reply: its first `limit` characters, then an ellipsis."""
    return doc if len(doc) <= limit else doc[:limit] + "…"


def dataset_summary(docs):
    """Count, lengths and first letters of the documents (the names)."""
    firsts = Counter(d[0] for d in docs)
    chars = sorted(set("".join(docs)))
    return {
        "count": len(docs),
        "distinct": len(set(docs)),
        "chars": chars,
        "mean_length": sum(len(d) for d in docs) / len(docs),
        "shortest": shorten(min(docs, key=len)),
        "longest": shorten(max(docs, key=len)),
        # every length from 1 on, so the histogram has no gaps; one "longer" bar at the end
        "lengths": length_histogram(docs),
        "first_letters": [[c, firsts[c]] for c in sorted(firsts)],
        "examples": [shorten(d) for d in docs[:8]],
    }


def dataset_search(docs, doc_set, query):
    """Is `query` one of the documents, and which documents start with it?"""
    if not isinstance(query, str):
        raise ValueError("the search must be text")
    query = query.strip()
    if not query:
        return {"query": "", "found": False, "starts_with": 0, "matches": []}
    if len(query) > MAX_QUERY:
        return {"query": query[:MAX_QUERY], "problem": {
            "key": "too_long", "max": MAX_QUERY,
            "message": f"a search can be at most {MAX_QUERY} characters long"}}
    starting = {d for d in doc_set if d.startswith(query)}  # a name can be listed twice
    return {"query": query, "found": query in doc_set, "starts_with": len(starting),
            "matches": [shorten(d) for d in
                        sorted(starting, key=lambda d: (len(d), d))[:MAX_MATCHES]]}
