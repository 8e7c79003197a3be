"""What happens when a day has passed: the texts and sources that overdue items add.

Legal references:
- Code of Administrative Offences of the Russian Federation, art. 18.8: breaking the rules of stay
  (staying past the last day, living without migration registration) — a fine, with or without
  administrative expulsion.
- Federal Law No. 248-FZ of 8 August 2024, in force 5 February 2025: officials of the Ministry of
  Internal Affairs may order administrative expulsion without a court.
"""

from __future__ import annotations

from .model import Context, Request, Text


def breach_of_stay(request: Request, ctx: Context) -> tuple[tuple[Text, ...], tuple[str, ...]]:
    """The texts on a breach of the rules of stay (as on ``today``) and the parameters they rest on."""
    ctx.lookup("sanctions.breach_of_stay_rules", request.today)
    texts = [Text("overdue.breach_of_stay")]
    sources = ["sanctions.breach_of_stay_rules"]
    expulsion = ctx.lookup("sanctions.expulsion_by_mvd", request.today)
    if expulsion.value is True:
        texts.append(Text("overdue.expulsion_by_mvd", {"since": expulsion.start}))
        sources.append("sanctions.expulsion_by_mvd")
    return tuple(texts), tuple(sources)
