"""The reporter's side, one module per concern: membership and invitations, checks, drafts and
explanations, submission, and the amount hint.

Every function takes the acting user; views turn the domain errors (errors.py) into messages.
"""
