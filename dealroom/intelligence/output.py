"""A model's structured answer, checked before use and turned into the engine's own types. Pure Python.

The score, its factors and churn risk stay the engine's (calibrated, comparable across deals, cheap); the
model writes the language: ranked actions, talking points and drafts. Anything off the schema is refused
whole, so a half-valid answer never mixes with the engine's."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from dealroom.domain.intelligence import FollowUpDraft, Insights, NextBestAction, TalkingPoint
from dealroom.intelligence.schema import problems


class MalformedOutput(ValueError):
    """The model's answer does not fit the schema it was given."""


def checked(answer: Any, *, schema: dict[str, Any]) -> dict[str, Any]:
    found = problems(answer, schema)
    if found:
        raise MalformedOutput("; ".join(found[:5]))
    assert isinstance(answer, dict)
    triggers = [d["trigger"] for d in answer.get("drafts", [])]
    if len(set(triggers)) != len(triggers):
        raise MalformedOutput("$.drafts: one draft per trigger")
    return answer


def merged(engine: Insights, answer: dict[str, Any]) -> Insights:
    """The engine's insights with the model's language in place of the engine's."""
    count = len(answer["next_best_actions"])
    actions = tuple(
        NextBestAction(kind="model", title=a["title"].strip(), reason=a["reason"].strip(),
                       evidence=tuple(e.strip() for e in a["evidence"]), priority=count - n,
                       role=None if a["role"] == "seller" else a["role"])
        for n, a in enumerate(answer["next_best_actions"]))
    points = tuple(TalkingPoint(objection=p["objection"].strip(), response=p["response"].strip(),
                                grounded_in=tuple(dict.fromkeys(p["grounded_in"])))
                   for p in answer["talking_points"])
    audiences = {d.trigger: d.to_roles for d in engine.drafts}
    drafts = tuple(FollowUpDraft(trigger=d["trigger"], subject=d["subject"].strip(), body=d["body"].strip(),
                                 to_roles=audiences.get(d["trigger"], ("economic_buyer",)))
                   for d in answer.get("drafts", []))
    return replace(engine, actions=actions, talking_points=points, drafts=drafts)
