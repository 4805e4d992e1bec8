"""The verdict on a case: ready to publish, needs review, or blocked, and why.

- **blocked**: a file was refused (it cannot be published as it is), a photo shows a face
  while the policy blocks faces, or the re-identification risk is high;
- **needs review**: the risk calls for review (or could not be assessed), DICOM images may
  carry burned-in text no one has cleared, a finding was made with low confidence, an
  image could not be checked for faces or burned-in text;
- **ready to publish** otherwise.

The verdict is about the scrubbed case. A check of an unscrubbed case gets the same
verdict, with "run caseguard scrub" first on the list of what is left to do.
"""

from __future__ import annotations

from caseguard.case.report import CaseReport, Status, Verdict

__all__ = ["LOW_CONFIDENCE", "decide"]

# Below this a finding is a guess worth a look: either a missed clinical word or a real name.
LOW_CONFIDENCE = 0.6


def decide(report: CaseReport) -> Verdict:
    """The verdict on a case report (pure: reads the report, changes nothing)."""
    blocked: list[str] = []
    review: list[str] = []
    todo: list[str] = []

    if not report.scrubbed:
        pending = _pending(report)
        if pending:
            todo.append(f"Run `caseguard scrub` on the case: {pending} will be replaced.")

    for doc in report.failures:
        blocked.append(f"{doc.source} was refused: {doc.error}")
        todo.append(f"Remove {doc.source} from the case, or fix it ({doc.error_kind}).")

    for doc in report.documents_of("dicom"):
        if "face" in doc.flags:
            reason = next((n for n in doc.details.get("notes", []) if "face" in n), "a face")
            blocked.append(f"{doc.source}: {reason}")
            todo.append(f"Remove {doc.source} from the case: it is a facial photograph.")

    for source, outcome in report.images.items():
        result = outcome.result
        if result.blocked_reason:
            blocked.append(f"{source}: {result.blocked_reason}")
            todo.append(f"Remove or crop {source} ({result.blocked_reason}).")
            continue
        if not outcome.complete:
            review.append(f"{source} was {outcome.note or 'not fully checked'}")
            todo.append(f"Look at {source} for faces, name badges and burned-in text.")
        pixels = [f for f in result.findings if f.box is not None]
        if pixels:
            review.append(f"{source}: {len(pixels)} area(s) of identifying pixels were found")
            todo.append(f"Check that the masked areas of {source} cover everything.")

    risk = report.risk
    if risk is not None:
        if risk.level == "high":
            blocked.append(f"re-identification risk is high (score {risk.score:.2f})")
            todo.append("Rewrite what makes the patient recognisable (see the risk section); "
                        "until then publication waits for a moderator.")
        elif risk.level == "review" or not risk.available:
            review.append(risk.note or f"re-identification risk needs review "
                                        f"(score {risk.score:.2f})")
            todo.append("Read the risk section and generalise what could point to the "
                        "patient.")
        for factor in risk.factors:
            if factor.get("suggestion"):
                todo.append(str(factor["suggestion"]))

    for series in report.series:
        if series.face_reconstructable:
            review.append(f"{series.label}: {series.face_reconstructable}")
            todo.append(f"Deface {series.label} (remove the face from the volume) or share only "
                        "the slices that do not show the face.")
        if series.pixel_check:
            review.append(f"{series.label}: {series.pixel_check} DICOM file(s) may carry "
                          "burned-in text")
            todo.append(f"Look at every image of {series.label} for burned-in names, dates "
                        "or numbers, and crop or mask them.")

    low = [(d.source, f) for d in report.documents for f in d.findings
           if f.confidence < LOW_CONFIDENCE]
    if low:
        review.append(f"{len(low)} finding(s) made with low confidence")
        todo.append("Check the findings marked as low confidence: confirm identifiers, and "
                    "restore clinical words that were taken for names.")

    if blocked:
        return Verdict(Status.BLOCKED, blocked + review, _unique(todo))
    if review:
        return Verdict(Status.REVIEW, review, _unique(todo))
    if report.scrubbed:
        reasons = ["no identifying information is left and the risk of re-identification is low"]
    else:
        reasons = ["once scrubbed, no identifying information is left and the risk of "
                   "re-identification is low"]
    return Verdict(Status.READY, reasons, _unique(todo))


def _pending(report: CaseReport) -> str:
    parts = []
    findings = len(report.findings)
    if findings:
        parts.append(f"{findings} identifier(s) in text and file names")
    attributes = sum(len(d.details.get("changes", [])) for d in report.documents_of("dicom"))
    if attributes:
        parts.append(f"{attributes} DICOM attribute(s)")
    images = sum(bool(o.result.findings) for o in report.images.values())
    if images:
        parts.append(f"identifying data in {images} image(s)")
    return ", ".join(parts)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
