"""Reports: the evaluation and the annotator agreement as tables a person reads."""
from __future__ import annotations

from .verdicts import format_verdicts


def _f(value) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def _prf(s: dict | None) -> str:
    return "    -     -     -  " if s is None else f"{_f(s['precision'])} {_f(s['recall'])} {_f(s['f1'])}"


def format_report(report: dict) -> str:
    """The seeds (leave one document out) and the development set (trained on the seeds alone) side by side."""
    seeds, dev = report["seeds"], report.get("dev")
    columns = [seeds] + ([dev] if dev else [])
    lines = [f"seeds: {len(seeds['documents'])} gold documents, trained components scored leave-one-document-out"]
    if dev:
        lines.append(f"dev:   {len(dev['documents'])} unseen articles, everything trained on the seeds alone"
                     + (f"; {dev['gold_spans_lost']} gold spans lost to ingest changes" if dev["gold_spans_lost"] else ""))
    else:
        lines.append("dev:   no development set (annotations/dev/gold/ is empty)")
    head = "                     seeds P     R     F1  " + ("|  dev P     R     F1  " if dev else "")
    lines += ["", head]
    lines.append("sentences        " + " | ".join(_prf(c["sentences"]) for c in columns))
    lines += ["", "Entities (relaxed)   seeds P     R     F1   value |    dev P     R     F1   value | gold seeds/dev"]
    for label in seeds["entities"]:
        cells = [f"{_prf(c['entities'][label]['relaxed'])} {_f(c['entities'][label]['value_accuracy'])}" for c in columns]
        gold = "/".join(str(c["entities"][label]["gold"]) for c in columns)
        lines.append(f"{label:<16}     " + " | ".join(cells) + f" | {gold}")
    lines.append(f"{'all (micro)':<16}     " + " | ".join(f"{_prf(c['entities_micro_relaxed'])}      " for c in columns))
    lines += ["", "Claims               seeds P     R     F1   |    dev P     R     F1   | gold seeds/dev"]
    for predicate in seeds["claims"]:
        if predicate.startswith("_"):
            continue
        gold = "/".join(str(c["claims"][predicate]["gold"]) for c in columns)
        lines.append(f"{predicate:<16}     " + " | ".join(f"{_prf(c['claims'][predicate])}  " for c in columns) + f" | {gold}")
    lines.append(f"{'all (micro)':<16}     " + " | ".join(f"{_prf(c['claims_micro'])}  " for c in columns))
    for c, name in zip(columns, ("seeds", "dev")):
        q = c["claims"]["_qualifiers"]
        lines.append(f"{name}: on {q['matched']} matched claims, modality accuracy {_f(q['modality_accuracy'])}, "
                     f"negation accuracy {_f(q['negation_accuracy'])}")
    if "claim_scorer_ablation" in seeds:
        lines += ["", "Claim scorer ablation (F1)  seeds with  rules only" + ("  |  dev with  rules only" if dev else "")]
        for predicate in seeds["claim_scorer_ablation"]:
            cells = [f"{_f(c['claim_scorer_ablation'][predicate]['with_scorer'])}      "
                     f"{_f(c['claim_scorer_ablation'][predicate]['rules_only'])}" for c in columns]
            lines.append(f"{predicate:<16}             " + "  |  ".join(cells))
    for c, name in zip(columns, ("seeds", "dev")):
        lines += ["", *format_verdicts(c["comparisons"], f"{name}: gold claim pairs, each at its judged time")]
    if dev:
        lines += ["", "dev per publisher        entities P     R     F1   |  claims P     R     F1   (gold claims)"]
        for publisher, scores in dev["per_publisher"].items():
            claims = scores["claims"]
            lines.append(f"{publisher[:24]:<24} {_prf(scores['entities'])} | {_prf(claims)}  ({claims['tp'] + claims['fn']})")
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
