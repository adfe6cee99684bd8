"""Reports: the evaluation and the annotator agreement as tables a person reads."""
from __future__ import annotations

from .verdicts import format_verdicts


def format_report(report: dict) -> str:
    lines = [f"Gold documents: {len(report['documents'])} (trained components scored leave-one-document-out)", ""]
    s = report["sentences"]
    lines.append(f"Sentences  P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}  (gold {s['tp'] + s['fn']})")
    lines += ["", "Entities    strict P    R     F1  | relaxed P    R     F1  | value acc | gold pred"]
    for label, e in report["entities"].items():
        st, rl = e["strict"], e["relaxed"]
        acc = "   -  " if e["value_accuracy"] is None else f"{e['value_accuracy']:.3f} "
        lines.append(f"{label:<11} {st['precision']:.3f} {st['recall']:.3f} {st['f1']:.3f} |"
                     f" {rl['precision']:.3f} {rl['recall']:.3f} {rl['f1']:.3f} |  {acc}   | {e['gold']:>4} {e['predicted']:>4}")
    m = report["entities_micro_relaxed"]
    lines.append(f"{'all':<11} relaxed micro P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f}")
    lines += ["", "Claims            P     R     F1   gold pred"]
    for predicate, c in report["claims"].items():
        if predicate.startswith("_"):
            continue
        lines.append(f"{predicate:<16} {c['precision']:.3f} {c['recall']:.3f} {c['f1']:.3f} {c['gold']:>5} {c['predicted']:>4}")
    m, q = report["claims_micro"], report["claims"]["_qualifiers"]
    lines.append(f"{'all':<16} {m['precision']:.3f} {m['recall']:.3f} {m['f1']:.3f}")
    fmt = lambda v: "-" if v is None else f"{v:.3f}"  # noqa: E731
    lines.append(f"on {q['matched']} matched claims: modality accuracy {fmt(q['modality_accuracy'])}, "
                 f"negation accuracy {fmt(q['negation_accuracy'])}")
    if "claim_scorer_ablation" in report:
        lines += ["", "Claim scorer (F1)  with  rules only"]
        for predicate, ab in report["claim_scorer_ablation"].items():
            lines.append(f"{predicate:<16} {ab['with_scorer']:.3f} {ab['rules_only']:.3f}")
    lines += ["", *format_verdicts(report["comparisons"], "gold claim pairs, each at its judged time")]
    return "\n".join(lines)


def format_agreement(report: dict) -> str:
    s = report["sentences"]
    lines = [f"sentences F1 {s['f1']:.3f} ({s['tp']} shared, {s['fp'] + s['fn']} differing)",
             "label       strict F1  relaxed F1  value agreement  (pass 1 / pass 2 counts)"]
    for label, e in report["entities"].items():
        value = "-" if e["value_accuracy"] is None else f"{e['value_accuracy']:.3f}"
        lines.append(f"{label:<11} {e['strict']['f1']:.3f}      {e['relaxed']['f1']:.3f}       {value:<6}           "
                     f"({e['gold']} / {e['predicted']})")
    for predicate, c in report["claims"].items():
        if not predicate.startswith("_"):
            lines.append(f"{predicate:<16} F1 {c['f1']:.3f} ({c['gold']} / {c['predicted']})")
    return "\n".join(lines)
