"""Reviewer actions (assign, notes, information requests, decisions, appeals).

Owned by the reviewer-workspace work; the seller and partner pages call
`claim_info_answer` to answer an open information request.
"""
