"""The reference consumer's mapping (`manage.py crm_drain --vendor salesforce`): each envelope from the
salesforce queue -> the upsert a Salesforce Opportunity / OpportunityContactRole / OpportunityLineItem
integration would make. It proves the contract (docs/events); it is not a Salesforce client."""
from __future__ import annotations

from typing import Any, Optional

SUPPORTED_VERSIONS = {"deal.updated": 1, "quote.line_set": 1, "approval.given": 1, "order.created": 1,
                      "member.invited": 1, "member.joined": 1, "member.role_changed": 1, "order.status_changed": 1}
STAGE_NAMES = {"discovery": "Prospecting", "evaluation": "Needs Analysis", "proposal": "Proposal/Price Quote",
               "negotiation": "Negotiation/Review", "closed_won": "Closed Won", "closed_lost": "Closed Lost"}


class Unsupported(ValueError):
    """An envelope this consumer cannot apply: left in the queue, so it ends in the DLQ."""


def upsert(envelope: dict[str, Any]) -> Optional[dict[str, Any]]:
    """The upsert for one envelope (None: nothing to write for it). Keys are Quorum's ids as external ids."""
    kind, version = envelope.get("type"), envelope.get("version")
    if SUPPORTED_VERSIONS.get(str(kind)) != version:
        raise Unsupported(f"{kind} v{version} is not supported by this consumer")
    p, deal = envelope["payload"], envelope["subject"]["id"]
    opportunity = {"object": "Opportunity", "external_id": ("Quorum_Deal_Id__c", deal),
                   "fields": {"Quorum_Last_Seq__c": envelope["subject"]["position"]}}
    if kind == "deal.updated":
        if p.get("stage"):
            opportunity["fields"]["StageName"] = STAGE_NAMES.get(p["stage"], p["stage"])
        if p.get("expected_value") is not None:
            opportunity["fields"]["Amount"] = p["expected_value"] / 100
        return opportunity
    if kind == "approval.given":
        opportunity["fields"].update({"Quorum_Approved_Version__c": p["quote_version"],
                                      "Quorum_Ready_To_Buy__c": p["ready"]})
        return opportunity
    if kind == "order.created":
        opportunity["fields"].update({"Quorum_Order_Id__c": p["order_id"], "StageName": "Negotiation/Review"})
        return opportunity
    if kind == "order.status_changed":
        if p["status"] == "paid":
            opportunity["fields"].update({"StageName": "Closed Won", "Quorum_Order_Id__c": p["order_id"]})
            opportunity["external_id"] = ("Quorum_Deal_Id__c", p.get("deal_id") or deal)
            return opportunity
        return None
    if kind == "quote.line_set":
        return {"object": "OpportunityLineItem", "external_id": ("Quorum_Line__c", f"{deal}:{p['sku']}"),
                "delete": p["quantity"] == 0, "fields": {"Quantity": p["quantity"], "Product2.ProductCode": p["sku"]}}
    # committee changes: the person's role on the opportunity
    person = p.get("user_id") or p.get("email")
    contact = {"object": "OpportunityContactRole", "external_id": ("Quorum_Member__c", f"{deal}:{person}"),
               "fields": {"Role": p.get("role_label"), "Contact.Name": p.get("name")}}
    if p.get("email"):
        contact["fields"]["Contact.Email"] = p["email"]
    return contact
