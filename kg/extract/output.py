"""How an extraction is printed: the JSON line `kg extract --format jsonl` writes (read by shared/tools/score.py),
and a table for people."""

from __future__ import annotations

from dataclasses import asdict

from kg.records import Extraction


def extraction_json(ex: Extraction) -> dict:
    return {
        "id": ex.paper.id,
        "title": ex.paper.title,
        "entities": [
            {
                "type": link.type.value,
                "id": link.entity_id,
                "label": link.label,
                "mentions": list(link.surface_forms),
                "role": link.role.value,
                "proposed": link.proposed,
                "confidence": round(link.confidence, 3),
                "components": list(link.components),
                "broader": list(link.broader),
                "evidence": list(link.evidence),
            }
            for link in ex.links
        ],
        "claims": [{k: v for k, v in asdict(c).items() if v is not None} for c in ex.claims],
    }


def extraction_table(ex: Extraction) -> str:
    lines = [ex.paper.title]
    for link in ex.links:
        mark = "*" if link.proposed else " "
        lines.append(f"  {mark} {link.type.value:<8} {link.role.value:<12} {link.label}"
                     f"  [{', '.join(link.surface_forms)}]")
    return "\n".join(lines) + "\n"
