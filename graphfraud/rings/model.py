"""Ring results as stored in a workspace (embedded) or graph (Neo4j): one collection per frame.

Collections (``store.put_results`` / ``get_results``) and their columns — the contract between
detection, the CLI, case bundles and the lead ledger:

- ``runs``: run_id, started, finished, store, algorithm, seed, params (JSON), versions (JSON)
- ``rings``: ring_id, run_id, rank, score, typology, families, decisive, members, persons, institutions,
  doctors, context_persons, medfee_sumamt, fund_pay_sumamt, hifp_pay, acct_pay, amount_class,
  period_start, period_end, summary
- ``ring_members``: ring_id, node_id, label, key, name, role, basis, score — the ring's **core**: the
  persons, institutions and doctors that acted together, each tied in by evidence of its own
  (``basis``: the indicators that tie it). Only they count in a ring's size, score and amounts,
  in ``rings``, the lead ledger and ``evaluate``.
- ``ring_context``: ring_id, node_id, label, key, name, role, basis, score — persons linked to a ring
  who are not members: the downstream buyer of a resold box, customers of a member pharmacy,
  co-visitors, contacts. Shown apart; never counted; a bundle must not call them suspects
  (domain guide §5.1). At most ``assembly.max_context`` per ring (``rings.context_persons``
  counts them all).
- ``ring_indicators``: ring_id, indicator, weight, links, flags, explanation
- ``ring_evidence``: ring_id, indicator, evidence_id, table, row_key, src_file, src_line, setl_id,
  fund_pay_sumamt, hifp_pay, acct_pay, medfee_sumamt, detail
- ``ring_lineage``: run_id, ring_id, previous_ring_ids (JSON list), change (new|same|grown|shrunk|merged|split)

Amounts: pooled fund (fund_pay_sumamt, of which hifp_pay) and personal account (acct_pay) are never
added together; sums count only valid rows (vali_flag=1) with refunds netted, once per setl_id.
"""
from __future__ import annotations

COLLECTIONS = ("runs", "rings", "ring_members", "ring_indicators", "ring_evidence", "ring_lineage", "ring_context")
TYPOLOGIES = ("resale", "fake_purchase", "collusion", "impersonation", "mixed")
ROLES = ("card_holder", "collector", "downstream_buyer", "pharmacy", "downstream_pharmacy", "doctor",
         "impersonated", "broker", "institution", "person")
CONTEXT_ROLES = ("downstream_buyer", "patient", "customer", "co_visitor", "contact")
