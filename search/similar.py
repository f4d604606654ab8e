"""Articles telling the same story as one article: its story cluster, then near neighbours."""

from __future__ import annotations

from kcsearch.index.engine import Row
from kcsearch.index.schema import ARTICLE

from . import syntax as sx
from .results import Similar
from .rows import display_title, stored_date
from .session import Session, pinned

SIMILAR_CANDIDATES = 50


@pinned
def similar(session: Session, doc_id: str) -> list[Similar]:
    """Articles telling the same story as `doc_id`: its cluster, then near neighbours."""
    from kcsearch.index import dedup  # only this command compares signatures

    f = session.s.get(doc_id)
    if not f or f.get("kind") != ARTICLE:
        return []
    sig = dedup.from_stored(f.get("signature") or "")
    cluster = f.get("cluster") or doc_id
    found: dict[str, Row] = {}
    for _score, g in session.s.search(sx.Term("cluster", cluster), limit=None).rows:
        found[g["id"]] = g
    keys = dedup.bands(sig) if sig else []
    if keys:
        q = sx.or_(*(sx.Term("lsh", k) for k in keys))
        for _score, g in session.s.search(q, sx.Term("kind", ARTICLE), SIMILAR_CANDIDATES).rows:
            found.setdefault(g["id"], g)
    found.pop(doc_id, None)
    mine = dedup.pack(sig)
    out = []
    for oid, g in found.items():
        score = dedup.overlap(mine, dedup.pack_stored(g.get("signature") or "")) if sig else 0.0
        same = (g.get("cluster") or oid) == cluster
        if same or score >= dedup.CLUSTER_THRESHOLD / 2:
            out.append(Similar(oid, display_title(g.get("title"), g.get("body") or ""),
                               g.get("outlet") or None, stored_date(g.get("date")), round(score, 3),
                               same))
    return sorted(out, key=lambda x: (not x.same_cluster, -x.overlap, x.id))
