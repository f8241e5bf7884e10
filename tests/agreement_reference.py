"""Independent references for `journey agreement`: Krippendorff's alpha from the `krippendorff`
package and Cohen's kappa (quadratic weights) from scikit-learn, on JSON read from stdin.

{"mode": "cases", "cases": [{"ratings": [[v|null, ...], ...], "categories": k}, ...]}
  -> [{"nominal": a|null, "ordinal": a|null, "kappa": k|null}, ...] (kappa: the first two raters)
{"mode": "folder", "sessions_dir": DIR, "stages": [ids], "gauge": {id: stage|null}, "codes": [ids]}
  -> the figures `journey agreement --json` gives, worked out here from the session files.
"""

import glob
import json
import math
import os
import re
import sys
import warnings
from datetime import datetime

import krippendorff
import numpy as np
from sklearn.metrics import cohen_kappa_score


def finite(value):
    value = float(value)
    return None if math.isnan(value) or math.isinf(value) else value


def alpha(ratings, categories, level):
    if not ratings:
        return None
    data = np.array([[np.nan if v is None else v for v in row] for row in ratings], dtype=float)
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return finite(
                krippendorff.alpha(
                    reliability_data=data,
                    value_domain=list(range(categories)),
                    level_of_measurement=level,
                )
            )
    except ValueError:
        return None


def kappa(pairs, categories):
    if not pairs:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return finite(
            cohen_kappa_score(
                [a for a, _ in pairs],
                [b for _, b in pairs],
                labels=list(range(categories)),
                weights="quadratic",
            )
        )


def both(x, y):
    return [(a, b) for a, b in zip(x, y) if a is not None and b is not None]


def cases(inp):
    out = []
    for case in inp["cases"]:
        r, k = case["ratings"], case["categories"]
        out.append(
            {
                "nominal": alpha(r, k, "nominal"),
                "ordinal": alpha(r, k, "ordinal"),
                "kappa": kappa(both(r[0], r[1]), k),
            }
        )
    return out


def when(at):
    return datetime.fromisoformat(re.sub(r"(\.\d{6})\d+", r"\1", at))


def latest(session, stages):
    chosen = {}
    for p in session.get("placements", []):
        key = (when(p["at"]), p["stage"])
        if p["by"] not in chosen or key >= chosen[p["by"]][0]:
            chosen[p["by"]] = (key, p)
    return {by: stages.index(p["stage"]) for by, (_, p) in chosen.items() if p["stage"] in stages}


def coding(session, placed):
    reviewers, applied, segments = set(placed), {}, []
    for answer in session.get("answers", {}).values():
        texts = {}
        for c in answer.get("coded", []):
            by = c.get("by")
            if by is None:
                continue
            reviewers.add(by)
            applied.setdefault(by, set()).update(c["codes"])
            texts.setdefault(c["text"], {}).setdefault(by, set()).update(c["codes"])
        segments.extend(t for t in texts.values() if len(t) >= 2)
    return reviewers, applied, segments


def folder(inp):
    stages, k = inp["stages"], len(inp["stages"])
    units, placed_once = [], 0
    for path in sorted(glob.glob(os.path.join(inp["sessions_dir"], "*.json"))):
        with open(path, encoding="utf-8") as f:
            s = json.load(f)
        placed = latest(s, stages)
        placed_once += len(placed) == 1
        if len(placed) >= 2:
            units.append((s, placed))
    researchers = sorted({r for _, placed in units for r in placed})
    ratings = [[placed.get(r) for _, placed in units] for r in researchers]
    gauge = [inp["gauge"].get(s["id"]) for s, _ in units]
    gauge = [stages.index(g) if g in stages else None for g in gauge]
    same = total = 0
    for _, placed in units:
        values = list(placed.values())
        for i in range(len(values)):
            for j in range(i + 1, len(values)):
                total += 1
                same += values[i] == values[j]
    names, rows = researchers + ["gauge"], ratings + [gauge]
    pairs = []
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            common = both(rows[i], rows[j])
            if common:
                agree = sum(a == b for a, b in common)
                pairs.append(
                    {
                        "a": names[i],
                        "b": names[j],
                        "n": len(common),
                        "percent": 100.0 * agree / len(common),
                        "kappa": kappa(common, k),
                    }
                )
    return {
        "sessions": len(units),
        "placed_once": placed_once,
        "researchers": researchers,
        "stage": {
            "percent": 100.0 * same / total if total else None,
            "alpha": alpha(ratings, k, "ordinal"),
            "alpha_with_gauge": alpha(rows, k, "ordinal"),
            "pairs": pairs,
        },
        "codes": codes(inp, units),
    }


def codes(inp, units):
    coded = [coding(s, placed) for s, placed in units]
    used = set().union(*(set().union(*a.values()) for _, a, _ in coded)) if coded else set()
    order = [c for c in inp["codes"] if c in used] + sorted(used - set(inp["codes"]))
    raters = sorted(set().union(*(r for r, _, _ in coded))) if coded else []
    segments = [seg for _, _, segs in coded for seg in segs]
    out = []
    for code in order:
        by_session = [
            [(int(code in a.get(r, set())) if r in rev else None) for rev, a, _ in coded]
            for r in raters
        ]
        by_segment = [[(int(code in seg[r]) if r in seg else None) for seg in segments] for r in raters]
        out.append(
            {
                "code": code,
                "sessions": {"units": len(coded), "alpha": alpha(by_session, 2, "nominal")},
                "segments": {
                    "units": len(segments),
                    "alpha": alpha(by_segment, 2, "nominal") if segments else None,
                },
            }
        )
    return out


def main():
    inp = json.load(sys.stdin)
    out = cases(inp) if inp["mode"] == "cases" else folder(inp)
    json.dump(out, sys.stdout)


main()
